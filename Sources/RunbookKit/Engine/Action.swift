import Foundation

/// Something a person asks to record. The engine checks it against the state and turns it
/// into a journal draft, or refuses it with the rule and its facts (`Refusal`); the rules live
/// in `Engine/Rules/`.
public enum Action: Sendable, Equatable {
    public enum TaskVerb: String, Sendable, CaseIterable { case start, done, skip, block, reopen }
    case task(String, TaskVerb)
    case decide(String, String)
    case assign(String, String)
    /// A system's state; `eta` is when it is expected back (a restoration estimate); `kind` its
    /// kind, one of the playbook's (`SystemCatalog`), when the reporter says it.
    case system(String, SystemRecord.State, eta: Timestamp? = nil, kind: String? = nil)
    case note(String, tag: String?)
    case correct(Int, reason: String)
    case period
    case close
    /// Corrects entry 1's facts (`runbook amend`): an appended `incident.amended`, never an edit.
    case amend(Amendment)
}

/// What `runbook amend` corrects in entry 1: each value given replaces the one recorded when
/// the incident was started (the report shows both); nil leaves it as it is.
public struct Amendment: Sendable, Equatable {
    /// When the incident was really activated.
    public var activated: Timestamp?
    /// When the organization first knew.
    public var discovered: Timestamp?
    /// The incident's name.
    public var name: String?
    /// Whether it is an exercise.
    public var exercise: Bool?

    public init(activated: Timestamp? = nil, discovered: Timestamp? = nil, name: String? = nil, exercise: Bool? = nil) {
        self.activated = activated; self.discovered = discovered; self.name = name; self.exercise = exercise
    }

    /// Whether nothing is given.
    public var isEmpty: Bool { activated == nil && discovered == nil && name == nil && exercise == nil }
}

/// An entry transcribed later from the paper binder (`paper` in the entry).
public enum PaperReference: Sendable, Equatable {
    /// From paper, no form or page named (`"paper": true`).
    case unreferenced
    /// The form or page it was copied from (`"paper": "ICS 214 p3"`).
    case reference(String)

    /// As the journal stores it: `true` for no reference, whether it came as a bare
    /// `--from-paper`, `--from-paper true` or an empty reference; else the reference.
    var scalar: JSONScalar {
        switch self {
        case .unreferenced: return .bool(true)
        case .reference(let r):
            let t = r.trimmingCharacters(in: .whitespaces)
            return t.isEmpty || t.lowercased() == "true" ? .bool(true) : .string(r)
        }
    }
}

/// Who records an action (and on whose behalf), when it really happened, with what note, and
/// whether it was transcribed from paper.
public struct ActionContext: Sendable {
    /// Who is typing: the entry's `actor`.
    public var actor: String
    /// Whom the entry is recorded on behalf of, as typed (`--for`, the command post's "for whom"):
    /// a person's name, or a role id meaning whoever held that role when it happened. The
    /// entry's `for` is the person it resolves to (`IncidentFacts.onBehalf`); nil: the typist's own.
    public var forWhom: String?
    public var at: Timestamp?
    public var note: String?
    public var force: Bool
    public var paper: PaperReference?
    /// For a note: the task it is about (recorded as its `task` field; shown in the task's history).
    public var task: String?

    public init(actor: String, at: Timestamp? = nil, note: String? = nil, force: Bool = false, paper: PaperReference? = nil,
                task: String? = nil, forWhom: String? = nil) {
        self.actor = actor; self.at = at; self.note = note; self.force = force; self.paper = paper; self.task = task
        self.forWhom = forWhom
    }
}
