import RunbookKit

/// An action waiting for the journal (another runbook holds its lock) is never dropped
/// silently: quitting asks (wait for it, or discard it), and a second action is refused with
/// what was typed kept, never thrown away or let past the first.
extension CommandPostModel {
    /// What the status line (or the prompt) says when an action is refused because another waits.
    static let stillWaiting = "One action is still waiting to be written: this one is NOT recorded (what you typed is kept). Wait for it, or Esc gives the waiting one up."

    /// `q` (or Ctrl-C): quits at once, unless an action is still waiting to be written; then asks.
    mutating func quitAsking() {
        guard let w = waiting else { quit = true; return }
        let what = TextWidth.oneLine(CommandPostModel.pendingWords(w.action))
        modal = .menu(Menu(title: "1 action not recorded yet (\(what)): w wait / d discard", items: [
            MenuItem("w", "Wait until it is written, then quit", .quit(discarding: false)),
            MenuItem("d", "Discard it (it is NOT recorded) and quit now", .quit(discarding: true)),
        ]))
    }

    /// The answer to `quitAsking`'s question.
    mutating func quitWhileWaiting(discarding: Bool) {
        guard waiting != nil else { quit = true; return }
        if discarding {
            waiting = nil
            followUps.removeAll()
            recordingFrom = nil
            quit = true
        } else {
            quitWhenWritten = true
            message = ("WAITING — will quit once it is written. Esc gives it up (NOT recorded) and stays.", true)
        }
    }

    /// Refuses a new recording while another waits, saying so; true when refused.
    mutating func refusedWhileWaiting() -> Bool {
        guard waiting != nil else { return false }
        message = (CommandPostModel.stillWaiting, true)
        return true
    }

    /// A few words for a waiting action: its kind and what was typed.
    static func pendingWords(_ a: Action) -> String {
        switch a {
        case .note(let text, _): return "note “\(text.prefix(40))”"
        case .task(let id, let verb): return "\(id) \(verb.rawValue)"
        case .decide(let id, let option): return "decision \(id) = \(option)"
        case .assign(let role, let person): return "\(role) → \(person)"
        case .system(let name, let state, _, _): return "\(name) \(state.rawValue)"
        case .correct(let seq, _): return "entry #\(seq) marked in error"
        case .period: return "new operational period"
        case .close: return "closing the incident"
        case .amend: return "amending the incident's record"
        }
    }

    /// The day-ahead clock rule on the screen: the computer's clock reads more than a day past
    /// the last entry. Asks whether the clock is right; yes records it again, confirmed (the
    /// entry says so in `clockAhead`); no, or Enter, goes back to what was typed, nothing recorded.
    mutating func askClockAhead(_ error: Error, _ refused: (action: Action, context: ActionContext)) {
        guard case .clockAhead(let now, let previous)? = (error as? RunbookError)?.refusal, !refused.context.force else { return }
        let c = refused.context
        let again = Recording(refused.action, note: c.note, force: true, at: c.at, task: c.task)
        // No: back to what was typed, if it came from a prompt; nothing is recorded.
        var no = MenuChoice.nothing("Not recorded: check the computer's clock (date, time and time zone).")
        if case .prompt(let p) = modal { no = .ask(p) }
        modal = .confirm(Confirm(question: "The computer's clock says \(now.localDateTime), more than a day after the last entry (\(previous.localDateTime)). Is the clock right? Record it anyway (the entry notes it)?",
                                 then: .recordAll([again]), otherwise: no, enterIsNo: true))
    }
}

extension TextPurpose {
    /// Whether submitting the prompt records an action (rather than searching, or asking more).
    var records: Bool {
        switch self {
        case .search, .systemName, .correctSeq, .closeName, .happenedAt, .forWhom: return false
        default: return true
        }
    }
}
