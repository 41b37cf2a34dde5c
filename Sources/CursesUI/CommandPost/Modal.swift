import RunbookKit

/// What a typed line is for, and so what happens when it is submitted.
public enum TextPurpose: Sendable, Equatable {
    case reason(Action, force: Bool)
    case note
    /// A note about one task, recorded with it (its `task` field).
    case taskNote(task: String)
    case search
    case assign(role: String)
    case systemName
    case correctSeq
    case correctReason(Int)
    case periodNote
    /// The incident's name or CLOSE, typed to close it for good.
    case closeName
    case closeNote
    /// When a system is expected back (the systems view's `e`).
    case estimate(system: String, state: SystemRecord.State)
    /// The reason for a decision; `alsoDone` is the "Decide …" task marked done with it.
    case decisionReason(decision: String, option: String, alsoDone: String?)
    /// When a task really was done (or started…): `14:05`, `-40m`.
    case actionTime(task: String, verb: Action.TaskVerb)
}

extension TextPurpose {
    /// Free text someone wrote (a note, a reason): Esc asks before throwing it away. A name, a
    /// number or a time is quicker typed again than asked about.
    public var isDraft: Bool {
        switch self {
        case .note, .taskNote, .reason, .correctReason, .periodNote, .closeNote, .decisionReason: return true
        case .search, .assign, .systemName, .correctSeq, .closeName, .actionTime, .estimate: return false
        }
    }
}

/// What a task looked like when a dialog about it opened: if it is different when the dialog
/// is answered, another terminal changed it meanwhile and the person is asked again.
public struct TaskSnapshot: Sendable, Equatable {
    public var id: String
    public var status: TaskStatus
    public var round: Int
    /// The last entry that touched it.
    public var lastSeq: Int?
}

/// A one-line question at the bottom of the screen.
public struct Prompt: Sendable, Equatable {
    public var title: String
    public var editor: LineEditor
    public var required: Bool
    public var purpose: TextPurpose
    /// Shown in the danger colour under the prompt (an empty reason, a failed write).
    public var error: String?
    /// The task the answer acts on, as it was when the prompt opened.
    public var guardTask: TaskSnapshot?
    /// A follow-up to something already confirmed (the period's briefing note): Esc never
    /// cancels that, it goes on without the text.
    public var followUp = false
    /// Lines shown above the prompt (matching systems, the entry being corrected).
    public var suggestions: [String] = []

    public init(title: String, editor: LineEditor, required: Bool, purpose: TextPurpose, error: String? = nil,
                guardTask: TaskSnapshot? = nil, followUp: Bool = false) {
        self.title = title; self.editor = editor; self.required = required; self.purpose = purpose
        self.error = error; self.guardTask = guardTask; self.followUp = followUp
    }
}

/// One action to record, with its note and time.
public struct Recording: Sendable, Equatable {
    public var action: Action
    public var note: String?
    public var force: Bool
    public var at: Timestamp?
    /// For a note: the task it is about.
    public var task: String?

    public init(_ action: Action, note: String? = nil, force: Bool = false, at: Timestamp? = nil, task: String? = nil) {
        self.action = action; self.note = note; self.force = force; self.at = at; self.task = task
    }
}

/// What choosing a menu item does.
public indirect enum MenuChoice: Sendable, Equatable {
    case record(Action, note: String?, force: Bool)
    /// Several actions in order; each only once the one before it is recorded.
    case recordAll([Recording])
    /// Quit with an action still waiting to be written: give it up now (`discarding`), or
    /// quit once it is written.
    case quit(discarding: Bool)
    case ask(Prompt)
    /// The prompt's answer, as if Enter was pressed on it (a follow-up going on without its text).
    case submit(Prompt)
    case open(Menu)
    case confirm(Confirm)
    /// Nothing is done; the words say so.
    case nothing(String)
    /// Filter the checklist to one role's tasks (records nothing).
    case showRole(String)
    /// Mark an entry entered in error: shows it, then asks why.
    case correct(Int)
}

/// One line of a menu.
public struct MenuItem: Sendable, Equatable {
    public var hotkey: Character?
    public var label: String
    public var enabled: Bool
    public var choice: MenuChoice

    public init(_ hotkey: Character?, _ label: String, enabled: Bool = true, _ choice: MenuChoice) {
        self.hotkey = hotkey; self.label = label; self.enabled = enabled; self.choice = choice
    }
}

/// A list to choose from with arrows, a hotkey or Enter.
public struct Menu: Sendable, Equatable {
    public var title: String
    public var items: [MenuItem]
    public var selected: Int = 0
    /// What the status line says when the menu is left with Esc (nil: nothing).
    public var cancelled: String?

    public init(title: String, items: [MenuItem]) {
        self.title = title
        self.items = items
        selected = items.firstIndex(where: \.enabled) ?? 0
    }
}

/// A yes/no question before something weighty (a critical task, a decision, a correction).
public struct Confirm: Sendable, Equatable {
    public var question: String
    public var then: MenuChoice
    /// What "no" does (nil: nothing is recorded, and the screen says so).
    public var otherwise: MenuChoice?
    /// Lines under the question: what is being confirmed, in full.
    public var details: [String] = []
    /// A third answer: its key, its words, what it does.
    public var alternative: ConfirmAlternative?
    /// The task it acts on, as it was when asked (see `TaskSnapshot`).
    public var guardTask: TaskSnapshot?
    /// How the answers read ("y or Enter: yes      n or Esc: no" when nil).
    public var answers: String?
    /// Enter means no (throwing a draft away takes a deliberate y).
    public var enterIsNo = false
    /// The first detail says what another terminal changed while it was open (shown as a danger).
    public var changedFirst = false

    public init(question: String, then: MenuChoice, otherwise: MenuChoice? = nil, details: [String] = [],
                alternative: ConfirmAlternative? = nil, guardTask: TaskSnapshot? = nil, answers: String? = nil, enterIsNo: Bool = false) {
        self.question = question; self.then = then; self.otherwise = otherwise; self.details = details
        self.alternative = alternative; self.guardTask = guardTask; self.answers = answers; self.enterIsNo = enterIsNo
    }
}

/// A confirmation's third answer (a decision: "d: decide only").
public struct ConfirmAlternative: Sendable, Equatable {
    public var key: Character
    public var label: String
    public var choice: MenuChoice
}

/// An entry opened in full from the timeline.
public struct EntryReader: Sendable, Equatable {
    public var seq: Int
    public var scroll = 0
}

/// The one dialog open over the screen, if any.
public enum Modal: Sendable, Equatable {
    case none
    case prompt(Prompt)
    case menu(Menu)
    case confirm(Confirm)
    /// The help screen, scrolled this far.
    case help(Int)
    case entry(EntryReader)
}
