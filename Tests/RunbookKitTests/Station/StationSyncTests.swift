import Foundation
import Testing
@testable import RunbookKit

/// `StationSync` between homes through a folder: what is taken and given, forks and forgeries
/// refused with the held copy kept byte for byte, a second sync changing nothing, chains
/// carried on from station to station.
@Suite("station sync")
struct StationSyncTests {
    typealias F = ChainFixture

    static func sync(_ home: String, _ dir: String) throws -> StationSync.Report {
        try StationSync(store: IncidentStore(home: home), dir: dir, actor: "tester").run()
    }

    static func made(_ dir: String) -> String {
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func took(_ r: StationSync.Report) -> [Int] {
        r.events.compactMap { if case let .took(_, _, n, _, _) = $0 { return n }; return nil }
    }

    @Test func originGivesThenAnotherStationTakesThenNothingMore() throws {
        let tmp = JournalTempDir()
        let a = tmp.path + "/a", b = tmp.path + "/b", stick = Self.made(tmp.path + "/stick")
        let id = try F.incident(a)
        let own = IncidentStore(home: a).journalPath(id)
        try F.notes(own, 3)
        let ra = try Self.sync(a, stick)
        #expect(!ra.refused)
        guard case .sealed(_, 5)? = ra.events.first else { Issue.record("\(ra.events)"); return }
        let aID = try #require(try StationStore(home: a).load()).id
        let onStick = stick + "/incidents/\(id)/\(aID).jsonl"
        #expect(F.bytes(onStick) == F.bytes(own), "the stick holds A's whole sealed chain")
        #expect(F.bytes(stick + "/incidents/\(id)/playbook.yaml") == F.bytes(a + "/incidents/\(id)/playbook.yaml"))

        let rb = try Self.sync(b, stick)
        #expect(!rb.refused && Self.took(rb) == [5], "\(rb.events)")
        let copy = b + "/incidents/\(id)/stations/\(aID).jsonl"
        #expect(F.bytes(copy) == F.bytes(own))
        #expect(StationStoreTests.mode(copy) == 0o600 && StationStoreTests.mode(b + "/incidents/\(id)/stations") == 0o700)
        #expect(F.bytes(b + "/incidents/\(id)/playbook.yaml") == F.bytes(a + "/incidents/\(id)/playbook.yaml"))
        #expect(!FileManager.default.fileExists(atPath: b + "/incidents/\(id)/journal.jsonl"), "B never acted on it")
        #expect(try StationPins.load(StationStore(home: b)).keys[aID] != nil, "A's key pinned the first time")

        // At once again, on both: nothing changes.
        let stickBefore = F.bytes(onStick)
        #expect(!(try Self.sync(b, stick)).changed)
        #expect(!(try Self.sync(a, stick)).changed)
        #expect(F.bytes(onStick) == stickBefore)

        // A works on, syncs; B takes the new entries only.
        try F.notes(own, 2)
        _ = try Self.sync(a, stick)
        let again = try Self.sync(b, stick)
        #expect(Self.took(again) == [3], "2 notes and the seal: \(again.events)")
        #expect(F.bytes(copy) == F.bytes(own))
    }

    @Test func aJoinedChainTravelsBackAndOnToAThirdStation() throws {
        let tmp = JournalTempDir()
        let a = tmp.path + "/a", b = tmp.path + "/b", c = tmp.path + "/c"
        let stick = Self.made(tmp.path + "/stick"), stick2 = Self.made(tmp.path + "/stick2")
        let id = try F.incident(a)
        _ = try Self.sync(a, stick)
        _ = try Self.sync(b, stick)
        // B acts on it: its own chain joins the incident.
        let e1 = try #require(ChainCheckTests.firstEntry(IncidentStore(home: a).journalPath(id)))
        let origin = ChainOrigin(opened: e1.hash, playbookSHA256: e1.string("playbookSHA256"))
        try F.joined(b, id: id, origin: origin, path: IncidentStore(home: b).journalPath(id))
        let rb = try Self.sync(b, stick)
        #expect(!rb.refused, "\(rb.events)")
        let ra = try Self.sync(a, stick)
        #expect(!ra.refused && Self.took(ra) == [4], "A takes B's joined chain: \(ra.events)")
        // C never met A: B's stick2 carries A's chain and B's.
        _ = try Self.sync(b, stick2)
        let rc = try Self.sync(c, stick2)
        #expect(!rc.refused && Self.took(rc).sorted() == [2, 4], "\(rc.events)")
        let bID = try #require(try StationStore(home: b).load()).id
        #expect(F.bytes(c + "/incidents/\(id)/stations/\(bID).jsonl") == F.bytes(IncidentStore(home: b).journalPath(id)))
    }

    /// Returns (tmp, a, b, stick, id, A's id, the copy B holds, A's chain on the stick).
    static func heldByB() throws -> (JournalTempDir, String, String, String, String, String, String, String) {
        let tmp = JournalTempDir()
        let a = tmp.path + "/a", b = tmp.path + "/b", stick = Self.made(tmp.path + "/stick")
        let id = try F.incident(a)
        try F.notes(IncidentStore(home: a).journalPath(id), 3)
        _ = try Self.sync(a, stick)
        _ = try Self.sync(b, stick)
        let aID = try #require(try StationStore(home: a).load()).id
        return (tmp, a, b, stick, id, aID, b + "/incidents/\(id)/stations/\(aID).jsonl", stick + "/incidents/\(id)/\(aID).jsonl")
    }

    @Test func aForkIsRefusedLoudlyAndTheHeldCopyKept() throws {
        let (tmp, a, b, stick, id, aID, copy, onStick) = try Self.heldByB()
        defer { withExtendedLifetime(tmp) {} }
        let held = F.bytes(copy)
        // A's chain goes on one way (a note) and, on a clone of A, another (another note), both sealed by A's key.
        let clone = onStick + ".clone"
        F.write(held, clone)
        try F.notes(clone, 1, text: "the clone's")
        try F.seal(clone, home: a)
        F.write(F.bytes(clone), onStick)
        try F.notes(IncidentStore(home: a).journalPath(id), 1, text: "A's own")
        _ = try FileManager.default.removeItem(atPath: clone)
        let first = try Self.sync(b, stick)
        #expect(Self.took(first) == [2], "the clone's entries are taken first: \(first.events)")
        // Now A syncs its own different continuation: a fork with the copy B holds.
        let ra = try Self.sync(a, stick)
        #expect(ra.refused, "A sees its own id on the stick with entries it never wrote: \(ra.events)")
        guard case .refused(_, .fork(let l, 6, let h, let i))? = ra.events.first(where: { if case .refused = $0 { return true }; return false }) else {
            Issue.record("\(ra.events)"); return
        }
        #expect(l.id == aID && !h.isEmpty && !i.isEmpty && h != i)
        let heldNow = F.bytes(copy)
        // A's real chain on another stick, to B: a fork against what B holds.
        let stick2 = Self.made(stick + "2")
        _ = try Self.sync(a, stick2)
        let rb = try Self.sync(b, stick2)
        guard case .refused(_, .fork(_, 6, _, _))? = rb.events.first(where: { if case .refused = $0 { return true }; return false }) else {
            Issue.record("\(rb.events)"); return
        }
        #expect(F.bytes(copy) == heldNow, "the held copy is kept byte for byte")
    }

    @Test func aForgedChainOnTheStickIsRefusedAndNothingTaken() throws {
        let (tmp, a, b, stick, id, _, copy, onStick) = try Self.heldByB()
        defer { withExtendedLifetime(tmp) {} }
        try F.notes(IncidentStore(home: a).journalPath(id), 2)
        _ = try Self.sync(a, stick)
        let held = F.bytes(copy)
        let forged = F.rewritten(F.bytes(onStick), at: 2) { $0.replacingOccurrences(of: "note 0", with: "note X") }
        F.write(forged, onStick)
        let r = try Self.sync(b, stick)
        guard case .refused(_, .forged(_, 5))? = r.events.first(where: { if case .refused = $0 { return true }; return false }) else {
            Issue.record("\(r.events)"); return
        }
        #expect(F.bytes(copy) == held)
        #expect(F.bytes(onStick) == forged, "nothing on the stick is written over either")
    }

    @Test func leftoversOfAnInterruptedSyncAreRemoved() throws {
        let (tmp, _, b, stick, id, aID, _, _) = try Self.heldByB()
        defer { withExtendedLifetime(tmp) {} }
        let stale = stick + "/incidents/\(id)/.\(aID).jsonl.sync-999999"
        let staleHome = b + "/incidents/\(id)/stations/.\(aID).jsonl.sync-999999"
        F.write([1, 2, 3], stale)
        F.write([1, 2, 3], staleHome)
        _ = try Self.sync(b, stick)
        #expect(!FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: staleHome))
    }
}
