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

extension Playbook.Decision {
    /// The decision's short name where a question is too long to read aloud — the board's
    /// "Decided:" line and the report's page one: its id in words, `ambulance-diversion` →
    /// "Ambulance diversion".
    public var shortName: String { Playbook.Decision.shortName(id: id) }

    /// `shortName` for a decision known by its id alone (a report row).
    public static func shortName(id: String) -> String {
        let words = id.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
