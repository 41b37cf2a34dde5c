import RunbookKit

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
    /// An optional follow-up to something already confirmed (the period's briefing note):
    /// Enter on an empty field records without it; Esc still cancels the whole action.
    public var followUp = false
    /// Lines shown above the prompt (matching systems, the entry being corrected).
    public var suggestions: [String] = []

    public init(title: String, editor: LineEditor, required: Bool, purpose: TextPurpose, error: String? = nil,
                guardTask: TaskSnapshot? = nil, followUp: Bool = false) {
        self.title = title; self.editor = editor; self.required = required; self.purpose = purpose
        self.error = error; self.guardTask = guardTask; self.followUp = followUp
    }
}
