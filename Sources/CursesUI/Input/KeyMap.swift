/// What a key does on the command post. Each mode's table maps keys to these, and the same
/// table writes that mode's hint bar and help screen.
public enum UIAction: String, CaseIterable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case done, start, block, skip, reopen, note, menu, search, filter, switchView, help, quit
    /// Shift-Tab: the view before.
    case previousView
    /// The timeline: open the selected entry in full; mark it entered in error.
    case openEntry, correctEntry
    /// The checklist: a note on the selected task; "done at 02:50".
    case taskNote, doneAt
    /// A confirmation's third answer (a decision: decide only).
    case alternative
    /// Clears the search (Esc in the views).
    case clearSearch
    /// Gives up an action still waiting for another process to finish writing (Esc).
    case cancelWaiting
    /// Confirm: yes / no. Menus and prompts: choose / cancel.
    case yes, no, select, cancel
    /// Prompts: keys the line editor takes (move, delete, type).
    case edit
    /// Help: any key closes it.
    case closeHelp
    /// Systems view: set a system's restoration estimate.
    case estimate
    /// The views but the checklist: when the next thing recorded happened (`@`).
    case happenedAt
    /// For whom the next action is recorded (on someone else's behalf).
    case forWhom
    /// Undo the action just recorded (for a minute): its entries marked entered in error.
    case undo
}

/// One row of a key table.
public struct KeyBinding<Model>: Sendable {
    public let keys: [Key]
    public let action: UIAction
    /// How the hint bar writes the keys (default: the first key's label).
    public let hintKeys: String?
    /// Short label for the hint bar (nil: not shown there).
    public let hint: String?
    /// The sentence on the help screen (nil: not listed there).
    public let help: String?
    /// Whether the key does something in the model's present state: only then is it offered.
    public let enabled: @Sendable (Model) -> Bool

    public init(_ keys: [Key], _ action: UIAction, hintKeys: String? = nil, hint: String?, help: String?,
                enabled: @escaping @Sendable (Model) -> Bool = { _ in true }) {
        self.keys = keys; self.action = action; self.hintKeys = hintKeys; self.hint = hint; self.help = help; self.enabled = enabled
    }

    /// The keys as the hint bar writes them.
    public var keyLabel: String { hintKeys ?? keys.first?.label ?? "" }
}

/// The keys of one mode (a view, a dialog, a step of the start screen): the one place that
/// says what a key does there, and so what the hint bar and the help screen offer.
public struct KeyTable<Model>: Sendable {
    public let bindings: [KeyBinding<Model>]

    public init(_ bindings: [KeyBinding<Model>]) { self.bindings = bindings }

    /// The binding `key` has here, enabled or not (an enabled one first, when a key has two).
    public func binding(for key: Key, _ model: Model) -> KeyBinding<Model>? {
        let all = bindings.filter { $0.keys.contains(key) }
        return all.first { $0.enabled(model) } ?? all.first
    }

    /// The action `key` takes here now: nil when it is unbound, or disabled (a key not
    /// offered on the hint bar or in the help never acts).
    public func enabledAction(for key: Key, _ model: Model) -> UIAction? {
        binding(for: key, model).flatMap { $0.enabled(model) ? $0.action : nil }
    }

    /// The hint bar: the enabled keys that have a hint.
    public func hints(_ model: Model) -> [(key: String, label: String)] {
        bindings.compactMap { b in b.enabled(model) ? b.hint.map { (b.keyLabel, $0) } : nil }
    }

    /// The help screen's rows: each enabled key, and what it does.
    public func helpRows(_ model: Model) -> [KeyHelp] {
        bindings.compactMap { b in
            guard b.enabled(model), let help = b.help else { return nil }
            return KeyHelp(keys: b.keys.map(\.label).joined(separator: " "), help: help)
        }
    }

    /// The help screen lines: each enabled key, then what it does.
    public func helpLines(_ model: Model) -> [String] { helpRows(model).map(\.line) }
}

/// One row of a help screen: the keys, and what they do. A screen that wraps a long row keeps
/// the keys in their column and wraps only the sentence, under `head`.
public struct KeyHelp: Sendable, Equatable {
    public var keys: String
    public var help: String

    /// The keys in their column (12 wide, or wider for a long key list), and the gap after it.
    public var head: String { keys.padding(toLength: max(12, keys.count), withPad: " ", startingAt: 0) + "  " }
    /// The row on one line.
    public var line: String { head + help }
}

extension UIAction {
    /// Where a moving key takes the selection `index` in a list of `count` rows with `page` rows
    /// on screen: up, down, a page, the top or the bottom, never past either end. Nil for an
    /// action that does not move. The one rule every list on every screen follows.
    public func moved(_ index: Int, count: Int, page: Int = 1) -> Int? {
        guard count > 0 else { return nil }
        let step = max(1, page - 1)
        let to: Int
        switch self {
        case .moveUp: to = index - 1
        case .moveDown: to = index + 1
        case .pageUp: to = index - step
        case .pageDown: to = index + step
        case .top: to = 0
        case .bottom: to = count - 1
        default: return nil
        }
        return max(0, min(count - 1, to))
    }
}
