import RunbookKit

/// The command post's modes: the view showing, or the dialog open over it. Each has one key
/// table, which writes its hint bar and its help.
public enum KeyMode: String, CaseIterable, Sendable {
    case checklist, board, timeline, systems, confirm, menu, prompt, help, entry
}

extension CommandPostModel {
    /// The mode keys are read in now.
    public var keyMode: KeyMode {
        switch modal {
        case .prompt: return .prompt
        case .menu: return .menu
        case .confirm: return .confirm
        case .help: return .help
        case .entry: return .entry
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
    var canRecord: Bool { recordingRefusal == nil }

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
        case .entry: return entryKeys
        }
    }

    typealias Binding = KeyBinding<CommandPostModel>

    /// Keys every view shares, after its own.
    static let sharedViewKeys: [Binding] = [menuKey] + sharedViewKeysButMenu

    static let menuKey = Binding([.enter], .menu, hint: "menu", help: "All actions: decide, assign a role, system status, correct an entry, next period, close…",
                                 enabled: { $0.canRecord })

    /// The shared keys but Enter (the timeline reads an entry with it, and opens the menu with m).
    static let sharedViewKeysButMenu: [Binding] = [
        Binding([.char("n")], .note, hint: "note", help: "Write a note in the log (a pasted text keeps its lines)", enabled: { $0.canRecord }),
        // "/" and "u" are left off the hint bar so that it fits 80 columns; help lists them.
        Binding([.char("/")], .search, hint: nil, help: "Search (as you type): task titles, details, notes, reasons, and the timeline",
                enabled: { $0.view == .checklist || $0.view == .timeline }),
        Binding([.char("f")], .filter, hint: "filter", help: "Filter, in turn: all, my role, overdue, blocked",
                enabled: { $0.view == .checklist }),
        // Off the hint bar so that it fits 80 columns; the status line shows it while it is set.
        Binding([.char("w")], .forWhom, hint: nil, help: "For whom: record the next action on behalf of someone else (the IC, a role, a name); you stay the one who typed it",
                enabled: { $0.canRecord }),
        Binding([.tab], .switchView, hint: "view", help: "Next view: checklist, board, timeline, systems"),
        Binding([.backTab], .previousView, hint: nil, help: "The view before"),
        Binding([.char("?"), .function(1)], .help, hint: "help", help: "This help"),
        // On the checklist `@` dates the selected task (done at); elsewhere what is recorded next.
        Binding([.char("@")], .happenedAt, hint: nil, help: "It happened earlier: the time (02:50, -40m) the next thing you record happened",
                enabled: { $0.canRecord && $0.view != .checklist }),
        Binding([.char("q")], .quit, hint: "quit", help: "Quit (everything is already saved)"),
        // Off the hint bar: the status line offers it, with the seconds left, while it can be used.
        Binding([.char("z")], .undo, hint: nil, help: "Undo what you just recorded (for a minute, as the status line says): marks it entered in error, “undone at once”",
                enabled: { $0.undoOffer != nil }),
        Binding([.escape], .cancelWaiting, hint: "cancel waiting", help: "Give up the action waiting to be written (it is NOT recorded)",
                enabled: { $0.waiting != nil }),
        Binding([.escape], .clearSearch, hint: nil, help: "Show everything again: clears the search and the filter",
                enabled: { $0.waiting == nil && (!$0.search.isEmpty || $0.filter != .all || $0.roleFilter != nil) }),
    ]

    static let checklistKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Move up"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Move down"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down"),
        Binding([.char("g"), .home], .top, hint: nil, help: "First task"),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Last task"),
        Binding([.char("x")], .done, hint: "done", help: "Mark the task done", enabled: { $0.offersTaskKey(.done) }),
        Binding([.char("s")], .start, hint: "start", help: "Start the task", enabled: { $0.offersTaskKey(.start) }),
        Binding([.char("b")], .block, hint: "block", help: "Block the task (asks why)", enabled: { $0.offersTaskKey(.block) }),
        Binding([.char("-")], .skip, hint: "skip", help: "Skip the task (asks why)", enabled: { $0.offersTaskKey(.skip) }),
        Binding([.char("u")], .reopen, hint: nil, help: "Reopen the task", enabled: { $0.offersTaskKey(.reopen) }),
        Binding([.char("t")], .taskNote, hint: nil, help: "Note on this task (kept in its history)", enabled: { $0.canActOnTask }),
        Binding([.char("@")], .doneAt, hint: nil, help: "Done at a time you type (02:50, -40m): for what was done earlier",
                enabled: { $0.offersTaskKey(.done) }),
    ] + sharedViewKeys)

    /// The board and the systems view: nothing to move through.
    static let viewKeys = KeyTable<CommandPostModel>(sharedViewKeys)

    /// The board: it scrolls, nothing more of its own.
    static let boardKeys = KeyTable<CommandPostModel>([
        Binding([.down, .char("j")], .moveDown, hintKeys: "j/k", hint: "scroll", help: "Scroll the board down", enabled: { $0.boardCanScroll(down: true) }),
        // One "j/k scroll" on the hint bar, whichever way the board can still go.
        Binding([.up, .char("k")], .moveUp, hintKeys: "j/k", hint: "scroll", help: "Scroll the board up",
                enabled: { $0.boardCanScroll(down: false) && !$0.boardCanScroll(down: true) }),
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Scroll the board up",
                enabled: { $0.boardCanScroll(down: false) && $0.boardCanScroll(down: true) }),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down", enabled: { $0.boardCanScroll(down: true) }),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up", enabled: { $0.boardCanScroll(down: false) }),
        Binding([.char("g"), .home], .top, hint: nil, help: "Top of the board", enabled: { $0.boardCanScroll(down: false) }),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Bottom of the board", enabled: { $0.boardCanScroll(down: true) }),
    ] + sharedViewKeys)

    /// The systems view: `e` sets a restoration estimate.
    static let systemsKeys = KeyTable<CommandPostModel>([
        Binding([.char("e")], .estimate, hint: "estimate", help: "Set when a system down or degraded is expected back",
                enabled: { $0.canRecord && $0.engine.state.systems.contains { $0.state != .up } }),
    ] + sharedViewKeys)

    static let timelineKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Previous entry"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Next entry"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.pageDown], .pageDown, hint: nil, help: "Page down"),
        Binding([.char("g"), .home], .top, hint: nil, help: "First entry"),
        Binding([.char("G"), .end], .bottom, hint: nil, help: "Last entry"),
        Binding([.enter], .openEntry, hint: "read", help: "Read the selected entry in full (both times, who, hash)",
                enabled: { !$0.timeline.isEmpty }),
        Binding([.char("c")], .correctEntry, hint: "correct", help: "Mark the selected entry entered in error (asks why)",
                enabled: { $0.offersCorrection }),
        Binding([.char("m")], .menu, hint: "menu", help: "All actions: decide, assign a role, system status, next period, close…",
                enabled: { $0.canRecord }),
    ] + sharedViewKeysButMenu)

    /// An entry read in full.
    static let entryKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "scroll", help: nil, enabled: { $0.dialogScrolls }),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: nil),
        Binding([.pageUp], .pageUp, hint: nil, help: nil),
        Binding([.pageDown, .char(" ")], .pageDown, hint: nil, help: nil),
        Binding([.char("c")], .correctEntry, hint: "mark entered in error", help: nil, enabled: { $0.offersCorrection }),
        Binding([.escape, .enter, .char("q"), .ctrl("c")], .cancel, hintKeys: "Esc", hint: "back", help: nil),
    ])

    static let confirmKeys = KeyTable<CommandPostModel>([
        Binding([.char("y"), .char("Y"), .enter], .yes, hintKeys: "y/Enter", hint: "yes", help: nil, enabled: { !$0.confirmEnterIsNo }),
        Binding([.char("n"), .char("N"), .escape, .ctrl("c")], .no, hintKeys: "n/Esc", hint: "no", help: nil, enabled: { !$0.confirmEnterIsNo }),
        Binding([.char("y"), .char("Y")], .yes, hintKeys: "y", hint: "yes", help: nil, enabled: { $0.confirmEnterIsNo }),
        Binding([.char("n"), .char("N"), .escape, .ctrl("c"), .enter], .no, hintKeys: "n/Esc/Enter", hint: "no", help: nil, enabled: { $0.confirmEnterIsNo }),
        Binding([.char("d")], .alternative, hint: "decide only", help: nil, enabled: { $0.confirmAlternative != nil }),
    ])

    static let menuKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "choose", help: nil),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: nil),
        // First and last item; g and G only where no item has them as its own key.
        Binding([.home, .char("g"), .pageUp], .top, hint: nil, help: nil),
        Binding([.end, .char("G"), .pageDown], .bottom, hint: nil, help: nil),
        Binding([.enter], .select, hint: "select", help: nil),
        Binding([.escape, .ctrl("c"), .char("q")], .cancel, hint: "cancel", help: nil),
    ])

    static let promptKeys = KeyTable<CommandPostModel>([
        // Searching records nothing: its Enter only applies the search.
        Binding([.enter], .select, hint: "record", help: nil, enabled: { !$0.promptIsSearch && !$0.promptLeadsOn && !$0.promptIsFollowUp }),
        Binding([.enter], .select, hint: "record (empty: without a note)", help: nil, enabled: { $0.promptIsFollowUp }),
        Binding([.enter], .select, hint: "next", help: nil, enabled: { $0.promptLeadsOn }),
        Binding([.enter], .select, hint: "keep the search", help: nil, enabled: { $0.promptIsSearch }),
        // Esc cancels at every prompt, an optional follow-up too: nothing is recorded.
        Binding([.escape, .ctrl("c")], .cancel, hint: "cancel", help: nil),
        Binding([.tab], .edit, hintKeys: "Tab", hint: "complete", help: nil, enabled: { $0.promptCompletes }),
        Binding([.left, .right], .edit, hintKeys: "←→", hint: "move", help: nil),
        Binding([.home, .end], .edit, hintKeys: "Home/End", hint: "", help: nil),
    ])

    static let helpKeys = KeyTable<CommandPostModel>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "scroll", help: nil, enabled: { $0.dialogScrolls }),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: nil),
        Binding([.pageUp], .pageUp, hintKeys: "PgUp/PgDn", hint: "page", help: nil, enabled: { $0.dialogScrolls }),
        Binding([.pageDown, .char(" ")], .pageDown, hint: nil, help: nil),
        Binding([.home, .char("g")], .top, hint: nil, help: nil),
        Binding([.end, .char("G")], .bottom, hint: nil, help: nil),
        Binding([], .closeHelp, hintKeys: "Esc", hint: "close (or any other key)", help: nil),
    ])

    /// Task keys act on the selected task, in the checklist only.
    var canActOnTask: Bool { canRecord && view == .checklist && selectedTask != nil }

    var promptIsSearch: Bool {
        if case .prompt(let p) = modal { return p.purpose == .search }
        return false
    }

    /// A prompt whose Enter asks something more before recording (the closing name, the entry number).
    var promptLeadsOn: Bool {
        guard case .prompt(let p) = modal else { return false }
        switch p.purpose {
        case .closeName, .correctSeq, .systemName, .reopenName, .happenedAt: return true
        default: return false
        }
    }

    /// An optional follow-up (a closing note, a decision's reason): Enter on nothing records without it.
    var promptIsFollowUp: Bool {
        if case .prompt(let p) = modal { return p.followUp }
        return false
    }

    /// A prompt Tab completes (a system's name).
    var promptCompletes: Bool {
        if case .prompt(let p) = modal { return p.purpose == .systemName && !p.suggestions.isEmpty }
        return false
    }

    /// Whether the help or the entry open is longer than the screen (only then is scrolling offered).
    var dialogScrolls: Bool {
        switch modal {
        case .help: return helpLines(width: width - 20).count > max(1, height - 6)
        case .entry(let r): return entryLines(r.seq, width: max(20, width - 6)).count > max(1, height - 6)
        default: return false
        }
    }

    /// Whether the open confirmation takes Enter as no.
    var confirmEnterIsNo: Bool {
        if case .confirm(let c) = modal { return c.enterIsNo }
        return false
    }

    /// The open confirmation's third answer.
    var confirmAlternative: ConfirmAlternative? {
        if case .confirm(let c) = modal { return c.alternative }
        return nil
    }
}
