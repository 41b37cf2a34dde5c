import RunbookKit

/// Undoing a slip at once: for a minute after an action, `z` marks every entry it wrote
/// entered in error, with the reason "undone at once", through the correction rule. The undo
/// rule (the minute, and no later entry depending on it) is the engine's: `Engine.undoRefusal`.
extension CommandPostModel {
    /// What the status line offers while the last action can be undone: "z: undo #43 (52 s)".
    var undoOffer: String? {
        guard let seqs = undoable, let last = seqs.max(), let e = engine.state.entry(last) else { return nil }
        let left = Engine.undoSeconds - e.time.seconds(until: now)
        // Offered only while the undo rule lets it through; z says why when it does not.
        guard left > 0, readOnlyRefusal == nil, engine.undoRefusal(seqs, now: now) == nil else { return nil }
        return "z: undo \(seqs.map { "#\($0)" }.joined(separator: " and ")) (\(left) s)"
    }

    /// `z`: the last action's entries marked entered in error, the latest first (a decision's
    /// task done, then the decision). An undone close reopens the incident, confirmed as the
    /// reopen rule asks (its name typed).
    mutating func undoLast() {
        guard let seqs = undoable, !seqs.isEmpty else {
            message = ("Nothing to undo: z undoes what you just recorded, for a minute after it.", false)
            return
        }
        if let why = readOnlyRefusal { message = (why, true); return }
        if let r = engine.undoRefusal(seqs, now: now) {
            if case .undoTooLate = r { undoable = nil }
            message = (TextWidth.oneLine(r.words(on: .commandPost)), true)
            return
        }
        guard !refusedWhileWaiting() else { return }
        if engine.state.closed != nil, let close = engine.state.facts.closedSeq, seqs.contains(close) {
            modal = .prompt(Prompt(title: "Undo the close #\(close): reopen incident “\(TextWidth.truncate(engine.state.name, 40))”? Type its name, or REOPEN, and Enter; Esc keeps it closed:",
                                   editor: LineEditor(), required: true, purpose: .reopenName(seq: close, reason: Engine.undoReason)))
            return
        }
        undoable = nil
        let all = seqs.sorted(by: >).map { Recording(.correct($0, reason: Engine.undoReason)) }
        guard let first = all.first else { return }
        // The typist's own, dated now: never the time or the person chosen for the next action.
        followUps = Array(all.dropFirst())
        effects.append(.record(first.action, ActionContext(actor: actor, at: nil, note: nil, force: false, task: nil, forWhom: nil)))
    }
}
