import RunbookKit

/// What a typed line is for, and so what happens when it is submitted.
public enum TextPurpose: Sendable, Equatable {
    case reason(Action, force: Bool)
    case note
    /// A note about one task, recorded with it (its `task` field).
    case taskNote(task: String)
    case search
    case assign(role: String)
    case systemName
    case correctSeq
    case correctReason(Int)
    /// The incident's name or REOPEN, typed to mark its close (entry `seq`) entered in error
    /// for `reason`, which reopens it.
    case reopenName(seq: Int, reason: String)
    /// A corrected fact of entry 1 (`runbook amend`): the activation or discovery time, or the name.
    case amend(AmendedFact)
    case periodNote
    /// The incident's name or CLOSE, typed to close it for good.
    case closeName
    case closeNote
    /// When a system is expected back (the systems view's `e`).
    case estimate(system: String, state: SystemRecord.State)
    /// The reason for a decision (recorded with the task that records it, when the engine's
    /// decide rule completes it: `Engine.decisionTaskOutcome`).
    case decisionReason(decision: String, option: String)
    /// When a task really was done (or started…): `14:05`, `-40m`.
    case actionTime(task: String, verb: Action.TaskVerb)
    /// When the next thing recorded happened (`CommandPostModel.happenedAt`); empty: now.
    case happenedAt
    /// The name of the person the next action is recorded for (`w`, "someone else").
    case forWhom
}

/// Which of entry 1's facts a prompt corrects.
public enum AmendedFact: Sendable, Equatable {
    case activated, discovered, name
}

extension TextPurpose {
    /// A time is typed: the prompt shows what it resolves to as it is typed (`TimePreview`).
    public var takesTime: Bool {
        switch self {
        case .actionTime, .happenedAt, .amend(.activated), .amend(.discovered): return true
        default: return false
        }
    }

    /// Free text someone wrote (a note, a reason): Esc asks before throwing it away. A name, a
    /// number or a time is quicker typed again than asked about.
    public var isDraft: Bool {
        switch self {
        case .note, .taskNote, .reason, .correctReason, .periodNote, .closeNote, .decisionReason: return true
        case .search, .assign, .systemName, .correctSeq, .closeName, .reopenName, .amend, .actionTime, .estimate, .happenedAt, .forWhom: return false
        }
    }
}
