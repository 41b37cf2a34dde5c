import RunbookKit

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
