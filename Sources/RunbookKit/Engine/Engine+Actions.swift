import Foundation

extension Engine {
    /// Checks `action` against the current state and returns the entry to record, or throws
    /// the refusal. Nothing here writes: a refusal leaves the journal untouched.
    public func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws -> EntryDraft {
        let base = try state.facts.baseDraft(ctx, now: now)
        try ActionRules.checkEstimate(action, ctx, now: now)
        if let d = try state.facts.draftIncidentWide(action, ctx, base: base) { return d }
        var d = base
        switch action {
        case .task(let id, let verb):
            return try taskDraft(id, verb, ctx, base: d, now: now)
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

    func taskDraft(_ id: String, _ verb: Action.TaskVerb, _ ctx: ActionContext, base: EntryDraft, now: Timestamp) throws -> EntryDraft {
        guard let view = taskView(id, now: now) else {
            throw RunbookError.notFound("no task '\(id)'\(Nearest.suggestion(for: id, in: playbook.tasks.map(\.id)))")
        }
        var d = base
        if (verb == .skip || verb == .block), (ctx.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw RunbookError.usage("\(verb == .skip ? "skipping" : "blocking") task \(id) needs a reason: add --note \"why\"")
        }
        var deviation: String?
        switch availability(verb, view) {
        case .allowed: break
        case .needsForce(let why, let dev):
            guard ctx.force else { throw RunbookError.refused(why) }
            deviation = dev
        case .refused(let why): throw RunbookError.refused(why)
        }
        switch verb {
        case .start: d.type = .taskStarted
        case .done: d.type = .taskDone
        case .skip: d.type = .taskSkipped
        case .block: d.type = .taskBlocked
        case .reopen: d.type = .taskReopened
        }
        d.fields = [("task", .string(id))]
        if view.def.every != nil { d.fields.append(("round", .int(Int64(view.round)))) }
        if let deviation {
            d.fields.append(("force", .bool(true)))
            d.fields.append(("deviation", .string(deviation)))
        }
        return d
    }
}
