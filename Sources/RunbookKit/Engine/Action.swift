/// Something a person asks to record. The engine checks it against the state and turns it
/// into a journal draft, or refuses it with the reason in plain words.
public enum Action: Sendable, Equatable {
    public enum TaskVerb: String, Sendable, CaseIterable { case start, done, skip, block, reopen }
    case task(String, TaskVerb)
    case decide(String, String)
    case assign(String, String)
    /// A system's state; `eta` is when it is expected back (a restoration estimate).
    case system(String, SystemRecord.State, eta: Timestamp? = nil)
    case note(String, tag: String?)
    case correct(Int, reason: String)
    case period
    case close
}

/// Who records an action, when it really happened, and with what note.
public struct ActionContext: Sendable {
    public var actor: String
    public var at: Timestamp?
    public var note: String?
    public var force: Bool
    /// Transcribed later from the paper binder: the form/page reference, or "" for none given.
    public var paper: String?

    public init(actor: String, at: Timestamp? = nil, note: String? = nil, force: Bool = false, paper: String? = nil) {
        self.actor = actor; self.at = at; self.note = note; self.force = force; self.paper = paper
    }

    /// The draft as this context records it: marked as transcribed from paper (`paper`: the
    /// reference, or true) when it was. Refuses a reference that is not a one-line name.
    func stamped(_ d: EntryDraft) throws -> EntryDraft {
        guard let paper else { return d }
        var d = d
        if paper.isEmpty {
            d.fields.append(("paper", .bool(true)))
        } else {
            try TextRules.checkName(paper, what: "paper reference")
            d.fields.append(("paper", .string(paper)))
        }
        return d
    }
}

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
