import Foundation
import RunbookKit

/// A key press, through the key table of the present mode, to the action it names.
extension CommandPostModel {
    /// Handles one key press, through the key table of the present mode.
    mutating func handle(_ key: Key) {
        if key == .resize { return }
        if case .paste(let text) = key { paste(text); return }
        let binding = CommandPostModel.keyTable(keyMode).binding(for: key, self)
        if let b = binding, !b.enabled(self) { refuseDisabled(b.action, key); return }
        switch modal {
        case .prompt(var p):
            handlePrompt(key, binding?.action, &p)
            return
        case .menu(var m):
            handleMenu(key, binding?.action, &m)
            return
        case .confirm(let c):
            answer(c, binding?.action)
            return
        case .help(let top):
            scrollHelp(binding?.action, top: top)
            return
        case .entry(let r):
            handleEntry(binding?.action, r)
            return
        case .none:
            break
        }
        if key == .ctrl("c") { quitAsking(); return }
        guard let action = binding?.action else {
            if CommandPostModel.checklistKeys.binding(for: key, self) != nil {
                // Moving and acting on tasks belong to the checklist: in the other views the task
                // list is hidden, and a key must never act on a task nobody can see.
                message = ("Switch to the checklist (Tab) to move through and act on tasks.", false)
            } else if case .char(let c) = key {
                message = ("The key '\(c)' does nothing here. Press ? for help.", false)
            }
            return
        }
        perform(action, now: now)
    }

    mutating func perform(_ action: UIAction, now: Timestamp) {
        if view == .timeline, scrollTimeline(action) { return }
        if view == .board, scrollBoard(action) { return }
        if action == .cancelWaiting {
            // Only what really waits is given up and named: told an action was lost when none
            // was, a stressed user enters it twice.
            guard let w = waiting else { return }
            waiting = nil
            quitWhenWritten = false
            recordingFrom = nil
            followUps.removeAll()
            message = (TextWidth.oneLine("Given up: \(CommandPostModel.pendingWords(w.action)) was NOT recorded."), false)
            return
        }
        if action == .clearSearch {
            if !search.isEmpty || filter != .all || roleFilter != nil {
                search = ""
                filter = .all
                roleFilter = nil
                derive(entriesChanged: false)
                message = ("Showing everything: search and filter cleared.", false)
            }
            return
        }
        switch action {
        case .switchView, .previousView:
            let all = ViewMode.allCases
            let step = action == .switchView ? 1 : all.count - 1
            view = all[((all.firstIndex(of: view) ?? 0) + step) % all.count]
            timelineScroll = nil
            derive(entriesChanged: false)
            return
        case .help: modal = .help(0); return
        case .quit: quitAsking(); return
        case .openEntry: openEntry(); return
        case .forWhom: modal = .menu(forWhomMenu()); return
        case .undo: undoLast(); return
        default: break
        }
        if let current = visibleTasks.firstIndex(where: { $0.id == selectedTaskID }) ?? (visibleTasks.isEmpty ? nil : 0),
           let to = action.moved(current, count: visibleTasks.count, page: layout.listRows) {
            moveSelection(by: to - current)
            return
        }
        switch action {
        case .done: taskVerb(.done, now: now)
        case .start: taskVerb(.start, now: now)
        case .block: taskVerb(.block, now: now)
        case .skip: taskVerb(.skip, now: now)
        case .reopen: taskVerb(.reopen, now: now)
        case .taskNote: taskNote()
        case .doneAt: doneAt()
        case .happenedAt: askHappenedAt()
        case .correctEntry: correctSelectedEntry()
        case .note:
            guard writable() else { return }
            modal = .prompt(Prompt(title: "Note for the log (Enter records it, Esc cancels):", editor: LineEditor(multiline: true), required: true, purpose: .note))
        case .menu: openMenu(now: now)
        case .search:
            searchBefore = search
            let what = view == .timeline ? "Search the timeline" : "Search tasks, notes and reasons"
            // A new search each time: typing never adds to the one kept (shown, and Esc puts it back).
            let was = search.isEmpty ? "" : " — was “\(TextWidth.truncate(search, 30))”, Esc puts it back"
            modal = .prompt(Prompt(title: "\(what)\(was) — the list follows as you type (Enter keeps it, Esc puts it back):",
                                   editor: LineEditor(maxBytes: 200), required: false, purpose: .search))
        case .filter: nextFilter()
        case .estimate: askEstimate()
        case .switchView, .previousView, .help, .quit, .openEntry, .forWhom, .undo, .yes, .no, .clearSearch, .cancelWaiting, .select, .cancel, .edit, .closeHelp, .alternative,
             .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            break  // taken above (moving: nothing to move in an empty list), or dialog keys
        }
    }

    /// `f`: the next filter, in the order the help names them. "My role" with no role held
    /// says so and offers to look at a role's tasks, or to take one.
    mutating func nextFilter() {
        let all = Filter.allCases
        filter = all[((all.firstIndex(of: filter) ?? 0) + 1) % all.count]
        roleFilter = nil
        if filter == .myRole && myRoles.isEmpty {
            var items = engine.playbook.roles.map { r in
                MenuItem(nil, "\(r.title) — \(engine.holder(of: r.id) ?? "unassigned")", .showRole(r.id))
            }
            if canRecord {
                items.append(MenuItem("a", "I take a role (records who holds it)…", .open(roleMenu(suggesting: actor))))
            }
            var menu = Menu(title: "You (\(actor)) hold no role: show whose tasks?", items: items)
            menu.cancelled = "No role held: no task shown. f: next filter (overdue), Esc: all tasks."
            modal = .menu(menu)
            message = ("You (\(actor)) hold no role in this incident: pick a role to look at its tasks.", false)
            derive(entriesChanged: false)
            return
        }
        derive(entriesChanged: false)
        message = ("Showing \(filterWords) (f: next filter, Esc: all tasks).", false)
        if selectedTask == nil || !visibleTasks.contains(where: { $0.id == selectedTaskID }) {
            selectedTaskID = visibleTasks.first?.id
        }
    }

    /// The filter in words: "the tasks of my role (Incident Commander)".
    var filterWords: String {
        if let r = roleFilter { return "the tasks of \(engine.playbook.role(r)?.title ?? r)" }
        switch filter {
        case .all: return "all tasks"
        case .myRole:
            let mine = myRoles.compactMap { engine.playbook.role($0)?.title }.sorted()
            return mine.isEmpty ? "the tasks of my role (\(actor) holds none)" : "the tasks of my role (\(mine.joined(separator: ", ")))"
        case .overdue: return "overdue tasks"
        case .blocked: return "blocked tasks"
        }
    }

    /// The help screen scrolled, or closed by any other key.
    mutating func scrollHelp(_ action: UIAction?, top: Int) {
        let page = max(1, height - 6)
        switch action {
        case .moveUp?: modal = .help(max(0, top - 1))
        case .moveDown?: modal = .help(top + 1)
        case .pageUp?: modal = .help(max(0, top - page))
        case .pageDown?: modal = .help(top + page)
        case .top?: modal = .help(0)
        case .bottom?: modal = .help(Int.max / 2)
        default: modal = .none
        }
        if case .help(let t) = modal { modal = .help(min(t, max(0, helpLines(width: width - 20).count - page))) }
    }
}
