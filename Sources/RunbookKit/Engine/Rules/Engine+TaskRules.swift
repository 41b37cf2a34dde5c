/// The task rules: which task an id names, whether a verb may be recorded on it now (its status,
/// its prerequisites and decision), and the order of its history in time.
extension Engine {
    /// The view `id` names for acting on: a task done once, or `TASK@SYSTEM`, one instance of a
    /// `per: system` task. Throws, in one line, for an unknown task or system, a system on a task
    /// done once, and a per-system task named without its system (listing its instances).
    public func actionableView(_ id: String, now: Timestamp) throws -> TaskView {
        let (taskID, system) = Engine.splitInstance(id)
        guard let i = taskIndex[taskID] else {
            throw RunbookError.notFound("no task '\(taskID)'\(Nearest.suggestion(for: taskID, in: playbook.tasks.map(\.id)))")
        }
        let def = playbook.tasks[i]
        let systems = instanceSystems(i)
        let list = systems.map { "\(taskID)@\($0)" }.joined(separator: ", ")
        guard let system else {
            if def.perSystem { throw RunbookError.refused(.perSystemUnnamed(task: taskID, systems: systems)) }
            return try taskView(taskID, now: now) ?? { throw RunbookError.notFound("no task '\(taskID)'") }()
        }
        guard def.perSystem else {
            throw RunbookError.usage("task \(taskID) is done once, not per system: use '\(taskID)' without '@\(system)'")
        }
        guard let v = taskView(id, now: now) else {
            if let known = state.facts.system(named: system), !taskApplies(index: i, toSystem: known.name) {
                throw RunbookError.refused(.kindNotForTask(task: taskID, system: known.name, kind: systemKind(known.name), kinds: def.kinds ?? []))
            }
            if systems.isEmpty {
                throw RunbookError.notFound("no affected system '\(system)' for task \(taskID): no system has been reported down or degraded yet (runbook system NAME down)")
            }
            throw RunbookError.notFound("no affected system '\(system)' for task \(taskID)\(Nearest.hint(for: system, in: systems)) (its instances: \(list))")
        }
        return v
    }

    func taskDraft(_ id: String, _ verb: Action.TaskVerb, _ ctx: ActionContext, base: EntryDraft, now: Timestamp,
                   deviations: inout Deviations) throws -> EntryDraft {
        let view = try actionableView(id, now: now)
        let id = view.id
        var d = base
        if (verb == .skip || verb == .block), (ctx.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw RunbookError.usage("\(verb == .skip ? "skipping" : "blocking") task \(id) needs a reason: add --note \"why\"")
        }
        switch availability(verb, view) {
        case .allowed: break
        case .needsForce(let refusal): try deviations.forced(refusal)
        case .refused(let error): throw error
        }
        try checkTaskTime(verb, view, when: ctx.at ?? now, deviations: &deviations)
        switch verb {
        case .start: d.type = .taskStarted
        case .done: d.type = .taskDone
        case .skip: d.type = .taskSkipped
        case .block: d.type = .taskBlocked
        case .reopen: d.type = .taskReopened
        }
        // An instance keeps `task` the playbook's task id, so every reader finds the task, and
        // names its system beside it as the system entries do.
        d.fields = [("task", .string(view.def.id))]
        if let system = view.system { d.fields.append(("system", .string(system))) }
        if view.def.every != nil { d.fields.append(("round", .int(Int64(view.round)))) }
        return d
    }

    /// The order in time of a task's own history: it is not done before it was started, nor
    /// started or done before a prerequisite was done (a back-dated entry that would put the
    /// checklist's order upside down is a typo, or a deviation to be recorded as one).
    func checkTaskTime(_ verb: Action.TaskVerb, _ view: TaskView, when: Timestamp, deviations: inout Deviations) throws {
        guard verb == .start || verb == .done else { return }
        let id = view.id
        if verb == .done, view.status == .started, let started = view.record.since, ActionTime.isBefore(when, started) {
            try deviations.outOfOrder(.doneBeforeStarted(task: id, at: when, started: started))
        }
        // One system's turn of a per-system task is not before that system was reported.
        if let sys = view.system, let rec = state.facts.system(named: sys), ActionTime.isBefore(when, rec.firstReported) {
            try deviations.outOfOrder(.beforeSystemReported(task: id, verb: verb, at: when, system: sys, reported: rec.firstReported))
        }
        guard view.round == 1 else { return }
        for a in view.def.after {
            // A per-system prerequisite's times are its instances': only tasks done once are checked.
            guard let j = taskIndex[a], !playbook.tasks[j].perSystem, state.tasks[j].recorded == .done, let doneAt = state.tasks[j].since, ActionTime.isBefore(when, doneAt) else { continue }
            try deviations.outOfOrder(.beforePrerequisite(task: id, verb: verb, at: when, prerequisite: a, done: doneAt))
        }
    }

    /// The decision the task `taskID` records, if it records one (`Playbook.decisionsByTask`).
    public func decisionRecorded(by taskID: String) -> Playbook.Decision? {
        decisionsByTask[taskID].flatMap(playbook.decision)
    }

    /// Whether `verb` may be recorded on the task `view` now: every task rule is here. With
    /// `onceDecided`, as it will be once that decision is answered (the command post's menu asks
    /// it of a task that records a decision, which is done with its answer).
    public func availability(_ verb: Action.TaskVerb, _ view: TaskView, onceDecided: String? = nil) -> Availability {
        let base = statusAvailability(verb, view)
        // A task that records a decision is never done without the answer: other tasks wait on
        // it (diversion undecided hides what EMS must be told). Not even with --force, so this
        // holds over what --force passes (waiting); skipping, with its reason, stays allowed.
        guard verb == .done, base.passesWithForce, let d = decisionRecorded(by: view.def.id),
              d.id != onceDecided, state.decisions[d.id] == nil else { return base }
        return .refused(.refused(.undecided(task: view.id, decision: d.id, options: d.options)))
    }

    /// The task rule by the task's status, prerequisites and condition.
    private func statusAvailability(_ verb: Action.TaskVerb, _ view: TaskView) -> Availability {
        let id = view.id
        if view.def.perSystem && view.system == nil {
            return .refused(.refused(.perSystemUnnamed(task: id, systems: view.instances.compactMap(\.system))))
        }
        let s = view.status
        func refuse(_ r: Refusal) -> Availability { .refused(.refused(r)) }
        switch (verb, s) {
        case (.reopen, .done), (.reopen, .skipped), (.reopen, .blocked), (.reopen, .started): return .allowed
        case (.reopen, _): return refuse(.nothingToReopen(task: id, status: s, round: view.round))
        case (_, .done): return refuse(.alreadyDone(task: id, at: view.record.since))
        case (_, .skipped): return refuse(.skipped(task: id))
        case (.start, .started): return refuse(.alreadyStarted(task: id))
        case (.block, .blocked): return refuse(.alreadyBlocked(task: id, reason: view.record.reason))
        // A block is information (the lab courier cannot get through), not an action out of
        // order: it is recorded on a waiting task, or one whose decision went the other way.
        case (.block, .waiting), (.block, .inapplicable): return .allowed
        case (.start, .blocked) where !view.waits.isEmpty, (.done, .blocked) where !view.waits.isEmpty,
             (.skip, .blocked) where !view.waits.isEmpty, (_, .waiting):
            return .needsForce(.waiting(task: id, on: view.waitingOn))
        case (_, .inapplicable) where view.system.map({ !taskApplies(index: view.record.index, toSystem: $0) }) == true:
            // An instance whose system's kind changed to one the task is not for: the kind is
            // what to correct, not the task.
            let system = view.system ?? ""
            return refuse(.kindNotForTask(task: view.def.id, system: system, kind: systemKind(system), kinds: view.def.kinds ?? []))
        case (_, .inapplicable):
            let w = view.def.when
            // The answer that rules it out (of a compound condition, the first such part).
            let against = w?.falsifiedBy { state.decisions[$0]?.option }
            return .needsForce(.inapplicable(task: id, condition: w?.description, decision: against?.decision, answer: against?.answer ?? "otherwise"))
        default: return .allowed
        }
    }
}
