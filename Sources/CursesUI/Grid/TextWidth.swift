import RunbookKit
import CNCurses
import Foundation

/// Terminal column widths of text, as ncurses will draw it (wcwidth under a UTF-8 locale).
public enum TextWidth {
    /// Makes sure character widths are those of UTF-8 (if the environment names no UTF-8
    /// locale, C.UTF-8 is used for character handling).
    public static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }

    /// Columns one character (grapheme) takes: 0 for nothing drawable, 1 or 2.
    public static func of(_ ch: Character) -> Int {
        var width = 0
        var first = true
        for u in ch.unicodeScalars {
            let w = Int(rb_wcwidth(wchar_t(bitPattern: u.value)))
            if first {
                width = w < 0 ? 1 : w
                first = false
            } else if w == 2 || u.value == 0xFE0F {
                width = 2  // emoji presentation or a wide part of a sequence
            }
        }
        if width == 0, let f = ch.unicodeScalars.first, f.value >= 0x20 { width = 1 }
        return min(width, 2)
    }

    /// Columns a string takes.
    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// Whether a character must not be drawn as is: it holds a control code or a mark that
    /// reorders text (`TerminalText.needsEscape`, the rule every output follows).
    public static func isControl(_ ch: Character) -> Bool {
        ch.unicodeScalars.isEmpty || ch.unicodeScalars.contains(where: TerminalText.needsEscape)
    }

    /// `s` cut to at most `columns`, with `…` when cut.
    public static func truncate(_ s: String, _ columns: Int) -> String {
        guard columns > 0 else { return "" }
        if of(s) <= columns { return s }
        var out = ""
        var used = 0
        for ch in s {
            let w = of(ch)
            if used + w > columns - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Word-wraps `s` into lines of at most `columns`.
    public static func wrap(_ s: String, _ columns: Int) -> [String] {
        guard columns > 1 else { return [s] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var w = String(word)
                var ww = of(w)
                if lineWidth > 0 && lineWidth + 1 + ww > columns {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while ww > columns {  // a word longer than a line: hard-break it
                    var head = ""
                    var hw = 0
                    var rest = Substring(w)
                    while let c = rest.first, hw + of(c) <= columns - lineWidth - (lineWidth > 0 ? 1 : 0) {
                        head.append(c); hw += of(c); rest = rest.dropFirst()
                    }
                    if head.isEmpty { lines.append(line); line = ""; lineWidth = 0; continue }
                    line += (lineWidth > 0 ? " " : "") + head
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                    w = String(rest)
                    ww = of(w)
                }
                if w.isEmpty { continue }
                line += (lineWidth > 0 ? " " : "") + w
                lineWidth += (lineWidth > 0 ? 1 : 0) + ww
            }
            lines.append(line)
        }
        return lines
    }
}

extension TextWidth {
    /// Text for a one-line view: line breaks shown as ⏎, tabs and lone CRs as spaces.
    public static func oneLine(_ s: String) -> String { TextFold.oneLine(s) }
}
