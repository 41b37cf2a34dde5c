extension Engine {
    /// Statuses already worked out while making views: tasks by index, instances by "index@key".
    struct StatusMemo {
        var tasks: [TaskStatus?]
        var instances: [String: TaskStatus] = [:]
        init(count: Int) { tasks = [TaskStatus?](repeating: nil, count: count) }
    }

    /// The moment the incident's state is measured at when it is asked at `wallClock`: then,
    /// or for a closed incident its close, so nothing falls overdue after it (the board,
    /// `status` and its JSON all ask this).
    public func measuredAt(_ wallClock: Timestamp) -> Timestamp {
        state.closed.map { min($0, wallClock) } ?? wallClock
    }

    /// Every task with its derived status at `now`, in playbook order; a `per: system` task
    /// carries its instances.
    public func taskViews(now: Timestamp) -> [TaskView] {
        var memo = StatusMemo(count: playbook.tasks.count)
        return playbook.tasks.indices.map { view(index: $0, now: now, memo: &memo) }
    }

    /// One task's view, by id; `TASK@SYSTEM` is one instance of a `per: system` task (the
    /// system named as any report of it: case and spaces do not count).
    public func taskView(_ id: String, now: Timestamp) -> TaskView? {
        let (base, system) = Engine.splitInstance(id)
        guard let i = taskIndex[base] else { return nil }
        var memo = StatusMemo(count: playbook.tasks.count)
        guard let system else { return view(index: i, now: now, memo: &memo) }
        guard playbook.tasks[i].perSystem, let name = instanceSystems(i).first(where: { SystemRecord.sameSystem($0, system) }) else { return nil }
        return instanceView(index: i, system: name, now: now, memo: &memo)
    }

    /// `TASK@SYSTEM` split at its first '@' (task ids have none), the system trimmed.
    public static func splitInstance(_ id: String) -> (task: String, system: String?) {
        guard let at = id.firstIndex(of: "@") else { return (id, nil) }
        return (String(id[..<at]), String(id[id.index(after: at)...]).trimmingCharacters(in: .whitespaces))
    }

    /// The systems task `i` has instances for: every affected system of the task's kinds
    /// (`taskApplies`), then any system an entry names that no longer counts as affected (its
    /// report was entered in error, or its kind changed to one the task is not for), so no
    /// recorded work disappears.
    public func instanceSystems(_ i: Int) -> [String] {
        guard playbook.tasks[i].perSystem else { return [] }
        var out = state.affectedSystems.filter { taskApplies(index: i, toSystem: $0) }
        for r in (state.instances[i] ?? [:]).values.sorted(by: { ($0.history.first ?? 0) < ($1.history.first ?? 0) }) {
            if let s = r.system, !out.contains(where: { SystemRecord.sameSystem($0, s) }) { out.append(s) }
        }
        return out
    }

    /// The record of task `i`, or of its instance for `system`.
    func record(_ i: Int, _ system: String?) -> TaskRecord {
        guard let system else { return state.tasks[i] }
        return state.instances[i]?[SystemRecord.key(system)] ?? TaskRecord(index: i, system: system)
    }

    func view(index i: Int, now: Timestamp, memo: inout StatusMemo) -> TaskView {
        let def = playbook.tasks[i]
        guard def.perSystem else { return plainView(index: i, system: nil, now: now, memo: &memo) }
        let instances = instanceSystems(i).map { instanceView(index: i, system: $0, now: now, memo: &memo) }
        var (s, waits) = summary(index: i, instances.map(\.status), memo: &memo)
        if s == .waiting && waits.isEmpty {
            // What its instances wait on, each once: "intel-restore@EHR, intel-restore@PACS".
            for w in instances.flatMap(\.waits) where !waits.contains(w) { waits.append(w) }
        }
        memo.tasks[i] = s
        // The task's own line: the earliest open instance's due time, late if any instance is.
        let open = instances.filter { !$0.status.isFinished }
        let due = open.compactMap(\.due).min()
        var r = TaskRecord(index: i)
        r.history = instances.flatMap(\.record.history).sorted()
        if let last = instances.max(by: { ($0.record.history.last ?? 0) < ($1.record.history.last ?? 0) }), !last.record.history.isEmpty {
            r.since = last.record.since
            r.by = last.record.by
        }
        r.deviated = instances.contains { $0.record.deviated }
        if s == .blocked, let b = instances.first(where: { $0.status == .blocked }) {
            r.reason = "\(b.system ?? ""): \(b.record.reason ?? "")"
        }
        var v = TaskView(def: def, status: s, round: 1, due: due, overdue: instances.contains(where: \.overdue), record: r, waits: waits)
        v.instances = instances
        v.conditional = undecidedCondition(def)
        return v
    }

    func instanceView(index i: Int, system: String, now: Timestamp, memo: inout StatusMemo) -> TaskView {
        var v = plainView(index: i, system: system, now: now, memo: &memo)
        v.system = system
        return v
    }

    /// The view of a task done once, or of one instance of a `per: system` task.
    func plainView(index i: Int, system: String?, now: Timestamp, memo: inout StatusMemo) -> TaskView {
        let def = playbook.tasks[i]
        let r = record(i, system)
        var waits: [TaskWait] = []
        let s = status(index: i, system: system, memo: &memo, waitingOn: &waits)
        let due = dueTime(index: i, system: system)
        let open = s == .waiting || s == .ready || s == .started || s == .blocked
        // A task for a decision's option is not late while nobody knows if it applies: an
        // "overdue" diversion task before diversion was decided would invite the wrong act.
        let undecided = undecidedCondition(def)
        let overdue = open && undecided == nil && due.map { now > $0 } == true
        var v = TaskView(def: def, status: s, round: r.round, due: due, overdue: overdue, record: r, waits: waits)
        v.conditional = undecided
        return v
    }

    /// A `per: system` task's status from its instances' (each of which is inapplicable on the
    /// other answer unless it was done): with none, inapplicable on the other answer, else waiting
    /// for a system to be affected; done (or skipped) when every instance is finished;
    /// blocked if one is; started once any has begun or finished; ready if one is.
    func summary(index i: Int, _ statuses: [TaskStatus], memo: inout StatusMemo) -> (TaskStatus, [TaskWait]) {
        let def = playbook.tasks[i]
        guard !statuses.isEmpty else {
            if let w = def.when, conditionValue(w) == false { return (.inapplicable, []) }
            // Systems are affected, none of the task's kinds: nothing (the all-clear included)
            // waits on it, until a system of its kinds is reported.
            if def.kinds != nil, !state.affectedSystems.isEmpty { return (.inapplicable, []) }
            var waits: [TaskWait] = []
            if let w = def.when, conditionValue(w) == nil { waits += undecidedDecisions(w).map(TaskWait.decision) }
            for a in def.after {
                guard let j = taskIndex[a] else { continue }
                if !finished(index: j, memo: &memo) { waits.append(.task(a)) }
            }
            return (.waiting, waits + [.affectedSystem])
        }
        if statuses.allSatisfy(\.isFinished) {
            if statuses.contains(.done) { return (.done, []) }
            return (statuses.allSatisfy { $0 == .inapplicable } ? .inapplicable : .skipped, [])
        }
        if statuses.contains(.blocked) { return (.blocked, []) }
        if statuses.contains(where: { $0 == .started || $0 == .done || $0 == .skipped }) { return (.started, []) }
        if statuses.contains(.ready) { return (.ready, []) }
        return (.waiting, [])
    }

    /// When the current round is due: `firstRoundDue` for round 1, then `every` after the
    /// previous round was finished.
    func dueTime(index i: Int, system: String? = nil) -> Timestamp? {
        let def = playbook.tasks[i]
        let r = record(i, system)
        if let every = def.every, r.round > 1, let last = r.lastRoundFinished { return last.adding(seconds: every.seconds) }
        return firstRoundDue(index: i, system: system)
    }

    /// When round 1 is due: a plain `due` (or a recurring task's `every`, with no `due`) after
    /// the task starts to matter (`startTime`: activation, when its condition became true, when
    /// its system went down); a relative `due` after its anchor. nil while that has not
    /// happened (the task done, the decision made that way, the condition true).
    func firstRoundDue(index i: Int, system: String? = nil) -> Timestamp? {
        let def = playbook.tasks[i]
        if let due = def.due {
            let from = due.anchor == .activation ? startTime(index: i, system: system) : anchorTime(due.anchor, system: system)
            return from.map { $0.adding(seconds: due.offset.seconds) }
        }
        if let every = def.every { return startTime(index: i, system: system).map { $0.adding(seconds: every.seconds) } }
        return nil
    }

    /// When a due time's anchor happened, if it has: activation, discovery, the anchor task's
    /// done time (skipped is not done: its clock never starts), or when the decision was recorded
    /// with that option (`conditionBecameTrue`: an answer given again does not restart it). For
    /// an instance, a `per: system` anchor task counts for the same system; otherwise such an
    /// anchor is done when its last instance is. A task's own plain `due` counts from `startTime`.
    public func anchorTime(_ anchor: Playbook.Due.Anchor, system: String? = nil) -> Timestamp? {
        switch anchor {
        case .activation: return state.activated
        case .discovery: return state.discovered
        case .task(let id):
            guard let j = taskIndex[id] else { return nil }
            return doneTime(index: j, system: system)
        case .decision(let c):
            return conditionBecameTrue(c)
        }
    }

    /// When task `j` was done, if it is done now: for a `per: system` task, its instance for
    /// `system`, or with no system, when the last instance was finished, once all are and one is done.
    func doneTime(index j: Int, system: String?) -> Timestamp? {
        guard playbook.tasks[j].perSystem else {
            let r = state.tasks[j]
            return r.recorded == .done ? r.since : nil
        }
        if let system {
            let r = record(j, system)
            return r.recorded == .done ? r.since : nil
        }
        let records = instanceSystems(j).map { record(j, $0) }
        guard !records.isEmpty, records.allSatisfy({ $0.recorded == .done || $0.recorded == .skipped }),
              records.contains(where: { $0.recorded == .done }) else { return nil }
        return records.compactMap(\.since).max()
    }

    func status(index i: Int, system: String? = nil, memo: inout StatusMemo, waitingOn: inout [TaskWait]) -> TaskStatus {
        let def = playbook.tasks[i]
        let r = record(i, system)
        if r.recorded == .done { return .done }
        if r.recorded == .skipped { return .skipped }
        // An instance begun before its system's kind changed to one the task is not for keeps
        // its history, and no longer applies: nothing waits on it.
        if let system, !taskApplies(index: i, toSystem: system) { return .inapplicable }
        if let w = def.when {
            switch conditionValue(w) {
            case false?: return .inapplicable
            case nil where r.recorded == nil || r.recorded == .blocked: waitingOn += undecidedDecisions(w).map(TaskWait.decision)
            default: break
            }
        }
        if let rec = r.recorded, rec != .blocked { return rec }
        // A recurring task that has come round again is not held back by prerequisites. A
        // blocked task still names what it waits on: the block is no way round them.
        if r.round == 1 {
            for a in def.after {
                guard let j = taskIndex[a] else { continue }
                // An instance waits on the same system's instance of a per-system prerequisite.
                if let system, playbook.tasks[j].perSystem {
                    if !finishedInstance(index: j, system: system, memo: &memo) { waitingOn.append(.task("\(a)@\(system)")) }
                } else if !finished(index: j, memo: &memo) {
                    waitingOn.append(.task(a))
                }
            }
        }
        if r.recorded == .blocked { return .blocked }
        return waitingOn.isEmpty ? .ready : .waiting
    }

    /// Whether a prerequisite counts as finished: done, skipped, inapplicable, or a recurring
    /// task whose first round is done; a `per: system` task when every instance is.
    func finished(index j: Int, memo: inout StatusMemo) -> Bool {
        if state.tasks[j].round > 1 { return true }
        if let s = memo.tasks[j] { return s.isFinished }
        let s: TaskStatus
        if playbook.tasks[j].perSystem {
            let statuses = instanceSystems(j).map { sys in
                var ignored: [TaskWait] = []
                return status(index: j, system: sys, memo: &memo, waitingOn: &ignored)
            }
            s = summary(index: j, statuses, memo: &memo).0
        } else {
            var ignored: [TaskWait] = []
            s = status(index: j, memo: &memo, waitingOn: &ignored)
        }
        memo.tasks[j] = s
        return s.isFinished
    }

    /// Whether the instance of per-system task `j` for `system` is finished.
    func finishedInstance(index j: Int, system: String, memo: inout StatusMemo) -> Bool {
        let r = record(j, system)
        if r.round > 1 { return true }
        let key = "\(j)@\(SystemRecord.key(system))"
        if let s = memo.instances[key] { return s.isFinished }
        var ignored: [TaskWait] = []
        let s = status(index: j, system: system, memo: &memo, waitingOn: &ignored)
        memo.instances[key] = s
        return s.isFinished
    }

    /// The person holding `role`, if anyone.
    public func holder(of role: String) -> String? { state.roles[role]?.person }

    /// The role an entry by `actor` is recorded in, by the one rule (`IncidentFacts.role(of:at:)`).
    public func role(of actor: String, at: Timestamp? = nil) -> String? { state.facts.role(of: actor, at: at) }

    /// The phase the incident is in: of the phases whose window is open now, the latest-begun
    /// one where work has started; with no work in any of them yet, the earliest. Time alone
    /// never moves a weeks-long outage into a later open-ended phase (demobilization from 24h)
    /// while nobody has begun its work.
    public func currentPhase(now: Timestamp) -> Playbook.Phase? {
        let elapsed = state.activated.seconds(until: now)
        let open = playbook.phases.filter { $0.from.seconds <= elapsed && ($0.to.map { elapsed < $0.seconds } ?? true) }
            .sorted { $0.from.seconds < $1.from.seconds }
        let begun = open.last { phase in
            playbook.tasks.indices.contains {
                playbook.tasks[$0].phase == phase.id && (!state.tasks[$0].history.isEmpty || state.instances[$0]?.isEmpty == false)
            }
        }
        return begun ?? open.first
    }
}
