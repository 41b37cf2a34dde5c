/// Text from outside (argv, file names, playbooks) made safe to show on one terminal line.
public enum TerminalText {
    /// `text` with every control character, line break and text-direction control written out
    /// visibly (`\n`, `\t`, `\u{1B}`), so an echoed value can neither break the line nor send
    /// codes to the terminal. Everything else, accents and emoji included, is kept.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for u in text.unicodeScalars {
            guard needsEscape(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u{" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + "}"
            }
        }
        return out
    }

    /// Text of several lines for a terminal: `escaped`, but its line breaks and tabs kept.
    public static func keepingLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\t") }
            .joined(separator: "\n")
    }

    /// Whether `u` must not reach a terminal as it is: C0 and C1 controls, DEL, line and
    /// paragraph separators, and the marks and overrides that reorder text.
    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
            || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
