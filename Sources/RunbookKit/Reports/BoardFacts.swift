/// What the executive board shows, derived once per frame from the engine at `now`: the
/// questions an executive asks, in the order they ask them. No terminal, no layout: the
/// board renderer (CursesUI) lays these out for the screen, the command post and `--once`.
public struct BoardFacts: Sendable {
    /// Done out of applicable for a phase or a role, with its late and stuck counts.
    public struct Progress: Sendable, Equatable {
        public var id: String
        public var title: String
        /// Done or skipped: nothing more to do on them (the bar's fill).
        public var finished: Int
        /// Done, and skipped: each its own count (the numbers say done, never skipped as done).
        public var done = 0, skipped = 0
        /// Every task that applies (not those a decision ruled out).
        public var applicable: Int
        public var overdue: Int
        public var blocked: Int
        /// Who holds the role (role rows only).
        public var holder: String?
    }

    /// A decision still open while tasks waiting on its answer are due.
    public struct OpenDecision: Sendable {
        public var decision: Playbook.Decision
        /// Tasks waiting on it whose due time has passed.
        public var dueTasks: Int
        /// The earliest due time among them.
        public var earliestDue: Timestamp?
    }

    /// A decision made.
    public struct MadeDecision: Sendable {
        public var decision: Playbook.Decision
        public var record: DecisionRecord
        /// The role the decider acted in, from the entry.
        public var role: String?
    }

    public let now: Timestamp
    /// Every task at `now`, a per-system task as its instances.
    public let views: [TaskView]
    public let phases: [Progress]
    public let roles: [Progress]
    /// Open, overdue tasks, the latest first.
    public let mostOverdue: [TaskView]
    /// Every blocked task, longest blocked first.
    public let blocked: [TaskView]
    /// External clocks (`deadline: true`): open ones by due time, then finished ones.
    public let deadlines: [TaskView]
    /// What "Next:" names: the next hard deadline, else the most overdue task (`BoardFacts.next`).
    public let next: Next?
    /// What free text typed by people the board may show (`FreeText`).
    public let freeText: FreeText
    /// The role in charge (the playbook's first role: the incident commander, the crisis lead)
    /// and who holds it now, nil when nobody does.
    public let inCharge: (role: Playbook.Role, holder: String?)?
    /// Decisions made, in the order they were made.
    public let made: [MadeDecision]
    /// Open decisions whose tasks are due, the most urgent first.
    public let openDue: [OpenDecision]
    /// Open decisions with nothing due on them yet.
    public let openOther: [Playbook.Decision]
    /// Systems: down first, then degraded, then up; each group longest first.
    public let systems: [SystemRecord]
    /// Systems reported up whose go-live was not recorded (`Engine.goLiveNotRecorded`).
    public let goLiveNotRecorded: [GoLiveNotRecorded]
    /// Seconds since the last entry was recorded (the picture's age); nil with no entry.
    public let pictureAge: Int?
    /// A clock that went back between entries, in the words `status` prints after "WARNING:"
    /// (`IncidentState.clockWarnings`): the board shows them too, so a wrong clock is seen
    /// where the times are read.
    public let clockWarnings: [ClockWentBack]

    /// The board's facts for `engine`'s state at `now` (at its close, for a closed incident).
    /// A closed incident is shown as it stood at its close: nothing falls overdue afterwards.
    public init(_ engine: Engine, now wallClock: Timestamp, freeText: FreeText = .shown) {
        let s = engine.state
        self.freeText = freeText
        let now = engine.measuredAt(wallClock)
        self.now = now
        let pb = engine.playbook
        // What is acted on: a per-system task's instances (EHR, PACS…), else the task itself.
        let views = engine.taskViews(now: now).flatMap(\.turns)
        self.views = views
        func progress(_ id: String, _ title: String, _ vs: [TaskView], holder: String?) -> Progress {
            // Counted as the command post's header counts (`TaskCounts`).
            let c = TaskCounts(vs)
            return Progress(id: id, title: title, finished: c.finished, done: c.done, skipped: c.skipped, applicable: c.applicable,
                            overdue: c.overdue, blocked: c.blocked, holder: holder)
        }
        var byPhase: [String: [TaskView]] = [:], byRole: [String: [TaskView]] = [:]
        for v in views {
            byPhase[v.def.phase, default: []].append(v)
            byRole[v.def.role, default: []].append(v)
        }
        phases = pb.phases.compactMap { ph in byPhase[ph.id].map { progress(ph.id, ph.title, $0, holder: nil) } }
        roles = pb.roles.compactMap { r in byRole[r.id].map { progress(r.id, r.title, $0, holder: s.roles[r.id]?.person) } }
        mostOverdue = views.filter(\.overdue).sorted { ($0.due ?? now) < ($1.due ?? now) }
        blocked = views.filter { $0.status == .blocked }.sorted { ($0.record.since ?? now) < ($1.record.since ?? now) }
        let clocks = views.filter { BoardFacts.isDeadline($0.def) && $0.status != .inapplicable }
        deadlines = clocks.filter { !$0.status.isFinished }.sorted { ($0.due ?? .distantFuture) < ($1.due ?? .distantFuture) }
            + clocks.filter { $0.status.isFinished }
        next = BoardFacts.next(deadlines: deadlines, mostOverdue: mostOverdue)
        inCharge = pb.roles.first.map { ($0, s.roles[$0.id]?.person) }
        made = pb.decisions.compactMap { d in
            s.decisions[d.id].map { MadeDecision(decision: d, record: $0, role: s.entry($0.seq).flatMap { s.facts.role(of: $0) }) }
        }.sorted { $0.record.when < $1.record.when }
        var open: [OpenDecision] = [], other: [Playbook.Decision] = []
        for d in pb.decisions where s.decisions[d.id] == nil {
            // Tasks that really wait on it: a condition already settled by another answer
            // (breach notices once notification was declined) holds nothing back.
            let due = views.filter { $0.waits.contains(.decision(d.id)) && $0.due.map { $0 <= now } == true && $0.record.recorded == nil }
            if due.isEmpty { other.append(d) } else {
                open.append(OpenDecision(decision: d, dueTasks: due.count, earliestDue: due.compactMap(\.due).min()))
            }
        }
        openDue = open.sorted { ($0.earliestDue ?? now) < ($1.earliestDue ?? now) }
        openOther = other
        let rank: [SystemRecord.State: Int] = [.down: 0, .degraded: 1, .up: 2]
        systems = s.systems.enumerated().sorted { a, b in
            let ra = rank[a.element.state] ?? 3, rb = rank[b.element.state] ?? 3
            if ra != rb { return ra < rb }
            return a.element.since != b.element.since ? a.element.since < b.element.since : a.offset < b.offset
        }.map(\.element)
        goLiveNotRecorded = engine.goLiveNotRecorded(now: now)
        pictureAge = s.entries.last.map { max(0, $0.time.seconds(until: now)) }
        clockWarnings = s.clockWarnings
    }

    /// What "Next:" on the board names: the most pressing thing with a time on it.
    public enum Next: Sendable {
        /// An external clock (`deadline: true`) still open with its due time running (or passed).
        case deadline(TaskView)
        /// With no such clock, the task overdue the longest.
        case overdue(TaskView)

        /// The task it names.
        public var view: TaskView {
            switch self { case .deadline(let v), .overdue(let v): v }
        }
    }

    /// The one rule for "Next:": the open hard deadline due soonest (a passed one first, as the
    /// most pressing), else the most overdue task. Never a recurring round coming due: a
    /// census on time is not what an executive must act on. A clock whose condition is still
    /// undecided has no hard due time yet, so it is not "next".
    static func next(deadlines: [TaskView], mostOverdue: [TaskView]) -> Next? {
        if let d = deadlines.first(where: { !$0.status.isFinished && $0.conditional == nil && $0.due != nil }) { return .deadline(d) }
        return mostOverdue.first.map { .overdue($0) }
    }

    /// Which free text typed by people the board shows. Names of people, systems and tasks are
    /// labels and always shown; notes, block reasons and a decision's rationale may hold
    /// patient details.
    public enum FreeText: Sendable, Equatable {
        /// Everything: notes, the notes on entries, block reasons.
        case shown
        /// No notes (`--no-notes`): note entries and the notes on other entries are left out;
        /// a blocked task's reason stays, as an executive needs it to unblock the task.
        case noNotes
        /// None at all (`--wall`, a screen anyone walking by reads): only titles, states,
        /// names and figures.
        case hidden

        /// Whether notes (note entries, an entry's note, a decision's rationale) are shown.
        public var showsNotes: Bool { self == .shown }
        /// Whether a blocked task's reason is shown.
        public var showsReasons: Bool { self != .hidden }
    }

    /// The reason `v` was blocked, when the board may show it (`freeText`); nil otherwise.
    public func blockReason(_ v: TaskView) -> String? {
        freeText.showsReasons ? (v.record.reason.map(TextFold.oneLine) ?? "no reason given") : nil
    }

    /// What the board's read builds and folds: every type but notes, which change nothing it
    /// shows but the latest entries (read whole, the last `tailEntries` of them).
    public static let foldedTypes = EntryType.allCases.filter { $0 != .note }
    /// How many of the latest entries a board's read keeps whole: more than a wall display lists.
    public static let tailEntries = 256

    /// Whether a task is an external clock (insurer, regulator) shown with a countdown.
    public static func isDeadline(_ def: Playbook.TaskDef) -> Bool { def.deadline }

    /// How old the picture is, in words and urgency: fresh, amber after 15 min, red after 60.
    public enum Freshness: Sendable, Equatable { case fresh, stale, veryStale }

    /// The freshness of a picture `age` seconds old.
    public static func freshness(_ age: Int?) -> Freshness {
        guard let age else { return .fresh }
        return age > 3600 ? .veryStale : age > 900 ? .stale : .fresh
    }
}

extension Timestamp {
    /// A time later than any incident's.
    public static let distantFuture = Timestamp(millis: Int64.max / 4)
}

extension IncidentSession {
    /// The live board's read of incident `id`: read-only (no write descriptor, no lock), shown
    /// even when damaged, and light (`BoardFacts.foldedTypes`, the last `tailEntries` whole).
    /// Warnings of the read go to `onWarning` (the screen's status line), else to stderr.
    public static func forBoard(store: IncidentStore, id: String, onWarning: ((String) -> Void)? = nil) throws -> IncidentSession {
        try IncidentSession(store: store, id: id, writable: false, tolerateDamage: true, onWarning: onWarning,
                            buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries)
    }
}

extension BoardFacts {
    /// `text` escaped for HTML element content and attributes, isolated (`<bdi>`) when it
    /// holds right-to-left letters: the report's escaping (`HTMLWriter.user`), for the HTML
    /// board, whose every piece of user text goes through here.
    public static func htmlEscaped(_ text: String) -> String {
        var w = HTMLWriter(capacity: text.utf8.count + 16)
        w.user(text)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// `text` escaped for a place that holds text only — the page's `<title>`, an attribute —
    /// where `<bdi>` would show as letters: the bidirectional controls are dropped instead.
    public static func htmlPlainText(_ text: String) -> String {
        var w = HTMLWriter(capacity: text.utf8.count + 16)
        w.text(text, stripBidi: true)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
