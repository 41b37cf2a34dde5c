import RunbookKit

/// One line of a menu.
public struct MenuItem: Sendable, Equatable {
    public var hotkey: Character?
    public var label: String
    public var enabled: Bool
    public var choice: MenuChoice
    /// What type-ahead matches (a role's title, a decision's question); the label when nil.
    public var name: String?

    public init(_ hotkey: Character?, _ label: String, enabled: Bool = true, _ choice: MenuChoice) {
        self.hotkey = hotkey; self.label = label; self.enabled = enabled; self.choice = choice
    }
}
