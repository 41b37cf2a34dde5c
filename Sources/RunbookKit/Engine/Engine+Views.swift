extension Engine {
    /// Every task with its derived status at `now`, in playbook order.
    public func taskViews(now: Timestamp) -> [TaskView] {
        var statuses = [TaskStatus?](repeating: nil, count: playbook.tasks.count)
        return playbook.tasks.indices.map { view(index: $0, now: now, memo: &statuses) }
    }

    /// One task's view, by id.
    public func taskView(_ id: String, now: Timestamp) -> TaskView? {
        guard let i = taskIndex[id] else { return nil }
        var statuses = [TaskStatus?](repeating: nil, count: playbook.tasks.count)
        return view(index: i, now: now, memo: &statuses)
    }

    func view(index i: Int, now: Timestamp, memo: inout [TaskStatus?]) -> TaskView {
        let def = playbook.tasks[i]
        let r = state.tasks[i]
        var waits: [TaskWait] = []
        let s = status(index: i, memo: &memo, waitingOn: &waits)
        let due = dueTime(index: i)
        let open = s == .waiting || s == .ready || s == .started || s == .blocked
        // A task for a decision's option is not late while nobody knows if it applies: an
        // "overdue" diversion task before diversion was decided would invite the wrong act.
        let undecided = def.when.map { state.decisions[$0.decision] == nil && r.recorded == nil } ?? false
        let overdue = open && !undecided && due.map { now > $0 } == true
        return TaskView(def: def, status: s, round: r.round, due: due, overdue: overdue, record: r, waits: waits)
    }

    /// When the current round is due: `due` after its anchor for round 1 (activation + `every`
    /// when a recurring task has no `due`), then `every` after the previous round was finished.
    /// nil while the anchor has not happened (the task done, the decision made that way).
    func dueTime(index i: Int) -> Timestamp? {
        let def = playbook.tasks[i]
        let r = state.tasks[i]
        if let every = def.every, r.round > 1, let last = r.lastRoundFinished { return last.adding(seconds: every.seconds) }
        if let due = def.due { return anchorTime(due.anchor).map { $0.adding(seconds: due.offset.seconds) } }
        if let every = def.every { return state.activated.adding(seconds: every.seconds) }
        return nil
    }

    /// When a due time's anchor happened, if it has: activation, discovery, the anchor task's
    /// done time (skipped is not done: its clock never starts), or when the decision was recorded
    /// with that option (its latest answer).
    public func anchorTime(_ anchor: Playbook.Due.Anchor) -> Timestamp? {
        switch anchor {
        case .activation: return state.activated
        case .discovery: return state.discovered
        case .task(let id):
            guard let j = taskIndex[id] else { return nil }
            return doneTime(index: j)
        case .decision(let c):
            guard let d = state.decisions[c.decision], d.option == c.option else { return nil }
            return d.when
        }
    }

    /// When task `j` was done, if it is done now.
    func doneTime(index j: Int) -> Timestamp? {
        let r = state.tasks[j]
        return r.recorded == .done ? r.since : nil
    }

    func status(index i: Int, memo: inout [TaskStatus?], waitingOn: inout [TaskWait]) -> TaskStatus {
        let def = playbook.tasks[i]
        let r = state.tasks[i]
        if r.recorded == .done { return .done }
        if r.recorded == .skipped { return .skipped }
        if let w = def.when {
            if let d = state.decisions[w.decision] {
                if d.option != w.option { return .inapplicable }
            } else if r.recorded == nil {
                waitingOn.append(.decision(w.decision))
            }
        }
        if let rec = r.recorded { return rec }
        // A recurring task that has come round again is not held back by prerequisites.
        if r.round == 1 {
            for a in def.after {
                guard let j = taskIndex[a] else { continue }
                if !finished(index: j, memo: &memo) { waitingOn.append(.task(a)) }
            }
        }
        return waitingOn.isEmpty ? .ready : .waiting
    }

    /// Whether a prerequisite counts as finished: done, skipped, inapplicable, or a recurring
    /// task whose first round is done.
    func finished(index j: Int, memo: inout [TaskStatus?]) -> Bool {
        if state.tasks[j].round > 1 { return true }
        if let s = memo[j] { return s.isFinished }
        var ignored: [TaskWait] = []
        let s = status(index: j, memo: &memo, waitingOn: &ignored)
        memo[j] = s
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
            playbook.tasks.indices.contains { playbook.tasks[$0].phase == phase.id && !state.tasks[$0].history.isEmpty }
        }
        return begun ?? open.first
    }
}
