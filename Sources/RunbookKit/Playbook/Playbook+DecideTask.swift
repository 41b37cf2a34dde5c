extension Playbook {
    /// The "Decide …" task that records `decision` being made, if the playbook has one: the
    /// task whose title starts with "Decide" and whose id and title share the most words with
    /// the decision's id, when that decision is also the one the task shares most with (so
    /// "breach-size" does not take the regulator-notification task). The command post offers
    /// to mark it done with the decision.
    public func decideTask(for decision: String) -> String? {
        let candidates = tasks.filter { $0.title.lowercased().hasPrefix("decide") }
        func score(_ d: String, _ t: TaskDef) -> Int {
            let words = Playbook.stems(t.id + " " + t.title)
            return Set(Playbook.stems(d)).filter { words.contains($0) }.count
        }
        func best<T>(_ items: [T], _ s: (T) -> Int) -> T? {
            let scored = items.map { ($0, s($0)) }.filter { $0.1 > 0 }
            guard let top = scored.map(\.1).max() else { return nil }
            let at = scored.filter { $0.1 == top }
            return at.count == 1 ? at[0].0 : nil
        }
        guard let task = best(candidates, { score(decision, $0) }),
              let back = best(decisions.map(\.id), { score($0, task) }), back == decision else { return nil }
        return task.id
    }

    /// Words of four letters or more, cut to their first five ("electives" meets "elective").
    static func stems(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.filter { $0.count >= 4 && $0 != "decide" }.map { String($0.prefix(5)) }
    }
}

extension Playbook {
    /// Every task that records a decision, by task id, with the decision it records: the
    /// reverse of `decideTask(for:)`, which the rule "a task that records a decision is not done
    /// without its answer" asks (`Engine.decisionRecorded(by:)`). When the link becomes playbook
    /// data (a `task:` key on the decision), only `decideTask(for:)` changes.
    public var decisionsByTask: [String: String] {
        var map: [String: String] = [:]
        for d in decisions { if let t = decideTask(for: d.id) { map[t] = d.id } }
        return map
    }
}
