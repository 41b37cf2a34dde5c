import Crypto
import Foundation
import Testing
@testable import RunbookKit

/// Seals, pins and the acceptance rules for a chain (DESIGN.md, Stations), over real journals.
@Suite("seals, pins and chain acceptance")
struct ChainCheckTests {
    typealias F = ChainFixture

    /// An origin home with a sealed chain: entry 1, 3 notes, seal (#5), 2 notes, seal (#8).
    static func origin() throws -> (tmp: JournalTempDir, home: String, id: String, path: String, station: Station) {
        let tmp = JournalTempDir()
        let home = tmp.path + "/a"
        let id = try F.incident(home)
        let path = IncidentStore(home: home).journalPath(id)
        try F.notes(path, 3)
        try F.seal(path, home: home)
        try F.notes(path, 2)
        try F.seal(path, home: home)
        return (tmp, home, id, path, try #require(try StationStore(home: home).load()))
    }

    static func accept(_ bytes: [UInt8], _ id: String, origin: ChainOrigin? = nil, pins: StationPins = StationPins(),
                       sealedEnd: Bool = true) -> ChainRefusal? {
        if case .failure(let r) = ChainCheck.check(bytes, incident: id, origin: origin, pins: pins, sealedEnd: sealedEnd) { return r }
        return nil
    }

    @Test func aSealSignsThePreviousHashAndVerifiesWithItsKeyOnly() throws {
        let o = try Self.origin()
        let read = try Journal(path: o.path, writable: false)
        try read.readNew()
        let entries = try read.tail(9)
        let seal = try #require(entries.last)
        #expect(seal.kind == .stationSealed && seal.seq == 8)
        #expect(seal.prev == entries[entries.count - 2].hash)
        #expect(seal.string("station") == o.station.id && seal.string("key") == o.station.publicKeyHex)
        #expect(seal.string("signature")?.count == 128)
        #expect(StationSeal.isValid(seal, key: o.station.publicKey))
        let other = try StationStore(home: o.tmp.path + "/b").loadOrCreate()
        #expect(!StationSeal.isValid(seal, key: other.publicKey), "another station's key does not verify it")
        // The signature is over the 32 raw bytes of prev, as the spec fixes.
        let pub = try Curve25519.Signing.PublicKey(rawRepresentation: o.station.publicKey)
        let sig = try #require(StationSeal.bytes(hex: seal.string("signature") ?? "", count: 64))
        #expect(pub.isValidSignature(sig, for: try #require(StationStore.bytes(hex: Substring(seal.prev)))))
        // A chain already ending in a seal gets no second one.
        let before = F.bytes(o.path)
        #expect(try F.seal(o.path, home: o.home) == nil)
        #expect(F.bytes(o.path) == before)
    }

    @Test func aSealFollowsAPeriodOrTheCloseOnlyInAStation() throws {
        let tmp = JournalTempDir()
        let home = tmp.path + "/a"
        let id = try IncidentStore(home: home).create(loaded: IncidentFaultInjectionTests.loaded(), name: "EHR down", exercise: true,
                                                      actor: "tester", at: nil, now: Timestamp.now()).id
        let path = IncidentStore(home: home).journalPath(id)
        let j = try Journal(path: path)
        let period = try j.append { _ in EntryDraft(type: .periodStarted, actor: "tester") }
        #expect(StationSeal.afterRecording([period], journalPath: path, home: home, actor: "tester") == .notNeeded,
                "a home that is no station yet has no key to seal with")
        _ = try StationStore(home: home).loadOrCreate()
        let note = try j.append { _ in EntryDraft(type: .note, actor: "tester", note: "x") }
        #expect(StationSeal.afterRecording([note], journalPath: path, home: home, actor: "tester") == .notNeeded)
        #expect(StationSeal.afterRecording([period], journalPath: path, home: home, actor: "tester") == .sealed(seq: 4))
        // A damaged key: the entry stays recorded, the seal is not written, one warning says so.
        try Data("cut".utf8).write(to: URL(fileURLWithPath: home + "/station/key"))
        let again = try j.append { _ in EntryDraft(type: .periodStarted, actor: "tester") }
        var warnings: [String] = []
        let r = StationSeal.afterRecording([again], journalPath: path, home: home, actor: "tester", warn: { warnings.append($0) })
        guard case .failed = r else { Issue.record("\(r)"); return }
        #expect(warnings.count == 1 && warnings[0].hasPrefix("recorded, but not sealed"), "\(warnings)")
        #expect(F.lines(F.bytes(path)).count == 5)
    }

    @Test func pinsAreKeptPrivateAndAChangedKeyIsRefused() throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/h")
        _ = try store.loadOrCreate()
        #expect(try StationPins.load(store) == StationPins())
        var pins = StationPins()
        let a = String(repeating: "a", count: 16), k1 = String(repeating: "1", count: 64), k2 = String(repeating: "2", count: 64)
        #expect(pins.check(station: a, key: k1) == .new)
        let pinned = pins.pin(station: a, key: k1)
        let repinned = pins.pin(station: a, key: k2)
        #expect(pinned)
        #expect(!repinned, "a pin is never replaced")
        let old = umask(0)
        defer { umask(old) }
        try pins.save(store)
        #expect(StationStoreTests.mode(StationPins.path(store)) == 0o600)
        let loaded = try StationPins.load(store)
        #expect(loaded == pins)
        #expect(loaded.check(station: a, key: k1) == .matches)
        #expect(loaded.check(station: a, key: k2) == .differs(pinned: k1))
        #expect(try String(contentsOfFile: StationPins.path(store), encoding: .utf8) == "\(a) \(k1)\n")
        try Data("\(a) zz\n".utf8).write(to: URL(fileURLWithPath: StationPins.path(store)))
        #expect(throws: RunbookError.self) { try StationPins.load(store) }
    }

    @Test func aGoodSealedChainIsAccepted() throws {
        let o = try Self.origin()
        let r = ChainCheck.check(F.bytes(o.path), incident: o.id, origin: nil, pins: StationPins(), sealedEnd: true)
        guard case .success(let f) = r else { Issue.record("\(r)"); return }
        #expect(f.label.id == o.station.id && f.key == o.station.publicKeyHex)
        #expect(f.entries == 8 && f.lastSeal == 8 && f.first.kind == .incidentOpened)
    }

    @Test func everyRefusalNamesItsStationAndSeq() throws {
        let o = try Self.origin()
        let good = F.bytes(o.path)
        let label = ChainLabel(id: o.station.id)
        // An edited line (hash not recomputed): damaged at that entry.
        var edited = good
        let third = F.lines(good).prefix(2).reduce(0) { $0 + $1.count + 1 }
        edited[third + 40] ^= 1
        guard case .damaged(_, let d)? = Self.accept(edited, o.id) else { Issue.record("edited"); return }
        #expect(d.line == 3 && d.problem == .hashMismatch)
        // Cut in the middle of a line: damaged.
        guard case .damaged? = Self.accept(Array(good.dropLast(10)), o.id) else { Issue.record("truncated"); return }
        // Cut at a line after the first seal: the entries after it are not sealed.
        let six = Array(F.lines(good).prefix(6).map { $0 + [0x0A] }.joined())
        #expect(Self.accept(six, o.id) == .unsealed(label, after: 5))
        // Entry 2 rewritten, every hash after it recomputed: the first seal after it fails.
        let forged = F.rewritten(good, at: 2) { $0.replacingOccurrences(of: "note 0", with: "note X") }
        #expect(Self.accept(forged, o.id) == .forged(label, seq: 5))
        // Extended with an entry and a seal made by another key, hashes recomputed.
        let other = try StationStore(home: o.tmp.path + "/b").loadOrCreate()
        var lines = F.lines(good)
        let head = String(decoding: lines[7][(lines[7].count - 66)..<(lines[7].count - 2)], as: UTF8.self)
        let note = JournalLine.encodeBytes(EntryDraft(type: .note, actor: "x", note: "made up"), seq: 9, time: Timestamp.now(), prev: head)
        let noteHash = String(decoding: note[(note.count - 66)..<(note.count - 2)], as: UTF8.self)
        var sealDraft = try StationSeal.draft(station: other, prev: noteHash, actor: "x")
        sealDraft.fields = sealDraft.fields.map { k, v in
            k == "station" ? (k, .string(o.station.id)) : k == "key" ? (k, .string(o.station.publicKeyHex)) : (k, v)
        }
        lines.append(note)
        lines.append(JournalLine.encodeBytes(sealDraft, seq: 10, time: Timestamp.now(), prev: noteHash))
        #expect(Self.accept(Array(lines.map { $0 + [0x0A] }.joined()), o.id) == .forged(label, seq: 10))
        // The key changed under a pinned id.
        var pins = StationPins()
        pins.pin(station: o.station.id, key: other.publicKeyHex)
        #expect(Self.accept(good, o.id, pins: pins) == .keyChanged(label, seq: 5, pinned: other.publicKeyHex, found: o.station.publicKeyHex))
        // An unsealed tail.
        try F.notes(o.path, 1)
        #expect(Self.accept(F.bytes(o.path), o.id) == .unsealed(label, after: 8))
        // Another incident's chain, under this incident's name: not tied.
        guard case .notTied(_, .otherIncident(let named))? = Self.accept(good, "20990101-0000-other") else { Issue.record("incident"); return }
        #expect(named == o.id)
        // Replaced by another incident.opened chain with the same id: not tied to the origin.
        let origin = ChainOrigin(opened: String(repeating: "0", count: 63) + "1", playbookSHA256: nil)
        #expect(Self.accept(good, o.id, origin: origin) == .notTied(label, .openedDiffers))
    }

    @Test func aJoinedChainIsTiedToTheOriginsEntryOne() throws {
        let o = try Self.origin()
        let e1 = try #require(ChainCheckTests.firstEntry(o.path))
        let origin = ChainOrigin(opened: e1.hash, playbookSHA256: e1.string("playbookSHA256"))
        let path = o.tmp.path + "/b.jsonl"
        try F.joined(o.tmp.path + "/b", id: o.id, origin: origin, path: path)
        let b = F.bytes(path)
        let r = ChainCheck.check(b, incident: o.id, origin: origin, pins: StationPins(), sealedEnd: true)
        guard case .success(let f) = r else { Issue.record("\(r)"); return }
        #expect(f.first.kind == .stationJoined && f.entries == 4 && f.lastSeal == 4)
        guard case .notTied(_, .noOrigin)? = Self.accept(b, o.id) else { Issue.record("no origin"); return }
        guard case .notTied(_, .openedDiffers)? = Self.accept(b, o.id, origin: ChainOrigin(opened: JournalLine.zeroHash, playbookSHA256: nil)) else {
            Issue.record("opened"); return
        }
        guard case .notTied(_, .playbookDiffers)? = Self.accept(b, o.id, origin: ChainOrigin(opened: e1.hash, playbookSHA256: JournalLine.zeroHash)) else {
            Issue.record("playbook"); return
        }
    }

    static func firstEntry(_ path: String) -> JournalEntry? {
        var first: JournalEntry?
        _ = try? Journal(path: path, writable: false).readNew { if first == nil { first = $0 } }
        return first
    }

    @Test func comparingTwoChains() throws {
        let o = try Self.origin()
        let good = F.bytes(o.path)
        let lines = F.lines(good)
        let five = Array(lines.prefix(5).map { $0 + [0x0A] }.joined())
        #expect(ChainCheck.compare(held: good, incoming: good) == .equal)
        #expect(ChainCheck.compare(held: five, incoming: good) == .extends(newEntries: 3))
        #expect(ChainCheck.compare(held: good, incoming: five) == .behind)
        let other = F.rewritten(good, at: 6) { $0.replacingOccurrences(of: "note 0", with: "note Y") }
        let o6 = F.lines(other)[5], g6 = lines[5]
        #expect(ChainCheck.compare(held: good, incoming: other)
            == .fork(seq: 6, held: ChainCheck.hash(g6[...]), incoming: ChainCheck.hash(o6[...])))
    }
}
