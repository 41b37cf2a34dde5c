import Yams

/// Writes a playbook back out as YAML (the frozen copy of a tailored, merged playbook), by
/// Yams' emitter: keys in the order of DESIGN.md, every text double-quoted so it reads back
/// exactly, durations plain, each role, phase and list on one line.
public enum PlaybookWriter {
    /// The playbook as YAML text in the format of DESIGN.md; throws what the emitter says if it
    /// cannot write it (never for a playbook that loaded).
    public static func yaml(_ p: Playbook) throws -> String {
        func text(_ s: String) -> Node { .scalar(Node.Scalar(s, .implicit, .doubleQuoted)) }
        func plain(_ s: String) -> Node { .scalar(Node.Scalar(s, .implicit, .plain)) }
        func list(_ xs: [String]) -> Node { .sequence(Node.Sequence(xs.map(text), .implicit, .flow)) }
        func map(_ pairs: [(String, Node)], flow: Bool = false) -> Node {
            .mapping(Node.Mapping(pairs.map { (plain($0.0), $0.1) }, .implicit, flow ? .flow : .block))
        }
        func block(_ items: [Node]) -> Node { .sequence(Node.Sequence(items, .implicit, .block)) }

        // `D = O` and `D != O` as text, all / any as `{all: [...]}`, nested as written.
        func condition(_ c: Playbook.Condition) -> Node {
            switch c {
            case .equals, .differs: return text(c.description)
            case .all(let parts): return map([("all", .sequence(Node.Sequence(parts.map(condition), .implicit, .flow)))], flow: true)
            case .any(let parts): return map([("any", .sequence(Node.Sequence(parts.map(condition), .implicit, .flow)))], flow: true)
            }
        }

        let roles = p.roles.map { map([("id", text($0.id)), ("title", text($0.title))], flow: true) }
        let phases = p.phases.map { ph -> Node in
            var pairs = [("id", text(ph.id)), ("title", text(ph.title)), ("from", plain(ph.from.description))]
            if let to = ph.to { pairs.append(("to", plain(to.description))) }
            return map(pairs, flow: true)
        }
        let decisions = p.decisions.map { d -> Node in
            var pairs = [("id", text(d.id)), ("question", text(d.question)), ("options", list(d.options))]
            if let r = d.role { pairs.append(("role", text(r))) }
            if let t = d.task { pairs.append(("task", text(t))) }
            return map(pairs)
        }
        let tasks = p.tasks.map { t -> Node in
            var pairs = [("id", text(t.id)), ("title", text(t.title)), ("role", text(t.role)), ("phase", text(t.phase))]
            if let d = t.due { pairs.append(("due", d.anchor == .activation ? plain(d.description) : text(d.description))) }
            if !t.after.isEmpty { pairs.append(("after", list(t.after))) }
            if let w = t.when { pairs.append(("when", condition(w))) }
            if let e = t.every { pairs.append(("every", plain(e.description))) }
            if t.perSystem { pairs.append(("per", plain("system"))) }
            if let k = t.kinds { pairs.append(("kinds", list(k))) }
            if t.critical { pairs.append(("critical", plain("true"))) }
            if t.deadline { pairs.append(("deadline", plain("true"))) }
            if t.milestone { pairs.append(("milestone", plain("true"))) }
            if !t.detail.isEmpty { pairs.append(("detail", text(t.detail))) }
            if !t.refs.isEmpty { pairs.append(("refs", list(t.refs))) }
            return map(pairs)
        }
        var top: [(String, Node)] = [("id", text(p.id)), ("title", text(p.title)), ("version", text(p.version)),
                                     ("source", text(p.source)), ("roles", block(roles)), ("phases", block(phases)),
                                     ("decisions", decisions.isEmpty ? .sequence(Node.Sequence([], .implicit, .flow)) : block(decisions))]
        if !p.systems.isDefault {
            let known = p.systems.known.map { k -> Node in
                var pairs = [("name", text(k.name)), ("kind", text(k.kind))]
                if !k.aliases.isEmpty { pairs.append(("aliases", list(k.aliases))) }
                return map(pairs, flow: true)
            }
            top.append(("systems", map([("kinds", list(p.systems.kinds)),
                                        ("known", known.isEmpty ? .sequence(Node.Sequence([], .implicit, .flow)) : block(known))])))
        }
        top.append(("tasks", block(tasks)))
        let root = map(top)
        // Never wrapped (width -1), UTF-8 kept as it is; the emitter escapes what YAML cannot hold.
        return try Yams.serialize(node: root, width: -1, allowUnicode: true)
    }
}
