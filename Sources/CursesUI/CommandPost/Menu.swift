import RunbookKit

/// A list to choose from with arrows, a hotkey or Enter.
public struct Menu: Sendable, Equatable {
    public var title: String
    public var items: [MenuItem]
    public var selected: Int = 0
    /// What the status line says when the menu is left with Esc (nil: nothing).
    public var cancelled: String?
    /// What Esc does instead of closing (a paste's question goes back to the note).
    public var onCancel: MenuChoice?
    /// A long list (roles, decisions, systems): letters typed jump to the item whose name
    /// starts with them (`CommandPostModel.typeAhead`); an item's own key still chooses it as
    /// the first letter.
    public var typeAhead = false
    /// A line under the items saying how to choose (the type-ahead rule).
    public var hint: String?
    /// The letters typed ahead so far, and when the last one was (milliseconds).
    var typed = ""
    var typedAt: Int64 = 0

    public init(title: String, items: [MenuItem]) {
        self.title = title
        self.items = items
        selected = items.firstIndex(where: \.enabled) ?? 0
    }
}
