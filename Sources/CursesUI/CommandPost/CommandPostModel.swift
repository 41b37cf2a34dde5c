import Foundation
import RunbookKit

/// The command post's model: a value holding everything the screen shows, changed only by
/// `update(_:)` (keys, the clock, a resize, entries read, a recording's outcome), which returns
/// what the runner must do (record an action). The views only read it.
public struct CommandPostModel {
    /// The screens Tab cycles through.
    public enum ViewMode: String, CaseIterable, Sendable { case checklist, board, timeline, systems }
    /// Which tasks the checklist shows.
    public enum Filter: String, CaseIterable, Sendable {
        case all, overdue, blocked, myRole = "my role"
    }

    /// What can happen to the model.
    public enum Message {
        /// A key press.
        case key(Key)
        /// The time now (the clock moves T+, due and overdue).
        case clock(Timestamp)
        /// The terminal's size.
        case resize(width: Int, height: Int)
        /// The journal was read: the new state, how many entries were new, a warning to show.
        case journal(Engine, newEntries: Int, warning: String?)
        /// Reading the journal failed.
        case readFailed(String)
        /// A recording asked for by `Effect.record` is on disk, with the state after it.
        case recorded(JournalEntry, Engine)
        /// A recording was refused or failed, in plain words.
        case notRecorded(String)
        /// A recording could not be written yet: another runbook process holds the journal.
        /// Nothing was written; the action waits and is tried again.
        case busy(Action, ActionContext)
        /// Time to try the waiting action again (the runner sends this on its ticks).
        case retryWaiting
        /// The journal can no longer be written through this screen (it was replaced by a file
        /// that lacks what was read here): from now on the screen is read-only, saying why.
        case becameReadOnly(String)
    }

    /// What the runner must do after an update.
    public enum Effect {
        /// Check and record this action, then send `.recorded` or `.notRecorded`.
        case record(Action, ActionContext)
    }

    public let actor: String
    /// Why the journal is read-only (it failed verification, or was replaced), if it is.
    public private(set) var damage: String?
    /// The executive board: read-only, no task actions.
    public let boardOnly: Bool
    /// The incident's state, as of the last look at the journal.
    public private(set) var engine: Engine
    /// The time the screen shows.
    public private(set) var now: Timestamp
    /// The terminal's size, for how many rows a page is.
    public private(set) var width = 80
    public private(set) var height = 24
    public var view: ViewMode = .checklist
    public var filter: Filter = .all
    public var search: String = ""
    public var modal: Modal = .none
    /// The status line: what was just recorded, or what went wrong.
    public var message: (text: String, isError: Bool)?
    public var selectedTaskID: String?
    /// The first checklist row shown; follows the selection.
    public private(set) var scroll = 0
    public var timelineScroll: Int?
    /// Rows the Board view is scrolled by.
    public var boardScroll = 0
    public private(set) var quit = false
    /// Every task at `now`, and those the checklist shows with the filter and search.
    public private(set) var allTasks: [TaskView] = []
    public private(set) var visibleTasks: [TaskView] = []
    /// The checklist's rows: a heading per phase, then its tasks shown (as indices into
    /// `visibleTasks`, so that the clock moving does not rebuild them).
    public private(set) var checklistRows: [(heading: String?, task: Int?)] = []
    /// What `checklistRows` was built for: which tasks are shown, not the time.
    var rowsKey: DerivedKey?
    /// The timeline, in the order things happened.
    public private(set) var timeline: [JournalEntry] = []
    /// The prompt whose answer is being recorded: shown again, with the reason, if it fails.
    var recordingFrom: Prompt?
    /// An action that could not be written yet because another runbook process holds the
    /// journal: shown as waiting, never as recorded, and tried again until it is written,
    /// refused, or given up with Esc.
    public private(set) var waiting: (action: Action, context: ActionContext)?
    /// The effects asked for during the present update.
    var effects: [Effect] = []

    /// A model on an incident's state at `now`.
    public init(engine: Engine, actor: String, damage: String? = nil, boardOnly: Bool = false, now: Timestamp) {
        self.engine = engine
        self.actor = actor
        self.damage = damage
        self.boardOnly = boardOnly
        self.now = now
        if boardOnly { view = .board }
        derive(entriesChanged: true)
        selectedTaskID = visibleTasks.first?.id
    }

    // MARK: - update

    /// Applies one message; returns what the runner must do.
    public mutating func update(_ msg: Message) -> [Effect] {
        effects = []
        switch msg {
        case .key(let key):
            handle(key)
        case .clock(let t):
            guard t != now else { return [] }
            now = t
            derive(entriesChanged: false)
        case .resize(let w, let h):
            width = w
            height = h
        case .journal(let e, let n, let warning):
            if n > 0 { engine = e; derive(entriesChanged: true) }
            if let warning { message = (warning, true) }
        case .readFailed(let why):
            message = (why, true)
        case .recorded(let entry, let e):
            waiting = nil
            engine = e
            derive(entriesChanged: true)
            message = ("Recorded #\(entry.seq): \(EntryText.describe(entry, playbook: engine.playbook))", false)
            recordingFrom = nil
        case .notRecorded(let why):
            waiting = nil
            message = ("NOT RECORDED — \(why)", true)
            if var p = recordingFrom {
                // Keep what was typed: the write failed or was refused.
                p.error = message?.text
                modal = .prompt(p)
            }
            recordingFrom = nil
        case .busy(let action, let context):
            waiting = (action, context)
            message = ("WAITING — not recorded yet: another runbook is writing. Esc gives it up.", true)
        case .retryWaiting:
            if let w = waiting { effects.append(.record(w.action, w.context)) }
        case .becameReadOnly(let why):
            damage = why
            waiting = nil
            message = ("Read-only: \(why)", true)
        }
        if waiting != nil, case .key = msg, effects.contains(where: { if case .record = $0 { return true } else { return false } }) {
            // One action at a time: a second one must not overtake the one still waiting.
            effects.removeAll()
            message = ("One action is still waiting to be written: wait for it, or press Esc to give it up. This one was NOT recorded.", true)
        }
        derive(entriesChanged: false)
        followSelection()
        return effects
    }

    // MARK: - tasks shown

    /// Recomputes what is derived from the state, the time, the filter and the search.
    mutating func derive(entriesChanged: Bool) {
        deriveTimeline()
        let key = DerivedKey(entries: engine.state.entryCount, now: now.millis, filter: filter, search: search)
        guard entriesChanged || key != derivedKey else { return }
        derivedKey = key
        // A per-system task's instances follow it, each a row of its own to act on.
        allTasks = engine.taskViews(now: now).flatMap { [$0] + $0.instances }
        let myRoles = Set(engine.playbook.roles.filter { engine.state.roles[$0.id]?.person == actor }.map(\.id))
        let q = search.lowercased()
        visibleTasks = allTasks.filter { v in
            switch filter {
            case .all: break
            case .myRole: if !myRoles.contains(v.def.role) { return false }
            case .overdue: if !v.overdue { return false }
            case .blocked: if v.status != .blocked { return false }
            }
            if !q.isEmpty {
                return v.def.title.lowercased().contains(q) || v.id.lowercased().contains(q) || v.def.detail.lowercased().contains(q)
            }
            return true
        }
        // Which tasks are shown changes with the time only under the overdue filter.
        var shown = key
        if filter != .overdue { shown.now = 0 }
        guard shown != rowsKey || entriesChanged else { return }
        rowsKey = shown
        var byPhase: [String: [Int]] = [:]
        for (i, v) in visibleTasks.enumerated() { byPhase[v.def.phase, default: []].append(i) }
        checklistRows = []
        for ph in engine.playbook.phases {
            guard let inPhase = byPhase[ph.id] else { continue }
            checklistRows.append((ph.title, nil))
            checklistRows += inPhase.map { (nil, $0) }
        }
    }

    struct DerivedKey: Equatable {
        var entries: Int
        var now: Int64
        var filter: Filter
        var search: String
    }
    var derivedKey: DerivedKey?

    /// The selected task, if it is shown.
    public var selectedTask: TaskView? {
        visibleTasks.first { $0.id == selectedTaskID } ?? visibleTasks.first
    }

    mutating func moveSelection(by delta: Int) {
        let tasks = visibleTasks
        guard !tasks.isEmpty else { selectedTaskID = nil; return }
        let current = tasks.firstIndex { $0.id == selectedTaskID } ?? 0
        let next = max(0, min(tasks.count - 1, current + delta))
        selectedTaskID = tasks[next].id
    }

    /// Keeps the selected task within the checklist rows shown.
    mutating func followSelection() {
        let rows = checklistRows
        let listRows = layout.listRows
        let selected = visibleTasks.firstIndex { $0.id == selectedTaskID } ?? 0
        let selIndex = rows.firstIndex { $0.task == selected } ?? 0
        if selIndex < scroll { scroll = max(0, selIndex - 1) }
        if selIndex >= scroll + listRows { scroll = selIndex - listRows + 1 }
        scroll = max(0, min(scroll, max(0, rows.count - listRows)))
    }

    /// Where things go on a screen of the model's size.
    var layout: Layout { Layout(width: width, height: height) }

    // MARK: - keys

    /// Handles one key press, through the key table of the present mode.
    mutating func handle(_ key: Key) {
        if key == .resize { return }
        if case .paste(let text) = key { paste(text); return }
        let binding = CommandPostModel.keyTable(keyMode).binding(for: key, self)
        switch modal {
        case .prompt(var p):
            handlePrompt(key, binding?.action, &p)
            return
        case .menu(var m):
            handleMenu(key, binding?.action, &m)
            return
        case .confirm(let c):
            switch binding?.action {
            case .yes?:
                modal = .none
                choose(c.then)
            case .no?:
                modal = .none
                message = ("Cancelled: nothing was recorded.", false)
            default: break
            }
            return
        case .help:
            modal = .none
            return
        case .none:
            break
        }
        if key == .ctrl("c") { quit = true; return }
        guard let action = binding?.action else {
            if boardOnly {
                message = ("This board is read-only: use 'runbook open' to act. Tab switches view, q quits.", false)
            } else if CommandPostModel.checklistKeys.binding(for: key, self) != nil {
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
            waiting = nil
            recordingFrom = nil
            message = ("Given up: the waiting action was NOT recorded.", false)
            return
        }
        if action == .clearSearch {
            if !search.isEmpty { search = ""; message = ("Search cleared.", false); derive(entriesChanged: false) }
            return
        }
        if boardOnly {
            switch action {
            case .quit: quit = true
            case .switchView: view = view == .board ? .timeline : view == .timeline ? .systems : .board
            case .help: modal = .help
            default: message = ("This board is read-only: use 'runbook open' to act. Tab switches view, q quits.", false)
            }
            return
        }
        switch action {
        case .moveUp: moveSelection(by: -1)
        case .moveDown: moveSelection(by: 1)
        case .pageUp: moveSelection(by: -max(1, layout.listRows - 1))
        case .pageDown: moveSelection(by: max(1, layout.listRows - 1))
        case .top: moveSelection(by: -1_000_000)
        case .bottom: moveSelection(by: 1_000_000)
        case .done: taskVerb(.done, now: now)
        case .start: taskVerb(.start, now: now)
        case .block: taskVerb(.block, now: now)
        case .skip: taskVerb(.skip, now: now)
        case .reopen: taskVerb(.reopen, now: now)
        case .note:
            guard writable() else { return }
            modal = .prompt(Prompt(title: "Note for the log (Enter records it, Esc cancels):", editor: LineEditor(), required: true, purpose: .note))
        case .menu: openMenu(now: now)
        case .search:
            modal = .prompt(Prompt(title: "Search tasks (Enter to apply, Esc to cancel):", editor: LineEditor(text: search, maxBytes: 200), required: false, purpose: .search))
        case .filter:
            let all = Filter.allCases
            filter = all[((all.firstIndex(of: filter) ?? 0) + 1) % all.count]
            derive(entriesChanged: false)
            message = ("Showing \(filter == .all ? "all tasks" : filter == .myRole ? "the tasks of my role" : "\(filter.rawValue) tasks") (f to change).", false)
            if selectedTask == nil || !visibleTasks.contains(where: { $0.id == selectedTaskID }) {
                selectedTaskID = visibleTasks.first?.id
            }
        case .switchView:
            let all = ViewMode.allCases
            view = all[((all.firstIndex(of: view) ?? 0) + 1) % all.count]
            timelineScroll = nil
        case .help: modal = .help
        case .quit: quit = true
        case .estimate: askEstimate()
        case .yes, .no, .clearSearch, .cancelWaiting, .select, .cancel, .edit, .closeHelp:
            break  // dialog keys and Esc, taken above
        }
    }

    mutating func writable() -> Bool {
        if boardOnly { return false }
        if let damage {
            message = ("Read-only: \(damage)", true)
            return false
        }
        if let refusal = ActionRules.closedRefusal(engine.state.facts) {
            message = (refusal.description, true)
            return false
        }
        return true
    }

    /// x, s, b, -, u on the selected task.
    mutating func taskVerb(_ verb: Action.TaskVerb, now: Timestamp) {
        guard writable(), view == .checklist else {
            if view != .checklist { message = ("Switch to the checklist (Tab) to act on tasks.", false) }
            return
        }
        guard let t = selectedTask else { message = ("No task selected.", false); return }
        switch engine.availability(verb, t) {
        case .allowed: break
        case .needsForce:
            // The key never forces: out of order is a menu choice, recorded as a deviation.
            if t.status == .waiting {
                message = ("Waiting on \(t.waitingOn.joined(separator: ", ")). Enter: menu, to record it out of order.", true)
            } else {
                message = ("Does not apply (\(t.def.when?.description ?? "")). Enter: menu, to record it anyway.", true)
            }
            return
        case .refused(let why):
            message = ("NOT RECORDED — \(why)", true)
            return
        }
        let action = Action.task(t.id, verb)
        let step: MenuChoice
        if verb == .block || verb == .skip {
            step = .ask(Prompt(title: "Why is “\(t.def.title)” \(verb == .block ? "blocked" : "skipped")? (required; Esc cancels)", editor: LineEditor(), required: true, purpose: .reason(action, force: false)))
        } else {
            step = .record(action, note: nil, force: false)
        }
        if t.def.critical {
            let word = verb == .done ? "done" : verb == .skip ? "skipped" : verb == .start ? "started" : verb == .block ? "blocked" : "reopened"
            modal = .confirm(CommandPostModel.criticalConfirm(t.def.title, word, then: step))
            return
        }
        choose(step)
    }

    /// The question a critical task asks before it is changed: the change first, so a cut
    /// title never hides what is being confirmed.
    static func criticalConfirm(_ title: String, _ word: String, then: MenuChoice) -> Confirm {
        Confirm(question: "CRITICAL TASK — mark it \(word.uppercased()): “\(title)”?", then: then)
    }

    /// Carries out a menu choice or a confirmed step.
    mutating func choose(_ c: MenuChoice) {
        switch c {
        case .record(let a, let note, let force): _ = record(a, note: note, force: force)
        case .ask(let p): modal = .prompt(p)
        case .open(let m): modal = .menu(m)
        case .confirm(let cf): modal = .confirm(cf)
        }
    }

    /// Asks the runner to record an action; false (with the reason shown) if nothing can be
    /// recorded from here.
    @discardableResult
    mutating func record(_ action: Action, note: String?, force: Bool) -> Bool {
        guard writable() else { return false }
        effects.append(.record(action, ActionContext(actor: actor, note: note, force: force)))
        return true
    }

    // MARK: - prompts

    mutating func handlePrompt(_ key: Key, _ action: UIAction?, _ p: inout Prompt) {
        switch action {
        case .cancel?:
            modal = .none
            message = (p.purpose == .search ? "Search unchanged." : "Cancelled: nothing was recorded.", false)
            return
        case .select?:
            submit(&p)
            return
        default:
            let before = p.editor
            if p.editor.handle(key) {
                if case .char = key, before == p.editor {
                    p.error = "That is as long as a \(p.purpose == .search ? "search" : "note") can be (\(p.editor.maxBytes) bytes)."
                } else {
                    p.error = nil
                }
            }
            modal = .prompt(p)
        }
    }

    mutating func submit(_ p: inout Prompt) {
        let text = p.editor.text.trimmingCharacters(in: .whitespaces)
        if p.required && text.isEmpty {
            p.error = "An answer is required here. Type it, or press Esc to cancel."
            modal = .prompt(p)
            return
        }
        var ok = true
        switch p.purpose {
        case .search:
            search = text
            derive(entriesChanged: false)
            selectedTaskID = visibleTasks.first?.id
            message = (text.isEmpty ? "Search cleared." : "Showing tasks matching “\(text)” (Esc clears).", false)
        case .note: ok = record(.note(text, tag: nil), note: nil, force: false)
        case .reason(let a, let force): ok = record(a, note: text, force: force)
        case .assign(let role): ok = record(.assign(role, text), note: nil, force: false)
        case .systemName:
            modal = .menu(systemStateMenu(name: text))
            return
        case .correctSeq:
            guard let seq = Int(text.hasPrefix("#") ? String(text.dropFirst()) : text) else {
                p.error = "Type the entry number shown in the timeline, e.g. 12."
                modal = .prompt(p)
                return
            }
            let what = engine.state.entry(seq).map { EntryText.describe($0, playbook: engine.playbook) } ?? "entry \(seq)"
            modal = .prompt(Prompt(title: "Why is #\(seq) (\(TextWidth.truncate(what, 40))) in error? (required)", editor: LineEditor(), required: true, purpose: .correctReason(seq)))
            return
        case .correctReason(let seq): ok = record(.correct(seq, reason: text), note: nil, force: false)
        case .periodNote: ok = record(.period, note: text.isEmpty ? nil : text, force: false)
        case .closeNote: ok = record(.close, note: text.isEmpty ? nil : text, force: false)
        case .estimate(let name, let state):
            guard let eta = estimate(text, &p) else { return }
            ok = record(.system(name, state, eta: eta), note: nil, force: false)
        }
        if ok {
            modal = .none
            recordingFrom = p
        } else {
            // Keep what was typed: the write failed or was refused.
            p.error = message?.text
            modal = .prompt(p)
        }
    }

    // MARK: - menus

    mutating func handleMenu(_ key: Key, _ action: UIAction?, _ m: inout Menu) {
        func step(_ d: Int) {
            guard !m.items.isEmpty else { return }
            var i = m.selected
            for _ in 0..<m.items.count {
                i = (i + d + m.items.count) % m.items.count
                if m.items[i].enabled { break }
            }
            m.selected = i
        }
        switch action {
        case .cancel?:
            modal = .none
            return
        case .moveUp?: step(-1)
        case .moveDown?: step(1)
        case .select?:
            guard m.items.indices.contains(m.selected), m.items[m.selected].enabled else { return }
            modal = .none
            choose(m.items[m.selected].choice)
            return
        default:
            // Each item's own key, as the menu shows it.
            if case .char(let c) = key, let i = m.items.firstIndex(where: { $0.hotkey == c && $0.enabled }) {
                modal = .none
                choose(m.items[i].choice)
                return
            }
        }
        modal = .menu(m)
    }

    /// The Enter menu: everything for the selected task, then incident-wide actions.
    mutating func openMenu(now: Timestamp) {
        var items: [MenuItem] = []
        let writable = damage == nil && ActionRules.closedRefusal(engine.state.facts) == nil
        if view == .systems, writable {
            modal = .menu(systemMenu())
            return
        }
        if view == .checklist, let t = selectedTask, writable {
            let id = t.id
            func allowed(_ v: Action.TaskVerb) -> Bool { engine.availability(v, t) == .allowed }
            let outOfOrder: Bool
            if case .needsForce = engine.availability(.done, t) { outOfOrder = true } else { outOfOrder = false }
            func reason(_ v: Action.TaskVerb, force: Bool) -> MenuChoice {
                .ask(Prompt(title: "Why is “\(t.def.title)” \(v == .block ? "blocked" : "skipped")? (required)", editor: LineEditor(), required: true, purpose: .reason(.task(id, v), force: force)))
            }
            func guarded(_ c: MenuChoice, _ word: String) -> MenuChoice {
                t.def.critical ? .confirm(CommandPostModel.criticalConfirm(t.def.title, word, then: c)) : c
            }
            items.append(MenuItem("s", "Start this task", enabled: allowed(.start), guarded(.record(.task(id, .start), note: nil, force: false), "started")))
            items.append(MenuItem("x", "Mark done", enabled: allowed(.done), guarded(.record(.task(id, .done), note: nil, force: false), "done")))
            items.append(MenuItem("-", "Skip… (asks why)", enabled: allowed(.skip), guarded(reason(.skip, force: false), "skipped")))
            items.append(MenuItem("b", "Block… (asks why)", enabled: allowed(.block), guarded(reason(.block, force: false), "blocked")))
            items.append(MenuItem("u", "Reopen", enabled: allowed(.reopen), guarded(.record(.task(id, .reopen), note: nil, force: false), "reopened")))
            if outOfOrder {
                let why = t.status == .waiting ? "waiting on \(t.waitingOn.joined(separator: ", "))" : "does not apply"
                items.append(MenuItem("X", "Mark done OUT OF ORDER (\(why)) — recorded as a deviation", guarded(.record(.task(id, .done), note: nil, force: true), "done out of order")))
                items.append(MenuItem("S", "Start OUT OF ORDER — recorded as a deviation", .record(.task(id, .start), note: nil, force: true)))
                items.append(MenuItem("K", "Skip OUT OF ORDER… — recorded as a deviation", reason(.skip, force: true)))
            }
        }
        items.append(MenuItem("n", "Write a note…", enabled: writable, .ask(Prompt(title: "Note for the log:", editor: LineEditor(), required: true, purpose: .note))))
        items.append(MenuItem("d", "Record a decision…", enabled: writable && engine.availability(.decide("", ""), now: now) == .allowed, .open(decisionMenu())))
        items.append(MenuItem("a", "Assign a role…", enabled: writable, .open(roleMenu())))
        items.append(MenuItem("y", "Set a system's state (EHR, phones…)…", enabled: writable, .open(systemMenu())))
        items.append(MenuItem("c", "Correct an entry (mark it entered in error)…", enabled: writable,
                              .ask(Prompt(title: "Number of the entry in error (see the timeline, Tab):", editor: LineEditor(text: String(engine.state.entryCount), maxBytes: 12), required: true, purpose: .correctSeq))))
        items.append(MenuItem("p", "Start operational period \(engine.state.period + 1)…", enabled: writable,
                              .confirm(Confirm(question: "Start operational period \(engine.state.period + 1) now?", then: .ask(Prompt(title: "Briefing note for the new period (optional, Enter to record):", editor: LineEditor(), required: false, purpose: .periodNote))))))
        items.append(MenuItem("C", "Close the incident…", enabled: writable,
                              .confirm(Confirm(question: "CLOSE the incident “\(engine.state.name)”? It then takes no more actions.", then: .ask(Prompt(title: "Closing note (optional, Enter to close):", editor: LineEditor(), required: false, purpose: .closeNote))))))
        let title = view == .checklist ? selectedTask.map { "Actions — \($0.def.title)" } ?? "Actions" : "Actions"
        modal = .menu(Menu(title: title, items: items))
    }

    func decisionMenu() -> Menu {
        let items = engine.playbook.decisions.map { d -> MenuItem in
            let current = engine.state.decisions[d.id]?.option
            let options = d.options.map { o in
                // A decision changes what the whole hospital does: it is confirmed, answer first.
                MenuItem(o.first, o + (o == current ? "  (current answer)" : ""),
                         .confirm(Confirm(question: "DECIDE “\(o.uppercased())”: \(d.question)", then: .record(.decide(d.id, o), note: nil, force: false))))
            }
            return MenuItem(nil, "\(d.question) — \(current ?? "not decided")", .open(Menu(title: d.question, items: options)))
        }
        return Menu(title: "Record a decision", items: items)
    }

    func roleMenu() -> Menu {
        let items = engine.playbook.roles.map { r in
            MenuItem(nil, "\(r.title) — \(engine.state.roles[r.id]?.person ?? "unassigned")",
                     .ask(Prompt(title: "Who is now \(r.title)? (name)", editor: LineEditor(maxBytes: 400), required: true, purpose: .assign(role: r.id))))
        }
        return Menu(title: "Assign a role", items: items)
    }

    func systemMenu() -> Menu {
        var names = engine.state.systems.map(\.name)
        for n in ["EHR", "Phones", "Lab system", "Pharmacy", "PACS / imaging", "Email", "Network"] where engine.state.facts.system(named: n) == nil {
            names.append(n)
        }
        var items = names.map { n -> MenuItem in
            let st = engine.state.facts.system(named: n)?.state.rawValue
            return MenuItem(nil, n + (st.map { " — now \($0)" } ?? ""), .open(systemStateMenu(name: n)))
        }
        items.append(MenuItem("o", "Another system…", .ask(Prompt(title: "Name of the system:", editor: LineEditor(maxBytes: 400), required: true, purpose: .systemName))))
        return Menu(title: "Which system?", items: items)
    }

    func systemStateMenu(name: String) -> Menu {
        // One key each: d down, g degraded, u up.
        Menu(title: "\(name) is now…", items: SystemRecord.State.allCases.map { st in
            let key: Character = st == .down ? "d" : st == .degraded ? "g" : "u"
            return MenuItem(key, st.rawValue.uppercased(), .record(.system(name, st), note: nil, force: false))
        })
    }

    // MARK: - paste

    /// Pasted text is text, never keys: into the prompt being typed (line breaks become
    /// spaces, as typed ones would), and nowhere else.
    mutating func paste(_ text: String) {
        guard case .prompt(var p) = modal else {
            message = ("The pasted text was not used: press n for a note first, then paste.", true)
            return
        }
        var kept = 0
        for c in text {
            guard p.editor.insert(c) else { break }
            kept += 1
        }
        if kept < text.count {
            p.error = "The paste was cut at the field's limit: \(text.count - kept) characters were left out."
        }
        modal = .prompt(p)
    }

    // MARK: - timeline

    /// Brings the timeline up to the journal, in the order things happened: only while the
    /// timeline shows (sorting 100,000 entries costs tens of milliseconds, too much for every
    /// new entry), and by adding the new entries when they come after the last one.
    mutating func deriveTimeline() {
        guard view == .timeline else { return }
        let all = engine.state.entries
        guard timeline.count != all.count else { return }
        if timeline.count < all.count, let last = timeline.last {
            let fresh = EntryText.chronological(Array(all[timeline.count...]))
            if let first = fresh.first, (first.when, first.seq) >= (last.when, last.seq) {
                timeline += fresh
                return
            }
        }
        timeline = EntryText.chronological(all)
    }

    /// Scrolls the timeline for a moving key; false for any other action.
    mutating func scrollTimeline(_ action: UIAction) -> Bool {
        let n = engine.state.entries.count
        var top = timelineScroll ?? max(0, n - 1)
        switch action {
        case .moveUp: top -= 1
        case .moveDown: top += 1
        case .pageUp: top -= layout.timelineRows
        case .pageDown: top += layout.timelineRows
        case .top: top = 0
        case .bottom: top = n - 1
        default: return false
        }
        timelineScroll = max(0, min(n - 1, top))
        return true
    }
}
