import Foundation

extension Engine {
    /// Checks `action` against the current state and returns the entry to record, or throws
    /// the refusal. Nothing here writes: a refusal leaves the journal untouched.
    public func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws -> EntryDraft {
        if let closed = state.closed {
            throw RunbookError.refused("incident '\(state.name)' was closed at \(closed.localDateTime); it takes no more actions (start a new incident with 'runbook new')")
        }
        try ActionTime.check(ctx.at, now: now, discovered: state.discovered)
        if let at = ctx.at {
            if at.millis > now.millis + 60_000 {
                throw RunbookError.usage("--at \(at.localDateTime) is in the future; give the time it really happened")
            }
            // Before activation is allowed: "the EHR went down at 01:00" is often logged after
            // the command post opens at 01:45. The timeline orders it where it happened.
        }
        if let n = ctx.note { try TextRules.checkNote(n, what: "note") }
        var d = EntryDraft(type: .note, actor: ctx.actor, at: ctx.at, actorRole: role(of: ctx.actor), note: ctx.note)
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
        case .system(let typed, let st):
            // " EHR " and "ehr" are the EHR already reported, not a new system.
            let name = typed.trimmingCharacters(in: .whitespaces)
            try TextRules.checkName(name, what: "system name")
            let known = state.systems.first { SystemRecord.sameSystem($0.name, name) }
            d.type = .systemStatus
            d.fields = [("system", .string(known?.name ?? name)), ("state", .string(st.rawValue))]
        case .note(let text, let tag):
            try TextRules.checkNote(text, what: "note")
            if let tag { try TextRules.checkName(tag, what: "tag") }
            d.type = .note
            d.note = text
            d.fields = tag.map { [("tag", .string($0))] } ?? []
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
        case .period:
            d.type = .periodStarted
            d.fields = [("period", .int(Int64(state.period + 1)))]
        case .close:
            if let at = ctx.at, at < state.activated {
                throw RunbookError.refused("an incident cannot close before it was activated (\(state.activated.localDateTime)); check --at")
            }
            d.type = .incidentClosed
        }
        return d
    }

    func taskDraft(_ id: String, _ verb: Action.TaskVerb, _ ctx: ActionContext, base: EntryDraft, now: Timestamp) throws -> EntryDraft {
        guard let view = taskView(id, now: now) else {
            throw RunbookError.notFound("no task '\(id)'\(Nearest.suggestion(for: id, in: playbook.tasks.map(\.id)))")
        }
        var d = base
        let s = view.status
        func refuse(_ why: String) -> RunbookError { .refused("task \(id) \(why)") }
        if (verb == .skip || verb == .block), (ctx.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw RunbookError.usage("\(verb == .skip ? "skipping" : "blocking") task \(id) needs a reason: add --note \"why\"")
        }
        var deviation: String?
        switch (verb, s) {
        case (.reopen, .done), (.reopen, .skipped), (.reopen, .blocked), (.reopen, .started): break
        case (.reopen, _):
            if view.round > 1 {
                throw refuse("is on round \(view.round) with nothing recorded yet; to undo a round recorded in error, use 'runbook correct SEQ --reason …'")
            }
            throw refuse("is \(s.rawValue): there is nothing to reopen")
        case (_, .done): throw refuse("is already done (\(view.record.since.map { $0.localDateTime } ?? "")); reopen it first if it must be done again")
        case (_, .skipped): throw refuse("was skipped; reopen it first")
        case (.start, .started): throw refuse("is already started")
        case (.block, .blocked): throw refuse("is already blocked: \(view.record.reason ?? "")")
        case (_, .waiting):
            guard ctx.force else {
                throw refuse("is waiting on \(view.waitingOn.joined(separator: ", ")); \(view.waitingOn.count == 1 ? "that comes" : "those come") first, or add --force to record it out of order (noted as a deviation)")
            }
            deviation = "acted while waiting on \(view.waitingOn.joined(separator: ", "))"
        case (_, .inapplicable):
            guard ctx.force, let w = view.def.when else {
                let w = view.def.when
                throw refuse("does not apply: it is only for \(w?.description ?? "another answer"), and \(w?.decision ?? "the decision") was answered \(w.flatMap { state.decisions[$0.decision]?.option } ?? "otherwise"); add --force to record it anyway (noted as a deviation)")
            }
            deviation = "acted although \(w.decision) was answered \(state.decisions[w.decision]?.option ?? "otherwise")"
        default: break
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
