/// Turns a playbook and journal entries into the state of the incident. State is never
/// stored: it is the fold of the entries, advanced one entry at a time.
public struct Engine: Sendable {
    public let playbook: Playbook
    public private(set) var state: IncidentState
    let taskIndex: [String: Int]
    /// The decision each task records (its `task:`, `Playbook.decisionsByTask`), kept once.
    let decisionsByTask: [String: String]

    /// An engine for incident `id` run on `playbook`, before any entry.
    public init(playbook: Playbook, incidentID: String) {
        self.playbook = playbook
        var idx: [String: Int] = [:]
        for (i, t) in playbook.tasks.enumerated() { idx[t.id] = i }
        taskIndex = idx
        decisionsByTask = playbook.decisionsByTask
        state = IncidentState(id: incidentID)
        state.tasks = playbook.tasks.indices.map { TaskRecord(index: $0) }
    }

    /// The fold of `entries` from scratch, in one pass: which entries are corrected is known
    /// up front, so nothing is refolded. Gives the same state as `apply` on each entry in turn
    /// (the engine property tests check this on random histories).
    public static func fold(playbook: Playbook, incidentID: String, entries: [JournalEntry]) -> Engine {
        var e = Engine(playbook: playbook, incidentID: incidentID)
        e.apply(contentsOf: entries)
        return e
    }

    /// Advances the state by the next entries, in order: the same as `apply` on each, but a
    /// long journal read at once is kept as the array it came in, not copied entry by entry.
    /// Effects are folded in the order things happened (`HappenedOrder`), whatever order the
    /// entries were typed in: an entry that happened before one already folded refolds.
    public mutating func apply(contentsOf batch: [JournalEntry]) {
        apply(contentsOf: batch, deferringRefold: false)
    }

    /// `apply(contentsOf:)` for a reader taking a long journal in parts: a part that would
    /// refold only marks the state for it, and later parts are only read, until
    /// `finishDeferredRefold` folds once. Until then the state is not to be looked at.
    public mutating func apply(contentsOf batch: [JournalEntry], deferringRefold: Bool) {
        if state.refoldDeferred {
            read(contentsOf: batch)
            return
        }
        if state.entries.isEmpty {
            // From scratch: the corrections among them are known before any entry counts.
            state.corrected = Engine.correctedSet(batch)
            read(contentsOf: batch)
            foldAll()
        } else {
            // Read on: folded entry by entry when every one comes in its turn and no correction
            // changes what counts, else refolded once for the whole batch.
            let from = state.entries.count
            read(contentsOf: batch)
            let corrected = batch.contains { $0.kind == .entryCorrected } ? Engine.correctedSet(state.entries) : state.corrected
            // Every entry of the batch after everything folded: the batch in its own order of
            // happening is the fold's next stretch (a part of a long journal read on several
            // cores, with back-dated entries inside it), no refold needed.
            let inner = HappenedOrder.fold(batch)
            // The batch's first in the order of happening is its earliest: checked alone.
            if corrected == state.corrected, batch.isEmpty || follows(batch[inner?.first ?? 0], state.lastFolded) {
                if let inner {
                    if state.foldOrder == nil { state.foldOrder = Array(0..<from) }
                    state.foldOrder?.append(contentsOf: inner.map { from + $0 })
                } else {
                    state.foldOrder?.append(contentsOf: from..<state.entries.count)
                }
                for i in inner ?? Array(batch.indices) where batch[i].kind != .entryCorrected { effect(batch[i]) }
                if let last = (inner?.last ?? batch.indices.last) { state.lastFolded = HappenedOrder.foldKey(batch[last]) }
            } else if deferringRefold {
                state.refoldDeferred = true
            } else {
                refold(corrected: corrected)
            }
        }
    }

    /// Advances the state by one entry (the next seq). A correction refolds the effective
    /// entries; so does an entry that happened before one already folded.
    public mutating func apply(_ entry: JournalEntry) {
        read(entry)
        if entry.kind == .entryCorrected {
            let before = state.corrected
            let after = Engine.correctedSet(state.entries)
            if before != after { refold(corrected: after); return }
            // It changes nothing, and has no place of its own in the order effects follow.
            state.foldOrder?.append(state.entries.count - 1)
            return
        }
        guard follows(entry, state.lastFolded) else { refold(corrected: state.corrected); return }
        state.foldOrder?.append(state.entries.count - 1)
        state.lastFolded = HappenedOrder.foldKey(entry)
        effect(entry)
    }

    /// Folds once what `apply(contentsOf:deferringRefold:)` left for it, if anything.
    public mutating func finishDeferredRefold() {
        guard state.refoldDeferred else { return }
        state.refoldDeferred = false
        refold(corrected: Engine.correctedSet(state.entries))
    }

    /// Whether `e` comes after the entry whose fold key is `key` (or is the first).
    func follows(_ e: JournalEntry, _ key: HappenedOrder.Key?) -> Bool {
        guard let key else { return true }
        return HappenedOrder.foldKey(e) > key
    }

    /// Folds every read entry's effect from the empty state, in the order they happened.
    mutating func foldAll() {
        let entries = state.entries
        let order = HappenedOrder.fold(entries)
        state.foldOrder = order
        let corrected = state.corrected
        if let order {
            for i in order where entries[i].kind != .entryCorrected && corrected[entries[i].seq] == nil { effect(entries[i]) }
            state.lastFolded = order.last.map { HappenedOrder.foldKey(entries[$0]) }
        } else {
            for i in entries.indices where entries[i].kind != .entryCorrected && corrected[entries[i].seq] == nil { effect(entries[i]) }
            state.lastFolded = entries.last.map(HappenedOrder.foldKey)
        }
    }

    /// Bookkeeping for every entry read, counting or not: the entry list and the clock check.
    mutating func read(contentsOf batch: [JournalEntry]) {
        // A first read keeps the array it came in, not a copy of it entry by entry.
        if state.entries.isEmpty { state.entries = batch } else { state.entries.append(contentsOf: batch) }
        state.entryCount += batch.count
        // By index: each entry is read in place, not copied out (a long journal notices).
        for i in batch.indices { noteClock(batch[i]) }
    }

    /// The same for one entry.
    mutating func read(_ entry: JournalEntry) {
        state.entries.append(entry)
        state.entryCount += 1
        noteClock(entry)
    }

    /// Notices a clock that went back (`ClockWentBack.between`).
    mutating func noteClock(_ entry: JournalEntry) {
        if let back = ClockWentBack.between(seq: entry.seq, time: entry.time, previousSeq: entry.seq - 1, previousTime: state.lastRecorded) {
            state.clockWarnings.append(back)
        }
        state.lastRecorded = entry.time
    }

    /// Which entries are marked entered in error: walking back from the newest, a correction
    /// counts only if it is not itself corrected (so correcting a correction restores its target).
    static func correctedSet(_ entries: [JournalEntry]) -> [Int: Int] {
        var corrected: [Int: Int] = [:]
        // By index: a long journal's entries are not copied one by one to find its few corrections.
        for i in entries.indices.reversed() where entries[i].kind == .entryCorrected && corrected[entries[i].seq] == nil {
            // A lone chain's corrections point back; in a merged record another station's may
            // point at an entry recorded after it by another clock (`MergedChains`).
            if let t = entries[i]["target"]?.int, t < entries[i].seq || (entries[i].origin != nil && t != entries[i].seq) {
                corrected[Int(t)] = entries[i].seq
            }
        }
        return corrected
    }

    mutating func refold(corrected: [Int: Int]) {
        let all = state.entries
        let count = state.entryCount
        let warnings = state.clockWarnings
        let last = state.lastRecorded
        state = IncidentState(id: state.id)
        state.tasks = playbook.tasks.indices.map { TaskRecord(index: $0) }
        state.entries = all
        state.entryCount = count
        state.clockWarnings = warnings
        state.lastRecorded = last
        state.corrected = corrected
        foldAll()
    }

    /// The effect of one counting entry on the state.
    mutating func effect(_ e: JournalEntry) {
        guard let kind = e.kind else { return }
        switch kind {
        case .incidentOpened, .incidentAmended, .roleAssigned, .periodStarted, .incidentClosed:
            state.facts.apply(e)
        case .systemStatus:
            state.facts.apply(e)
            if let name = e.string("system"), e.string("state") != SystemRecord.State.up.rawValue,
               let known = state.facts.system(named: name),
               // Only record names are added, one a key.
               !state.affectedSystems.contains(known.name) {
                state.affectedSystems.append(known.name)
            }
        case .taskStarted, .taskDone, .taskSkipped, .taskBlocked, .taskReopened:
            guard let id = e.string("task"), let i = taskIndex[id] else { return }
            applyTask(kind, e, index: i)
        case .decisionMade:
            guard let id = e.string("decision"), let option = e.string("option") else { return }
            // The answers before it are kept: a task counts from when its condition became true.
            let earlier = state.decisions[id].map { $0.earlier + [DecisionAnswer(option: $0.option, when: $0.when, seq: $0.seq)] } ?? []
            state.decisions[id] = DecisionRecord(option: option, when: e.when, by: e.person, seq: e.seq, earlier: earlier)
        case .note:
            // Most notes are text alone, and change nothing (a long journal is mostly notes).
            if e.fields.isEmpty { return }
            if e.string("tag")?.lowercased() == "lesson" { Engine.insert(e.seq, into: &state.lessons) }
            // A note about a task is part of its history; it changes nothing else about it.
            if let id = e.string("task"), let i = taskIndex[id] {
                if playbook.tasks[i].perSystem, let system = e.string("system") {
                    let key = SystemRecord.key(system)
                    var r = state.instances[i]?.removeValue(forKey: key) ?? TaskRecord(index: i, system: state.facts.system(named: system)?.name ?? system)
                    r.history.append(e.seq)
                    state.instances[i, default: [:]][key] = r
                } else {
                    state.tasks[i].history.append(e.seq)
                }
            }
        case .stationJoined, .stationSealed:
            // A station's joining and its seals are about the record, not the incident: they
            // change no task, decision, role or system; they name the station.
            if let station = e.string("station"), let name = e.string("stationName") { state.stationNames[station] = name }
        case .entryCorrected:
            break
        }
        if e["force"]?.bool == true { Engine.insert(e.seq, into: &state.deviations) }
    }

    /// Adds `seq` to a list of seqs kept in journal order (lessons, deviations): the fold
    /// meets entries in the order they happened, but these lists name entries by number.
    static func insert(_ seq: Int, into list: inout [Int]) {
        if let last = list.last, last > seq {
            list.insert(seq, at: list.firstIndex { $0 > seq } ?? list.count)
        } else {
            list.append(seq)
        }
    }

    mutating func applyTask(_ kind: EntryType, _ e: JournalEntry, index i: Int) {
        let def = playbook.tasks[i]
        guard def.perSystem else {
            // In place: a copy taken out and put back would copy the task's history every time.
            Engine.update(&state.tasks[i], kind, e, def: def)
            return
        }
        // An instance: the entry names its system (drafts always do; one without is not counted).
        guard let system = e.string("system") else { return }
        let key = SystemRecord.key(system)
        // Taken out while it changes, for the same reason.
        var r = state.instances[i]?.removeValue(forKey: key) ?? TaskRecord(index: i, system: state.facts.system(named: system)?.name ?? system)
        Engine.update(&r, kind, e, def: def)
        state.instances[i, default: [:]][key] = r
    }

    /// The effect of one task entry on its record (a task's, or one instance's).
    static func update(_ r: inout TaskRecord, _ kind: EntryType, _ e: JournalEntry, def: Playbook.TaskDef) {
        r.history.append(e.seq)
        if e["force"]?.bool == true { r.deviated = true }
        r.by = e.person
        r.since = e.when
        switch kind {
        case .taskStarted:
            r.recorded = .started
            r.reason = nil
        case .taskDone, .taskSkipped:
            if def.every != nil {
                r.round += 1
                r.lastRoundFinished = e.when
                r.recorded = nil
                r.reason = kind == .taskSkipped ? e.note : nil
            } else {
                r.recorded = kind == .taskDone ? .done : .skipped
                r.reason = kind == .taskSkipped ? e.note : nil
            }
        case .taskBlocked:
            r.recorded = .blocked
            r.reason = e.note
        case .taskReopened:
            r.recorded = nil
            r.reason = nil
        default:
            break
        }
    }
}

extension Engine {
    /// Keeps what the session holds of each station's chain (`IncidentState.stationsHeld`).
    public mutating func noteStationsHeld(_ held: [StationHeld]) { state.stationsHeld = held }
    /// Finds the actions of a merged record that collided between stations (`Collision.find`).
    public mutating func noteCollisions() { state.collisions = Collision.find(in: state, recordingDecisions: Set(decisionsByTask.keys)) }

    /// After a light read that built and folded only some entry types (the board's, without
    /// notes): the journal's own entry count, and its last entries of every type in place of
    /// the folded ones they cover, so the count, the head hash, the picture's age and the
    /// latest entries are the journal's. The notes among them are shown, not folded.
    public mutating func adoptLightRead(count: Int, tail: [JournalEntry], clockBacks: [ClockWentBack]) {
        guard let first = tail.first else { return }
        // In place: a long journal's entries are not copied.
        if let cut = state.entries.lastIndex(where: { $0.seq < first.seq }) {
            state.entries.removeSubrange((cut + 1)...)
        } else {
            state.entries.removeAll()
        }
        state.entries.append(contentsOf: tail)
        state.entryCount = count
        // The light fold built only some types, so its clock check compared entries that were
        // not neighbours (and never saw a note). The reader saw every line's time: its list is
        // the one a full read makes.
        state.clockWarnings = clockBacks
        if let last = tail.last { state.lastRecorded = last.time }
        // The entries held changed: their order is worked out again (folded already, as read).
        state.foldOrder = HappenedOrder.fold(state.entries)
        state.lastFolded = (state.foldOrder?.last ?? state.entries.indices.last).map { HappenedOrder.foldKey(state.entries[$0]) }
    }
}
