extension PlaybookLoader {
    /// The rules of a decision's `task:` (the task that records it; deciding completes it),
    /// which need every task built: the task exists; it belongs to the decision's role (when the
    /// decision has one: whoever decides is whoever is asked to); it is done once (not `every:`,
    /// whose rounds have no one done time, nor `per: system`, which one decision cannot finish
    /// for every system); it does not apply only on an answer of the decision it records (it
    /// could not be done the other way); and no two decisions name it (its done would stand for
    /// two answers). Each finding points at the `task:` value.
    func checkDecisionTasks(_ decisions: [Playbook.Decision], _ tasks: [Playbook.TaskDef],
                            taskNodes: [String: SourcedNode], diags: inout [PlaybookDiagnostic]) {
        var recordedBy: [String: (decision: String, line: Int)] = [:]
        for d in decisions {
            guard let id = d.task, let n = taskNodes[d.id] else { continue }
            guard let t = tasks.first(where: { $0.id == id }) else {
                diags.append(n.diag("decision '\(d.id)' is recorded by task '\(id)', which is not a task\(Nearest.hint(for: id, in: tasks.map(\.id)))"))
                continue
            }
            if let role = d.role, t.role != role {
                diags.append(n.diag("decision '\(d.id)' (role \(role)) is recorded by task '\(id)', which is role \(t.role)'s: name a task of role \(role), or give the decision role \(t.role)"))
            }
            if let e = t.every {
                diags.append(n.diag("decision '\(d.id)' is recorded by task '\(id)', which recurs (every \(e)): a decision is recorded by a task done once"))
            }
            if t.perSystem {
                diags.append(n.diag("decision '\(d.id)' is recorded by task '\(id)', which is done per system: a decision is recorded by a task done once"))
            }
            if let w = t.when, w.decisions.contains(d.id) {
                diags.append(n.diag("decision '\(d.id)' is recorded by task '\(id)', which applies only when \(w): the task that records a decision must apply whatever the answer"))
            }
            if let first = recordedBy[id] {
                diags.append(n.diag("task '\(id)' already records decision '\(first.decision)' (line \(first.line)): one task records one decision"))
            } else {
                recordedBy[id] = (d.id, n.line)
            }
        }
    }
}
