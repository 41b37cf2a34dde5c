import Yams

extension PlaybookLoader {
    /// Keys whose text may run over several lines (newlines and tabs allowed).
    static let multiLineKeys: Set<String> = ["detail", "source"]
    /// The most characters (Unicode scalars, so invisible ones count) in one of those texts.
    static let longestParagraph = 8_000
    /// The most characters in any other text: a title, an id, a question, an option.
    static let longestLineText = 500

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
                // Bounded so that no title, id or detail can carry a screenful of invisible padding.
                let limit = multiLine ? longestParagraph : longestLineText
                if sc.string.unicodeScalars.count > limit {
                    let what = key.map { "the '\($0)' text" } ?? "a text"
                    found.append(PlaybookDiagnostic(file: file, line: sc.mark?.line ?? 1, column: sc.mark?.column ?? 1,
                                                    message: "\(what) is too long (\(sc.string.unicodeScalars.count) characters; the limit is \(limit)): shorten it"))
                }
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
