import Foundation

extension Engine {
    /// Checks `action` against the current state and returns the entry to record, or throws
    /// the refusal. Nothing here writes: a refusal leaves the journal untouched.
    public func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws -> EntryDraft {
        var deviations = Deviations(force: ctx.force)
        var d = try draftBody(action, ctx, now: now, deviations: &deviations)
        try state.facts.checkDiscovered(ctx, deviations: &deviations)
        deviations.apply(to: &d, ctx)
        return d
    }

    func draftBody(_ action: Action, _ ctx: ActionContext, now: Timestamp, deviations: inout Deviations) throws -> EntryDraft {
        let base = try state.facts.baseDraft(ctx, now: now, deviations: &deviations)
        try ActionRules.checkEstimate(action, ctx, now: now)
        if var d = try state.facts.draftIncidentWide(action, ctx, base: base, now: now, deviations: &deviations) {
            if case .note = action, let task = ctx.task { try noteAbout(task, &d, now: now) }
            return d
        }
        var d = base
        switch action {
        case .task(let id, let verb):
            return try taskDraft(id, verb, ctx, base: d, now: now, deviations: &deviations)
        case .decide(let id, let option):
            guard let dec = playbook.decision(id) else {
                throw RunbookError.notFound("no decision '\(id)'\(Nearest.suggestion(for: id, in: playbook.decisions.map(\.id)))\(playbook.decisions.isEmpty ? " (this playbook has no decisions)" : "")")
            }
            guard dec.options.contains(option) else {
                throw RunbookError.notFound("decision '\(id)' has no option '\(option)'; its options are \(dec.options.joined(separator: ", "))")
            }
            d.type = .decisionMade
            d.fields = [("decision", .string(id)), ("option", .string(option))]
        case .assign(let role, let person):
            guard playbook.role(role) != nil else {
                throw RunbookError.notFound("no role '\(role)'\(Nearest.hint(for: role, in: playbook.roles.map(\.id))) (roles: \(playbook.roles.map(\.id).joined(separator: ", ")))")
            }
            try TextRules.checkName(person, what: "person's name")
            d.type = .roleAssigned
            d.fields = [("role", .string(role)), ("person", .string(person))]
        case .correct(let seq, let reason):
            try TextRules.checkNote(reason, what: "reason")
            guard let target = state.entry(seq) else {
                throw RunbookError.notFound("no entry \(seq): this journal has entries 1 to \(state.entryCount)")
            }
            if seq == 1 { throw RunbookError.refused("entry 1 opens the incident and cannot be marked in error; start a new incident instead") }
            if let by = state.corrected[seq] {
                throw RunbookError.refused("entry \(seq) is already marked entered in error by entry \(by); to restore it, correct entry \(by)")
            }
            d.type = .entryCorrected
            d.fields = [("target", .int(Int64(seq))), ("reason", .string(reason)), ("targetType", .string(target.type))]
        case .note, .system, .period, .close:
            break  // drafted above, from the incident-wide facts
        }
        return d
    }

    /// A note about a task names a task of the playbook, and one system's turn of a `per: system`
    /// task as its entries do: `task` the task's id and `system` the system as first reported
    /// (so it joins that instance's history).
    func noteAbout(_ id: String, _ d: inout EntryDraft, now: Timestamp) throws {
        let (taskID, system) = Engine.splitInstance(id)
        var fields = d.fields.filter { $0.0 != "task" && $0.0 != "system" }
        guard let system else {
            guard taskIndex[taskID] != nil else {
                throw RunbookError.notFound("no task '\(taskID)'\(Nearest.suggestion(for: taskID, in: playbook.tasks.map(\.id)))")
            }
            fields.append(("task", .string(taskID)))
            d.fields = fields
            return
        }
        let v = try actionableView(id, now: now)
        fields.append(("task", .string(v.def.id)))
        fields.append(("system", .string(v.system ?? system)))
        d.fields = fields
    }

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
            if def.perSystem { throw RunbookError.refused(Engine.perSystemRefusal(taskID, systems: systems)) }
            return try taskView(taskID, now: now) ?? { throw RunbookError.notFound("no task '\(taskID)'") }()
        }
        guard def.perSystem else {
            throw RunbookError.usage("task \(taskID) is done once, not per system: use '\(taskID)' without '@\(system)'")
        }
        guard let v = taskView(id, now: now) else {
            if systems.isEmpty {
                throw RunbookError.notFound("no affected system '\(system)' for task \(taskID): no system has been reported down or degraded yet (runbook system NAME down)")
            }
            throw RunbookError.notFound("no affected system '\(system)' for task \(taskID)\(Nearest.hint(for: system, in: systems)) (its instances: \(list))")
        }
        return v
    }

    /// Why a `per: system` task cannot be acted on by its own id, in one line with its instances.
    static func perSystemRefusal(_ taskID: String, systems: [String]) -> String {
        guard let first = systems.first else {
            return "task \(taskID) is done once for each affected system, and no system has been reported down or degraded yet (runbook system NAME down)"
        }
        return "task \(taskID) is done once for each affected system: name one, e.g. \(taskID)@\(first) (its instances: \(systems.map { "\(taskID)@\($0)" }.joined(separator: ", ")))"
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
        case .needsForce(let why, let dev):
            guard ctx.force else { throw RunbookError.refused(why) }
            deviations.record(dev)
        case .refused(let why): throw RunbookError.refused(why)
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
        let verbWord = verb == .done ? "done" : "started"
        if verb == .done, view.status == .started, let started = view.record.since, when < started {
            try deviations.outOfOrder("task \(id) cannot be done at \(when.localDateTime): it was started at \(started.localDateTime)",
                                      deviation: "done before it was started (\(started.localDateTime))")
        }
        // One system's turn of a per-system task is not before that system was reported.
        if let sys = view.system, let rec = state.facts.system(named: sys), when < rec.firstReported {
            try deviations.outOfOrder("task \(id) cannot be \(verbWord) at \(when.localDateTime): \(sys) was first reported at \(rec.firstReported.localDateTime)",
                                      deviation: "\(verbWord) before \(sys) was first reported (\(rec.firstReported.localDateTime))")
        }
        guard view.round == 1 else { return }
        for a in view.def.after {
            // A per-system prerequisite's times are its instances': only tasks done once are checked.
            guard let j = taskIndex[a], !playbook.tasks[j].perSystem, state.tasks[j].recorded == .done, let doneAt = state.tasks[j].since, when < doneAt else { continue }
            try deviations.outOfOrder("task \(id) cannot be \(verbWord) at \(when.localDateTime): its prerequisite \(a) was done at \(doneAt.localDateTime)",
                                      deviation: "\(verbWord) before its prerequisite \(a) was done (\(doneAt.localDateTime))")
        }
    }
}
