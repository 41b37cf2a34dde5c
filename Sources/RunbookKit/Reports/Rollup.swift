import Foundation

/// The health system's roll-up (`board --all`, `status --all`): one row per incident in a
/// home, what a system EOC that syncs from each hospital asks of each one. Every fact comes
/// from where the incident's own board gets it — the incident is read only through
/// `IncidentSession` (so the merged fold of every station's chain reaches the roll-up by
/// itself), its facts asked of `BoardFacts` and `Engine` — never worked out a second way.
public enum Rollup {
    /// One chain of an incident, as the roll-up shows it: whose it is, how long, how fresh.
    public struct Station: Sendable, Equatable {
        /// The station id: a copy's file name, or this station's own chain's id once a seal or
        /// a `station.joined` names it; nil for an own chain no entry names yet.
        public var id: String?
        /// The name the chain's last seal (else its `station.joined`) gives its station.
        public var name: String?
        /// This station's own chain (`journal.jsonl`).
        public var own: Bool
        /// Good entries in the chain.
        public var entries: Int
        /// The last good entry's hash.
        public var head: String
        /// When this station took the copy in (its modification time); nil for its own chain.
        public var synced: Timestamp?
        /// When its last good entry was recorded (by that station's clock).
        public var lastRecorded: Timestamp? = nil
        /// Why the chain cannot be trusted past `entries` (damage found reading it); the chain is
        /// then never shown as good.
        public var problem: String?

        /// How people call it: its name, else its id, else "this station".
        public var label: String { name ?? id ?? "this station" }
    }

    /// The next deadline as the incident's board names it (`BoardFacts.next`).
    public struct Next: Sendable, Equatable, Codable {
        /// The task's id (`TASK@SYSTEM` for an instance).
        public var task: String
        public var title: String
        /// When it is (was) due, in milliseconds.
        public var dueMillis: Int64
        /// The due time.
        public var due: Timestamp { Timestamp(millis: dueMillis) }
    }

    /// What the incident's fold says: read from the incident once and kept (`RollupCache`)
    /// until one of its chains changes or time alone could change it (`validUntil`).
    public struct Facts: Sendable, Equatable, Codable {
        public var name: String
        public var facility: String?
        public var activatedMillis: Int64
        public var closedMillis: Int64?
        public var exercise: Bool
        /// Systems reported down now, longest down first (the board's order).
        public var systemsDown: [String]
        /// Ambulances diverted now (`ReportModel.Diversion.isDiverting`).
        public var diverting: Bool
        /// Open tasks past their due time (the board's "overdue").
        public var overdue: Int
        /// Blocked tasks.
        public var blocked: Int
        public var next: Next?
        /// When the last entry was recorded.
        public var lastEntryMillis: Int64?
        /// Why the journal is read-only (damage found reading it), if it is.
        public var damage: String?
        /// The moment time alone could change these facts (the earliest due time still ahead
        /// of an open task: from then it is overdue, or "next" changes); nil when nothing
        /// ahead has a time (a closed incident is measured at its close and never changes).
        public var validUntilMillis: Int64?

        public var activated: Timestamp { Timestamp(millis: activatedMillis) }
        public var closed: Timestamp? { closedMillis.map(Timestamp.init(millis:)) }
        public var lastEntry: Timestamp? { lastEntryMillis.map(Timestamp.init(millis:)) }

        /// The facts of the incident open in `engine` at `wallClock`.
        public init(_ engine: Engine, now wallClock: Timestamp, damage: String?) {
            let s = engine.state
            // Asked of the board's own facts: the same rules as the incident's board, at the
            // same moment (a closed incident at its close).
            let f = BoardFacts(engine, now: wallClock, freeText: .hidden)
            name = s.name
            facility = s.facility
            activatedMillis = s.activated.millis
            closedMillis = s.closed?.millis
            exercise = s.exercise
            systemsDown = f.systems.filter { $0.state == .down }.map(\.name)
            diverting = ReportModel.Diversion.isDiverting(engine)
            overdue = f.mostOverdue.count
            blocked = f.blocked.count
            next = f.next.flatMap { n in n.view.due.map { Next(task: n.view.id, title: n.view.def.title, dueMillis: $0.millis) } }
            lastEntryMillis = (s.entries.last?.time ?? s.lastRecorded)?.millis
            self.damage = damage
            validUntilMillis = s.closed != nil ? nil
                : f.views.filter { !$0.status.isFinished && !$0.overdue }.compactMap(\.due).filter { $0 > f.now }.min()?.millis
        }
    }

    /// One incident's row.
    public struct Row: Sendable, Equatable {
        public var id: String
        /// What its fold says; nil when it could not be read at all (`problem` says why).
        public var facts: Facts?
        /// Its chains: its own journal first, then the copies by station id.
        public var stations: [Station]
        /// Why the incident could not be read, when it could not.
        public var problem: String?

        /// Its name, else its id.
        public var name: String { facts?.name ?? id }
        /// Open (not closed): an unreadable incident counts as open, as nobody can say it closed.
        public var isOpen: Bool { facts?.closed == nil }
        /// Something about it cannot be trusted: it could not be read, its journal is damaged,
        /// or one of its chains is.
        public var troubled: Bool { problem != nil || facts?.damage != nil || stations.contains { $0.problem != nil } }
    }

    /// Every incident's row, trouble first (`sorted`). `cache` keeps what was read between
    /// calls (in memory and under the home); `reread` is told each incident read anew.
    public static func rows(store: IncidentStore, now: Timestamp, cache: RollupCache? = nil,
                            reread: ((String) -> Void)? = nil) -> [Row] {
        let cache = cache ?? RollupCache(store: store)
        // This home's station names its own chains until a seal in them does.
        let here = try? StationStore(home: store.home, files: store.files).load()
        let rows = incidentIDs(store: store).compactMap { row(store: store, id: $0, now: now, cache: cache, here: here, reread: reread) }
        return sorted(rows)
    }

    /// The incidents of the home: every folder under `incidents/` with a valid id holding at
    /// least one chain (its own journal, or copies another station's sync brought in).
    public static func incidentIDs(store: IncidentStore) -> [String] {
        guard (try? store.checkHome()) != nil else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.incidentsDir)) ?? []
        return names.filter { id in
            var st = stat()
            return IncidentStore.isValidID(id) && store.files.lstat(store.incidentsDir + "/" + id, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
        }.sorted()
    }

    /// Incident `id`'s row at `now`, nil when it has no chain at all (a folder being made).
    public static func row(store: IncidentStore, id: String, now: Timestamp, cache: RollupCache, here: RunbookKit.Station? = nil,
                           reread: ((String) -> Void)? = nil) -> Row? {
        let chains = IncidentChains.all(store: store, id: id)
        if chains.isEmpty { return nil }
        var entry = cache.entry(id)
        var records: [RollupCache.ChainRecord] = []
        var stations: [Station] = []
        for chain in chains {
            let name = chain.station ?? RollupCache.ownChain
            let record = VerifiedChainRead.read(path: chain.path, name: name, cached: entry.chains.first { $0.name == name }, files: store.files)
            records.append(record)
            let ownName = chain.isOwn ? here?.name : nil, ownID = chain.isOwn ? here?.id : nil
            stations.append(Station(id: chain.station ?? record.station ?? ownID, name: record.stationName ?? ownName, own: chain.isOwn,
                                    entries: record.seq, head: record.hash, synced: chain.synced, lastRecorded: record.timeMillis.map(Timestamp.init(millis:)),
                                    problem: record.problem))
        }
        // What the facts were read from: every chain's length and head, and the playbook copy.
        var key = records.map { "\($0.name) \($0.size) \($0.hash)" }
        var st = stat()
        if store.files.stat(store.playbookPath(id), &st) == 0 { key.append("playbook \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)") }
        let stillGood = entry.factsKey == key && entry.facts.map { f in f.validUntilMillis.map { now.millis < $0 } ?? true } == true
        var problem: String?
        if !stillGood {
            reread?(id)
            entry.facts = nil
            do {
                // The board's own read (read-only, no lock, light): the merged fold when it lands.
                let session = try IncidentSession.forBoard(store: store, id: id, onWarning: { _ in })
                entry.facts = Facts(session.engine, now: now, damage: session.damageSummary)
                entry.factsKey = key
            } catch {
                problem = "\(error)"
                entry.factsKey = []
            }
        }
        entry.chains = records
        cache.keep(id, entry)
        return Row(id: id, facts: entry.facts, stations: stations, problem: problem)
    }

    /// Trouble first, as an EOC scans the list top down for the hospital that needs help:
    /// open incidents before closed ones (a closed one needs nothing), real before exercises;
    /// among them one that cannot be read or trusted first (nobody can see how it stands),
    /// then the most overdue, then the most blocked, then diverting; then by facility and
    /// name, so that the order is the same on every look.
    public static func sorted(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            func rank(_ r: Row) -> [Int] {
                [r.isOpen ? 0 : 1, r.facts?.exercise == true ? 1 : 0, r.troubled ? 0 : 1,
                 -(r.facts?.overdue ?? 0), -(r.facts?.blocked ?? 0), r.facts?.diverting == true ? 0 : 1]
            }
            let ra = rank(a), rb = rank(b)
            if ra != rb { return ra.lexicographicallyPrecedes(rb) }
            let fa = a.facts?.facility ?? "", fb = b.facts?.facility ?? ""
            if fa != fb { return fa < fb }
            if a.name != b.name { return a.name < b.name }
            return a.id < b.id
        }
    }
}

extension ReportModel.Diversion {
    /// Whether ambulances are diverted now: the answer that stands to the diversion decision
    /// (`Engine.answers(to:)`, the last given) is one that diverts, and the incident is open
    /// (a closed incident's diversion ended with it, as the report counts it).
    public static func isDiverting(_ engine: Engine) -> Bool {
        guard engine.state.closed == nil, let standing = engine.answers(to: decision).last else { return false }
        return diverting.contains(standing.option)
    }
}
