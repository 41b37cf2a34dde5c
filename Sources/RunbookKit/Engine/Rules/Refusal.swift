/// Why something cannot be recorded now: the rule that refused it, with its facts (the task,
/// its status, what it waits on, the times that disagree). A value, so the screen and the
/// command line decide by it; its words are written once, in `Refusal+Words.swift`.
public enum Refusal: Sendable, Equatable {
    /// The incident was closed (`name`, at `at`, by entry `seq`): it takes no more actions but
    /// the correction of that close, which reopens it.
    case closed(name: String, at: Timestamp, seq: Int?)
    /// The computer's clock reads a time the journal cannot hold.
    case clockWrong(now: Timestamp)
    /// The computer's clock reads `now`, more than a day past the previous entry's recorded
    /// time `previous` (`ActionTime.checkAhead`): only with `--force`.
    case clockAhead(now: Timestamp, previous: Timestamp)
    /// A bare clock time (`typed`, `HH:MM`) `minutes` ahead of this computer's clock (`now`),
    /// within `WhenParser.slowClockWindow`: a slow clock or a slip, never read as yesterday.
    case clockTimeAhead(typed: String, minutes: Int, now: Timestamp)

    // Tasks (the task rule: `Engine.availability(_:_:)`).
    /// A `per: system` task named without its system; `systems` are its instances' systems.
    case perSystemUnnamed(task: String, systems: [String])
    /// Reopening a task with nothing recorded (`status`), on round `round`.
    case nothingToReopen(task: String, status: TaskStatus, round: Int)
    /// The task is already done (since `at`).
    case alreadyDone(task: String, at: Timestamp?)
    /// The task was skipped.
    case skipped(task: String)
    /// The task is already started.
    case alreadyStarted(task: String)
    /// The task is already blocked, for `reason`.
    case alreadyBlocked(task: String, reason: String?)
    /// The task waits on `on` (task ids, "decision ID"): only with `--force`.
    case waiting(task: String, on: [String])
    /// The task records decision `decision`, which is not answered yet: it is done only with an
    /// answer (one of `options`), which other tasks wait on, so `--force` does not pass it.
    case undecided(task: String, decision: String, options: [String])
    /// The task's decision went the other way: it is only for `condition`, and `decision` was
    /// answered `answer`. Only with `--force`.
    case inapplicable(task: String, condition: String?, decision: String?, answer: String)
    /// Deciding `decision` with `--force` marks its task `task` done, and that done is refused
    /// even forced (`because`): neither is recorded. (Unforced, a held-back done leaves the
    /// decision recorded alone: `Engine.decisionTaskLeftOpen`.)
    indirect case decisionTaskHeld(decision: String, task: String, because: Refusal)

    /// Out of order in time (see `OutOfOrder`): only with `--force`.
    case outOfOrder(OutOfOrder)
    /// An operational period before the incident was activated.
    case periodBeforeActivation(activated: Timestamp)
    /// Closing before the incident was activated.
    case closeBeforeActivation(activated: Timestamp)
    /// Reopening was not confirmed: `typed` is what was typed instead of the name or REOPEN.
    case reopenNotConfirmed(typed: String)
    /// An amendment that names nothing to correct.
    case nothingToAmend
    /// An amendment whose every value is already the incident's.
    case amendmentChangesNothing
    /// The organization would have known (`discovered`) after the command post was activated.
    case discoveredAfterActivation(discovered: Timestamp, activated: Timestamp)

    // Corrections (the correction rule).
    /// Entry 1 opens the incident and cannot be marked in error.
    case entryOpensIncident
    /// Entry `seq` is already marked entered in error by entry `by`.
    case alreadyCorrected(seq: Int, by: Int)
    /// Undoing at once (`Engine.undoRefusal`) entries `seqs` recorded more than
    /// `Engine.undoSeconds` ago: they are marked in error from the timeline instead.
    case undoTooLate(seqs: [Int])
    /// Undoing at once entries `seqs` after which entry `later` was recorded that depends on
    /// them (the same task, decision, system or role, or marking one of them in error).
    case undoAfterDependent(seqs: [Int], later: Int, by: String)

    /// `--for ROLE` named a role nobody has been given yet.
    case nobodyHoldsRole(role: String)

    // Systems (the system-report rule: `IncidentFacts.systemReport`).
    /// A system's kind (`--kind`, the command post's kind picker) that is not one of the
    /// playbook's kinds; `valid` are its kinds and `other`.
    case unknownSystemKind(kind: String, valid: [String])
    /// `task` is only for systems of `kinds`, and `system` is of `kind`.
    case kindNotForTask(task: String, system: String, kind: String, kinds: [String])

    /// The playbook has no decisions to record.
    case noDecisions
    /// Nothing can be recorded here on an incident that came in by sync before the chain of
    /// the station that started it (`incident`, its entry 1) did: this station's chain must
    /// begin by naming that entry (`station.joined`).
    case incidentStartNotHere(incident: String)
    /// Marking in error a station's joining or seal, which are about the record itself.
    case stationEntryNotCorrectable(seq: Int)
    /// Closing was not confirmed: `typed` is what was typed instead of the name or CLOSE
    /// (empty: nothing).
    case closeNotConfirmed(typed: String)

    /// Several incidents are open and a command that records was not told which
    /// (`--incident`, `RUNBOOK_INCIDENT`): these, newest first.
    case severalOpen([OpenIncident])

    /// A refusal from the file layer (journal, incident folders, export paths), with its facts.
    case file(FileRefusal)
}

/// One open incident, as the "several open" refusal lists it.
public struct OpenIncident: Sendable, Equatable {
    public var id: String
    public var name: String
    /// When it was activated.
    public var activated: Timestamp
    public var exercise: Bool

    public init(id: String, name: String, activated: Timestamp, exercise: Bool) {
        self.id = id; self.name = name; self.activated = activated; self.exercise = exercise
    }
}

/// What one draft found out of order in time: an entry from before the incident was
/// discovered, a task done before it was started or before its prerequisite was done, a
/// period begun before the previous one. Refused, or with `--force` recorded as a deviation.
public enum OutOfOrder: Sendable, Equatable {
    /// `at` is before the incident was `discovered`.
    case beforeDiscovery(at: Timestamp, discovered: Timestamp)
    /// A new period at `at` would begin before period `period`, which began at `started`.
    case periodBeforeCurrent(period: Int, started: Timestamp, at: Timestamp)
    /// Task `task` done at `at`, before it was started at `started`.
    case doneBeforeStarted(task: String, at: Timestamp, started: Timestamp)
    /// One system's turn of task `task`, `verb` (start or done) at `at`, before `system` was
    /// first reported at `reported`.
    case beforeSystemReported(task: String, verb: Action.TaskVerb, at: Timestamp, system: String, reported: Timestamp)
    /// Task `task` `verb` (start or done) at `at`, before its prerequisite was done at `done`.
    case beforePrerequisite(task: String, verb: Action.TaskVerb, at: Timestamp, prerequisite: String, done: Timestamp)
}

extension RunbookError {
    /// The refusal this error carries, if it is one.
    public var refusal: Refusal? {
        if case .refused(let r) = self { return r }
        return nil
    }
}
