import RunbookKit

/// A key is offered (on the hint bar and in the help) only where it does something; a key its
/// table shows as disabled does nothing: it never reaches the action's handler, and only says
/// why, as the action would have said it, when there is something to say.
extension CommandPostModel {
    /// Whether a task key may `verb` the selected task now: the engine allows it (a task
    /// waiting, done already or not started is not offered what it would refuse).
    func offersTaskKey(_ verb: Action.TaskVerb) -> Bool {
        guard canActOnTask, let t = selectedTask else { return false }
        // x (and @) on a task that records a decision not made yet asks for its answer.
        if verb == .done, undecidedDecision(t) != nil { return true }
        return engine.availability(verb, t) == .allowed
    }

    /// Whether the entry selected in the timeline (or open in full) can be marked entered in
    /// error: the engine's `availability` for a correction, as `askCorrection` asks it.
    var offersCorrection: Bool {
        guard readOnlyRefusal == nil, let seq = modalEntrySeq ?? selectedEntry?.seq else { return false }
        switch engine.availability(.correct(seq, reason: ""), now: now) {
        case .allowed, .needsForce: return true
        case .refused: return false
        }
    }

    /// The entry open in full, if one is.
    var modalEntrySeq: Int? {
        if case .entry(let r) = modal { return r.seq }
        return nil
    }

    /// The task verb a task key records.
    static func taskVerb(of action: UIAction) -> Action.TaskVerb? {
        switch action {
        case .done, .doneAt: return .done
        case .start: return .start
        case .block: return .block
        case .skip: return .skip
        case .reopen: return .reopen
        default: return nil
        }
    }

    /// What a disabled key does: nothing but, at most, a line on the status line.
    mutating func refuseDisabled(_ action: UIAction, _ key: Key) {
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom, .cancelWaiting, .clearSearch, .alternative, .edit, .closeHelp:
            // Nowhere to move, nothing waiting or searched, no third answer: nothing to say.
            return
        case .done, .start, .block, .skip, .reopen, .doneAt, .taskNote:
            // Why, as the key would have said it: nothing can be recorded, no task is selected,
            // or the rules hold the task back (waiting, done already…).
            if let t = taskToActOn(), let verb = CommandPostModel.taskVerb(of: action) { _ = taskStep(t, verb, at: nil) }
            return
        case .correctEntry:
            // Not offered means askCorrection refuses: only its words are taken.
            if let seq = modalEntrySeq ?? selectedEntry?.seq { askCorrection(seq) } else { _ = writable() }
            return
        case .estimate:
            // Not offered means nothing can be recorded or no system is out: askEstimate only refuses.
            askEstimate()
            return
        case .undo:
            // Not offered: nothing to undo, or the minute is up; undoLast says which.
            undoLast()
            return
        case .note, .menu, .forWhom:
            if !writable() { return }
        default:
            break
        }
        if case .char(let c) = key { message = ("The key '\(c)' does nothing here. Press ? for help.", false) }
    }

}
