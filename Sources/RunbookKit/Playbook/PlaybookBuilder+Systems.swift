import Yams

/// `systems:` (the systems a hospital has and their kinds) and a task's `kinds:`.
extension PlaybookLoader {
    /// The catalog from each file's `systems:` block, the base's first. Written either as
    /// `{kinds: [...], known: [{name, kind, aliases}]}` or, shorter, as the list of known systems
    /// alone (the kinds then the shipped ones). A tailoring file's kinds are added to the base's;
    /// its known system with a base system's name replaces that system's kind and aliases, and
    /// any other is added. Every kind named must be declared (or be `other`); no name or alias
    /// may name two systems.
    func buildSystems(_ layers: [SourcedNode], diags: inout [PlaybookDiagnostic]) -> SystemCatalog {
        var kinds: [String]?
        var known: [(system: SystemCatalog.Known, node: SourcedNode, kindNode: SourcedNode?, aliasNodes: [SourcedNode])] = []
        for layer in layers {
            var items: [SourcedNode] = []
            switch layer.node {
            case .mapping(let m):
                for (k, v) in m {
                    let key = SourcedNode(node: k, file: layer.file)
                    let value = SourcedNode(node: v, file: layer.file)
                    switch k.scalar?.string {
                    case "kinds":
                        var these = kinds ?? []
                        for n in PlaybookLoader.list(value, diags: &diags, what: "kinds") {
                            guard let s = PlaybookLoader.scalarText(n, diags: &diags, what: "a kind") else { continue }
                            if !PlaybookSchema.validID(s) {
                                diags.append(n.diag("kind '\(s)' must use only lowercase letters, digits and '-'"))
                            } else if !these.contains(s) {
                                these.append(s)
                            }
                        }
                        kinds = these
                    case "known":
                        items += PlaybookLoader.list(value, diags: &diags, what: "known")
                    default:
                        let name = k.scalar?.string ?? ""
                        diags.append(key.diag("unknown key '\(name)' in systems\(PlaybookLoader.meanHint(name, ["kinds", "known"]))"))
                    }
                }
            case .sequence:
                items = PlaybookLoader.list(layer, diags: &diags, what: "systems")
            default:
                if PlaybookLoader.list(layer, diags: &diags, what: "systems").isEmpty { continue }
                diags.append(layer.diag("systems must be a mapping with kinds and known, or a list of systems like {name: EHR, kind: clinical-record}"))
            }
            for item in items {
                guard let entry = knownSystem(item, diags: &diags) else { continue }
                if let i = known.firstIndex(where: { SystemRecord.sameSystem($0.system.name, entry.system.name) }),
                   known[i].node.file != item.file {
                    known[i] = entry  // a tailoring file's own account of a base system
                } else {
                    known.append(entry)
                }
            }
        }
        let catalog = SystemCatalog(kinds: kinds ?? SystemCatalog.shippedKinds, known: known.map(\.system))
        // Every name and alias names one system only.
        var seen: [(name: String, system: String, line: Int)] = []
        for entry in known {
            let names = [(entry.system.name, entry.node)] + zip(entry.system.aliases, entry.aliasNodes).map { ($0, $1) }
            for (name, node) in names {
                if let first = seen.first(where: { SystemRecord.sameSystem($0.name, name) }) {
                    let whose = first.system == entry.system.name ? "" : " for \(first.system)"
                    diags.append(node.diag("system name '\(name)' is already used\(whose) (line \(first.line)): a name or alias names one system"))
                } else {
                    seen.append((name, entry.system.name, node.line))
                }
            }
            if let kindNode = entry.kindNode, !catalog.isValidKind(entry.system.kind) {
                diags.append(kindNode.diag("system '\(entry.system.name)' has kind '\(entry.system.kind)', which is not declared in systems: kinds\(Nearest.hint(for: entry.system.kind, in: catalog.validKinds)) (kinds: \(catalog.validKinds.joined(separator: ", ")))"))
            }
        }
        return catalog
    }

    /// One `{name, kind, aliases}`; the node given is the name's, for messages.
    private func knownSystem(_ item: SourcedNode, diags: inout [PlaybookDiagnostic])
        -> (system: SystemCatalog.Known, node: SourcedNode, kindNode: SourcedNode?, aliasNodes: [SourcedNode])? {
        guard case .mapping(let m) = item.node else {
            diags.append(item.diag("each system must be a mapping like {name: EHR, kind: clinical-record, aliases: [Epic]}, not \(PlaybookLoader.shape(item.node))"))
            return nil
        }
        var nameNode: SourcedNode?, kindNode: SourcedNode?, aliasesNode: SourcedNode?
        for (k, v) in m {
            let value = SourcedNode(node: v, file: item.file)
            switch k.scalar?.string {
            case "name": nameNode = value
            case "kind": kindNode = value
            case "aliases": aliasesNode = value
            default:
                let name = k.scalar?.string ?? ""
                diags.append(SourcedNode(node: k, file: item.file).diag("unknown key '\(name)' in system\(PlaybookLoader.meanHint(name, ["name", "kind", "aliases"]))"))
            }
        }
        guard let nameNode, let name = PlaybookLoader.scalarText(nameNode, diags: &diags, what: "a system's name") else {
            if nameNode == nil { diags.append(item.diag("system is missing required key 'name'")) }
            return nil
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            diags.append(nameNode.diag("a system's name must not be empty"))
            return nil
        }
        var kind = SystemCatalog.other
        if let kindNode, let k = PlaybookLoader.scalarText(kindNode, diags: &diags, what: "a system's kind") { kind = k }
        var aliases: [String] = [], aliasNodes: [SourcedNode] = []
        if let aliasesNode {
            for n in PlaybookLoader.list(aliasesNode, diags: &diags, what: "aliases") {
                guard let a = PlaybookLoader.scalarText(n, diags: &diags, what: "an alias") else { continue }
                aliases.append(a)
                aliasNodes.append(n)
            }
        }
        return (SystemCatalog.Known(name: name, kind: kind, aliases: aliases), nameNode, kindNode, aliasNodes)
    }

    /// A task's `kinds:`: only on a `per: system` task, each a declared kind (or `other`).
    func taskKinds(_ item: RawItem, perSystem: Bool, systems: SystemCatalog, diags: inout [PlaybookDiagnostic]) -> [String]? {
        guard let n = item.fields["kinds"] else { return nil }
        if !perSystem {
            diags.append(n.diag("task '\(item.id.value)' has kinds, but kinds choose the systems of a 'per: system' task, and it has no 'per: system'"))
        }
        var out: [String] = []
        for k in PlaybookLoader.list(n, diags: &diags, what: "kinds") {
            guard let s = PlaybookLoader.scalarText(k, diags: &diags, what: "a kind") else { continue }
            if !systems.isValidKind(s) {
                diags.append(k.diag("task '\(item.id.value)' names kind '\(s)', which is not declared in systems: kinds\(Nearest.hint(for: s, in: systems.validKinds)) (kinds: \(systems.validKinds.joined(separator: ", ")))"))
            } else if !out.contains(s) {
                out.append(s)
            }
        }
        if out.isEmpty, case .sequence(let s) = n.node, s.isEmpty {
            diags.append(n.diag("task '\(item.id.value)' has an empty kinds list, so it would apply to no system; name the kinds or leave kinds out"))
        }
        return out
    }
}
