import RunbookKit

/// What a typed line is for, and so what happens when it is submitted.
public enum TextPurpose: Sendable, Equatable {
    case reason(Action, force: Bool)
    case note
    case search
    case assign(role: String)
    case systemName
    case correctSeq
    case correctReason(Int)
    case periodNote
    case closeNote
    /// When a system is expected back (the systems view's `e`).
    case estimate(system: String, state: SystemRecord.State)
}

/// A one-line question at the bottom of the screen.
public struct Prompt: Sendable, Equatable {
    public var title: String
    public var editor: LineEditor
    public var required: Bool
    public var purpose: TextPurpose
    /// Shown in the danger colour under the prompt (an empty reason, a failed write).
    public var error: String?
}

/// What choosing a menu item does.
public indirect enum MenuChoice: Sendable, Equatable {
    case record(Action, note: String?, force: Bool)
    case ask(Prompt)
    case open(Menu)
    case confirm(Confirm)
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

    public init(title: String, items: [MenuItem]) {
        self.title = title
        self.items = items
        selected = items.firstIndex(where: \.enabled) ?? 0
    }
}

/// A yes/no question before something weighty (a critical task, closing the incident).
public struct Confirm: Sendable, Equatable {
    public var question: String
    public var then: MenuChoice
}

/// The one dialog open over the screen, if any.
public enum Modal: Sendable, Equatable {
    case none
    case prompt(Prompt)
    case menu(Menu)
    case confirm(Confirm)
    case help
}
