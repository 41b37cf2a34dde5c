import Foundation

extension Engine {
    /// Checks `action` against the current state and returns the entry to record, or throws
    /// the refusal. Nothing here writes: a refusal leaves the journal untouched. The pipeline is
    /// `IncidentFacts.draft`'s, which `LightState` shares.
    public func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws -> EntryDraft {
        try state.facts.draft(action, ctx, now: now, previous: state.lastRecorded, roleIDs: playbook.roles.map(\.id), systems: playbook.systems, needingPlaybook: { base, deviations in
            try draftNeedingPlaybook(action, ctx, base: base, now: now, deviations: &deviations)
        }, aboutTask: { d in
            if let task = ctx.task { try noteAbout(task, &d, now: now) }
        })
    }

    /// Tasks, decisions, roles and corrections: the actions whose rules read the playbook.
    func draftNeedingPlaybook(_ action: Action, _ ctx: ActionContext, base: EntryDraft, now: Timestamp,
                              deviations: inout Deviations) throws -> EntryDraft {
        var d = base
        switch action {
        case .task(let id, let verb):
            return try taskDraft(id, verb, ctx, base: base, now: now, deviations: &deviations)
        case .decide(let id, let option):
            try checkDecision(id, option)
            d.type = .decisionMade
            d.fields = [("decision", .string(id)), ("option", .string(option))]
        case .assign(let role, let person):
            try checkRole(role)
            try TextRules.checkName(person, what: "person's name")
            d.type = .roleAssigned
            d.fields = [("role", .string(role)), ("person", .string(person))]
        case .correct(let seq, let reason):
            try TextRules.checkNote(reason, what: "reason")
            let target = try checkCorrection(seq)
            d.type = .entryCorrected
            d.fields = [("target", .int(Int64(seq))), ("reason", .string(reason)), ("targetType", .string(target.type))]
        case .note, .system, .period, .close, .amend:
            break  // drafted by `IncidentFacts.draftIncidentWide`
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

    /// The decision rule: the playbook has decision `id`, and `option` is one of its answers.
    func checkDecision(_ id: String, _ option: String) throws {
        guard let dec = playbook.decision(id) else {
            throw RunbookError.notFound("no decision '\(id)'\(Nearest.suggestion(for: id, in: playbook.decisions.map(\.id)))\(playbook.decisions.isEmpty ? " (this playbook has no decisions)" : "")")
        }
        guard dec.options.contains(option) else {
            throw RunbookError.notFound("decision '\(id)' has no option '\(option)'; its options are \(dec.options.joined(separator: ", "))")
        }
    }

    /// The role rule: the playbook has role `role`.
    func checkRole(_ role: String) throws {
        guard playbook.role(role) == nil else { return }
        throw RunbookError.notFound("no role '\(role)'\(Nearest.hint(for: role, in: playbook.roles.map(\.id))) (roles: \(playbook.roles.map(\.id).joined(separator: ", ")))")
    }

    /// The correction rule: entry `seq` exists, is not entry 1 (which opens the incident) nor a
    /// station's joining or seal, and is not already marked entered in error. Returns the entry.
    @discardableResult
    func checkCorrection(_ seq: Int) throws -> JournalEntry {
        guard let target = state.entry(seq) else {
            throw RunbookError.notFound("no entry \(seq): this journal has entries 1 to \(state.entryCount)")
        }
        if seq == 1 { throw RunbookError.refused(.entryOpensIncident) }
        if target.kind == .stationJoined || target.kind == .stationSealed { throw RunbookError.refused(.stationEntryNotCorrectable(seq: seq)) }
        if let by = state.corrected[seq] { throw RunbookError.refused(.alreadyCorrected(seq: seq, by: by)) }
        return target
    }
}
