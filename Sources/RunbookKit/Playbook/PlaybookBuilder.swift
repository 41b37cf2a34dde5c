import Yams

extension PlaybookLoader {
    /// Turns a merged raw playbook into the model, checking required keys, values,
    /// references and dependency cycles. Returns nil if nothing usable could be built.
    func build(_ raw: RawPlaybook, diags: inout [PlaybookDiagnostic]) -> Playbook? {
        let file = raw.file
        func text(_ key: String, required: Bool) -> String? {
            guard let n = raw.top[key] else {
                if required { diags.append(PlaybookDiagnostic(file: file, line: 1, column: 1, message: "missing required key '\(key)'")) }
                return nil
            }
            return PlaybookLoader.scalarText(n, diags: &diags, what: key)
        }
        let id = text("id", required: false) ?? ""
        if let n = raw.top["id"], !id.isEmpty, !PlaybookSchema.validID(id) {
            diags.append(n.diag("playbook id '\(id)' must use only lowercase letters, digits and '-'"))
        }
        let title = text("title", required: true) ?? ""
        let version = text("version", required: true) ?? ""
        let source = text("source", required: false) ?? ""

        func require(_ item: RawItem, _ section: String) {
            for key in PlaybookSchema.required[section] ?? [] where item.fields[key] == nil {
                diags.append(item.id.diag("\(PlaybookSchema.singular[section] ?? "item") '\(item.id.value)' is missing required key '\(key)'"))
            }
        }
        func field(_ item: RawItem, _ key: String) -> String? {
            guard let n = item.fields[key] else { return nil }
            return PlaybookLoader.scalarText(n, diags: &diags, what: key)
        }
        func duration(_ item: RawItem, _ key: String) -> PlaybookDuration? {
            guard let n = item.fields[key], let s = PlaybookLoader.scalarText(n, diags: &diags, what: key) else { return nil }
            guard let d = PlaybookDuration(parsing: s) else {
                diags.append(n.diag("\(key) '\(s)' is not a duration: write it like 45m, 2h, 1h30m or 3d"))
                return nil
            }
            return d
        }

        /// A true/false key; absent is false.
        func flag(_ item: RawItem, _ key: String) -> Bool {
            guard let n = item.fields[key], let s = PlaybookLoader.scalarText(n, diags: &diags, what: key) else { return false }
            switch s.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default:
                diags.append(n.diag("\(key) must be true or false, not '\(s)'"))
                return false
            }
        }

        var roles: [Playbook.Role] = []
        for item in raw.sections["roles"] ?? [] {
            require(item, "roles")
            roles.append(.init(id: item.id.value, title: field(item, "title") ?? item.id.value))
        }
        var phases: [Playbook.Phase] = []
        for item in raw.sections["phases"] ?? [] {
            require(item, "phases")
            let from = duration(item, "from") ?? PlaybookDuration(seconds: 0)
            let to = duration(item, "to")
            if let to, to.seconds <= from.seconds, let n = item.fields["to"] {
                diags.append(n.diag("phase '\(item.id.value)' ends (to: \(to)) before it starts (from: \(from))"))
            }
            phases.append(.init(id: item.id.value, title: field(item, "title") ?? item.id.value, from: from, to: to))
        }
        let roleIDs = roles.map(\.id)
        func checkRole(_ item: RawItem, _ what: String) -> String? {
            guard let n = item.fields["role"], let r = PlaybookLoader.scalarText(n, diags: &diags, what: "role") else { return nil }
            if !roleIDs.contains(r) {
                diags.append(n.diag("\(what) '\(item.id.value)' names role '\(r)', which is not defined\(Nearest.hint(for: r, in: roleIDs))"))
            }
            return r
        }
        var decisions: [Playbook.Decision] = []
        var decisionTaskNodes: [String: SourcedNode] = [:]
        for item in raw.sections["decisions"] ?? [] {
            require(item, "decisions")
            var options: [String] = []
            if let n = item.fields["options"], case .sequence = n.node {
                for o in PlaybookLoader.list(n, diags: &diags, what: "options") {
                    guard let s = PlaybookLoader.scalarText(o, diags: &diags, what: "an option") else { continue }
                    if options.contains(s) { diags.append(o.diag("option '\(s)' is listed twice")) }
                    options.append(s)
                }
                if options.count < 2 { diags.append(n.diag("decision '\(item.id.value)' needs at least two options")) }
            } else if let n = item.fields["options"] {
                diags.append(n.diag("options must be a list like [yes, no], not \(PlaybookLoader.shape(n.node))"))
            }
            let task = field(item, "task")
            if task != nil { decisionTaskNodes[item.id.value] = item.fields["task"] }
            decisions.append(.init(id: item.id.value, question: field(item, "question") ?? "", options: options,
                                   role: checkRole(item, "decision"), task: task))
        }
        let phaseIDs = phases.map(\.id)
        let systems = buildSystems(raw.systems, diags: &diags)
        let taskItems = raw.sections["tasks"] ?? []
        let taskIDs = taskItems.map(\.id.value)
        let taskIDSet = Set(taskIDs)
        var tasks: [Playbook.TaskDef] = []
        var afterNodes: [String: SourcedNode] = [:]
        var dueNodes: [String: SourcedNode] = [:]
        for item in taskItems {
            require(item, "tasks")
            var t = Playbook.TaskDef(id: item.id.value, title: field(item, "title") ?? item.id.value,
                                     role: checkRole(item, "task") ?? "", phase: field(item, "phase") ?? "")
            if let n = item.fields["phase"], !t.phase.isEmpty, !phaseIDs.contains(t.phase) {
                diags.append(n.diag("task '\(t.id)' names phase '\(t.phase)', which is not defined\(Nearest.hint(for: t.phase, in: phaseIDs))"))
            }
            if let n = item.fields["due"], let s = PlaybookLoader.scalarText(n, diags: &diags, what: "due") {
                dueNodes[t.id] = n
                t.due = parseDue(s, n, taskIDs: taskIDs, decisions: decisions, diags: &diags)
            }
            t.every = duration(item, "every")
            if let e = t.every, e.seconds < 60, let n = item.fields["every"] {
                diags.append(n.diag("every must be at least 1m"))
            }
            if let n = item.fields["after"] {
                afterNodes[t.id] = n
                for a in PlaybookLoader.list(n, diags: &diags, what: "after") {
                    guard let s = PlaybookLoader.scalarText(a, diags: &diags, what: "a prerequisite") else { continue }
                    if !taskIDSet.contains(s) {
                        diags.append(a.diag("task '\(t.id)' waits on '\(s)', which is not a task\(Nearest.hint(for: s, in: taskIDs))"))
                    } else if s == t.id {
                        diags.append(a.diag("task '\(t.id)' lists itself as its own prerequisite"))
                    } else if !t.after.contains(s) {
                        t.after.append(s)
                    }
                }
            }
            if let n = item.fields["when"] {
                t.when = parseWhen(n, decisions: decisions, diags: &diags)
            }
            if let n = item.fields["per"], let s = PlaybookLoader.scalarText(n, diags: &diags, what: "per") {
                if s == "system" { t.perSystem = true } else {
                    diags.append(n.diag("per must be 'system' (one instance of the task per affected system), not '\(s)'"))
                }
            }
            t.kinds = taskKinds(item, perSystem: t.perSystem, systems: systems, diags: &diags)
            t.critical = flag(item, "critical")
            t.deadline = flag(item, "deadline")
            t.milestone = flag(item, "milestone")
            t.detail = field(item, "detail") ?? ""
            if let n = item.fields["refs"] {
                t.refs = PlaybookLoader.list(n, diags: &diags, what: "refs").compactMap {
                    PlaybookLoader.scalarText($0, diags: &diags, what: "a reference")
                }
            }
            tasks.append(t)
        }
        if tasks.isEmpty && raw.extends == nil {
            let n = raw.top["id"]
            diags.append(PlaybookDiagnostic(file: file, line: n?.line ?? 1, column: 1, message: "has no tasks: a playbook needs at least one task"))
        }
        reportCycles(tasks, afterNodes: afterNodes, diags: &diags)
        checkRelativeDue(tasks, dueNodes: dueNodes, diags: &diags)
        checkDecisionTasks(decisions, tasks, taskNodes: decisionTaskNodes, diags: &diags)
        var playbook = Playbook(id: id, title: title, version: version, source: source, roles: roles, phases: phases,
                                decisions: decisions, tasks: tasks)
        playbook.systems = systems
        return playbook
    }

    /// Reads `DECISION = OPTION` (a `when`, or the anchor of a relative `due`), or with
    /// `allowDiffers` also `DECISION != OPTION`, naming an unknown decision or option with the
    /// nearest ones; `key` says whose it is, `malformed` what to write instead. `diag` makes the
    /// finding, given where in `s` the fault is written (a character offset; nil: the whole).
    func checkCondition(_ s: String, key: String, malformed: String, allowDiffers: Bool = false, decisions: [Playbook.Decision],
                        diags: inout [PlaybookDiagnostic], diag: (Int?, String) -> PlaybookDiagnostic) -> Playbook.Condition? {
        let differs = s.range(of: "!=")
        guard let op = differs ?? s.range(of: "="), differs == nil || allowDiffers else {
            diags.append(diag(nil, malformed))
            return nil
        }
        let name = s[..<op.lowerBound].trimmingCharacters(in: .whitespaces)
        let option = s[op.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !option.isEmpty, !option.contains("=") else {
            diags.append(diag(nil, malformed))
            return nil
        }
        func offset(of word: String, from: String.Index) -> Int? {
            guard let r = s.range(of: word, range: from..<s.endIndex) else { return nil }
            return s.unicodeScalars.distance(from: s.startIndex, to: r.lowerBound)
        }
        guard let d = decisions.first(where: { $0.id == name }) else {
            diags.append(diag(offset(of: name, from: s.startIndex),
                              "\(key) names decision '\(name)', which is not defined\(Nearest.hint(for: name, in: decisions.map(\.id)))"))
            return nil
        }
        guard d.options.contains(option) else {
            diags.append(diag(offset(of: option, from: op.upperBound),
                              "decision '\(d.id)' has no option '\(option)' (its options: \(d.options.joined(separator: ", ")))"))
            return nil
        }
        return differs == nil ? .equals(decision: name, option: option) : .differs(decision: name, option: option)
    }

    /// The forms `when` may take, for messages.
    static let whenForms = "write 'DECISION = OPTION', 'DECISION != OPTION', or {all: [...]} / {any: [...]} of those"

    /// Reads a task's `when`: `D = O`, `D != O`, or a mapping `all:` / `any:` with a list of
    /// conditions (nested as needed), every name and option checked where it is written.
    func parseWhen(_ n: SourcedNode, decisions: [Playbook.Decision], diags: inout [PlaybookDiagnostic]) -> Playbook.Condition? {
        switch n.node {
        case .scalar(let sc):
            let s = sc.string
            return checkCondition(s, key: "when", malformed: "when '\(s)' is not a condition: \(Self.whenForms)", allowDiffers: true,
                                  decisions: decisions, diags: &diags, diag: { offset, message in
                Self.place(offset: offset, in: s, node: n).diag(message)
            })
        case .mapping(let m):
            guard m.count == 1, let (k, v) = m.first.map({ ($0.key, $0.value) }) else {
                diags.append(n.diag("when takes one 'all:' or 'any:' list, not \(m.count) keys: \(Self.whenForms)"))
                return nil
            }
            let key = SourcedNode(node: k, file: n.file)
            guard let word = k.scalar?.string, word == "all" || word == "any" else {
                diags.append(key.diag("when takes 'all:' or 'any:', not '\(k.scalar?.string ?? PlaybookLoader.shape(k))': \(Self.whenForms)"))
                return nil
            }
            let value = SourcedNode(node: v, file: n.file)
            guard case .sequence = v else {
                diags.append(value.diag("'\(word):' takes a list of conditions, like [D = O, D != O], not \(PlaybookLoader.shape(v))"))
                return nil
            }
            let items = PlaybookLoader.list(value, diags: &diags, what: word)
            guard !items.isEmpty else {
                diags.append(value.diag("'\(word):' needs at least one condition"))
                return nil
            }
            // Every part is checked, so each mistake is reported at once.
            let parts = items.map { parseWhen($0, decisions: decisions, diags: &diags) }
            let found = parts.compactMap { $0 }
            guard found.count == parts.count else { return nil }
            return word == "all" ? .all(found) : .any(found)
        default:
            diags.append(n.diag("when must be a condition, not \(PlaybookLoader.shape(n.node)): \(Self.whenForms)"))
            return nil
        }
    }

    /// Reports each dependency cycle once, naming its tasks, at the first task's `after`.
    func reportCycles(_ tasks: [Playbook.TaskDef], afterNodes: [String: SourcedNode], diags: inout [PlaybookDiagnostic]) {
        var index: [String: Int] = [:]
        for (i, t) in tasks.enumerated() { index[t.id] = i }
        var state = [UInt8](repeating: 0, count: tasks.count)  // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ i: Int) {
            state[i] = 1
            stack.append(i)
            for a in tasks[i].after {
                guard let j = index[a] else { continue }
                if state[j] == 1, let start = stack.lastIndex(of: j) {
                    let cycle = stack[start...].map { tasks[$0].id }
                    let at = cycle.compactMap { afterNodes[$0] }.min { ($0.file, $0.line) < ($1.file, $1.line) }
                    let msg = "dependency cycle: \((cycle + [cycle[0]]).joined(separator: " → ")) (each waits on the next, so none can start)"
                    diags.append(at?.diag(msg) ?? PlaybookDiagnostic(file: "", line: 1, column: 1, message: msg))
                } else if state[j] == 0 {
                    visit(j)
                }
            }
            stack.removeLast()
            state[i] = 2
        }
        for i in tasks.indices where state[i] == 0 { visit(i) }
    }
}
