/// The state a one-line incident-wide action (a note, a system's state, a new period, closing)
/// is checked against: the incident-wide facts only, folded from the few entry types the
/// action reads (`Action.reads`), with no playbook. Drafts exactly what the full engine drafts
/// for the same action, because both draft through `IncidentFacts`.
public struct LightState: Sendable {
    /// The facts folded so far (corrected entries left out).
    public private(set) var facts = IncidentFacts()
    /// The entries read, in journal order (only the types asked for).
    var entries: [JournalEntry] = []
    /// seqs marked entered in error, with the correcting seq.
    var corrected: [Int: Int] = [:]
    /// The journal's last entry's recorded time, for the day-ahead clock rule: a light read
    /// builds only some types, so the writer sets it from the journal's cursor under its lock;
    /// otherwise it is the last entry read here.
    public var lastRecorded: Timestamp?

    /// An empty state, before entry 1.
    public init() {}

    /// Advances the state by the next entry read. A correction refolds the facts, so an
    /// assignment entered in error no longer gives its person the role; so does an entry that
    /// happened before one already folded (the facts follow `HappenedOrder`, as the engine's do).
    public mutating func apply(_ e: JournalEntry) {
        entries.append(e)
        lastRecorded = e.time
        if e.kind == .entryCorrected {
            let after = Engine.correctedSet(entries)
            guard after != corrected else { return }
            corrected = after
            refold()
            return
        }
        let key = HappenedOrder.foldKey(e)
        if let last = lastFolded, key < last { refold(); return }
        lastFolded = key
        if corrected[e.seq] == nil { facts.apply(e) }
    }

    /// Advances the state by the next entries read, in order: as `apply` on each, but a batch
    /// with entries out of their turn (a journal of transcribed paper entries) refolds once,
    /// not once for each.
    public mutating func apply(contentsOf batch: [JournalEntry]) {
        var previous = lastFolded
        let inTurn = batch.allSatisfy { e in
            defer { previous = HappenedOrder.foldKey(e) }
            return e.kind != .entryCorrected && previous.map { HappenedOrder.foldKey(e) > $0 } ?? true
        }
        guard !inTurn else {
            for e in batch { apply(e) }
            return
        }
        entries.append(contentsOf: batch)
        if let last = batch.last { lastRecorded = last.time }
        corrected = Engine.correctedSet(entries)
        refold()
    }

    /// The fold key of the last entry folded.
    var lastFolded: HappenedOrder.Key?

    /// The facts folded again from every entry read, in the order they happened.
    mutating func refold() {
        facts = IncidentFacts()
        let order = HappenedOrder.fold(entries) ?? Array(entries.indices)
        for i in order where corrected[entries[i].seq] == nil { facts.apply(entries[i]) }
        lastFolded = order.last.map { HappenedOrder.foldKey(entries[$0]) }
    }

    /// Checks an incident-wide action and returns the entry to record, or throws the refusal:
    /// `Engine.draft`'s pipeline on the facts alone. An action that needs the playbook (see
    /// `Action.reads`) is refused as a program error.
    /// `systems` is the playbook's catalog, for a system's name and kind (`systemReport`).
    public func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp, systems: SystemCatalog = SystemCatalog()) throws -> EntryDraft {
        try facts.draft(action, ctx, now: now, previous: lastRecorded, systems: systems, needingPlaybook: { _, _ in
            throw RunbookError.io(.internalError("\(action) needs the playbook and cannot be checked from a quick read"))
        }, aboutTask: { _ in })
    }
}
