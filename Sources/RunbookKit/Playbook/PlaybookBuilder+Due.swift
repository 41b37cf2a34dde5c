import Yams

extension PlaybookLoader {
    /// The forms `due` may take, for messages.
    static let dueForms = "write it like 45m, 2h, 1h30m or 3d (after activation), or '72h after TASK', '60d after decision DECISION = OPTION', '60d after discovery'"

    /// Reads a task's `due`: a duration after activation, or `DURATION after discovery`,
    /// `DURATION after TASK` (that task's done time) or `DURATION after decision D = O`.
    /// Names are checked here; what needs every task built (recurring anchors, anchors that wait
    /// on the task itself) is checked by `checkRelativeDue`.
    func parseDue(_ s: String, _ n: SourcedNode, taskIDs: [String], decisions: [Playbook.Decision],
                  diags: inout [PlaybookDiagnostic]) -> Playbook.Due? {
        let words = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.count == 1, let d = PlaybookDuration(parsing: words[0]) { return Playbook.Due(d) }
        guard words.count >= 3, words[1] == "after" else {
            diags.append(n.diag("due '\(s)' is not a duration: \(Self.dueForms)"))
            return nil
        }
        guard let offset = PlaybookDuration(parsing: words[0]) else {
            diags.append(n.diag("due '\(s)' does not start with a duration: \(Self.dueForms)"))
            return nil
        }
        let rest = Array(words.dropFirst(2))
        // Where the anchor is written, so the finding points at the name itself.
        let anchorAt = Self.place(of: rest[0], in: s, node: n)
        if rest == ["discovery"] { return Playbook.Due(offset, after: .discovery) }
        if rest == ["activation"] { return Playbook.Due(offset) }
        if rest[0] == "decision" {
            let at = rest.count > 1 ? Self.place(of: rest[1], in: s, node: n) : anchorAt
            let cond = checkCondition(rest.dropFirst().joined(separator: " "), key: "due",
                                      malformed: "due '\(s)' must name the answer: '\(offset) after decision DECISION = OPTION'",
                                      decisions: decisions, diags: &diags, diag: { _, message in at.diag(message) })
            return cond.map { Playbook.Due(offset, after: .decision($0)) }
        }
        guard rest.count == 1 else {
            diags.append(anchorAt.diag("due '\(s)' must count from one task, 'decision D = O' or 'discovery': \(Self.dueForms)"))
            return nil
        }
        guard taskIDs.contains(rest[0]) else {
            diags.append(anchorAt.diag("due counts from '\(rest[0])', which is not a task\(Nearest.hint(for: rest[0], in: taskIDs + ["discovery"]))"))
            return nil
        }
        return Playbook.Due(offset, after: .task(rest[0]))
    }

    /// Where `word` is written inside scalar `n` whose text is `s`: the node itself, moved along
    /// its line when the value is written on one line (plain or quoted).
    static func place(of word: String, in s: String, node n: SourcedNode) -> Located<String> {
        var col = n.column
        let start = s.range(of: "after")?.upperBound ?? s.startIndex
        if let r = s.range(of: word, range: start..<s.endIndex), case .scalar(let sc) = n.node, !s.contains("\n") {
            let lead = sc.style == .singleQuoted || sc.style == .doubleQuoted ? 1 : 0
            if sc.style == .plain || lead == 1 { col += lead + s.unicodeScalars.distance(from: s.startIndex, to: r.lowerBound) }
        }
        return Located(value: word, file: n.file, line: n.line, column: col)
    }

    /// Where the character `offset` of scalar `n` (whose text is `s`) is written: moved along
    /// its line when the value is written on one line (plain or quoted), else the node itself.
    static func place(offset: Int?, in s: String, node n: SourcedNode) -> Located<String> {
        var col = n.column
        if let offset, case .scalar(let sc) = n.node, !s.contains("\n") {
            let lead = sc.style == .singleQuoted || sc.style == .doubleQuoted ? 1 : 0
            if sc.style == .plain || lead == 1 { col += lead + offset }
        }
        return Located(value: s, file: n.file, line: n.line, column: col)
    }

    /// The relative-due rules that need every task: the anchor task must not recur (it has no one
    /// done time), and must not be the task itself or wait on it (the task would come due only
    /// after it is done); a decision anchor must not contradict the task's own `when`.
    /// Relative due times may otherwise point at each other (A 1h after B, B 1h after A): the
    /// first done starts the other's clock, which makes sense, so that is no error.
    func checkRelativeDue(_ tasks: [Playbook.TaskDef], dueNodes: [String: SourcedNode], diags: inout [PlaybookDiagnostic]) {
        var index: [String: Int] = [:]
        for (i, t) in tasks.enumerated() { index[t.id] = i }
        /// The chain by which task `from` waits on `target` through `after`, if it does.
        func waitChain(from: Int, to target: Int) -> [String]? {
            var seen = Set<Int>()
            var parent: [Int: Int] = [:]
            var queue = [from]
            seen.insert(from)
            while !queue.isEmpty {
                let i = queue.removeFirst()
                if i == target {
                    var chain = [tasks[i].id]
                    var k = i
                    while let p = parent[k] { chain.insert(tasks[p].id, at: 0); k = p }
                    return chain
                }
                for a in tasks[i].after { if let j = index[a], seen.insert(j).inserted { parent[j] = i; queue.append(j) } }
            }
            return nil
        }
        for (i, t) in tasks.enumerated() {
            guard let due = t.due, let n = dueNodes[t.id] else { continue }
            switch due.anchor {
            case .task(let a):
                guard let j = index[a] else { continue }
                let at = Self.place(of: a, in: n.node.scalar?.string ?? "", node: n)
                if let e = tasks[j].every {
                    diags.append(at.diag("task '\(t.id)' is due after '\(a)', which recurs (every \(e)) and so has no one done time; count from a task done once"))
                } else if j == i {
                    diags.append(at.diag("task '\(t.id)' is due after itself: it would come due only once it is done"))
                } else if let chain = waitChain(from: j, to: i) {
                    diags.append(at.diag("task '\(t.id)' is due after '\(a)', but \(chain.joined(separator: " waits on ")): it would come due only after it is done"))
                }
            case .decision(let c):
                // With the anchor's answer given and nothing else decided, a `when` that is
                // already false can never hold once the clock starts.
                if let w = t.when, case .equals(let d, let o) = c, w.value({ $0 == d ? o : nil }) == false {
                    diags.append(n.diag("task '\(t.id)' applies only when \(w) but is due after \(c): it would never come due"))
                }
            case .activation, .discovery:
                break
            }
        }
    }
}
