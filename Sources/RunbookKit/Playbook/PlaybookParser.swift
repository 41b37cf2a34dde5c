import Yams

extension PlaybookLoader {
    /// Parses YAML text into a raw playbook, noting bad YAML, unknown keys, wrong shapes and
    /// duplicate ids. Reference checks wait until the merged playbook is built.
    func parse(text: String, into raw: inout RawPlaybook, diags: inout [PlaybookDiagnostic]) {
        let file = raw.file
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else {
                diags.append(PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is empty: a playbook needs at least id, title, version and tasks"))
                return
            }
            root = r
        } catch let e as YamlError {
            diags.append(PlaybookLoader.yamlDiagnostic(e, file: file))
            return
        } catch {
            diags.append(PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is not valid YAML: \(error)"))
            return
        }
        guard case .mapping(let top) = root else {
            diags.append(SourcedNode(node: root, file: file).diag("a playbook must be a mapping of keys (id, title, version, tasks…), not \(PlaybookLoader.shape(root))"))
            return
        }
        for (k, v) in top {
            let key = SourcedNode(node: k, file: file)
            guard let name = k.scalar?.string else { diags.append(key.diag("keys must be plain words")); continue }
            guard PlaybookSchema.topKeys.contains(name) else {
                diags.append(key.diag("unknown key '\(name)'\(PlaybookLoader.meanHint(name, PlaybookSchema.topKeys))"))
                continue
            }
            let value = SourcedNode(node: v, file: file)
            switch name {
            case "extends":
                if let s = PlaybookLoader.scalarText(value, diags: &diags, what: "extends") {
                    raw.extends = Located(value: s, file: file, line: value.line, column: value.column)
                }
            case "drop":
                for item in PlaybookLoader.list(value, diags: &diags, what: "drop") {
                    if let s = PlaybookLoader.scalarText(item, diags: &diags, what: "a dropped task id") {
                        raw.drop.append(Located(value: s, file: file, line: item.line, column: item.column))
                    }
                }
            case "roles", "phases", "decisions", "tasks":
                raw.sections[name] = parseSection(name, value, diags: &diags)
            default:
                raw.top[name] = value
            }
        }
        if raw.top["id"] == nil {
            diags.append(PlaybookDiagnostic(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1, message: "missing required key 'id'"))
        }
    }

    func parseSection(_ section: String, _ node: SourcedNode, diags: inout [PlaybookDiagnostic]) -> [RawItem] {
        let allowed = PlaybookSchema.sectionKeys[section] ?? []
        let noun = PlaybookSchema.singular[section] ?? "item"
        var items: [RawItem] = []
        var seen: [String: Int] = [:]
        for element in PlaybookLoader.list(node, diags: &diags, what: section) {
            guard case .mapping(let m) = element.node else {
                diags.append(element.diag("each \(noun) must be a mapping with an id, not \(PlaybookLoader.shape(element.node))"))
                continue
            }
            var fields: [String: SourcedNode] = [:]
            var order: [String] = []
            for (k, v) in m {
                let key = SourcedNode(node: k, file: element.file)
                guard let name = k.scalar?.string else { diags.append(key.diag("keys must be plain words")); continue }
                guard allowed.contains(name) else {
                    diags.append(key.diag("unknown key '\(name)' in \(noun)\(PlaybookLoader.meanHint(name, allowed))"))
                    continue
                }
                fields[name] = SourcedNode(node: v, file: element.file)
                order.append(name)
            }
            guard let idNode = fields["id"] else {
                diags.append(element.diag("\(noun) is missing required key 'id'"))
                continue
            }
            guard let id = PlaybookLoader.scalarText(idNode, diags: &diags, what: "\(noun) id") else { continue }
            if !PlaybookSchema.validID(id) {
                diags.append(idNode.diag("\(noun) id '\(id)' must use only lowercase letters, digits and '-'"))
            }
            if let first = seen[id] {
                diags.append(idNode.diag("duplicate \(noun) id '\(id)' (first defined at line \(first))"))
                continue
            }
            seen[id] = idNode.line
            items.append(RawItem(id: Located(value: id, file: idNode.file, line: idNode.line, column: idNode.column),
                                 fields: fields, keyOrder: order))
        }
        return items
    }

    /// Merges a tailoring file over its base: same id replaces the given fields, a new id is
    /// added, `drop` removes tasks (their dependants inherit their prerequisites).
    func merge(base: RawPlaybook, child: RawPlaybook, diags: inout [PlaybookDiagnostic]) -> RawPlaybook {
        var out = base
        out.file = child.file
        out.extends = child.extends
        for (k, v) in child.top { out.top[k] = v }
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

    // MARK: - small readers

    static func shape(_ n: Node) -> String {
        switch n {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func meanHint(_ word: String, _ keys: [String]) -> String {
        let m = Nearest.matches(for: word, in: keys, limit: 1)
        return m.isEmpty ? " (allowed: \(keys.joined(separator: ", ")))" : " — did you mean \(m[0])?"
    }

    static func scalarText(_ n: SourcedNode, diags: inout [PlaybookDiagnostic], what: String) -> String? {
        guard case .scalar(let s) = n.node else {
            diags.append(n.diag("\(what) must be a single value, not \(shape(n.node))"))
            return nil
        }
        return s.string
    }

    static func list(_ n: SourcedNode, diags: inout [PlaybookDiagnostic], what: String) -> [SourcedNode] {
        switch n.node {
        case .sequence(let s): return s.map { SourcedNode(node: $0, file: n.file) }
        case .scalar(let s) where s.string.isEmpty || s.string == "~" || s.string == "null": return []
        case .scalar: return [n]
        default:
            diags.append(n.diag("\(what) must be a list, not \(shape(n.node))"))
            return []
        }
    }

    static func yamlDiagnostic(_ e: YamlError, file: String) -> PlaybookDiagnostic {
        switch e {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
             .composer(let ctx, let problem, let mark, _):
            let context = ctx.map { " (\($0.text))" } ?? ""
            return PlaybookDiagnostic(file: file, line: mark.line, column: mark.column, message: "bad YAML: \(problem)\(context)")
        case .duplicatedKeysInMapping(let dups, let ctx):
            return PlaybookDiagnostic(file: file, line: ctx.mark.line, column: ctx.mark.column,
                                      message: "bad YAML: the key \(dups.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping")
        case .reader(let problem, let offset, _, _):
            return PlaybookDiagnostic(file: file, line: 1, column: 1, message: "cannot be read as text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is not valid YAML: \(e)")
        }
    }
}
