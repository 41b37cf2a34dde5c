import Foundation

/// One incident opened for work: its journal, its frozen playbook, and the engine's state,
/// kept current by reading what other terminals append.
public final class IncidentSession {
    public let id: String
    public let store: IncidentStore
    /// This station's own chain of the incident; nil until someone here records something on
    /// an incident that came in by sync (the first action writes it, `station.joined` first).
    public internal(set) var journal: Journal?
    public internal(set) var engine: Engine

    /// Why the journal is read-only (damage found while reading), when opened with `tolerateDamage`.
    public private(set) var damageSummary: String?

    /// Other stations' chains held here (`stations/<station-id>.jsonl`), as read so far; empty
    /// for an incident only this station has worked on, whose record is its journal alone.
    var peers: [PeerChain] = []
    /// This station's own entries, in its chain's numbers, kept apart while the record is merged.
    var own: [JournalEntry] = []
    /// This home's station id, the name of its own chain in a merged record.
    var stationID: String = ""
    let writable: Bool
    /// Where every chain's warnings go (a torn tail moved aside, a wait for another writer).
    public var onWarning: ((String) -> Void)? {
        didSet { for j in journals { if let onWarning { j.onWarning = onWarning } } }
    }
    /// How long this station's appends (and a damage re-check) wait for another process's lock.
    public var lockWait: LockWait = .commandLine {
        didSet { journal?.lockWait = lockWait }
    }
    /// Every chain file open: this station's own and the copies.
    var journals: [Journal] { (journal.map { [$0] } ?? []) + peers.map(\.journal) }
    /// Why this station's journal stopped being read: the file at its path was replaced.
    public var replaced: FileRefusal? { journals.lazy.compactMap(\.replaced).first }

    /// Whether the state is the merged record of several stations' chains (`MergedChains`).
    public var isMerged: Bool { !peers.isEmpty }

    /// Opens incident `id`: loads the frozen playbook and folds the whole journal, checking
    /// every line. Throws `.damagedJournal` if a complete line fails its checks.
    /// `buildOnly`, when not empty, makes the first read a light one (the board): every line is
    /// still checked, but only entries of those types are built and folded, and the journal's
    /// last `tail` entries of every type are kept for the count, head and latest; entries that
    /// land later are read whole. An incident with other stations' chains (DESIGN.md, Stations)
    /// is read whole and folded as one merged record.
    public init(store: IncidentStore, id: String, writable: Bool = true, tolerateDamage: Bool = false,
                onWarning: ((String) -> Void)? = nil, buildOnly: [EntryType] = [], tail: Int = 0) throws {
        self.id = id
        self.store = store
        self.writable = writable
        self.onWarning = onWarning
        let copies = IncidentChains.copies(store: store, id: id)
        var st = stat()
        let hasOwn = copies.isEmpty || store.files.lstat(store.journalPath(id), &st) == 0
        if hasOwn { try IncidentStore.checkIncidentFiles(journalPath: store.journalPath(id), files: store.files) }
        if !copies.isEmpty {
            stationID = IncidentSession.ownStationID(store: store)
            peers = try copies.map { try PeerChain(copy: $0, files: store.files, onWarning: onWarning) }
        }
        // The frozen playbook decides what every task means: it must be the one entry 1 sealed.
        let sealProblem = hasOwn ? IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id), files: store.files)
                                 : IncidentSession.peersPlaybookProblem(peers, store: store, id: id)
        if let sealProblem, !tolerateDamage { throw RunbookError.damagedJournal(sealProblem) }
        let playbook: Playbook
        do {
            playbook = try IncidentSession.frozenPlaybook(store: store, id: id)
        } catch {
            if let sealProblem { throw RunbookError.damagedJournal(sealProblem) }
            throw error
        }
        engine = Engine(playbook: playbook, incidentID: id)
        if hasOwn {
            let journal = try Journal(path: store.journalPath(id), writable: writable, files: store.files)
            if let onWarning { journal.onWarning = onWarning }
            self.journal = journal
        }
        if let journal, peers.isEmpty {
            try readLone(journal, tolerateDamage: tolerateDamage, buildOnly: buildOnly, tail: tail)
        } else {
            if let journal { try journal.readNew({ self.own.append($0) }, onBulk: { self.own.append(contentsOf: $0) }) }
            remerge()
        }
        if damageSummary == nil, let sealProblem { damageSummary = sealProblem }
    }

    /// The first read of an incident only this station has worked on: its journal is its record.
    private func readLone(_ journal: Journal, tolerateDamage: Bool, buildOnly: [EntryType], tail: Int) throws {
        journal.lightTypes = buildOnly
        defer {
            if !buildOnly.isEmpty, let last = try? journal.tail(tail) { engine.adoptLightRead(count: journal.cursor.seq, tail: last, clockBacks: journal.cursor.clockBacks) }
            // What lands later is read whole (a live board shows the latest notes too).
            journal.lightTypes = []
        }
        // Entries read one by one are gathered and folded as a batch: a journal of entries
        // transcribed from paper, each out of its turn, then sorts once, not refolds for each.
        var pending: [JournalEntry] = []
        do {
            defer {
                if !pending.isEmpty { engine.apply(contentsOf: pending, deferringRefold: true) }
                engine.finishDeferredRefold()
            }
            // The parts a long journal is read in on several cores are folded as they come (the
            // next part is read meanwhile); one that would refold leaves it to the end, once.
            try journal.readNew({ pending.append($0) }, onBulk: { part in
                if !pending.isEmpty { self.engine.apply(contentsOf: pending, deferringRefold: true); pending.removeAll() }
                self.engine.apply(contentsOf: part, deferringRefold: true)
            })
        } catch RunbookError.damagedJournal(let why) {
            // With nothing good to show, showing it read-only would only show a blank incident.
            guard tolerateDamage, let d = journal.damage, engine.state.entryCount > 0 else { throw RunbookError.damagedJournal(why) }
            damageSummary = "the journal is damaged at entry \(d.line): \(d.reason). Showing the \(engine.state.entryCount) entries before it; nothing can be recorded."
        }
    }

    /// The incident's frozen playbook.yaml.
    public static func frozenPlaybook(store: IncidentStore, id: String) throws -> Playbook {
        let text: String
        do {
            text = String(decoding: try store.files.readRegular(path: store.playbookPath(id)), as: UTF8.self)
        } catch RunbookError.io(let failure) {
            // Said as what the user knows, with why the call failed ("it does not exist").
            throw RunbookError.io(IOFailure(.read, "the incident's playbook copy \(store.playbookPath(id))", failure.reason))
        }
        return try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(text: text, name: store.playbookPath(id))
    }

    /// The state now.
    public var state: IncidentState { engine.state }

    /// Reads entries other writers appended since the last look; returns how many.
    @discardableResult
    public func refresh(_ onEntry: (JournalEntry, IncidentState) -> Void = { _, _ in }) throws -> Int {
        if peers.isEmpty, !IncidentChains.copies(store: store, id: id).isEmpty {
            // A sync brought the first other station's chain: the record is merged from now on.
            let before = engine.state.entryCount
            try becomeMerged()
            let came = max(1, engine.state.entryCount - before)
            if let last = engine.state.entries.last { onEntry(last, engine.state) }
            return came
        }
        guard peers.isEmpty, let journal else { return try refreshMerged(onEntry) }
        return try journal.readNew { e in
            engine.apply(e)
            onEntry(e, engine.state)
        }
    }

    /// Checks and records `action`. Under the journal's lock it first catches up with other
    /// writers, so the check sees everything; returns the entry once it is on disk.
    /// The action's first entry (a decision's own, before the task it completes).
    @discardableResult
    public func perform(_ action: Action, _ ctx: ActionContext, now: @escaping () -> Timestamp = Timestamp.now) throws -> JournalEntry {
        let entries = try performAll(action, ctx, now: now)
        guard let entry = entries.first else { throw RunbookError.io(.internalError("nothing was recorded")) }
        return entry
    }

    /// Checks and records `action` with every entry it makes (`Engine.drafts`: a decision and
    /// the task that records it, done), written and flushed together under one lock; returns
    /// them once they are on disk.
    @discardableResult
    public func performAll(_ action: Action, _ ctx: ActionContext, now: @escaping () -> Timestamp = Timestamp.now) throws -> [JournalEntry] {
        if let damageSummary { throw RunbookError.damagedJournal(damageSummary) }
        guard peers.isEmpty, let journal else { return try performMerged(action, ctx, now: now) }
        let entries = try journal.appendAll(now: now) { fresh in
            if !fresh.isEmpty { engine.apply(contentsOf: fresh) }
            return try engine.drafts(action, ctx, now: now())
        }
        engine.apply(contentsOf: entries)
        return entries
    }

    /// Records `action` for a one-line command, reading no more than its rule needs
    /// (`Action.reads`): an incident-wide action is checked against the light state, without
    /// the playbook and building only the entry types it names (every line is still verified),
    /// which keeps `runbook note` fast on a long journal. An entry for someone else (`forWhom`)
    /// reads everything: `--for` may name one of the playbook's roles. Returns the entry once it
    /// is on disk, and the playbook when it was read (for describing the entry).
    /// A system's report also says what `SystemNotice`s it gives (an alias, a kind left unsaid)
    /// to `notices`, from the same facts its entry was drafted on.
    public static func record(_ action: Action, _ ctx: ActionContext, store: IncidentStore, id: String,
                              now: @escaping () -> Timestamp = Timestamp.now,
                              notices: (([SystemNotice]) -> Void)? = nil) throws -> (entry: JournalEntry, playbook: Playbook?) {
        let (entries, playbook, _) = try recordAll(action, ctx, store: store, id: id, now: now, notices: notices)
        guard let entry = entries.first else { throw RunbookError.io(.internalError("nothing was recorded")) }
        return (entry, playbook)
    }

    /// `record`, returning every entry the action made (a decision, then its task done), and
    /// the engine after them when the whole incident was read (what a decision left open).
    public static func recordAll(_ action: Action, _ ctx: ActionContext, store: IncidentStore, id: String,
                                 now: @escaping () -> Timestamp = Timestamp.now,
                                 notices: (([SystemNotice]) -> Void)? = nil) throws -> (entries: [JournalEntry], playbook: Playbook?, engine: Engine?) {
        // An incident with other stations' chains is read whole: its state is the merged record.
        guard ctx.forWhom == nil, case .only(let types) = action.reads, IncidentChains.copies(store: store, id: id).isEmpty else {
            let session = try IncidentSession(store: store, id: id)
            if case .system(let name, _, _, let kind) = action, let notices {
                notices((try? session.engine.state.facts.systemReport(name, kind: kind, catalog: session.engine.playbook.systems))?.notices ?? [])
            }
            return (try session.performAll(action, ctx, now: now), session.engine.playbook, session.engine)
        }
        try IncidentStore.checkIncidentFiles(journalPath: store.journalPath(id), files: store.files)
        // The frozen playbook is not read, but it must still be the one entry 1 sealed.
        if let sealProblem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id), files: store.files) {
            throw RunbookError.damagedJournal(sealProblem)
        }
        // A system's name and kind are the playbook's (its known systems, aliases and kinds).
        var systems = SystemCatalog()
        var playbook: Playbook?
        if case .system = action {
            let frozen = try IncidentSession.frozenPlaybook(store: store, id: id)
            systems = frozen.systems
            playbook = frozen
        }
        var said: [SystemNotice] = []
        let journal = try Journal(path: store.journalPath(id), files: store.files)
        journal.lightTypes = types
        var light = LightState()
        try journal.readNew({ light.apply($0) }, onBulk: { light.apply(contentsOf: $0) })
        let entry = try journal.append(now: now) { fresh in
            light.apply(contentsOf: fresh)
            light.lastRecorded = journal.cursor.time
            let draft = try light.draft(action, ctx, now: now(), systems: systems)
            if case .system(let name, _, _, let kind) = action {
                said = (try? light.facts.systemReport(name, kind: kind, catalog: systems))?.notices ?? []
            }
            return draft
        }
        notices?(said)
        return ([entry], playbook, nil)
    }
}
