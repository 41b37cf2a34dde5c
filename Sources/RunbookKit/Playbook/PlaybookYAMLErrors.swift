import Yams

/// libyaml's errors turned into FILE:LINE:COLUMN findings that say what is wrong in words a
/// hospital's playbook author knows.
extension PlaybookLoader {
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
}
