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

    static func yamlDiagnostic(_ e: YamlError, file: String, text: String) -> PlaybookDiagnostic {
        switch e {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
             .composer(let ctx, let problem, let mark, _):
            if problem.contains("Maximum nesting level") {
                return PlaybookDiagnostic(file: file, line: mark.line, column: mark.column,
                                          message: "bad YAML: nested more than 1000 levels deep; a playbook never needs this")
            }
            // Something opened (a quote, a bracket) and the file ended before it closed: the
            // place it opened is what the author needs, not the end of the file.
            let atEnd = problem.contains("end of stream") || mark.line >= lineCount(text)
            if let ctx, atEnd, ctx.mark.line < mark.line {
                let what = ctx.text.contains("quoted scalar") ? "the quote opened here is never closed"
                    : "\(problem) (\(ctx.text) that starts here)"
                return PlaybookDiagnostic(file: file, line: ctx.mark.line, column: ctx.mark.column,
                                          message: "bad YAML: \(what); the file ends at line \(mark.line)")
            }
            let context = ctx.map { " (\($0.text))" } ?? ""
            return PlaybookDiagnostic(file: file, line: mark.line, column: mark.column, message: "bad YAML: \(problem)\(context)")
        case .duplicatedKeysInMapping(let dups, let ctx):
            let keys = dups.map { "'\($0)'" }.joined(separator: ", ")
            let verb = dups.count == 1 ? "appears" : "appear"
            // Yams marks the first occurrence; the mistake is the repeat.
            if dups.count == 1, let again = secondOccurrence(of: dups[0], after: ctx.mark, in: text) {
                return PlaybookDiagnostic(file: file, line: again.line, column: again.column,
                                          message: "bad YAML: the key \(keys) \(verb) twice in one mapping (first at line \(ctx.mark.line))")
            }
            return PlaybookDiagnostic(file: file, line: ctx.mark.line, column: ctx.mark.column,
                                      message: "bad YAML: the key \(keys) \(verb) twice in one mapping")
        case .reader(let problem, let offset, _, _):
            return PlaybookDiagnostic(file: file, line: 1, column: 1, message: "cannot be read as text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return PlaybookDiagnostic(file: file, line: 1, column: 1, message: "is not valid YAML: \(e)")
        }
    }

    static func lineCount(_ text: String) -> Int {
        var n = 1
        for b in text.utf8 where b == 0x0A { n += 1 }
        if text.utf8.last == 0x0A { n -= 1 }
        return n
    }

    /// Where `key` is written again in the mapping whose first `key` is at `first`: later on the
    /// same line (flow style) or on a later line at the same column (block style). Columns count
    /// Unicode scalars, as libyaml does.
    static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let k = Array(key.unicodeScalars)
        guard !k.isEmpty else { return nil }
        func keyAt(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
            guard i >= 0, i + k.count <= s.count, Array(s[i..<(i + k.count)]) == k else { return false }
            var j = i + k.count
            while j < s.count, s[j] == " " { j += 1 }
            return j < s.count && s[j] == ":"
        }
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if lineNo < first.line { continue }
            let s = Array(line.unicodeScalars)
            let col = first.column - 1
            if lineNo == first.line {
                var i = col + k.count
                while i < s.count {
                    if keyAt(s, i), s[i - 1] == " " || s[i - 1] == "," || s[i - 1] == "{" { return (lineNo, i + 1) }
                    i += 1
                }
                continue
            }
            let lead = s.prefix { $0 == " " || $0 == "-" }.count
            if lead < s.count, s[lead] != "#", lead < col { return nil }  // left the mapping
            if lead == col, keyAt(s, col) { return (lineNo, col + 1) }
        }
        return nil
    }

    /// Deepest `[`/`{` nesting accepted. A playbook needs two or three levels; libyaml itself
    /// stops at 1000, which is far too deep to be anything but a mistake or an attack.
    static let maxFlowNesting = 64

    /// Where `[`/`{` flow collections first nest deeper than `maxFlowNesting`, or nil.
    /// A light scan that follows quotes, comments, plain values and `|`/`>` block scalars well
    /// enough never to count a bracket that is only text in a sound playbook. It is the friendly
    /// message, not the safety net: parsing runs on a large stack (`onLargeStack`) either way.
    static func tooDeep(_ text: String) -> (line: Int, column: Int)? {
        var flow = 0
        var quote: Unicode.Scalar?
        var blockParent: Int?       // skipping a block scalar's lines indented more than this
        var valueStart = true       // the next non-blank character begins a node
        var lineNo = 0
        for sub in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let l = Array(sub)
            let indent = l.prefix { $0 == " " }.count
            var j = 0
            if quote == nil && flow == 0 {
                if let p = blockParent {
                    if indent > p || l.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
                    blockParent = nil
                }
                j = indent
                valueStart = true
            }
            var tokenCol = indent       // where the node or indicator last begun on this line starts
            var prevBlank = true
            func isBlank(_ k: Int) -> Bool { k >= l.count || l[k] == " " || l[k] == "\t" || l[k] == "\r" }
            scan: while j < l.count {
                let c = l[j]
                if let q = quote {
                    if q == "\"" && c == "\\" { j += 2; continue }
                    if c == q {
                        if q == "'" && j + 1 < l.count && l[j + 1] == "'" { j += 2; continue }
                        quote = nil
                        valueStart = false
                    }
                    j += 1
                    continue
                }
                if c == " " || c == "\t" || c == "\r" { prevBlank = true; j += 1; continue }
                if c == "#" && prevBlank { break scan }
                prevBlank = false
                if flow > 0 {
                    switch c {
                    case "[", "{":
                        flow += 1
                        if flow > maxFlowNesting { return (lineNo, j + 1) }
                        valueStart = true
                    case "]", "}":
                        flow -= 1
                        valueStart = false
                    case ",", ":": valueStart = true
                    case "\"", "'": if valueStart { quote = c }; valueStart = false
                    default: valueStart = false
                    }
                    j += 1
                    continue
                }
                if valueStart {
                    switch c {
                    case "[", "{":
                        flow = 1
                        j += 1
                        continue scan
                    case "\"", "'":
                        quote = c
                        tokenCol = j
                        valueStart = false
                        j += 1
                        continue scan
                    case "|", ">":
                        blockParent = tokenCol
                        break scan
                    case "-" where isBlank(j + 1), "?" where isBlank(j + 1), ":" where isBlank(j + 1):
                        // A sequence entry, explicit key or value indicator: the node follows.
                        tokenCol = j
                        j += 1
                        continue scan
                    case "&", "!":          // an anchor or tag comes before the node
                        while j < l.count, !isBlank(j) { j += 1 }
                        continue scan
                    default:
                        tokenCol = j
                        valueStart = false
                    }
                }
                if c == ":" && isBlank(j + 1) { valueStart = true }
                j += 1
            }
        }
        return nil
    }

    /// Where a key could contain an alias, if the file has both anchors and aliases; else nil.
    ///
    /// Yams checks every mapping for duplicate keys by hashing the keys, and an alias is the whole
    /// node it names: a key built from aliases of aliases ("billion laughs") hashes for hours.
    /// Values may use aliases freely (they are shared, never copied or hashed). The patterns are
    /// a superset of every way YAML writes such a key, found in the raw text so that no quote or
    /// comment can hide one: an explicit key `?`, a flow collection with an alias used as a key
    /// (`[*x]:`, `{*x: 1}:`), and an alias used as a key `*name:`. A playbook's keys are plain
    /// words, so a sound file that uses anchors is caught only if its prose has a `?` standing
    /// alone or something like `*this:`.
    static func aliasInKey(_ text: String) -> (line: Int, column: Int)? {
        func nameChar(_ c: Unicode.Scalar) -> Bool {
            (c >= "0" && c <= "9") || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || c == "_" || c == "-"
        }
        let all = Array(text.unicodeScalars)
        func hasToken(_ sigil: Unicode.Scalar) -> Bool {
            var i = 0
            while i + 1 < all.count {
                if all[i] == sigil && nameChar(all[i + 1]) { return true }
                i += 1
            }
            return false
        }
        guard hasToken("&"), hasToken("*") else { return nil }
        var lineNo = 0
        for sub in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let l = Array(sub)
            func colonFollows(_ from: Int) -> Bool {
                var k = from
                while k < l.count, l[k] == " " || l[k] == "\t" { k += 1 }
                return k < l.count && l[k] == ":"
            }
            func aliasBefore(_ end: Int) -> Bool {
                var k = 0
                while k + 1 < end {
                    if l[k] == "*" && nameChar(l[k + 1]) { return true }
                    k += 1
                }
                return false
            }
            var i = 0
            while i < l.count {
                let c = l[i]
                switch c {
                case "?":
                    let before: Unicode.Scalar = i == 0 ? " " : l[i - 1]
                    let after: Unicode.Scalar = i + 1 < l.count ? l[i + 1] : " "
                    if " \t\r[{,".unicodeScalars.contains(before), " \t\r[{*&!".unicodeScalars.contains(after) { return (lineNo, i + 1) }
                case "]", "}":
                    // An implicit key ends on the line it starts (libyaml's rule), so an alias
                    // inside a bracketed key is on this line, before the bracket.
                    if colonFollows(i + 1), aliasBefore(i) { return (lineNo, i + 1) }
                case "*":
                    var k = i + 1
                    while k < l.count, nameChar(l[k]) { k += 1 }
                    if k > i + 1, colonFollows(k) { return (lineNo, i + 1) }
                default: break
                }
                i += 1
            }
        }
        return nil
    }
}

extension PlaybookLoader {
    /// Keys whose text may run over several lines (newlines and tabs allowed).
    static let multiLineKeys: Set<String> = ["detail", "source"]

    /// Every control character, text-direction control or undecodable byte in the playbook's
    /// text, by `TextRules.controlProblem` (the rule notes follow), each at the FILE:LINE:COLUMN
    /// of the offending character: in a value (written as is, or as a `\e`, `\x1b`, `\u202E`
    /// escape in double quotes) or anywhere in the file, comments included, since
    /// `playbooks show --source` prints them. One finding per value and per line.
    static func controlFindings(_ root: Node, text: String, file: String) -> [PlaybookDiagnostic] {
        // The file as lines of characters, made only if a value has a problem to locate.
        var cache: [[Unicode.Scalar]]?
        func lines() -> [[Unicode.Scalar]] {
            if let cache { return cache }
            let made = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
            cache = made
            return made
        }
        var found: [PlaybookDiagnostic] = []
        var seen = Set<[Int]>()
        // Each node of the file is checked once: an alias shares its anchor's node, and
        // following aliases of aliases ("billion laughs") would visit 10^10 nodes. A node is
        // known by where it starts and its kind (a mapping starts where its first key does).
        var visited = Set<Int>()
        // An explicit stack: a deeply indented file cannot exhaust the call stack.
        var stack: [(node: Node, key: String?, multiLine: Bool)] = [(root, nil, false)]
        while let (node, key, multiLine) = stack.popLast() {
            let kind: Int
            switch node {
            case .scalar: kind = 0
            case .mapping: kind = 1
            case .sequence: kind = 2
            case .alias: kind = 3
            }
            if let m = node.mark, !visited.insert(m.line << 32 | m.column << 3 | kind << 1 | (multiLine ? 1 : 0)).inserted { continue }
            switch node {
            case .scalar(let sc):
                guard let p = TextRules.controlProblem(in: sc.string, allowNewlines: multiLine) else { continue }
                let at = locate(p, in: sc, lines: lines()) ?? (sc.mark?.line ?? 1, sc.mark?.column ?? 1)
                guard seen.insert([at.0, at.1]).inserted else { continue }
                let what = key.map { "the '\($0)' text" } ?? "the text"
                found.append(PlaybookDiagnostic(file: file, line: at.0, column: at.1, message: "\(what) \(p.what): \(p.advice)"))
            case .mapping(let m):
                for (k, v) in m {
                    stack.append((k, nil, false))
                    let name = k.scalar?.string
                    stack.append((v, name ?? key, name.map { multiLineKeys.contains($0) } ?? false))
                }
            case .sequence(let items):
                for n in items { stack.append((n, key, false)) }
            case .alias:
                continue  // its anchor's node is checked where it is written
            }
        }
        var line = 1, column = 1, reportedLine = 0
        for u in text.unicodeScalars {
            if u == "\n" { line += 1; column = 1; continue }
            if line != reportedLine, let p = TextRules.controlProblem(u, at: column - 1, allowNewlines: true) {
                reportedLine = line
                if seen.insert([line, column]).inserted {
                    found.append(PlaybookDiagnostic(file: file, line: line, column: column, message: "the file \(p.what): \(p.advice)"))
                }
            }
            column += 1
        }
        return found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Where in the source (1-based line and column) the character `p` of scalar `sc` is
    /// written: the backslash of its escape in a double-quoted value, else the character itself.
    static func locate(_ p: TextRules.ControlProblem, in sc: Node.Scalar, lines: [[Unicode.Scalar]]) -> (Int, Int)? {
        guard let mark = sc.mark else { return nil }
        let before = sc.string.unicodeScalars.prefix(p.index).filter { $0 == p.scalar }.count
        var line = mark.line - 1, col = mark.column - 1, count = 0
        func at(_ l: Int, _ c: Int) -> Unicode.Scalar? {
            guard l < lines.count else { return nil }
            return c < lines[l].count ? lines[l][c] : (c == lines[l].count ? "\n" : nil)
        }
        func next() { if at(line, col) == "\n" { line += 1; col = 0 } else { col += 1 } }
        switch sc.style {
        case .doubleQuoted:
            next()  // the opening quote
            while let u = at(line, col), u != "\"" {
                if u == "\\" {
                    let (value, length) = escape(at: line, col + 1, lines: lines)
                    if value == p.scalar {
                        if count == before { return (line + 1, col + 1) }
                        count += 1
                    }
                    if length == 0 { line += 1; col = 0 } else { col += 1 + length }
                    continue
                }
                // A line break inside double quotes is folded, never a newline of the value.
                if u == p.scalar && u != "\n" {
                    if count == before { return (line + 1, col + 1) }
                    count += 1
                }
                next()
            }
            return nil
        default:
            // A block scalar's text starts on the line after its `|` or `>`.
            if sc.style == .literal || sc.style == .folded { line += 1; col = 0 }
            while let u = at(line, col) {
                if u == p.scalar {
                    if count == before { return (line + 1, col + 1) }
                    count += 1
                }
                next()
            }
            return nil
        }
    }

    /// The character a double-quoted escape stands for (the text after its backslash at
    /// `line`, `col`) and how many characters it takes; length 0 for an escaped line break.
    static func escape(at line: Int, _ col: Int, lines: [[Unicode.Scalar]]) -> (Unicode.Scalar?, Int) {
        guard line < lines.count, col < lines[line].count else { return (nil, 0) }
        let c = lines[line][col]
        let simple: [Unicode.Scalar: UInt32] = [
            "0": 0, "a": 7, "b": 8, "t": 9, "\t": 9, "n": 10, "v": 11, "f": 12, "r": 13, "e": 0x1B, " ": 0x20,
            "\"": 0x22, "/": 0x2F, "\\": 0x5C, "N": 0x85, "_": 0xA0, "L": 0x2028, "P": 0x2029,
        ]
        if let v = simple[c] { return (Unicode.Scalar(v), 1) }
        let digits: Int
        switch c {
        case "x": digits = 2
        case "u": digits = 4
        case "U": digits = 8
        default: return (nil, 1)
        }
        let hex = lines[line][(col + 1)..<min(lines[line].count, col + 1 + digits)]
        guard hex.count == digits, let v = UInt32(String(String.UnicodeScalarView(hex)), radix: 16) else { return (nil, 1) }
        return (Unicode.Scalar(v), 1 + digits)
    }
}
