extension TextRules {
    /// The first character of a text that must not be recorded or shown: where it is and why.
    public struct ControlProblem: Sendable, Equatable {
        /// Its position, counted in Unicode scalars from 0.
        public var index: Int
        /// The character itself.
        public var scalar: Unicode.Scalar
        /// What is wrong, in words: "contains a control character (U+001B)".
        public var what: String
        /// What to do about it.
        public var advice: String
    }

    /// The first control character, text-direction control or undecodable byte in `text`, or
    /// nil. Tabs are allowed; newlines (and CR, from pasted CRLF text) only when
    /// `allowNewlines`. Notes, names and playbook text all follow this one rule.
    public static func controlProblem(in text: String, allowNewlines: Bool) -> ControlProblem? {
        var i = 0
        for u in text.unicodeScalars {
            if let p = controlProblem(u, at: i, allowNewlines: allowNewlines) { return p }
            i += 1
        }
        return nil
    }

    /// The rule for one character `u` at scalar position `index`: nil when it may be written.
    public static func controlProblem(_ u: Unicode.Scalar, at index: Int, allowNewlines: Bool) -> ControlProblem? {
        let v = u.value
        if v >= 0x20 && v < 0x7F { return nil }  // plain ASCII: the common case, decided at once
        // CR is kept (pasted CRLF text); displays fold it, so it cannot overwrite a line.
        let allowed = v == 0x09 || (allowNewlines && (v == 0x0A || v == 0x0D))
        if (v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0)) && !allowed {
            return ControlProblem(index: index, scalar: u, what: "contains a control character (\(code(v)))",
                                  advice: "binary data or terminal codes are not accepted")
        }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            return ControlProblem(index: index, scalar: u, what: "contains a text-direction control (\(code(v)))",
                                  advice: "it can disguise what is written: remove it")
        }
        if v == 0xFFFD {
            return ControlProblem(index: index, scalar: u, what: "contains bytes that are not UTF-8 text",
                                  advice: "binary data is not accepted")
        }
        return nil
    }

    /// `U+001B`
    static func code(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Throws a usage error naming `what` ("note") and the position if `text` breaks the rule
    /// of `controlProblem(in:allowNewlines:)`.
    static func checkControl(_ text: String, what: String, allowNewlines: Bool) throws {
        guard let p = controlProblem(in: text, allowNewlines: allowNewlines) else { return }
        let at = p.what.hasSuffix(")") ? String(p.what.dropLast()) + " at character \(p.index + 1))" : p.what + " (at character \(p.index + 1))"
        throw RunbookError.usage("the \(what) \(at): \(p.advice)")
    }
}
