import Foundation

/// An incident several stations worked on apart (DESIGN.md, Stations): this station's own
/// chain (`journal.jsonl`, perhaps not begun yet) and the copies of other stations' chains that
/// sync keeps in `stations/`, folded as one merged record (`MergedChains`). Reading on, any chain
/// that grew — or a chain that appeared — makes the record merged anew and folded again.
extension IncidentSession {
    /// Another station's chain, held here read-only.
    final class PeerChain {
        let station: String
        let journal: Journal
        var entries: [JournalEntry] = []

        init(copy: IncidentChains.Chain, files: any FileSystem, onWarning: ((String) -> Void)?) throws {
            station = copy.station ?? ""
            journal = try Journal(path: copy.path, writable: false, files: files)
            if let onWarning { journal.onWarning = onWarning }
            _ = try readNew()
        }

        /// Reads what the chain gained since the last look; returns how many entries.
        func readNew() throws -> Int {
            var fresh: [JournalEntry] = []
            // A long chain is read on several cores, in parts, as this station's own is.
            let n = try journal.readNew({ fresh.append($0) }, onBulk: { fresh.append(contentsOf: $0) })
            if entries.isEmpty { entries = fresh } else { entries.append(contentsOf: fresh) }
            return n
        }
    }

    /// This home's station id, when it has a station; "local" for a home that has none (a folder
    /// copied by hand), which is still one chain among the others.
    static func ownStationID(store: IncidentStore) -> String {
        ((try? StationStore(home: store.home, files: store.files).load()) ?? nil)?.id ?? "local"
    }

    /// For an incident that came in by sync: why its playbook copy is not the one the
    /// incident's entry 1 (in the chain of the station that started it) sealed, or nil.
    static func peersPlaybookProblem(_ peers: [PeerChain], store: IncidentStore, id: String) -> String? {
        guard let sealed = opening(peers)?.string("playbookSHA256") else { return nil }
        return IncidentStore.frozenPlaybookProblem(path: store.playbookPath(id), sealed: sealed, files: store.files)
    }

    /// The incident's entry 1 among the peers' chains, if the chain that began it is held.
    static func opening(_ peers: [PeerChain]) -> JournalEntry? {
        peers.lazy.compactMap { $0.entries.first }.first { $0.kind == .incidentOpened }
    }

    /// Adds an entry of this station's own chain, once (the journal may be read by two paths);
    /// whether it was new.
    @discardableResult
    func appendOwn(_ e: JournalEntry) -> Bool {
        guard e.seq > (own.last?.seq ?? 0) else { return false }
        own.append(e)
        return true
    }

    /// The merged record of every chain held, folded from scratch.
    func remerge() {
        var chains = peers.map { MergedChains.Chain(station: $0.station, entries: $0.entries) }
        if !own.isEmpty { chains.append(MergedChains.Chain(station: stationID, entries: own)) }
        engine = Engine.fold(playbook: engine.playbook, incidentID: id, entries: MergedChains.merge(chains))
        engine.noteStationsHeld(held())
        engine.noteCollisions()
    }

    /// What this station holds of each chain, by station id.
    func held() -> [StationHeld] {
        let synced = Dictionary(IncidentChains.copies(store: store, id: id).map { ($0.station ?? "", $0.synced) }, uniquingKeysWith: { a, _ in a })
        var out = peers.map { p in
            StationHeld(id: p.station, name: engine.state.stationNames[p.station], isOwn: false, entries: p.entries.count,
                        lastRecorded: p.entries.last?.time, synced: synced[p.station] ?? nil)
        }
        if !own.isEmpty {
            out.append(StationHeld(id: stationID, name: engine.state.stationNames[stationID], isOwn: true, entries: own.count,
                                   lastRecorded: own.last?.time, synced: nil))
        }
        return out.sorted { $0.id < $1.id }
    }

    /// Turns a lone record into a merged one: a sync brought another station's chain.
    func becomeMerged() throws {
        stationID = IncidentSession.ownStationID(store: store)
        peers = try IncidentChains.copies(store: store, id: id).map { try PeerChain(copy: $0, files: store.files, onWarning: onWarning) }
        own = []
        if journal != nil {
            // Read whole on its own: the first read may have been a light one (the board's).
            let whole = try Journal(path: store.journalPath(id), writable: false, files: store.files)
            try whole.readNew { appendOwn($0) }
            try journal?.readNew { appendOwn($0) }
        }
        remerge()
    }

    /// Reads on every chain (and any new one); refolds once when anything came. Calls `onEntry`
    /// with each new entry as it stands in the merged record.
    func refreshMerged(_ onEntry: (JournalEntry, IncidentState) -> Void) throws -> Int {
        var fresh: [EntryOrigin] = []
        if journal == nil {
            var st = stat()
            if store.files.lstat(store.journalPath(id), &st) == 0 {
                // Someone at this station acted meanwhile: its chain began.
                let j = try Journal(path: store.journalPath(id), writable: writable, files: store.files)
                if let onWarning { j.onWarning = onWarning }
                j.lockWait = lockWait
                journal = j
            }
        }
        if let journal {
            try journal.readNew { e in
                if appendOwn(e) { fresh.append(EntryOrigin(station: stationID, seq: e.seq)) }
            }
        }
        fresh += try readPeers()
        guard !fresh.isEmpty else { return 0 }
        remerge()
        for o in fresh { if let e = mergedEntry(o) { onEntry(e, engine.state) } }
        return fresh.count
    }

    /// Reads on the peers' chains and takes up any copy that appeared; returns what came.
    func readPeers() throws -> [EntryOrigin] {
        var fresh: [EntryOrigin] = []
        let held = Set(peers.map(\.station))
        for copy in IncidentChains.copies(store: store, id: id) where !held.contains(copy.station ?? "") {
            let p = try PeerChain(copy: copy, files: store.files, onWarning: onWarning)
            peers.append(p)
            fresh += p.entries.map { EntryOrigin(station: p.station, seq: $0.seq) }
        }
        for p in peers {
            let before = p.entries.count
            guard try p.readNew() > 0 else { continue }
            fresh += p.entries[before...].map { EntryOrigin(station: p.station, seq: $0.seq) }
        }
        return fresh
    }

    /// The entry with `origin` as it stands in the merged record.
    func mergedEntry(_ origin: EntryOrigin) -> JournalEntry? {
        // Most lookups are of the newest entries: from the end.
        engine.state.entries.last { $0.origin == origin }
    }

    /// `performAll` on a merged record: under this station's journal lock, every chain is read
    /// on and the record refolded before the action is checked; a correction is written in its
    /// target's own chain's numbers. The first action here begins this station's chain.
    func performMerged(_ action: Action, _ ctx: ActionContext, now: @escaping () -> Timestamp) throws -> [JournalEntry] {
        if journal == nil { try join(actor: ctx.actor, now: now) }
        guard let journal else { throw RunbookError.io(.internalError("this station's chain could not be begun")) }
        let written = try journal.appendAll(now: now) { fresh in
            for e in fresh { appendOwn(e) }
            _ = try readPeers()
            remerge()
            return try engine.drafts(action, ctx, now: now()).map(chainNumbered)
        }
        for e in written { appendOwn(e) }
        remerge()
        return written.map { mergedEntry(EntryOrigin(station: stationID, seq: $0.seq)) ?? $0 }
    }

    /// A draft with the merged record's numbers put back into chains' numbers: a correction's
    /// `target` is its target's seq in its own chain, with `targetStation` when that chain is
    /// another station's.
    func chainNumbered(_ d: EntryDraft) -> EntryDraft {
        guard d.type == .entryCorrected, let t = d.fields.first(where: { $0.0 == "target" })?.1.int,
              let origin = engine.state.entry(Int(t))?.origin else { return d }
        var d = d
        var fields: [(String, JSONScalar)] = []
        for (k, v) in d.fields {
            if k == "target" {
                fields.append(("target", .int(Int64(origin.seq))))
                if origin.station != stationID { fields.append(("targetStation", .string(origin.station))) }
            } else {
                fields.append((k, v))
            }
        }
        d.fields = fields
        return d
    }

    /// Begins this station's chain on an incident that came in by sync: entry 1 is
    /// `station.joined`, naming the incident's entry 1 and the playbook it sealed.
    func join(actor: String, now: () -> Timestamp) throws {
        guard let opening = IncidentSession.opening(peers) else { throw RunbookError.refused(.incidentStartNotHere(incident: id)) }
        let station = try StationStore(home: store.home, files: store.files).loadOrCreate()
        stationID = station.id
        let draft = StationChain.joinedDraft(station: station, incidentID: id, openedHash: opening.hash,
                                             playbookSHA256: opening.string("playbookSHA256") ?? "", actor: actor)
        do {
            _ = try Journal.create(path: store.journalPath(id), first: draft, now: now(), files: store.files)
        } catch RunbookError.io(let f) where f.errno == EEXIST {
            // Another terminal here began it first: that one is this station's chain.
        }
        let j = try Journal(path: store.journalPath(id), writable: true, files: store.files)
        if let onWarning { j.onWarning = onWarning }
        j.lockWait = lockWait
        journal = j
        try j.readNew { appendOwn($0) }
    }

    /// The lines on disk of `entries` of the merged record, each read from the chain that holds
    /// it, as they are (never re-encoded): `log --format jsonl`.
    public func chainLines(_ entries: [JournalEntry]) throws -> [String] {
        var chains: [String: [String]] = [:]
        func lines(_ station: String) throws -> [String] {
            if let held = chains[station] { return held }
            let j = station == stationID ? journal : peers.first { $0.station == station }?.journal
            let read = try j.map { try $0.checkedLines(from: 0, count: Int(Int32.max)).lines } ?? []
            chains[station] = read
            return read
        }
        return try entries.map { e in
            guard let o = e.origin else { return "" }
            let all = try lines(o.station)
            return o.seq >= 1 && o.seq <= all.count ? all[o.seq - 1] : ""
        }
    }
}
