import Yams

/// Tailoring: a file that `extends:` another is merged over it.
extension PlaybookLoader {
    /// Merges a tailoring file over its base: same id replaces the given fields, a new id is
    /// added, `drop` removes tasks (their dependants inherit their prerequisites).
    func merge(base: RawPlaybook, child: RawPlaybook, diags: inout [PlaybookDiagnostic]) -> RawPlaybook {
        var out = base
        out.file = child.file
        out.extends = child.extends
        for (k, v) in child.top { out.top[k] = v }
        out.systems.append(contentsOf: child.systems)
        if child.top["source"] == nil, let s = base.top["source"] { out.top["source"] = s }
        for section in PlaybookSchema.sectionOrder {
            var items = base.sections[section] ?? []
            for item in child.sections[section] ?? [] {
                if let i = items.firstIndex(where: { $0.id.value == item.id.value }) {
                    for key in item.keyOrder where key != "id" {
                        items[i].fields[key] = item.fields[key]
                        if !items[i].keyOrder.contains(key) { items[i].keyOrder.append(key) }
                    }
                } else {
                    items.append(item)
                }
            }
            out.sections[section] = items
        }
        var tasks = out.sections["tasks"] ?? []
        for d in child.drop {
            guard let idx = tasks.firstIndex(where: { $0.id.value == d.value }) else {
                diags.append(d.diag("drop names no task '\(d.value)'\(Nearest.hint(for: d.value, in: tasks.map(\.id.value)))"))
                continue
            }
            let dropped = tasks.remove(at: idx)
            let inherited = dropped.fields["after"].map { PlaybookLoader.list($0, diags: &diags, what: "after") } ?? []
            for j in tasks.indices {
                guard let after = tasks[j].fields["after"] else { continue }
                var nodes = PlaybookLoader.list(after, diags: &diags, what: "after").map(\.node)
                guard let pos = nodes.firstIndex(where: { $0.scalar?.string == d.value }) else { continue }
                nodes.remove(at: pos)
                for n in inherited.map(\.node) where !nodes.contains(where: { $0.scalar?.string == n.scalar?.string }) {
                    nodes.append(n)
                }
                tasks[j].fields["after"] = SourcedNode(node: .sequence(Node.Sequence(nodes, .implicit, .any, after.node.mark)), file: after.file)
            }
        }
        out.sections["tasks"] = tasks
        out.drop = []
        return out
    }
}
