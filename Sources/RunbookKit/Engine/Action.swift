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

/// An entry transcribed later from the paper binder (`paper` in the entry).
public enum PaperReference: Sendable, Equatable {
    /// From paper, no form or page named (`"paper": true`).
    case unreferenced
    /// The form or page it was copied from (`"paper": "ICS 214 p3"`).
    case reference(String)

    var scalar: JSONScalar {
        switch self {
        case .unreferenced: return .bool(true)
        case .reference(let r): return .string(r)
        }
    }
}

/// Who records an action, when it really happened, with what note, and whether it was
/// transcribed from paper.
public struct ActionContext: Sendable {
    public var actor: String
    public var at: Timestamp?
    public var note: String?
    public var force: Bool
    public var paper: PaperReference?
    /// For a note: the task it is about (recorded as its `task` field; shown in the task's history).
    public var task: String?

    public init(actor: String, at: Timestamp? = nil, note: String? = nil, force: Bool = false, paper: PaperReference? = nil,
                task: String? = nil) {
        self.actor = actor; self.at = at; self.note = note; self.force = force; self.paper = paper; self.task = task
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
