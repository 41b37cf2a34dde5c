import Foundation
import RunbookKit

/// The command post's model: a value holding everything the screen shows, changed only by
/// `update(_:)` (keys, the clock, a resize, entries read, a recording's outcome), which returns
/// what the runner must do (record an action). The views only read it.
public struct CommandPostModel {
    /// The screens Tab cycles through.
    public enum ViewMode: String, CaseIterable, Sendable { case checklist, board, timeline, systems }
    /// Which tasks the checklist shows, in the order `f` goes through them (and the help says).
    public enum Filter: String, CaseIterable, Sendable {
        case all, myRole = "my role", overdue, blocked
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
        /// A recording was refused or failed: the error (a refusal is said in the screen's words).
        case notRecorded(any Error)
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
    /// The incident's state, as of the last look at the journal.
    public internal(set) var engine: Engine
    /// The time the screen shows.
    public private(set) var now: Timestamp
    /// The terminal's size, for how many rows a page is.
    public private(set) var width = 80
    public private(set) var height = 24
    public var view: ViewMode = .checklist
    public var filter: Filter = .all
    /// A role picked to look at when the actor holds none ("my role" offers it).
    public var roleFilter: String?
    public var search: String = ""
    public var modal: Modal = .none
    /// The status line: what was just recorded, or what went wrong.
    public var message: (text: String, isError: Bool)?
    public var selectedTaskID: String?
    /// The first checklist row shown; follows the selection.
    public internal(set) var scroll = 0
    /// The selected timeline row (an index into `timelineShown`); nil follows the newest.
    public var timelineScroll: Int?
    /// The first timeline row shown; follows the selection.
    public internal(set) var timelineTop = 0
    /// Rows the Board view is scrolled by.
    public var boardScroll = 0
    var boardLayout = BoardTabLayout()
    public internal(set) var quit = false
    /// Every task at `now`, and those the checklist shows with the filter and search.
    public private(set) var allTasks: [TaskView] = []
    /// How the work stands (the header's counts), as the engine counts it.
    public private(set) var taskCounts = TaskCounts([])
    public private(set) var visibleTasks: [TaskView] = []
    /// The checklist's rows: a heading per phase, then its tasks shown (as indices into
    /// `visibleTasks`, so that the clock moving does not rebuild them).
    public private(set) var checklistRows: [(heading: String?, task: Int?)] = []
    /// What `checklistRows` was built for: which tasks are shown, not the time.
    var rowsKey: DerivedKey?
    /// The timeline, in the order things happened.
    public internal(set) var timeline: [JournalEntry] = []
    /// The timeline rows shown: all of it, or those matching the search.
    public internal(set) var timelineShown: [JournalEntry] = []
    var timelineShownKey: (count: Int, search: String)?
    /// The prompt whose answer is being recorded: shown again, with the reason, if it fails.
    var recordingFrom: Prompt?
    /// Actions to record after the one being recorded, each only once the one before it is
    /// on disk (a decision, then its "Decide …" task done).
    var followUps: [Recording] = []
    /// What the status line said of the recording before a follow-up.
    var chainMessage: (seqs: [Int], words: [String])?
    /// The search as it was when the search prompt opened: Esc puts it back.
    var searchBefore: String?
    /// An action that could not be written yet because another runbook process holds the
    /// journal: shown as waiting, never as recorded, and tried again until it is written,
    /// refused, or given up with Esc.
    public internal(set) var waiting: (action: Action, context: ActionContext)?
    /// Quit once the waiting action is written (chosen with `w` when quitting while it waits);
    /// a refusal or Esc cancels it.
    public internal(set) var quitWhenWritten = false
    /// The action last asked to be recorded: what a refusal is about (the day-ahead clock rule
    /// asks, and records it again with the confirmation).
    var inFlight: (action: Action, context: ActionContext)?
    /// The effects asked for during the present update.
    var effects: [Effect] = []

    /// A model on an incident's state at `now`.
    public init(engine: Engine, actor: String, damage: String? = nil, now: Timestamp) {
        self.engine = engine
        self.actor = actor
        self.damage = damage
        self.now = now
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
            inFlight = nil
            engine = e
            derive(entriesChanged: true)
            // What came with it (the "Decide …" task done) is said on the same line, every
            // number first, so a cut line still shows all that was recorded.
            var chain = chainMessage ?? ([], [])
            chain.seqs.append(entry.seq)
            chain.words.append(EntryWords.describe(entry, playbook: engine.playbook))
            let said = "Recorded #" + chain.seqs.map(String.init).joined(separator: " and #") + ": " + chain.words.joined(separator: " · ")
            message = (TextWidth.oneLine(said), false)
            chainMessage = nil
            recordingFrom = nil
            if !followUps.isEmpty {
                chainMessage = chain
                let next = followUps.removeFirst()
                effects.append(.record(next.action, context(next)))
            } else if quitWhenWritten {
                quit = true
            }
        case .notRecorded(let error):
            let why = CommandPostModel.words(error)
            waiting = nil
            quitWhenWritten = false
            let refused = inFlight
            inFlight = nil
            chainMessage = nil
            message = (TextWidth.oneLine("NOT RECORDED — \(why)"), true)
            if !followUps.isEmpty {
                message = (TextWidth.oneLine("NOT RECORDED — \(why) (so \(followUps.count == 1 ? "what came with it was" : "what came with it were") not recorded either)"), true)
                followUps.removeAll()
            }
            if var p = recordingFrom {
                // Keep what was typed: the write failed or was refused.
                p.error = message?.text
                modal = .prompt(p)
            }
            recordingFrom = nil
            if let refused { askClockAhead(error, refused) }
        case .busy(let action, let context):
            waiting = (action, context)
            message = ("WAITING — not recorded yet: another runbook is writing. Esc gives it up.", true)
        case .retryWaiting:
            if let w = waiting { effects.append(.record(w.action, w.context)) }
        case .becameReadOnly(let why):
            damage = why
            waiting = nil
            quitWhenWritten = false
            followUps.removeAll()
            message = ("Read-only: \(why)", true)
        }
        if waiting != nil, case .key = msg, effects.contains(where: { if case .record = $0 { return true } else { return false } }) {
            // One action at a time: a second one must not overtake the one still waiting.
            effects.removeAll()
            message = ("One action is still waiting to be written: wait for it, or press Esc to give it up. This one was NOT recorded.", true)
        }
        for case .record(let a, let c) in effects { inFlight = (a, c) }
        derive(entriesChanged: false)
        followSelection()
        followTimeline()
        layoutBoard()
        return effects
    }

    /// The context a recording is made in: this actor, and its note, time and task.
    func context(_ r: Recording, task: String? = nil) -> ActionContext {
        ActionContext(actor: actor, at: r.at, note: r.note, force: r.force, task: task ?? r.task)
    }

    // MARK: - tasks shown

    /// The roles the actor holds now.
    var myRoles: Set<String> {
        Set(engine.playbook.roles.filter { engine.state.roles[$0.id]?.person == actor }.map(\.id))
    }

    /// Recomputes what is derived from the state, the time, the filter and the search.
    mutating func derive(entriesChanged: Bool) {
        deriveTimeline()
        let key = DerivedKey(entries: engine.state.entryCount, now: now.millis, filter: filter, role: roleFilter, search: search)
        guard entriesChanged || key != derivedKey else { return }
        derivedKey = key
        // A per-system task's instances follow it, each a row of its own to act on.
        let views = engine.taskViews(now: now)
        taskCounts = TaskCounts(views)
        allTasks = views.flatMap { [$0] + $0.instances }
        let roles = roleFilter.map { Set([$0]) } ?? myRoles
        let q = search.lowercased()
        // In the order of the rows on the screen (grouped by phase), so that j, k, g and G move
        // where the eye expects: a playbook may list its tasks by role.
        let phaseOrder = Dictionary(engine.playbook.phases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let inScreenOrder = allTasks.enumerated().sorted {
            let (a, b) = (phaseOrder[$0.element.def.phase] ?? Int.max, phaseOrder[$1.element.def.phase] ?? Int.max)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        visibleTasks = inScreenOrder.filter { v in
            switch filter {
            case .all: break
            case .myRole: if !roles.contains(v.def.role) { return false }
            case .overdue: if !v.overdue { return false }
            case .blocked: if v.status != .blocked { return false }
            }
            return q.isEmpty || matches(v, q)
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

    /// Whether a task matches the search `q` (lowercased): its title, id and detail, and the
    /// notes and reasons in its history.
    func matches(_ v: TaskView, _ q: String) -> Bool {
        if v.def.title.lowercased().contains(q) || v.id.lowercased().contains(q) || v.def.detail.lowercased().contains(q) { return true }
        if let r = v.record.reason, r.lowercased().contains(q) { return true }
        return v.record.history.contains { engine.state.entry($0)?.note?.lowercased().contains(q) == true }
    }

    struct DerivedKey: Equatable {
        var entries: Int
        var now: Int64
        var filter: Filter
        var role: String?
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
            waiting = nil
            quitWhenWritten = false
            recordingFrom = nil
            followUps.removeAll()
            message = ("Given up: the waiting action was NOT recorded.", false)
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
        default: break
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
        case .taskNote: taskNote()
        case .doneAt: doneAt()
        case .correctEntry: correctSelectedEntry()
        case .note:
            guard writable() else { return }
            modal = .prompt(Prompt(title: "Note for the log (Enter records it, Esc cancels):", editor: LineEditor(multiline: true), required: true, purpose: .note))
        case .menu: openMenu(now: now)
        case .search:
            searchBefore = search
            let what = view == .timeline ? "Search the timeline" : "Search tasks, notes and reasons"
            modal = .prompt(Prompt(title: "\(what) — the list follows as you type (Enter keeps it, Esc puts it back):",
                                   editor: LineEditor(text: search, maxBytes: 200), required: false, purpose: .search))
        case .filter: nextFilter()
        case .estimate: askEstimate()
        case .switchView, .previousView, .help, .quit, .openEntry, .yes, .no, .clearSearch, .cancelWaiting, .select, .cancel, .edit, .closeHelp, .alternative:
            break  // taken above, or dialog keys
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
