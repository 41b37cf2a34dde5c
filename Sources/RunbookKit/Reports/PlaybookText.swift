/// Playbooks as text: on screen (`playbooks show`) and on paper (`playbooks print`).
public enum PlaybookText {
    /// The whole playbook, phase by phase, with guidance.
    public static func show(_ p: Playbook) -> String {
        var out = ["\(p.title) — \(p.id) \(p.version)", p.source, ""]
        out.append("Roles: " + p.roles.map { "\($0.title) [\($0.id)]" }.joined(separator: "; "))
        out.append("")
        if !p.decisions.isEmpty {
            out.append("Decisions:")
            for d in p.decisions { out.append("  \(d.id): \(d.question) [\(d.options.joined(separator: " / "))]\(d.role.map { " — \($0)" } ?? "")") }
            out.append("")
        }
        for ph in p.phases {
            out.append("== \(ph.title) (\(window(ph))) ==")
            for t in p.tasks where t.phase == ph.id {
                var head = "\(t.critical ? "!" : " ") \(t.id) — \(t.title) [\(t.role)]"
                if let d = t.due { head += d.anchor == .activation ? " due +\(d)" : " due \(d)" }
                if let e = t.every { head += " every \(e)" }
                if t.perSystem { head += " per system" + (t.kinds.map { " (\($0.joined(separator: ", ")))" } ?? "") }
                if t.deadline { head += " DEADLINE" }
                if t.milestone { head += " MILESTONE" }
                out.append(head)
                if !t.after.isEmpty { out.append("      after: \(t.after.joined(separator: ", "))") }
                if let w = t.when { out.append("      only when: \(w)") }
                for line in t.detail.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    out.append("      \(line)")
                }
                if !t.refs.isEmpty { out.append("      refs: \(t.refs.joined(separator: "; "))") }
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func window(_ ph: Playbook.Phase) -> String {
        "T+\(ph.from)" + (ph.to.map { " to T+\($0)" } ?? " onwards")
    }

    /// The paper checklist: per role, per phase, each task with Time and Initials blanks.
    public static func paper(_ p: Playbook, sha256: String? = nil, role: String? = nil) -> String {
        var out = ["\(p.title) (\(p.version)) — paper checklist"]
        if let sha256 { out.append("Playbook \(p.id) version \(p.version) · SHA-256 \(sha256)") }
        out += ["Incident: ______________________  Date: __________  Command center: ______________", ""]
        for r in p.roles where role == nil || r.id == role {
            let tasks = p.tasks.filter { $0.role == r.id }
            guard !tasks.isEmpty else { continue }
            out.append("JOB ACTION SHEET — \(r.title.uppercased())")
            out.append("Assigned to: ____________________  Start: ______  End: ______  Reports to: ____________")
            for ph in p.phases {
                let inPhase = tasks.filter { $0.phase == ph.id }
                guard !inPhase.isEmpty else { continue }
                out.append("  \(ph.title) (\(window(ph)))")
                out.append("    Time    Initials  Task")
                for t in inPhase {
                    var line = "    ______  ______    [ ] \(t.title)"
                    if t.critical { line += " (CRITICAL)" }
                    if t.deadline { line += " (DEADLINE)" }
                    if t.milestone { line += " (MILESTONE)" }
                    if let d = t.due { line += d.anchor == .activation && !t.dueStartsLater ? " — due T+\(d)" : " — \(t.dueRuleWords ?? d.words)" }
                    if let e = t.every { line += " — every \(e)" }
                    if t.perSystem {
                        let which = t.kinds.map { " (\($0.joined(separator: ", ")))" } ?? ""
                        line += " — for each affected system\(which): ________  ________  ________"
                    }
                    if let w = t.when { line += " — only if \(w)" }
                    out.append(line)
                }
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
