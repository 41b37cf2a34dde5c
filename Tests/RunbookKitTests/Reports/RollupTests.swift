import Foundation
import Testing
@testable import RunbookKit

/// The health system's roll-up (issue 26): one row per incident, its facts asked of the
/// incident's own board (`BoardFacts`, `Engine.answers(to:)`), trouble first; and its cache,
/// which reads only what was appended and never shows as good a chain changed under it.
@Suite("roll-up: rows and the verified-chain cache")
struct RollupTests {
    static let now = IncidentFaultInjectionTests.now

    /// A store in a scratch home.
    static func store(_ tmp: JournalTempDir) -> IncidentStore { IncidentStore(home: tmp.path + "/home") }

    /// A new OCCI incident at `now`, named `name` at `facility`.
    static func incident(_ store: IncidentStore, _ name: String, facility: String?, exercise: Bool = false) throws -> String {
        try store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: name, exercise: exercise, actor: "tester",
                         at: nil, now: now, facility: facility).id
    }

    /// Records `action` on incident `id` at `now` plus `minutes`.
    static func record(_ store: IncidentStore, _ id: String, _ action: Action, minutes: Int = 1, force: Bool = false) throws {
        let session = try IncidentSession(store: store, id: id)
        try session.perform(action, ActionContext(actor: "tester", force: force), now: { now.adding(seconds: minutes * 60) })
    }

    @Test func rowHoldsFacilityDiversionOverdueAndNextAsTheBoardSaysThem() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let mary = try Self.incident(store, "EHR outage", facility: "St. Mary's")
        let joseph = try Self.incident(store, "Phones down", facility: "St. Joseph")
        try Self.record(store, mary, .decide("ambulance-diversion", "divert"))
        try Self.record(store, mary, .system("EHR", .down), minutes: 2)
        try Self.record(store, joseph, .decide("ambulance-diversion", "no-divert"))
        let later = Self.now.adding(seconds: 3 * 3600)
        let rows = Rollup.rows(store: store, now: later, cache: RollupCache(store: store, persist: false))
        #expect(rows.map(\.id).sorted() == [joseph, mary].sorted())
        let m = try #require(rows.first { $0.id == mary }?.facts)
        let j = try #require(rows.first { $0.id == joseph }?.facts)
        #expect(m.facility == "St. Mary's" && j.facility == "St. Joseph")
        #expect(m.name == "EHR outage")
        #expect(m.diverting && !j.diverting, "diverting is the standing answer to ambulance-diversion")
        #expect(m.systemsDown == ["EHR"] && j.systemsDown.isEmpty)
        // The same numbers and the same "Next:" as the incident's own board at that moment.
        let session = try IncidentSession.forBoard(store: store, id: mary)
        let board = BoardFacts(session.engine, now: later)
        #expect(m.overdue == board.mostOverdue.count && m.overdue > 0)
        #expect(m.blocked == board.blocked.count)
        let next = try #require(board.next)
        #expect(m.next?.task == next.view.id && m.next?.title == next.view.def.title && m.next?.due == next.view.due)
        #expect(m.lastEntry == Self.now.adding(seconds: 120))
        // A diversion called off is no longer diverting.
        try Self.record(store, mary, .decide("ambulance-diversion", "no-divert"), minutes: 3)
        let again = Rollup.rows(store: store, now: later, cache: RollupCache(store: store, persist: false))
        #expect(again.first { $0.id == mary }?.facts?.diverting == false)
        // JSON: every key, and the facility and diversion as read.
        let json = RollupJSON.render(rows)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let objects = try #require(doc["incidents"] as? [[String: Any]])
        let mj = try #require(objects.first { $0["id"] as? String == mary })
        #expect(mj["facility"] as? String == "St. Mary's" && mj["diverting"] as? Bool == true)
        #expect(Set(mj.keys) == ["id", "name", "facility", "activated", "closed", "exercise", "systemsDown", "diverting",
                                 "overdue", "blocked", "next", "lastEntry", "stations", "problem"])
        #expect(json == RollupJSON.render(rows), "deterministic")
    }

    @Test func troubleComesFirst() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let drill = try Self.incident(store, "A drill", facility: "Alpha", exercise: true)
        let closed = try Self.incident(store, "Closed one", facility: "Aardvark")
        let quiet = try Self.incident(store, "Quiet one", facility: "Beta")
        let late = try Self.incident(store, "Late one", facility: "Zulu")
        // Three hours on, every open incident's first tasks are overdue; `quiet` has done one.
        try Self.record(store, closed, .close, force: true)
        try Self.record(store, quiet, .task("ic-declare", .done))
        let rows = Rollup.rows(store: store, now: Self.now.adding(seconds: 3 * 3600), cache: RollupCache(store: store, persist: false))
        let overdue = rows.map { $0.facts?.overdue ?? -1 }
        #expect(rows.map(\.id) == [late, quiet, drill, closed],
                "open before closed, real before exercises, then most overdue (\(overdue)), then facility")
        #expect(overdue[0] > overdue[1])
    }

    @Test func cachedChainIsReadOnFromWhereItWasVerified() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let id = try Self.incident(store, "EHR outage", facility: "St. Mary's")
        try Self.record(store, id, .system("EHR", .down))
        let path = store.journalPath(id)
        let first = VerifiedChainRead.read(path: path, name: RollupCache.ownChain, cached: nil, files: FileIO.system)
        #expect(first.seq == 2 && first.problem == nil)
        try Self.record(store, id, .note("more", tag: nil), minutes: 5)
        // Entry 1 is changed in place (same length): a whole read stops there. Reading on from
        // the record checks the line it ends on and what was appended, not entry 1 again,
        // which is the point of the cache (`verify` reads everything, always).
        var bytes = try #require(FileManager.default.contents(atPath: path).map(Array.init))
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "n")))
        bytes[at] = UInt8(ascii: "N")
        try JournalFixture.write(bytes, to: path)
        #expect(VerifiedChainRead.read(path: path, name: RollupCache.ownChain, cached: nil, files: FileIO.system).problem != nil,
                "a whole read sees the change")
        let onward = VerifiedChainRead.read(path: path, name: RollupCache.ownChain, cached: first, files: FileIO.system)
        #expect(onward.seq == 3 && onward.problem == nil, "read on from the record: \(onward.problem ?? "")")
        #expect(onward.offset == Int64(try #require(FileManager.default.contents(atPath: path)).count))
    }

    @Test func chainChangedUnderTheCacheIsReadWholeAndReported() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let id = try Self.incident(store, "EHR outage", facility: "St. Mary's")
        try Self.record(store, id, .system("EHR", .down))
        try Self.record(store, id, .note("on paper", tag: nil), minutes: 2)
        let cache = RollupCache(store: store)
        let rows = Rollup.rows(store: store, now: Self.now, cache: cache)
        #expect(rows.first?.troubled == false)
        let path = store.journalPath(id)
        let cached = try #require(cache.entry(id).chains.first)
        #expect(cached.seq == 3)
        // The last line's note changed, same length: its hash no longer matches its bytes.
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "on paper", with: "on PAPER")
        try JournalFixture.write(Array(text.utf8), to: path)
        let again = VerifiedChainRead.read(path: path, name: RollupCache.ownChain, cached: cached, files: FileIO.system)
        #expect(again.problem != nil && again.seq == 2, "read whole, good up to entry 2, damage reported")
        // The roll-up never shows it as good: a fresh look (a new process, the cache on disk) too.
        let fresh = Rollup.rows(store: store, now: Self.now, cache: RollupCache(store: store))
        let row = try #require(fresh.first)
        #expect(row.troubled && row.stations.first?.problem != nil && row.stations.first?.entries == 2)
        #expect(RollupText.problem(row) != nil)
    }

    @Test func warmLookRereadsOnlyTheIncidentThatGrew() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let ids = try (0..<3).map { try Self.incident(store, "Outage \($0)", facility: "Hospital \($0)") }
        var reread: [String] = []
        _ = Rollup.rows(store: store, now: Self.now, cache: RollupCache(store: store), reread: { reread.append($0) })
        #expect(reread.sorted() == ids.sorted(), "cold: every incident read")
        reread = []
        // A new process: the cache is read from the home.
        _ = Rollup.rows(store: store, now: Self.now, cache: RollupCache(store: store), reread: { reread.append($0) })
        #expect(reread.isEmpty, "warm: nothing read again")
        try Self.record(store, ids[1], .note("one more", tag: nil))
        _ = Rollup.rows(store: store, now: Self.now, cache: RollupCache(store: store), reread: { reread.append($0) })
        #expect(reread == [ids[1]], "only the incident that grew")
        // Private: folder 0700, files 0600, nothing left at an aside name.
        let folder = store.home + "/cache/rollup"
        #expect(IncidentTrustTests.mode(folder) == 0o700 && IncidentTrustTests.mode(store.home + "/cache") == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ids.map { $0 + ".json" }.sorted())
        #expect(names.allSatisfy { IncidentTrustTests.mode(folder + "/" + $0) == 0o600 })
        // A cache file that is garbage is no cache: read again, nothing wrong shown.
        try JournalFixture.write(Array("{not json".utf8), to: folder + "/" + ids[0] + ".json")
        reread = []
        let rows = Rollup.rows(store: store, now: Self.now, cache: RollupCache(store: store), reread: { reread.append($0) })
        #expect(reread == [ids[0]] && rows.allSatisfy { !$0.troubled })
    }

    @Test func timeAloneMakesTheFactsStale() throws {
        let tmp = JournalTempDir()
        let store = Self.store(tmp)
        let id = try Self.incident(store, "EHR outage", facility: nil)
        let cache = RollupCache(store: store, persist: false)
        let early = Rollup.rows(store: store, now: Self.now, cache: cache)
        #expect(early.first?.facts?.overdue == 0)
        let until = try #require(early.first?.facts?.validUntilMillis)
        // Past the first due time the row is read again, and counts the overdue task.
        var reread: [String] = []
        let later = Rollup.rows(store: store, now: Timestamp(millis: until + 1000), cache: cache, reread: { reread.append($0) })
        #expect(reread == [id])
        #expect((later.first?.facts?.overdue ?? 0) > 0)
    }
}
