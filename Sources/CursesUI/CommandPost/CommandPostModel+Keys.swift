import RunbookKit

/// The command post's modes: the view showing, or the dialog open over it. Each has one key
/// table, which writes its hint bar and its help.
public enum KeyMode: String, CaseIterable, Sendable {
    case checklist, board, timeline, systems, confirm, menu, prompt, help
}

extension CommandPostModel {
    /// The mode keys are read in now.
    public var keyMode: KeyMode {
        switch modal {
        case .prompt: return .prompt
        case .menu: return .menu
        case .confirm: return .confirm
        case .help: return .help
        case .none: return viewKeyMode
        }
    }

    /// The mode of the view under any dialog (the help screen lists its keys).
    var viewKeyMode: KeyMode {
        switch view {
        case .checklist: return .checklist
        case .board: return .board
        case .timeline: return .timeline
        case .systems: return .systems
        }
    }

    /// Whether anything can be recorded from this screen: not the board, not a damaged
    /// journal, not a closed incident.
    var canRecord: Bool { !boardOnly && damage == nil && ActionRules.closedRefusal(engine.state.facts) == nil }

    /// The key table of `mode`.
    public static func keyTable(_ mode: KeyMode) -> KeyTable<CommandPostModel> {
        switch mode {
        case .checklist: return checklistKeys
        case .board: return boardKeys
        case .systems: return systemsKeys
        case .timeline: return timelineKeys
        case .confirm: return confirmKeys
        case .menu: return menuKeys
        case .prompt: return promptKeys
        case .help: return helpKeys
        }
    }

    typealias Binding = KeyBinding<CommandPostModel>

    /// Keys every view shares, after its own.
    static let sharedViewKeys: [Binding] = [
        Binding([.char("n")], .note, hint: "note", help: "Write a note in the log", enabled: { $0.canRecord }),
        Binding([.enter], .menu, hint: "menu", help: "All actions: decide, assign a role, system status, correct an entry, next period…",
                enabled: { $0.canRecord }),
        // "/" and "u" are left off the hint bar so that it fits 80 columns; help lists them.
        Binding([.char("/")], .search, hint: nil, help: "Search tasks by words or id", enabled: { !$0.boardOnly }),
        Binding([.char("f")], .filter, hint: "filter", help: "Filter: all, my role, overdue, blocked", enabled: { !$0.boardOnly }),
        Binding([.tab], .switchView, hint: "view", help: "Switch view: checklist, board, timeline, systems"),
        Binding([.char("?"), .function(1)], .help, hint: "help", help: "This help"),
        Binding([.char("q")], .quit, hint: "quit", help: "Quit (everything is already saved)"),
        Binding([.escape], .cancelWaiting, hint: "cancel waiting", help: "Give up the action waiting to be written (it is NOT recorded)",
                enabled: { $0.waiting != nil }),
        Binding([.escape], .clearSearch, hint: nil, help: "Clear the search", enabled: { !$0.search.isEmpty }),
    ]

    static let checklistKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Move up"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Move down"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down"),
        Binding([.char("g"), .home], .top, hint: nil, help: "First task"),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Last task"),
        Binding([.char("x")], .done, hint: "done", help: "Mark the task done", enabled: { $0.canActOnTask }),
        Binding([.char("s")], .start, hint: "start", help: "Start the task", enabled: { $0.canActOnTask }),
        Binding([.char("b")], .block, hint: "block", help: "Block the task (asks why)", enabled: { $0.canActOnTask }),
        Binding([.char("-")], .skip, hint: "skip", help: "Skip the task (asks why)", enabled: { $0.canActOnTask }),
        Binding([.char("u")], .reopen, hint: nil, help: "Reopen the task", enabled: { $0.canActOnTask }),
    ] + sharedViewKeys)

    /// The board and the systems view: nothing to move through.
    static let viewKeys = KeyTable<CommandPostModel>(sharedViewKeys)

    /// The board: it scrolls, nothing more of its own.
    static let boardKeys = KeyTable<CommandPostModel>([
        Binding([.down, .char("j")], .moveDown, hintKeys: "j/k", hint: "scroll", help: "Scroll the board down"),
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Scroll the board up"),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.char("g"), .home], .top, hint: nil, help: "Top of the board"),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Bottom of the board"),
    ] + sharedViewKeys)

    /// The systems view: `e` sets a restoration estimate.
    static let systemsKeys = KeyTable<CommandPostModel>([
        Binding([.char("e")], .estimate, hint: "estimate", help: "Set when a system down or degraded is expected back",
                enabled: { $0.canRecord && $0.engine.state.systems.contains { $0.state != .up } }),
    ] + sharedViewKeys)

    static let timelineKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Scroll up"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Scroll down"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down"),
        Binding([.char("g"), .home], .top, hint: nil, help: "First entry"),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Last entry"),
    ] + sharedViewKeys)

    static let confirmKeys = KeyTable<CommandPostModel>([
        Binding([.char("y"), .char("Y"), .enter], .yes, hintKeys: "y/Enter", hint: "yes", help: nil),
        Binding([.char("n"), .char("N"), .escape, .ctrl("c")], .no, hintKeys: "n/Esc", hint: "no", help: nil),
    ])

    static let menuKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "choose", help: nil),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: nil),
        Binding([.enter], .select, hint: "select", help: nil),
        Binding([.escape, .ctrl("c"), .char("q")], .cancel, hint: "cancel", help: nil),
    ])

    static let promptKeys = KeyTable<CommandPostModel>([
        // Searching records nothing: its Enter only applies the search.
        Binding([.enter], .select, hint: "record", help: nil, enabled: { !$0.promptIsSearch }),
        Binding([.enter], .select, hint: "search", help: nil, enabled: { $0.promptIsSearch }),
        Binding([.escape, .ctrl("c")], .cancel, hint: "cancel", help: nil),
        Binding([.left, .right], .edit, hintKeys: "←→", hint: "move", help: nil),
        Binding([.home, .end], .edit, hintKeys: "Home/End", hint: "", help: nil),
    ])

    static let helpKeys = KeyTable<CommandPostModel>([
        Binding([], .closeHelp, hintKeys: "any key", hint: "close help", help: nil),
    ])

    /// Task keys act on the selected task, in the checklist only.
    var canActOnTask: Bool { canRecord && view == .checklist && selectedTask != nil }

    var promptIsSearch: Bool {
        if case .prompt(let p) = modal { return p.purpose == .search }
        return false
    }
}
