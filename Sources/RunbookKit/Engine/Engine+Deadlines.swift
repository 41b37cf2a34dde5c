/// How an external clock (`deadline: true`) stands, the one rule the report's deadline table
/// reads: a `per: system` deadline reads done only when every affected system's turn is
/// finished (one at least done), and late only when one turn was late against its own due time.
public struct DeadlineStanding: Sendable, Equatable {
    /// When it was (or is) due: the earliest due time of its turns.
    public var due: Timestamp?
    /// When it was done: for a per-system task, when its last turn was finished, once all are.
    public var done: Timestamp?
    /// Met (true), missed (false), or not yet known (nil: open, not yet past due).
    public var met: Bool?
}

extension Engine {
    /// How the `per: system` deadline task `v` (index `i`, with its instances) stands at `end`;
    /// nil for any other task (the report's own first-round rule applies to those).
    public func perSystemDeadline(index i: Int, _ v: TaskView, end: Timestamp) -> DeadlineStanding? {
        guard v.def.perSystem, !v.instances.isEmpty else { return nil }
        let turns = v.instances.filter { $0.status != .inapplicable }
        guard !turns.isEmpty else { return nil }
        var dues: [Timestamp] = [], dones: [Timestamp] = []
        var late = false, allFinished = true
        for t in turns {
            let due = dueTime(index: i, system: t.system)
            if let due { dues.append(due) }
            switch t.status {
            case .done:
                let when = t.record.since ?? end
                dones.append(when)
                if let due, when > due { late = true }
            case .skipped:
                if let at = t.record.since { dones.append(at) }
            default:
                allFinished = false
                if let due, end > due { late = true }
            }
        }
        let anyDone = turns.contains { $0.status == .done }
        let done = allFinished && anyDone ? dones.max() : nil
        let met: Bool? = late ? false : (allFinished && anyDone && !dues.isEmpty ? true : nil)
        return DeadlineStanding(due: dues.min(), done: done, met: met)
    }
}
