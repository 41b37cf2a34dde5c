/// The undo rule: right after an action, the entries it wrote may be marked entered in error
/// at once (the command post's undo key), for a minute, unless something recorded since then
/// depends on them. The marking itself goes through the correction rule (`Action.correct`).
extension Engine {
    /// How long, in seconds, an action may be undone at once after it was recorded.
    public static let undoSeconds = 60

    /// The reason every entry undone at once carries.
    public static let undoReason = "undone at once"

    /// Why the entries `seqs`, written by one action, may not be undone at once at `now`; nil
    /// when they may. A closed incident takes only its close's undo (the closed rule). The minute runs from when the last of them was recorded (its `time`). A
    /// later entry depends on them when it marks one in error, or is about the same task,
    /// decision, system or role (the fields that name them).
    public func undoRefusal(_ seqs: [Int], now: Timestamp) -> Refusal? {
        let undone = seqs.compactMap { state.entry($0) }
        guard let last = undone.max(by: { $0.seq < $1.seq }) else { return nil }
        if last.time.seconds(until: now) > Engine.undoSeconds { return .undoTooLate(seqs: seqs) }
        // Closed since (by another terminal): only the close itself is still marked in error.
        for s in seqs { if let closed = ActionRules.closedRefusal(state.facts, for: .correct(s, reason: Engine.undoReason)) { return closed } }
        let subjects = ["task", "decision", "system", "role"]
        for seq in stride(from: last.seq + 1, through: state.entryCount, by: 1) {
            guard let later = state.entry(seq) else { continue }
            let target = later["target"]?.int.map(Int.init)
            let dependsOn = undone.contains { e in
                target == e.seq || subjects.contains { k in e.string(k) != nil && e.string(k) == later.string(k) }
            }
            if dependsOn { return .undoAfterDependent(seqs: seqs, later: seq, by: later.person) }
        }
        return nil
    }
}
