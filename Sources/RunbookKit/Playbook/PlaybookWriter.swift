/// Writes a playbook back out as YAML (the frozen copy of a tailored, merged playbook).
/// Every string is double-quoted, so the text reads back exactly.
public enum PlaybookWriter {
    /// The playbook as YAML text in the format of DESIGN.md.
    public static func yaml(_ p: Playbook) -> String {
        func q(_ s: String) -> String { JSONText.quoted(s) }
        func list(_ xs: [String]) -> String { "[" + xs.map(q).joined(separator: ", ") + "]" }
        var out = "id: \(q(p.id))\ntitle: \(q(p.title))\nversion: \(q(p.version))\nsource: \(q(p.source))\n"
        out += "roles:\n"
        for r in p.roles { out += "  - {id: \(q(r.id)), title: \(q(r.title))}\n" }
        out += "phases:\n"
        for ph in p.phases {
            out += "  - {id: \(q(ph.id)), title: \(q(ph.title)), from: \(ph.from)"
            if let to = ph.to { out += ", to: \(to)" }
            out += "}\n"
        }
        out += p.decisions.isEmpty ? "decisions: []\n" : "decisions:\n"
        for d in p.decisions {
            out += "  - id: \(q(d.id))\n    question: \(q(d.question))\n    options: \(list(d.options))\n"
            if let r = d.role { out += "    role: \(q(r))\n" }
        }
        out += "tasks:\n"
        for t in p.tasks {
            out += "  - id: \(q(t.id))\n    title: \(q(t.title))\n    role: \(q(t.role))\n    phase: \(q(t.phase))\n"
            if let d = t.due { out += "    due: \(d.anchor == .activation ? d.description : q(d.description))\n" }
            if !t.after.isEmpty { out += "    after: \(list(t.after))\n" }
            if let w = t.when { out += "    when: \(q(w.description))\n" }
            if let e = t.every { out += "    every: \(e)\n" }
            if t.perSystem { out += "    per: system\n" }
            if t.critical { out += "    critical: true\n" }
            if t.deadline { out += "    deadline: true\n" }
            if t.milestone { out += "    milestone: true\n" }
            if !t.detail.isEmpty { out += "    detail: \(q(t.detail))\n" }
            if !t.refs.isEmpty { out += "    refs: \(list(t.refs))\n" }
        }
        return out
    }
}
