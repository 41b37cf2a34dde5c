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
        /// A recording asked for by `Effect.record` is on disk (every entry it made: a decision,
        /// then the task it completes), with the state after it.
        case recorded([JournalEntry], Engine)
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

    /// Who is typing (asked when the command post opens): every entry's `actor`.
    public let actor: String
    /// Whom the next action is recorded for, as chosen with `w` (a person's name, or a role id
    /// for whoever held it when it happened); nil: the typist's own. Cleared once used.
    public internal(set) var forWhom: String?
    /// Why the journal is read-only (it failed verification, or was replaced), if it is.
    public internal(set) var damage: String?
    /// The incident's state, as of the last look at the journal.
    public internal(set) var engine: Engine
    /// The time the screen shows.
    public internal(set) var now: Timestamp
    /// The terminal's size, for how many rows a page is.
    public internal(set) var width = 80
    public internal(set) var height = 24
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
    public internal(set) var allTasks: [TaskView] = []
    /// How the work stands (the header's counts), as the engine counts it.
    public internal(set) var taskCounts = TaskCounts([])
    public internal(set) var visibleTasks: [TaskView] = []
    /// The checklist's rows: a heading per phase, then its tasks shown (as indices into
    /// `visibleTasks`, so that the clock moving does not rebuild them).
    public internal(set) var checklistRows: [(heading: String?, task: Int?)] = []
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
    /// on disk.
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
    /// The entries the last action wrote (a decision and its task done: both), which `z`
    /// may undo for a minute (`Engine.undoRefusal`); nil when there is nothing to undo.
    var undoable: [Int]?
    /// The effects asked for during the present update.
    var effects: [Effect] = []
    /// When the next thing recorded from this screen happened, typed with `@` (any view but
    /// the checklist, where `@` dates the selected task) or the menu's `h`: the next action
    /// carries it as its `at`, as `--at` does on the command line. Shown in the header until used.
    public internal(set) var happenedAt: Timestamp?

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
        case .recorded(let entries, let e):
            waiting = nil
            inFlight = nil
            engine = e
            derive(entriesChanged: true)
            // What came with it (the decision's task done) is said on the same line, every
            // number first, so a cut line still shows all that was recorded.
            var chain = chainMessage ?? ([], [])
            for entry in entries {
                chain.seqs.append(entry.seq)
                chain.words.append(EntryWords.describe(entry, playbook: engine.playbook))
                if let person = entry.forPerson { chain.words[chain.words.count - 1] += " (for \(person))" }
            }
            let said = "Recorded #" + chain.seqs.map(String.init).joined(separator: " and #") + ": " + chain.words.joined(separator: " · ")
            message = (TextWidth.oneLine(said), false)
            chainMessage = nil
            recordingFrom = nil
            if !followUps.isEmpty {
                chainMessage = chain
                let next = followUps.removeFirst()
                effects.append(.record(next.action, context(next)))
            } else {
                // Used: the action after it is the typist's own again, unless chosen anew.
                forWhom = nil
                // Undone at once with z, for a minute; a correction (an undo among them) is
                // undone from the timeline instead, never by a second z.
                undoable = entries.contains { $0.kind == .entryCorrected } ? nil : chain.seqs
                if quitWhenWritten { quit = true }
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
        ActionContext(actor: actor, at: r.at, note: r.note, force: r.force, task: task ?? r.task, forWhom: forWhom)
    }

    /// What the derived rows were last worked out for (`derive`).
    var derivedKey: DerivedKey?
}
