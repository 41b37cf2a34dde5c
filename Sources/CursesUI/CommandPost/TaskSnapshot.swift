import RunbookKit

/// What a task looked like when a dialog about it opened: if it is different when the dialog
/// is answered, another terminal changed it meanwhile and the person is asked again.
public struct TaskSnapshot: Sendable, Equatable {
    public var id: String
    public var status: TaskStatus
    public var round: Int
    /// The last entry that touched it.
    public var lastSeq: Int?
}
