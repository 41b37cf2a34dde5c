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

    /// A text too long for one note, as several that each fit in `limit` bytes, numbered
    /// "(1/3) ", "(2/3) "…: cut at line ends, a line longer than a note at its last space that
    /// fits (else anywhere). A text that fits is one note, unnumbered.
    public static func numberedNotes(_ text: String, limit: Int = maxNoteBytes) -> [String] {
        // Room for the number in front, "(12/12) ", however many notes it makes.
        let room = max(64, limit - 24)
        var parts: [String] = []
        var current = ""
        func flush() {
            let t = current.trimmingCharacters(in: .newlines)
            if !t.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(t) }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            while rest.utf8.count > room {
                flush()
                var end = rest.startIndex, bytes = 0
                var afterSpace: String.Index?
                for i in rest.indices {
                    let n = rest[i].utf8.count
                    if bytes + n > room { break }
                    bytes += n
                    end = rest.index(after: i)
                    if rest[i] == " " { afterSpace = end }
                }
                var cut = afterSpace ?? end
                // One character larger than a note still moves on (the note rule refuses it).
                if cut == rest.startIndex { cut = rest.index(after: cut) }
                current = String(rest[..<cut])
                flush()
                rest = rest[cut...]
            }
            let add = (current.isEmpty ? "" : "\n") + rest
            if current.utf8.count + add.utf8.count > room {
                flush()
                current = String(rest)
            } else {
                current += add
            }
        }
        flush()
        guard parts.count > 1 else { return parts }
        return parts.enumerated().map { "(\($0.offset + 1)/\(parts.count)) \($0.element)" }
    }

    /// Checks a one-line name.
    public static func checkName(_ text: String, what: String) throws {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw RunbookError.usage("the \(what) is empty") }
        if text.count > maxNameCharacters {
            throw RunbookError.usage("the \(what) is too long (\(text.count) characters; the limit is \(maxNameCharacters))")
        }
        try checkControl(text, what: what, allowNewlines: false)
    }

    /// Longest name of a place: a station ("ED desk") or a facility ("St. Mary's Hospital").
    public static let maxPlaceNameCharacters = 60

    /// A station or facility name as typed, trimmed: 1 to `maxPlaceNameCharacters` characters
    /// on one line, no control characters. Shown on boards and reports side by side, so kept
    /// short; refused before anything is written.
    public static func placeName(_ typed: String, what: String) throws -> String {
        let name = typed.trimmingCharacters(in: .whitespaces)
        try checkControl(name, what: what, allowNewlines: false)
        if name.contains("\t") { throw RunbookError.usage("the \(what) contains a tab: use spaces") }
        if name.isEmpty { throw RunbookError.usage("the \(what) is empty") }
        if name.count > maxPlaceNameCharacters {
            throw RunbookError.usage("the \(what) is too long (\(name.count) characters; the limit is \(maxPlaceNameCharacters))")
        }
        return name
    }
}
