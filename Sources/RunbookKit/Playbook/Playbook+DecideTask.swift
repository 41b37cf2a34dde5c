extension Playbook {
    /// Every task that records a decision, by task id, with the decision it records: the
    /// decisions' `task:` read the other way, which the rule "a task that records a decision is
    /// not done without its answer" asks (`Engine.decisionRecorded(by:)`). A decision without
    /// `task:` has no task: nothing is guessed from titles (`playbooks check` holds one task to
    /// one decision).
    public var decisionsByTask: [String: String] {
        var map: [String: String] = [:]
        for d in decisions { if let t = d.task, map[t] == nil { map[t] = d.id } }
        return map
    }
}
