import Foundation
import Testing
@testable import RunbookKit

/// The merged record of several stations' chains (DESIGN.md, Stations): every station holding
/// the same chains folds the same state, whichever chain is its own. Chains are carried here by
/// copying files the way `runbook sync` keeps them (`stations/<station-id>.jsonl`).
@Suite struct MergedRecordTests {
    struct Home {
        let store: IncidentStore
        let station: Station
    }

    static func home(_ tmp: JournalTempDir, _ name: String) throws -> Home {
        let store = IncidentStore(home: tmp.path + "/" + name)
        let station = try StationStore(home: store.home).loadOrCreate()
        return Home(store: store, station: station)
    }

    /// Gives every chain `from` holds of incident `id` to `to`, as sync would (without seals).
    static func carry(_ id: String, from: Home, to: Home) throws {
        let dir = to.store.incidentsDir + "/" + id
        try FileManager.default.createDirectory(atPath: dir + "/stations", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(to.store.home, 0o700); chmod(to.store.incidentsDir, 0o700); chmod(dir, 0o700)
        if !FileManager.default.fileExists(atPath: to.store.playbookPath(id)) {
            try FileManager.default.copyItem(atPath: from.store.playbookPath(id), toPath: to.store.playbookPath(id))
        }
        var chains = IncidentChains.copies(store: from.store, id: id).map { ($0.station ?? "", $0.path) }
        if FileManager.default.fileExists(atPath: from.store.journalPath(id)) { chains.append((from.station.id, from.store.journalPath(id))) }
        for (station, path) in chains where station != to.station.id {
            let target = IncidentChains.copyPath(store: to.store, id: id, station: station)
            // A copy held is only ever extended (sync's rule): an older copy is not taken.
            let size = { (p: String) in ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int) ?? -1 }
            if size(target) >= size(path) { continue }
            let tmp = target + ".part"
            try? FileManager.default.removeItem(atPath: tmp)
            try FileManager.default.copyItem(atPath: path, toPath: tmp)
            chmod(tmp, 0o600)
            _ = rename(tmp, target)
        }
    }

    static func clock(_ start: Int64) -> () -> Timestamp {
        nonisolated(unsafe) var t = start
        return { t += 60_000; return Timestamp(millis: t) }
    }

    static let t0: Int64 = 1_796_000_000_000

    static func status(_ h: Home, _ id: String, now: Timestamp) throws -> String {
        let s = try IncidentSession(store: h.store, id: id, writable: false)
        return StatusJSON.render(s.engine, now: now)
    }

    /// Three stations act apart on one incident, then every chain reaches every station: all
    /// three fold the same state, byte for byte, holding every entry.
    @Test func threeStationsAgreeByteForByte() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a"), b = try Self.home(tmp, "b"), c = try Self.home(tmp, "c")
        let id = try a.store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "EHR down", exercise: true,
                                    actor: "ic", at: nil, now: Timestamp(millis: Self.t0)).id
        let sa = try IncidentSession(store: a.store, id: id)
        try sa.perform(.note("command center open", tag: nil), ActionContext(actor: "ic"), now: Self.clock(Self.t0))
        try Self.carry(id, from: a, to: b)
        try Self.carry(id, from: a, to: c)
        // Apart: each station records on its own chain, the clocks interleaving.
        let sb = try IncidentSession(store: b.store, id: id)
        #expect(sb.journal == nil)
        try sb.perform(.system("EHR", .down, kind: nil), ActionContext(actor: "ed"), now: Self.clock(Self.t0 + 30_000))
        try sb.perform(.note("ED on paper", tag: nil), ActionContext(actor: "ed"), now: Self.clock(Self.t0 + 200_000))
        let sc = try IncidentSession(store: c.store, id: id)
        try sc.perform(.note("IT war room up", tag: nil), ActionContext(actor: "it"), now: Self.clock(Self.t0 + 90_000))
        try sa.perform(.note("briefing at 10", tag: nil), ActionContext(actor: "ic"), now: Self.clock(Self.t0 + 400_000))
        // B's chain begins by joining the incident.
        let bChain = try JournalFixture.readAll(b.store.journalPath(id)).entries
        #expect(bChain.first?.kind == .stationJoined)
        #expect(bChain.first?.string("opened") == (try JournalFixture.readAll(a.store.journalPath(id)).entries.first?.hash))
        #expect(bChain.first?.string("station") == b.station.id)
        // A full round, in an odd order.
        for (from, to) in [(c, a), (b, c), (a, b), (c, b), (b, a), (a, c)] { try Self.carry(id, from: from, to: to) }
        let now = Timestamp(millis: Self.t0 + 3_600_000)
        let texts = try [a, b, c].map { try Self.status($0, id, now: now) }
        #expect(texts[0] == texts[1])
        #expect(texts[1] == texts[2])
        let s = try IncidentSession(store: c.store, id: id, writable: false)
        // 2 of A's + its note, B's joined + 2, C's joined + 1.
        #expect(s.state.entryCount == 3 + 3 + 2)
        #expect(s.state.entries.first?.kind == .incidentOpened)
        #expect(s.state.facts.system(named: "EHR")?.state == .down)
        #expect(texts[0].contains("\"stations\""))
        // Every entry is in the order it was recorded, whichever chain holds it.
        let times = s.state.entries.dropFirst().map(\.time)
        #expect(times == times.sorted())
    }

    /// A correction at one station of another station's entry names it by station and seq, and
    /// every station then counts that entry out.
    @Test func aCorrectionNamesItsTargetsStation() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a"), b = try Self.home(tmp, "b")
        let id = try a.store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "EHR down", exercise: true,
                                    actor: "ic", at: nil, now: Timestamp(millis: Self.t0)).id
        let sa = try IncidentSession(store: a.store, id: id)
        try sa.perform(.system("PACS", .down, kind: nil), ActionContext(actor: "ic"), now: Self.clock(Self.t0))
        try Self.carry(id, from: a, to: b)
        let sb = try IncidentSession(store: b.store, id: id)
        // In B's merged record, A's system report is entry 2.
        let target = try #require(sb.state.entries.first { $0.kind == .systemStatus })
        #expect(target.origin == EntryOrigin(station: a.station.id, seq: 2))
        try sb.perform(.correct(target.seq, reason: "wrong system"), ActionContext(actor: "ed"), now: Self.clock(Self.t0 + 600_000))
        let written = try JournalFixture.readAll(b.store.journalPath(id)).entries.last
        #expect(written?.kind == .entryCorrected)
        #expect(written?["target"]?.int == 2)
        #expect(written?.string("targetStation") == a.station.id)
        #expect(sb.state.facts.system(named: "PACS") == nil)
        try Self.carry(id, from: b, to: a)
        let again = try IncidentSession(store: a.store, id: id, writable: false)
        #expect(again.state.facts.system(named: "PACS") == nil)
        #expect(again.state.corrected.count == 1)
    }

    /// A decision taken differently at two stations apart: both are kept, the later counts.
    @Test func theLaterOfTwoCollidingDecisionsCounts() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a"), b = try Self.home(tmp, "b")
        let loaded = try IncidentFaultInjectionTests.loaded()
        let id = try a.store.create(loaded: loaded, name: "EHR down", exercise: true, actor: "ic", at: nil, now: Timestamp(millis: Self.t0)).id
        try Self.carry(id, from: a, to: b)
        let decision = try #require(loaded.playbook.decisions.first)
        let sa = try IncidentSession(store: a.store, id: id)
        let sb = try IncidentSession(store: b.store, id: id)
        try sb.perform(.decide(decision.id, decision.options[1]), ActionContext(actor: "ed", force: true), now: Self.clock(Self.t0 + 300_000))
        try sa.perform(.decide(decision.id, decision.options[0]), ActionContext(actor: "ic", force: true), now: Self.clock(Self.t0 + 100_000))
        try Self.carry(id, from: a, to: b)
        try Self.carry(id, from: b, to: a)
        for h in [a, b] {
            let s = try IncidentSession(store: h.store, id: id, writable: false)
            #expect(s.state.decisions[decision.id]?.option == decision.options[1])
            #expect(s.state.decisions[decision.id]?.earlier.map(\.option) == [decision.options[0]])
            // Taken apart (no sync between): said as a collision, naming both stations' entries.
            #expect(s.state.collisions.count == 1)
            let words = try #require(s.state.collisions.first).words(state: s.state, playbook: s.engine.playbook)
            #expect(words.contains(decision.options[0].uppercased()) && words.contains(decision.options[1].uppercased()))
            #expect(words.contains("the later counts"))
        }
    }

    /// A decision changed at a station that had the first answer (both sealed at a sync
    /// between) is a change of mind, not a collision.
    @Test func aDecisionChangedAfterASyncIsNoCollision() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a"), b = try Self.home(tmp, "b")
        let loaded = try IncidentFaultInjectionTests.loaded()
        let id = try a.store.create(loaded: loaded, name: "EHR down", exercise: true, actor: "ic", at: nil, now: Timestamp(millis: Self.t0)).id
        let decision = try #require(loaded.playbook.decisions.first)
        let sa = try IncidentSession(store: a.store, id: id)
        try sa.perform(.decide(decision.id, decision.options[0]), ActionContext(actor: "ic", force: true), now: Self.clock(Self.t0 + 100_000))
        func seal(_ h: Home, at: Int64) throws {
            let j = try Journal(path: h.store.journalPath(id))
            try j.readNew()
            try j.append(now: { Timestamp(millis: at) }) { _ in
                EntryDraft(type: .stationSealed, actor: "sync", fields: [("station", .string(h.station.id)), ("key", .string(h.station.publicKeyHex)), ("signature", .string(String(repeating: "0", count: 128)))])
            }
        }
        try seal(a, at: Self.t0 + 600_000)
        try Self.carry(id, from: a, to: b)
        let sb = try IncidentSession(store: b.store, id: id)
        try sb.perform(.note("joined", tag: nil), ActionContext(actor: "ed"), now: Self.clock(Self.t0 + 700_000))
        try seal(b, at: Self.t0 + 1_200_000)
        try sb.perform(.decide(decision.id, decision.options[1]), ActionContext(actor: "ed", force: true), now: Self.clock(Self.t0 + 1_500_000))
        try Self.carry(id, from: b, to: a)
        let s = try IncidentSession(store: a.store, id: id, writable: false)
        #expect(s.state.decisions[decision.id]?.option == decision.options[1])
        #expect(s.state.collisions.isEmpty)
    }

    /// A record that never left its station has no stations in `status --json`, as before.
    @Test func aLoneChainIsUnchanged() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a")
        let id = try a.store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "EHR down", exercise: true,
                                    actor: "ic", at: nil, now: Timestamp(millis: Self.t0)).id
        let s = try IncidentSession(store: a.store, id: id)
        try s.perform(.note("x", tag: nil), ActionContext(actor: "ic"), now: Self.clock(Self.t0))
        #expect(!s.isMerged)
        #expect(s.state.entries.allSatisfy { $0.origin == nil })
        #expect(!(try Self.status(a, id, now: Timestamp(millis: Self.t0))).contains("\"stations\""))
    }

    /// An incident that came in by sync is listed, and opened read-only without writing.
    @Test func anIncidentFromAnotherStationIsListedAndReadWithoutWriting() throws {
        let tmp = JournalTempDir()
        let a = try Self.home(tmp, "a"), b = try Self.home(tmp, "b")
        let id = try a.store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "Ransomware at St. Elsewhere", exercise: false,
                                    actor: "ic", at: nil, now: Timestamp(millis: Self.t0), facility: "St. Elsewhere").id
        try Self.carry(id, from: a, to: b)
        let listed = b.store.list()
        #expect(listed.map(\.id) == [id])
        #expect(listed.first?.name == "Ransomware at St. Elsewhere")
        let s = try IncidentSession(store: b.store, id: id)
        #expect(s.state.facility == "St. Elsewhere")
        #expect(!FileManager.default.fileExists(atPath: b.store.journalPath(id)))
    }
}
