import Foundation

/// Light scans of the raw text for what libyaml would take too long over or say badly: flow
/// nesting too deep, aliases used as keys. They give the friendly finding; parsing stays safe
/// without them.
extension PlaybookLoader {
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
