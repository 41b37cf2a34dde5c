/// The one place a task's `when:` is evaluated, and where a task's clock starts: every view,
/// count, board, status line and report asks here.
extension Engine {
    /// Every answer given to decision `id`, the ones changed since included, in the order
    /// they were given (`earlier`, then the answer that stands); empty while it is not made.
    /// What a condition's start and the report's diversion hours are read from.
    public func answers(to id: String) -> [DecisionAnswer] {
        guard let r = state.decisions[id] else { return [] }
        return r.earlier + [DecisionAnswer(option: r.option, when: r.when, seq: r.seq)]
    }

    /// Whether `c` holds on the decisions as they stand now: true, false, or nil while a
    /// decision it needs is not made (`Playbook.Condition.value`).
    public func conditionValue(_ c: Playbook.Condition) -> Bool? {
        c.value { state.decisions[$0]?.option }
    }

    /// The moment `c` became true, if it holds now: the start of the unbroken stretch, up to
    /// now, in which it has held, replaying every answer to its decisions in the order they
    /// happened. So a decision changed later (no-divert, then divert) counts from the change;
    /// one that went from `divert` to `partial` under `ambulance-diversion != no-divert` still
    /// counts from `divert`; an `all` counts from the answer that completed it, an `any` from
    /// the first part that made it true and has kept it so. nil when it does not hold now.
    public func conditionBecameTrue(_ c: Playbook.Condition) -> Timestamp? {
        guard conditionValue(c) == true else { return nil }
        var answers: [(decision: String, answer: DecisionAnswer)] = []
        for d in c.decisions { for a in self.answers(to: d) { answers.append((d, a)) } }
        // The fold's own order (`HappenedOrder`): when it happened, ties by seq.
        answers.sort { ($0.answer.when.millis, $0.answer.seq) < ($1.answer.when.millis, $1.answer.seq) }
        var given: [String: String] = [:]
        var start: Timestamp?
        for (d, a) in answers {
            given[d] = a.option
            if c.value({ given[$0] }) == true {
                if start == nil { start = a.when }
            } else {
                start = nil
            }
        }
        return start
    }

    /// The task's condition while it is undecided (its deadline is then conditional: shown as
    /// "if …", never overdue, passed or missed); nil when it has none or it is decided.
    public func undecidedCondition(_ def: Playbook.TaskDef) -> Playbook.Condition? {
        guard let w = def.when, conditionValue(w) == nil else { return nil }
        return w
    }

    /// When task `i` (or its instance for `system`) starts to matter, the moment a plain `due`
    /// (and a recurring task's first `every`) counts from: activation; for a task with `when:`,
    /// the moment its condition became true; for an instance, when its system was first
    /// reported down or degraded; the latest of these. nil while its condition does not hold.
    public func startTime(index i: Int, system: String? = nil) -> Timestamp? {
        var start = state.activated
        if let w = playbook.tasks[i].when {
            guard let t = conditionBecameTrue(w) else { return nil }
            start = max(start, t)
        }
        if let system, let t = state.facts.system(named: system)?.firstAffected { start = max(start, t) }
        return start
    }
}

extension Engine {
    /// The decisions `c` reads that are not made yet: what a task on it waits on.
    func undecidedDecisions(_ c: Playbook.Condition) -> [String] {
        c.decisions.filter { state.decisions[$0] == nil }
    }
}
