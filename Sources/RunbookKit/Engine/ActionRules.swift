/// Whether an action may be recorded now: the one answer the command line, the command
/// post's keys and its menus all ask for.
public enum Availability: Sendable, Equatable {
    /// It can be recorded.
    case allowed
    /// Only out of order, with `--force` (the menu's OUT OF ORDER items): `why` it is held back,
    /// and the `deviation` text recorded with it.
    case needsForce(why: String, deviation: String)
    /// It cannot be recorded; `why`, in plain words.
    case refused(String)
}

/// What an action's rule reads from the journal, so a one-line command reads no more.
public enum ActionReads: Sendable, Equatable {
    /// The frozen playbook and every entry (task, decision, role and correction rules).
    case everything
    /// Only entries of these types, into the light state (no playbook).
    case only([EntryType])
}

/// The rules every action shares: one place each for the `--at` time and a closed incident.
public enum ActionRules {
    /// The `--at` rule: when something happened may be before the command post opened (the EHR
    /// went down at 01:00, logged at 01:45; the timeline orders it where it happened), but not
    /// in the future (a minute of clock skew between terminals allowed), not before 2000 and
    /// not more than a year before the incident's discovery; and nothing is recorded while the
    /// computer's clock reads a time the journal cannot hold (`ActionTime`).
    public static func checkAt(_ at: Timestamp?, now: Timestamp, discovered: Timestamp) throws {
        try ActionTime.check(at, now: now, discovered: discovered)
    }

    /// Whether `at` is later than `now`, beyond the minute of skew the `--at` rule allows (the
    /// start screen's activation time is held to the same rule, in its own words).
    public static func isInFuture(_ at: Timestamp, now: Timestamp) -> Bool {
        at.millis > now.millis + 60_000
    }

    /// The closed-incident rule: a closed incident takes no more actions.
    public static func closedRefusal(_ facts: IncidentFacts) -> RunbookError? {
        guard let closed = facts.closed else { return nil }
        return .refused("incident '\(facts.name)' was closed at \(closed.localDateTime); it takes no more actions (start a new incident with 'runbook new')")
    }
}

extension Action {
    /// What this action's rule reads. Incident-wide actions (notes, systems, periods, closing)
    /// are checked against the light state (`IncidentFacts`, folded from opening, roles,
    /// corrections and closing, plus what each names here); tasks, decisions, roles and
    /// corrections need the playbook and every entry.
    public var reads: ActionReads {
        let base: [EntryType] = [.incidentOpened, .roleAssigned, .entryCorrected, .incidentClosed]
        switch self {
        case .task, .decide, .assign, .correct: return .everything
        case .note, .close: return .only(base)
        case .system: return .only(base + [.systemStatus])   // "same system" looks at earlier reports
        case .period: return .only(base + [.periodStarted])  // the next period's number
        }
    }
}

/// What one draft found out of order in time or sequence (an entry from before the incident
/// was discovered, a task done before it was started or before its prerequisite was done, a
/// period begun before the previous one): each is refused with its reason, or, with
/// `--force`, recorded, and the entry carries `force` and the `deviation` in words.
struct Deviations {
    let force: Bool
    private(set) var reasons: [String] = []

    init(force: Bool) { self.force = force }

    /// Refuses with `why` unless forced; forced, keeps `deviation` for the entry.
    mutating func outOfOrder(_ why: String, deviation: String) throws {
        guard force else {
            throw RunbookError.refused("\(why); if that is really so, add --force to record it anyway (noted as a deviation)")
        }
        reasons.append(deviation)
    }

    /// A deviation already decided (a waiting task acted on with `--force`).
    mutating func record(_ deviation: String) { reasons.append(deviation) }

    /// The entry with its deviation, if any, and its paper source: the members every action
    /// may carry, added last.
    func apply(to d: inout EntryDraft, _ ctx: ActionContext) {
        if let paper = ctx.paper { d.fields.append(("paper", paper.scalar)) }
        guard !reasons.isEmpty else { return }
        d.fields.append(("force", .bool(true)))
        d.fields.append(("deviation", .string(reasons.joined(separator: "; "))))
    }
}

extension IncidentFacts {
    /// The checks every action shares (closed incident, `--at`, the note), and the entry they
    /// start from, with `actorRole` by the one role rule: the role the actor held when it
    /// happened.
    func baseDraft(_ ctx: ActionContext, now: Timestamp, deviations: inout Deviations) throws -> EntryDraft {
        if let refusal = ActionRules.closedRefusal(self) { throw refusal }
        try ActionRules.checkAt(ctx.at, now: now, discovered: discovered)
        if let n = ctx.note { try TextRules.checkNote(n, what: "note") }
        return EntryDraft(type: .note, actor: ctx.actor, at: ctx.at, actorRole: role(of: ctx.actor, at: ctx.at), note: ctx.note)
    }

    /// The last check every action shares, after its own (closing or a period before
    /// activation is refused outright, in its own words): not before the incident's discovery.
    /// After discovery and before activation is normal (events are logged after the fact);
    /// before the organization knew of the incident is almost always a typo.
    func checkDiscovered(_ ctx: ActionContext, deviations: inout Deviations) throws {
        guard let at = ctx.at, at < discovered else { return }
        try deviations.outOfOrder("--at \(at.localDateTime) is before the incident was discovered (\(discovered.localDateTime))",
                                  deviation: "happened before the incident was discovered (\(discovered.localDateTime))")
    }

    /// Drafts an incident-wide action from the facts alone; nil for an action that needs the
    /// playbook (see `Action.reads`).
    func draftIncidentWide(_ action: Action, _ ctx: ActionContext, base: EntryDraft, now: Timestamp,
                           deviations: inout Deviations) throws -> EntryDraft? {
        var d = base
        let when = ctx.at ?? now
        switch action {
        case .system(let typed, let st, let eta):
            // " EHR " and "ehr" are the EHR already reported, not a new system.
            let name = typed.trimmingCharacters(in: .whitespaces)
            try TextRules.checkName(name, what: "system name")
            d.type = .systemStatus
            d.fields = [("system", .string(system(named: name)?.name ?? name)), ("state", .string(st.rawValue))]
            if let eta { d.fields.append(("eta", .string(eta.rfc3339))) }
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
            if when < activated {
                throw RunbookError.refused("an operational period cannot begin before the incident was activated (\(activated.localDateTime)); period 1 began then. Check --at")
            }
            if when < periodStarted {
                try deviations.outOfOrder("period \(period) began at \(periodStarted.localDateTime), after \(when.localDateTime): a new period would begin before the current one",
                                          deviation: "period begun before period \(period)'s start (\(periodStarted.localDateTime)); numbered in time order")
            }
            d.type = .periodStarted
            d.fields = [("period", .int(Int64(period(at: when) + 1)))]
        case .close:
            if when < activated {
                throw RunbookError.refused("an incident cannot close before it was activated (\(activated.localDateTime)); check --at")
            }
            d.type = .incidentClosed
        case .task, .decide, .assign, .correct:
            return nil
        }
        return d
    }
}

extension Engine {
    /// Whether `verb` may be recorded on the task `view` now: every task rule is here.
    public func availability(_ verb: Action.TaskVerb, _ view: TaskView) -> Availability {
        let id = view.id
        if view.def.perSystem && view.system == nil {
            return .refused(Engine.perSystemRefusal(id, systems: view.instances.compactMap(\.system)))
        }
        let s = view.status
        func refuse(_ why: String) -> Availability { .refused("task \(id) \(why)") }
        switch (verb, s) {
        case (.reopen, .done), (.reopen, .skipped), (.reopen, .blocked), (.reopen, .started): return .allowed
        case (.reopen, _):
            if view.round > 1 {
                return refuse("is on round \(view.round) with nothing recorded yet; to undo a round recorded in error, use 'runbook correct SEQ --reason …'")
            }
            return refuse("is \(s.rawValue): there is nothing to reopen")
        case (_, .done): return refuse("is already done (\(view.record.since.map { $0.localDateTime } ?? "")); reopen it first if it must be done again")
        case (_, .skipped): return refuse("was skipped; reopen it first")
        case (.start, .started): return refuse("is already started")
        case (.block, .blocked): return refuse("is already blocked: \(view.record.reason ?? "")")
        // A block is information (the lab courier cannot get through), not an action out of
        // order: it is recorded on a waiting task, or one whose decision went the other way.
        case (.block, .waiting), (.block, .inapplicable): return .allowed
        case (.start, .blocked) where !view.waits.isEmpty, (.done, .blocked) where !view.waits.isEmpty,
             (.skip, .blocked) where !view.waits.isEmpty, (_, .waiting):
            let on = view.waitingOn.joined(separator: ", ")
            return .needsForce(why: "task \(id) is waiting on \(on); \(view.waits.count == 1 ? "that comes" : "those come") first, or add --force to record it out of order (noted as a deviation)",
                               deviation: "acted while waiting on \(on)")
        case (_, .inapplicable):
            let w = view.def.when
            let answer = w.flatMap { state.decisions[$0.decision]?.option } ?? "otherwise"
            return .needsForce(why: "task \(id) does not apply: it is only for \(w?.description ?? "another answer"), and \(w?.decision ?? "the decision") was answered \(answer); add --force to record it anyway (noted as a deviation)",
                               deviation: "acted although \(w?.decision ?? "the decision") was answered \(answer)")
        default: return .allowed
        }
    }

    /// Whether `action` may be recorded now, by the same rules `draft` applies: the command
    /// post asks this to offer a key or a menu item, `draft` to record.
    public func availability(_ action: Action, now: Timestamp) -> Availability {
        if let refusal = ActionRules.closedRefusal(state.facts) { return .refused(refusal.description) }
        switch action {
        case .task(let id, let verb):
            do { return availability(verb, try actionableView(id, now: now)) } catch let e as RunbookError {
                return .refused(e.description)
            } catch {
                return .refused("\(error)")
            }
        case .decide:
            return playbook.decisions.isEmpty ? .refused("this playbook has no decisions") : .allowed
        default:
            return .allowed
        }
    }
}
