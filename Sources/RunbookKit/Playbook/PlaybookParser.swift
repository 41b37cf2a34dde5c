import Yams

extension PlaybookLoader {
    /// Parses YAML text into a raw playbook, noting bad YAML, unknown keys, wrong shapes and
    /// duplicate ids. Reference checks wait until the merged playbook is built.
    /// Returns false when the text is not a YAML mapping at all: then nothing further is checked,
    /// so one clear finding is not buried under "missing title" and the like.
    @discardableResult
    func parse(text: String, into raw: inout RawPlaybook, diags: inout [PlaybookDiagnostic]) -> Bool {
        let file = raw.file
        if let deep = PlaybookLoader.tooDeep(text) {
            diags.append(PlaybookDiagnostic(file: file, line: deep.line, column: deep.column,
                                            message: "bad YAML: brackets nested more than \(PlaybookLoader.maxFlowNesting) levels deep; a playbook never needs this"))
            return false
        }
        if let at = PlaybookLoader.aliasInKey(text) {
            diags.append(PlaybookDiagnostic(file: file, line: at.line, column: at.column,
                                            message: "bad YAML: a file with anchors (&name) may not use '? ', '[…]:', '{…}:' or '*name:' keys; a playbook's keys are plain words"))
            return false
        }
        let root: Node
        do {
            // Every value is read as text here (durations, booleans and ids are checked by the
            // builder), so Yams need not guess types: its default guessing runs a regular
            // expression on every scalar, several times over when it checks for duplicate keys.
            guard let r = try Yams.compose(yaml: text, .basic) else {
                diags.append(PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is empty: a playbook needs at least id, title, version and tasks"))
                return false
            }
            root = r
        } catch let e as YamlError {
            diags.append(PlaybookLoader.yamlDiagnostic(e, file: file, text: text))
            return false
        } catch {
            diags.append(PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is not valid YAML: \(error)"))
            return false
        }
        // Titles and guidance reach terminals and entry 1: terminal codes and text-direction
        // controls are refused, as in notes, wherever they are.
        diags.append(contentsOf: PlaybookLoader.controlFindings(root, text: text, file: file))
        guard case .mapping(let top) = root else {
            diags.append(SourcedNode(node: root, file: file).diag("a playbook must be a mapping of keys (id, title, version, tasks…), not \(PlaybookLoader.shape(root))"))
            return false
        }
        var dropNode: SourcedNode?
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
                dropNode = value
                for item in PlaybookLoader.list(value, diags: &diags, what: "drop") {
                    if let s = PlaybookLoader.scalarText(item, diags: &diags, what: "a dropped task id") {
                        raw.drop.append(Located(value: s, file: file, line: item.line, column: item.column))
                    }
                }
            case "roles", "phases", "decisions", "tasks":
                raw.sections[name] = parseSection(name, value, diags: &diags)
            case "systems":
                raw.systems.append(value)
            default:
                raw.top[name] = value
            }
        }
        if raw.top["id"] == nil {
            diags.append(PlaybookDiagnostic(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1, message: "missing required key 'id'"))
        }
        if raw.extends == nil, let dropNode {
            diags.append(dropNode.diag("drop removes tasks of the playbook this one extends, but it has no 'extends'"))
        }
        return true
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


    // MARK: - small readers

    static func shape(_ n: Node) -> String {
        switch n {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// " — did you mean KEY?" for a close misspelling, else the allowed keys. Stricter than
    /// `Nearest` (which likes any key containing the word), so 'a' is not "did you mean phases".
    static func meanHint(_ word: String, _ keys: [String]) -> String {
        let w = word.lowercased()
        let close = Nearest.matches(for: word, in: keys, limit: keys.count).filter { k in
            let d = Nearest.distance(Array(w), Array(k))
            return d <= max(1, min(w.count, k.count) / 3) || (w.count >= 3 && k.hasPrefix(w))
        }
        return close.isEmpty ? " (allowed: \(keys.joined(separator: ", ")))" : " — did you mean \(close[0])?"
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
}
