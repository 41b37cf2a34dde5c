/// What a key does in the checklist. One table maps keys to these, and the same table
/// writes the help screen and the hint bar.
public enum UIAction: String, CaseIterable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case done, start, block, skip, reopen, note, menu, search, filter, switchView, help, quit
}

/// One row of the key table.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let action: UIAction
    /// Short label for the hint bar (nil: not shown there).
    public let hint: String?
    /// The sentence on the help screen.
    public let help: String
}

/// The key table of the command post.
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], action: .moveUp, hint: nil, help: "Move up"),
        KeyBinding(keys: [.down, .char("j")], action: .moveDown, hint: nil, help: "Move down"),
        KeyBinding(keys: [.pageUp], action: .pageUp, hint: nil, help: "Page up"),
        KeyBinding(keys: [.pageDown], action: .pageDown, hint: nil, help: "Page down"),
        KeyBinding(keys: [.char("g"), .home], action: .top, hint: nil, help: "First task"),
        KeyBinding(keys: [.char("G"), .end], action: .bottom, hint: nil, help: "Last task"),
        KeyBinding(keys: [.char("x")], action: .done, hint: "done", help: "Mark the task done"),
        KeyBinding(keys: [.char("s")], action: .start, hint: "start", help: "Start the task"),
        KeyBinding(keys: [.char("b")], action: .block, hint: "block", help: "Block the task (asks why)"),
        KeyBinding(keys: [.char("-")], action: .skip, hint: "skip", help: "Skip the task (asks why)"),
        KeyBinding(keys: [.char("u")], action: .reopen, hint: "reopen", help: "Reopen the task"),
        KeyBinding(keys: [.char("n")], action: .note, hint: "note", help: "Write a note in the log"),
        KeyBinding(keys: [.enter], action: .menu, hint: "menu", help: "All actions: decide, assign a role, system status, correct an entry, next period…"),
        KeyBinding(keys: [.char("/")], action: .search, hint: "find", help: "Search tasks by words or id"),
        KeyBinding(keys: [.char("f")], action: .filter, hint: "filter", help: "Filter: all, my role, overdue, blocked"),
        KeyBinding(keys: [.tab], action: .switchView, hint: "view", help: "Switch view: checklist, board, timeline, systems"),
        KeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "help", help: "This help"),
        KeyBinding(keys: [.char("q")], action: .quit, hint: "quit", help: "Quit (everything is already saved)"),
    ]

    static let lookup: [Key: UIAction] = {
        var m: [Key: UIAction] = [:]
        for b in bindings { for k in b.keys { m[k] = b.action } }
        return m
    }()

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> UIAction? { lookup[key] }

    /// The hint bar text: `x done  s start  …`.
    public static func hints() -> [(key: String, label: String)] {
        bindings.compactMap { b in b.hint.map { (b.keys[0].label, $0) } }
    }

    /// The help screen lines: keys, then what they do.
    public static func helpLines() -> [String] {
        bindings.map { b in
            let keys = b.keys.map(\.label).joined(separator: " ")
            return keys.padding(toLength: max(12, keys.count), withPad: " ", startingAt: 0) + "  " + b.help
        }
    }
}
