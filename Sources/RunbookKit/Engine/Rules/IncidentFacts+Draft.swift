import Foundation

/// The drafting pipeline every action goes through, and the incident-wide actions (notes,
/// systems, periods, closing), which need only the facts: the full engine and the light state
/// both draft through here, so they draft the same entry for the same action.
extension IncidentFacts {
    /// Checks `action` and returns its entry: the checks every action shares, the estimate rule,
    /// the incident-wide draft (or `needingPlaybook`'s, for tasks, decisions, roles and
    /// corrections), a note's task (`aboutTask`), not before discovery, the day-ahead clock rule
    /// against the previous entry's recorded time (`previous`), then deviation and paper.
    /// `roleIDs` are the playbook's roles, which `--for` may name (nil without the playbook: the
    /// light state, which is never given a `for`).
    func draft(_ action: Action, _ ctx: ActionContext, now: Timestamp, previous: Timestamp?, roleIDs: [String]? = nil,
               systems: SystemCatalog = SystemCatalog(),
               needingPlaybook: (EntryDraft, inout Deviations) throws -> EntryDraft,
               aboutTask: (inout EntryDraft) throws -> Void) throws -> EntryDraft {
        var deviations = Deviations(force: ctx.force)
        let behalf = try onBehalf(ctx, roleIDs: roleIDs, now: now)
        let base = try baseDraft(ctx, now: now, action: action, behalf: behalf)
        try ActionRules.checkEstimate(action, ctx, now: now)
        var d: EntryDraft
        if let wide = try draftIncidentWide(action, ctx, base: base, now: now, systems: systems, deviations: &deviations) {
            d = wide
            if case .note = action, ctx.task != nil { try aboutTask(&d) }
        } else {
            d = try needingPlaybook(base, &deviations)
        }
        try checkDiscovered(ctx, deviations: &deviations)
        let ahead = try ActionTime.checkAhead(now, previous: previous, force: ctx.force)
        deviations.apply(to: &d, ctx)
        if let ahead { d.fields.append(("clockAhead", ahead)) }
        if let behalf, behalf.person != ctx.actor { d.fields.append(("for", .string(behalf.person))) }
        return d
    }

    /// Whom an entry is recorded on behalf of (`ctx.forWhom`), checked like any name: a role id of
    /// the playbook (`roleIDs`) is whoever held that role when it happened (`holder(of:at:)`;
    /// refused when nobody did), anything else a person's name. Nil when the typist typed their
    /// own name; a role the typist held is theirs, and the entry records no `for`.
    func onBehalf(_ ctx: ActionContext, roleIDs: [String]?, now: Timestamp) throws -> OnBehalf? {
        guard let typed = ctx.forWhom else { return nil }
        guard let roleIDs else {
            throw RunbookError.io(.internalError("an entry for someone else needs the playbook and cannot be checked from a quick read"))
        }
        let name = typed.trimmingCharacters(in: .whitespaces)
        try TextRules.checkName(name, what: "name after --for")
        guard roleIDs.contains(name) else { return name == ctx.actor ? nil : OnBehalf(person: name, role: nil) }
        let when = ctx.at ?? now
        guard let person = holder(of: name, at: when) else { throw RunbookError.refused(.nobodyHoldsRole(role: name)) }
        return OnBehalf(person: person, role: name)
    }

    /// The checks every action shares (closed incident, `--at`, the note), and the entry they
    /// start from, with `actorRole` by the one role rule: the role the person it counts for (the
    /// actor, or whom it is for) held when it happened; a role named with `--for` is that role.
    func baseDraft(_ ctx: ActionContext, now: Timestamp, action: Action? = nil, behalf: OnBehalf? = nil) throws -> EntryDraft {
        if let refusal = ActionRules.closedRefusal(self, for: action) { throw RunbookError.refused(refusal) }
        try ActionRules.checkAt(ctx.at, now: now, discovered: discovered)
        if let n = ctx.note { try TextRules.checkNote(n, what: "note") }
        let role = behalf?.role ?? role(of: behalf?.person ?? ctx.actor, at: ctx.at)
        return EntryDraft(type: .note, actor: ctx.actor, at: ctx.at, actorRole: role, note: ctx.note)
    }

    /// The last check every action shares, after its own (closing or a period before
    /// activation is refused outright, in its own words): not before the incident's discovery.
    /// After discovery and before activation is normal (events are logged after the fact);
    /// before the organization knew of the incident is almost always a typo.
    func checkDiscovered(_ ctx: ActionContext, deviations: inout Deviations) throws {
        guard let at = ctx.at, ActionTime.isBefore(at, discovered) else { return }
        try deviations.outOfOrder(.beforeDiscovery(at: at, discovered: discovered))
    }

    /// Drafts an incident-wide action from the facts alone; nil for an action that needs the
    /// playbook (see `Action.reads`).
    func draftIncidentWide(_ action: Action, _ ctx: ActionContext, base: EntryDraft, now: Timestamp,
                           systems: SystemCatalog = SystemCatalog(), deviations: inout Deviations) throws -> EntryDraft? {
        var d = base
        let when = ctx.at ?? now
        switch action {
        case .system(let typed, let st, let eta, let kind):
            // " EHR " and "ehr" are the EHR already reported, not a new system; so are its
            // look-alikes (`SystemRecord.key`) and the playbook's aliases (`systemReport`).
            let report = try systemReport(typed, kind: kind, catalog: systems)
            d.type = .systemStatus
            d.fields = [("system", .string(report.name)), ("state", .string(st.rawValue))]
            if let eta { d.fields.append(("eta", .string(eta.rfc3339))) }
            if let k = report.kind { d.fields.append(("kind", .string(k))) }
        case .note(let text, let tag):
            try TextRules.checkNote(text, what: "note")
            if let tag { try TextRules.checkName(tag, what: "tag") }
            d.type = .note
            d.note = text
            d.fields = tag.map { [("tag", .string($0))] } ?? []
            if let task = ctx.task {
                try TextRules.checkName(task, what: "task id")
                d.fields.append(("task", .string(task)))
            }
        case .period:
            // Exact, not to the minute (`ActionTime.isBefore`): a period's number is counted
            // from the exact starts, and a minute-wide 09:24 after a start at 09:24:31 would
            // take that period's number again.
            if when < activated { throw RunbookError.refused(.periodBeforeActivation(activated: activated)) }
            if when < periodStarted {
                try deviations.outOfOrder(.periodBeforeCurrent(period: period, started: periodStarted, at: when))
            }
            d.type = .periodStarted
            d.fields = [("period", .int(Int64(period(at: when) + 1)))]
        case .close:
            if ActionTime.isBefore(when, activated) { throw RunbookError.refused(.closeBeforeActivation(activated: activated)) }
            d.type = .incidentClosed
        case .amend(let a):
            d.type = .incidentAmended
            d.fields = try amendmentFields(a, now: now)
        case .task, .decide, .assign, .correct:
            return nil
        }
        return d
    }
}
