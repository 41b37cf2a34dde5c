import RunbookKit

/// A confirmation's third answer (a decision: "d: decide only").
public struct ConfirmAlternative: Sendable, Equatable {
    public var key: Character
    public var label: String
    public var choice: MenuChoice
}
