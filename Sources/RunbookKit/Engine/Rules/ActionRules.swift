import Foundation

// Every rule about what may be recorded lives in this folder, one home each:
//
// - ActionRules.swift       the rules every action shares: the `--at` time, a closed incident,
//                           the close confirmation, what an action reads; back-dated entries
// - Availability.swift      whether an action may be recorded now, for every action: what the
//                           screen asks before it offers a key or a menu item
// - Refusal.swift           why not, as a value (the rule and its facts); Refusal+Words.swift
//                           writes its words, once, for the command line and the screen
// - Engine+TaskRules.swift  the task rules: which task an id names, status and prerequisites,
//                           the decision a task records (never done without its answer),
//                           the order of a task's history in time
// - IncidentFacts+Draft.swift  the drafting pipeline every action goes through (`Engine` and
//                           `LightState` alike), and the incident-wide actions: notes, systems,
//                           periods, closing
// - Engine+Draft.swift      `Engine.draft`, and the rules of decisions, roles and corrections
// - Engine+Decide.swift     `Engine.drafts`: a decision completes the task that records it
//                           (its `task:`), both entries in one step, for the CLI and the screen
// - Deviations.swift        out of order: refused, or with `--force` recorded as a deviation
// - ActionTime.swift        the times a journal entry may carry (the clock, `--at`)
// - EstimateRule.swift      a system's restoration estimate (`--eta`)
// - IncidentFacts+SystemReport.swift  a reported system's name (the playbook's name for an
//                           alias) and kind (`--kind`: one of the playbook's), and what to say
// - TextRules.swift, TextRules+Control.swift  the text people type: length, control characters
// - UndoRule.swift          undoing an action at once (the command post's z): the minute, and
//                           no later entry depending on it; the marking is a correction
// - HospitalWideRule.swift  what an action tells the whole hospital (a system back up, a
//                           standing answer changed, a critical milestone): asked with y first
//
// Outside this folder: a task's status (waiting, ready…) is folded in ../Engine+Views.swift;
// ../LightState.swift drafts one-line commands through IncidentFacts+Draft's pipeline;
// ../TaskCounts.swift counts the work for the command post's header and the board;
// ../Engine+SystemKinds.swift is a system's kind and which per-system tasks it has.

/// What an action's rule reads from the journal, so a one-line command reads no more.
public enum ActionReads: Sendable, Equatable {
    /// The frozen playbook and every entry (task, decision, role and correction rules).
    case everything
    /// Only entries of these types, into the light state (no playbook).
    case only([EntryType])
}

/// The rules every action shares: one place each for the `--at` time, a closed incident and
/// the confirmation of closing.
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

    /// The closed-incident rule: a closed incident takes no more actions, but two: an amendment
    /// of entry 1's facts (the after-action review finds the activation time was wrong), and
    /// marking the close itself entered in error (a close recorded by mistake), which reopens it.
    public static func closedRefusal(_ facts: IncidentFacts, for action: Action? = nil) -> Refusal? {
        guard let closed = facts.closed else { return nil }
        switch action {
        case .amend?: return nil
        case .correct(let seq, _)? where seq == facts.closedSeq: return nil
        default: return .closed(name: facts.name, at: closed, seq: facts.closedSeq)
        }
    }

    /// The confirmation of closing an incident for good: what was typed (spaces around it
    /// ignored) is CLOSE, the incident's id, or its name in any case. The command line and the
    /// command post both ask this.
    public static func confirmsClose(_ typed: String, id: String, name: String) -> Bool {
        let answer = typed.trimmingCharacters(in: .whitespaces)
        guard !answer.isEmpty else { return false }
        return answer == "CLOSE" || answer == id
            || answer.compare(name.trimmingCharacters(in: .whitespaces), options: [.caseInsensitive]) == .orderedSame
    }

    /// The confirmation of reopening a closed incident (its close marked entered in error): the
    /// incident's name in any case, its id, or REOPEN, as closing asks for its name or CLOSE.
    public static func confirmsReopen(_ typed: String, id: String, name: String) -> Bool {
        typed.trimmingCharacters(in: .whitespaces) == "REOPEN" || (typed != "CLOSE" && confirmsClose(typed, id: id, name: name))
    }

    /// How long after it happened an entry must be written up to count as back-dated.
    public static let backDatedAfter: Int64 = 60_000
}

extension JournalEntry {
    /// Whether the entry was written up later than it happened: `at` given, and a minute or more
    /// before it was recorded. The one definition the screen, the board, `log` and the report
    /// use when they add "recorded …" to an entry.
    public var isBackDated: Bool {
        guard let at else { return false }
        return time.millis - at.millis >= ActionRules.backDatedAfter
    }
}

extension Action {
    /// What this action's rule reads. Incident-wide actions (notes, systems, periods, closing)
    /// are checked against the light state (`IncidentFacts`, folded from opening, roles,
    /// corrections and closing, plus what each names here); tasks, decisions, roles and
    /// corrections need the playbook and every entry.
    public var reads: ActionReads {
        let base: [EntryType] = [.incidentOpened, .incidentAmended, .roleAssigned, .entryCorrected, .incidentClosed]
        switch self {
        case .task, .decide, .assign, .correct: return .everything
        case .note, .close, .amend: return .only(base)
        case .system: return .only(base + [.systemStatus])   // "same system" looks at earlier reports
        case .period: return .only(base + [.periodStarted])  // the next period's number
        }
    }
}
