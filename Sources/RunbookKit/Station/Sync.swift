import Foundation
import Crypto

/// `runbook sync DIR` (DESIGN.md, Stations): exchanges chains with a sync folder — a USB stick,
/// a folder rsync or Syncthing carries, a git checkout — for every incident in the home and on
/// the folder. This station seals its own chain first, takes in every chain that passes the
/// acceptance rules (`ChainCheck`) and equals or extends the copy held, refuses forks and
/// forgeries (the held copy kept byte for byte), and gives its own chain, the copies it holds
/// and the playbook. Every file appears whole or not at all (a temporary name in the same
/// folder, fsync'd, renamed, the folder fsync'd); nothing is ever deleted but the temporary
/// files an interrupted sync left; a second sync right after changes nothing. Every file call
/// goes through `store.files`.
public struct StationSync {
    /// The home.
    public let store: IncidentStore
    /// The sync folder.
    public let dir: String
    /// Who runs the sync (the seal's actor).
    public var actor: String
    /// The clock seals are written at.
    public var now: @Sendable () -> Timestamp = { Timestamp.now() }

    var files: any FileSystem { store.files }
    var stations: StationStore { StationStore(home: store.home, files: store.files) }

    /// A sync of `store`'s home with the folder `dir`.
    public init(store: IncidentStore, dir: String, actor: String) {
        self.store = store
        self.dir = dir
        self.actor = actor
    }

    /// What a sync did, one event a chain.
    public enum Event: Sendable, Equatable {
        /// This station sealed its own chain of `incident` at `seq` before giving it.
        case sealed(incident: String, seq: Int)
        /// Took `label`'s chain: `newEntries` more, up to `head`; `newIncident` when the
        /// incident was never here before.
        case took(incident: String, ChainLabel, newEntries: Int, head: Int, newIncident: Bool)
        /// Gave `label`'s chain (`own`: this station's): `newEntries` more, up to `head`.
        case gave(incident: String, ChainLabel, newEntries: Int, head: Int, own: Bool)
        /// Refused `label`'s chain.
        case refused(incident: String, ChainRefusal)
        /// Nothing of `incident` was exchanged.
        case incidentRefused(incident: String, IncidentProblem)
    }

    /// Why nothing of an incident could be exchanged.
    public enum IncidentProblem: Sendable, Equatable {
        /// An incident never here comes without its playbook.yaml on the folder.
        case playbookMissing(path: String)
        /// Its playbook.yaml on the folder is not the one entry 1 recorded.
        case playbookDiffers(path: String)
        /// The exchange of it could not be finished (the error's words): this station's own
        /// journal could not be read or sealed, or a file call failed (a full stick, an input/
        /// output error). What was renamed into place is whole; the rest waits for the next sync.
        case failed(String)
    }

    /// What a sync did.
    public struct Report: Sendable {
        public var events: [Event] = []
        /// The errors behind `.failed` events, by incident: what a caller that rethrows gives on.
        public var failures: [String: RunbookError] = [:]
        /// Anything refused: the command exits 1.
        public var refused: Bool {
            events.contains { if case .refused = $0 { return true }; if case .incidentRefused = $0 { return true }; return false }
        }
        /// Anything taken, given or sealed.
        public var changed: Bool {
            events.contains { if case .refused = $0 { return false }; if case .incidentRefused = $0 { return false }; return true }
        }
    }

    /// The folder a sync reads and writes for incident `id`.
    public func folder(_ id: String) -> String { dir + "/incidents/" + id }

    /// Runs the sync. Throws (before anything is written) when the home or this station cannot
    /// be used; a refused chain or incident is an event, and the others go on.
    public func run() throws -> Report {
        try store.checkHome()
        let station = try stations.loadOrCreate()
        var pins = try StationPins.load(stations)
        try store.makeDirectory(dir + "/incidents")
        var report = Report()
        for id in incidentIDs() {
            do {
                try sync(id, station: station, pins: &pins, report: &report)
            } catch {
                report.events.append(.incidentRefused(incident: id, .failed("\(error)")))
                if let e = error as? RunbookError { report.failures[id] = e }
            }
        }
        return report
    }

    /// Every incident id in the home or on the folder, sorted.
    func incidentIDs() -> [String] {
        var ids = Set<String>()
        for parent in [store.incidentsDir, dir + "/incidents"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where IncidentStore.isValidID(name) {
                var st = stat()
                if files.lstat(parent + "/" + name, &st) == 0 {
                    if st.st_mode & S_IFMT == S_IFDIR { ids.insert(name) }
                } else if errno != ENOENT {
                    // Not "no incident": a folder that cannot be looked at (an I/O error) is
                    // synced, so the failure is met and said, never read as nothing to do.
                    ids.insert(name)
                }
            }
        }
        return ids.sorted()
    }

    /// The chain files `<station-id>.jsonl` (regular files only) in `folder`, by station id.
    func chainFiles(in folder: String) -> [String] {
        var out: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".jsonl") {
            let sid = String(name.dropLast(6))
            var st = stat()
            guard IncidentChains.isStationID(sid) else { continue }
            if files.lstat(folder + "/" + name, &st) == 0 {
                guard st.st_mode & S_IFMT == S_IFREG else { continue }
            } else if errno == ENOENT {
                continue
            }
            // A chain that cannot be looked at (an I/O error) is kept: reading it says the failure,
            // where leaving it out would report "nothing new".
            out.append(sid)
        }
        return out.sorted()
    }

    /// The temporary name a file is written under before it is renamed to `name` in `folder`.
    static func temporary(_ folder: String, _ name: String) -> String {
        folder + "/." + name + ".sync-" + String(getpid())
    }

    /// Removes what a sync killed half-way left: `.<name>.sync-<pid>` of a process gone.
    func removeLeftovers(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") {
            guard let r = name.range(of: ".sync-", options: .backwards), let pid = pid_t(name[r.upperBound...]) else { continue }
            if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) { _ = files.unlink(folder + "/" + name) }
        }
    }

    /// Writes `bytes` as `folder/name`, whole or not at all.
    func put(_ bytes: [UInt8], _ folder: String, _ name: String) throws {
        let temp = StationSync.temporary(folder, name)
        try files.writeAside(temp, renamedTo: folder + "/" + name, failing: .create, "\(folder)/\(name)") {
            try files.createFile(temp, bytes: bytes, what: "\(folder)/\(name)")
        }
    }

    /// The bytes of the regular file at `path`, nil when there is none.
    func bytes(_ path: String) throws -> [UInt8]? {
        var st = stat()
        guard files.lstat(path, &st) == 0 else {
            if errno == ENOENT { return nil }
            throw FileIO.failure(.read, path)
        }
        return try files.readRegular(path: path, what: "the chain")
    }

    /// Syncs incident `id`.
    func sync(_ id: String, station: Station, pins: inout StationPins, report: inout Report) throws {
        let home = store.incidentsDir + "/" + id
        let stick = folder(id)
        let copies = IncidentChains.stationsFolder(store: store, id: id)
        removeLeftovers(in: copies)
        removeLeftovers(in: stick)
        removeLeftovers(in: home)
        let own = IncidentChains.ownLabel(station)

        // This station's chain, sealed first: only what ends in the seal is given.
        var ownBytes: [UInt8]?
        var st = stat()
        if files.lstat(store.journalPath(id), &st) == 0 {
            let journal = try Journal(path: store.journalPath(id), files: files)
            journal.onWarning = { _ in }
            if let seal = try journal.appendSeal(station: station, actor: actor, now: now) {
                report.events.append(.sealed(incident: id, seq: seal.seq))
            }
            let all = try files.readRegular(path: store.journalPath(id), what: "the journal")
            ownBytes = Array(all.prefix(Int(journal.cursor.offset)))
        }

        // What the incident's chains are tied to: its entry 1, from the first chain that has it.
        var origin: ChainOrigin?
        var held: [String: [UInt8]] = [:]
        for sid in chainFiles(in: copies) { held[sid] = try bytes(copies + "/" + sid + ".jsonl") }
        let stickIDs = chainFiles(in: stick)
        var incoming: [String: [UInt8]] = [:]
        for sid in stickIDs { incoming[sid] = try bytes(stick + "/" + sid + ".jsonl") }
        let candidates = [ownBytes].compactMap { $0 } + held.keys.sorted().compactMap { held[$0] } + stickIDs.compactMap { incoming[$0] }
        for chain in candidates {
            if let o = StationSync.origin(of: chain, incident: id, pins: pins) { origin = o; break }
        }

        // Take in.
        var takes: [(sid: String, bytes: [UInt8], facts: ChainCheck.Facts, new: Int)] = []
        for sid in stickIDs {
            guard let chain = incoming[sid] else { continue }
            if sid == station.id {
                // This station's id on the folder: it must be a part of our own journal.
                let ours = ownBytes ?? []
                switch ChainCheck.compare(held: ours, incoming: chain) {
                case .equal, .behind: break
                case .extends:
                    // Entries under our id that we never wrote: a cloned laptop or a made-up chain.
                    report.events.append(.refused(incident: id, .fork(own, seq: StationSync.count(ours) + 1, held: "", incoming: StationSync.hashAt(chain, StationSync.count(ours) + 1))))
                case let .fork(seq, h, i):
                    report.events.append(.refused(incident: id, .fork(own, seq: seq, held: h, incoming: i)))
                }
                continue
            }
            let facts: ChainCheck.Facts
            switch ChainCheck.check(chain, incident: id, origin: origin, pins: pins, sealedEnd: true) {
            case .failure(let why):
                report.events.append(.refused(incident: id, why))
                continue
            case .success(let f): facts = f
            }
            guard facts.label.id == sid else {
                report.events.append(.refused(incident: id, .misnamed(facts.label, file: stick + "/" + sid + ".jsonl")))
                continue
            }
            guard let mine = held[sid] else {
                takes.append((sid, chain, facts, facts.entries))
                continue
            }
            switch ChainCheck.compare(held: mine, incoming: chain) {
            case .equal, .behind: break
            case .extends(let n): takes.append((sid, chain, facts, n))
            case let .fork(seq, h, i): report.events.append(.refused(incident: id, .fork(facts.label, seq: seq, held: h, incoming: i)))
            }
        }

        if !takes.isEmpty {
            // An incident never here comes with its playbook, the one entry 1 recorded.
            let newIncident = files.lstat(home, &st) != 0
            let playbook = home + "/playbook.yaml"
            if files.lstat(playbook, &st) != 0 {
                let given = stick + "/playbook.yaml"
                guard let text = try bytes(given) else {
                    report.events.append(.incidentRefused(incident: id, .playbookMissing(path: given)))
                    return
                }
                guard let sha = origin?.playbookSHA256, JournalLine.hex(SHA256.hash(data: text)) == sha else {
                    report.events.append(.incidentRefused(incident: id, .playbookDiffers(path: given)))
                    return
                }
                try store.makeDirectory(home)
                try put(text, home, "playbook.yaml")
            }
            var pinned = false
            for t in takes {
                if let sid = t.facts.label.id, let key = t.facts.key, pins.pin(station: sid, key: key) { pinned = true }
            }
            if pinned { try pins.save(stations) }
            try store.makeDirectory(copies)
            for t in takes {
                try put(t.bytes, copies, t.sid + ".jsonl")
                held[t.sid] = t.bytes
                report.events.append(.took(incident: id, t.facts.label, newEntries: t.new, head: t.facts.entries, newIncident: newIncident))
            }
        }

        // Give: our chain, the copies we hold, the playbook; only where the folder's copy is
        // missing or a part of ours (a longer or forked one there is never written over).
        var gives: [(name: String, bytes: [UInt8], label: ChainLabel, own: Bool)] = []
        if let ownBytes { gives.append((station.id + ".jsonl", ownBytes, own, true)) }
        for sid in held.keys.sorted() {
            guard let chain = held[sid] else { continue }
            gives.append((sid + ".jsonl", chain, StationSync.label(of: chain, id: sid), false))
        }
        guard !gives.isEmpty else { return }
        try store.makeDirectory(stick)
        if files.lstat(stick + "/playbook.yaml", &st) != 0, let text = try bytes(home + "/playbook.yaml") {
            try put(text, stick, "playbook.yaml")
        }
        for g in gives {
            let there = try bytes(stick + "/" + g.name) ?? []
            guard case .extends(let n) = ChainCheck.compare(held: there, incoming: g.bytes) else { continue }
            try put(g.bytes, stick, g.name)
            report.events.append(.gave(incident: id, g.label, newEntries: n, head: StationSync.count(g.bytes), own: g.own))
        }
    }

    /// The origin a chain gives, if it is good: its own entry 1 for an `incident.opened` chain,
    /// what its `station.joined` names otherwise.
    static func origin(of chain: [UInt8], incident: String, pins: StationPins) -> ChainOrigin? {
        guard case .success(let f) = ChainCheck.check(chain, incident: incident, origin: nil, pins: pins, sealedEnd: false) else {
            // A joined chain cannot be checked without an origin; read its entry 1 alone.
            guard let first = firstEntry(chain), first.kind == .stationJoined, first.string("incident") == incident,
                  let opened = first.string("opened") else { return nil }
            return ChainOrigin(opened: opened, playbookSHA256: first.string("playbookSHA256"))
        }
        guard f.first.kind == .incidentOpened else { return nil }
        return ChainOrigin(opened: f.first.hash, playbookSHA256: f.first.string("playbookSHA256"))
    }

    /// Entry 1 of a chain, if its line reads.
    static func firstEntry(_ chain: [UInt8]) -> JournalEntry? {
        guard let nl = chain.firstIndex(of: 0x0A) else { return nil }
        return chain[..<nl].withUnsafeBufferPointer { line in
            guard JournalLine.hashMatches(line) == true else { return nil }
            return (try? JournalEntry.read(line)) ?? nil
        }
    }

    /// The station a held chain is of, named as its last entry (a seal) names it.
    static func label(of chain: [UInt8], id: String) -> ChainLabel {
        let whole = ChainCheck.lines(chain)
        guard let last = whole.last else { return ChainLabel(id: id) }
        let entry = chain[last].withUnsafeBufferPointer { (try? JournalEntry.read($0)) ?? nil }
        return ChainLabel(id: id, name: entry?.string("stationName"))
    }

    /// Entries (complete lines) in a chain.
    static func count(_ chain: [UInt8]) -> Int { chain.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// The hash of entry `seq` of a chain, or "".
    static func hashAt(_ chain: [UInt8], _ seq: Int) -> String {
        let all = ChainCheck.lines(chain)
        return seq >= 1 && seq <= all.count ? ChainCheck.hash(chain[all[seq - 1]]) : ""
    }
}

extension IncidentChains {
    /// This station's own chain's label.
    public static func ownLabel(_ station: Station) -> ChainLabel { ChainLabel(id: station.id, name: station.name) }
}
