import Foundation

/// Limits on the text people type, so a binary or runaway paste is refused, not recorded.
public enum TextRules {
    /// Longest note or reason, in bytes of UTF-8.
    public static let maxNoteBytes = 16_384
    /// Longest name (person, system, tag, incident name).
    public static let maxNameCharacters = 120

    /// Checks free text; `what` names it in the message ("note", "reason").
    public static func checkNote(_ text: String, what: String) throws {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw RunbookError.usage("the \(what) is empty: write what happened or why")
        }
        let bytes = text.utf8.count
        if bytes > maxNoteBytes {
            throw RunbookError.usage("the \(what) is too long (\(bytes) bytes; the limit is \(maxNoteBytes)): was something pasted by mistake? Split it into several notes")
        }
        try checkControl(text, what: what, allowNewlines: true)
    }

    /// Checks a one-line name.
    public static func checkName(_ text: String, what: String) throws {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw RunbookError.usage("the \(what) is empty") }
        if text.count > maxNameCharacters {
            throw RunbookError.usage("the \(what) is too long (\(text.count) characters; the limit is \(maxNameCharacters))")
        }
        try checkControl(text, what: what, allowNewlines: false)
    }
}
