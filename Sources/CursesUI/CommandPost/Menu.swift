import RunbookKit

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
