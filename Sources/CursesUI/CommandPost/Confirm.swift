import RunbookKit

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
