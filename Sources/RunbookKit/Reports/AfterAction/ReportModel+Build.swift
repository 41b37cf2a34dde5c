extension ReportModel {
    /// What the command knows about the journal's check besides the entries: the damage found
    /// while reading it (nil when every line and the frozen playbook passed), and a torn tail.
    public struct Check: Sendable {
        public var problem: String?
        public var tornTail: Bool
        public init(problem: String? = nil, tornTail: Bool = false) { self.problem = problem; self.tornTail = tornTail }
    }

    /// The report of the incident `engine` has folded. With `redact`, what `Redaction` hides is
    /// replaced by `[redacted]` before anything is computed, so no format can leak it.
    public static func build(_ engine: Engine, check: Check = Check(), redact: Bool = false, clock: ReportClock = ReportClock()) -> ReportModel {
        Builder(engine: redact ? Redaction.engine(engine) : engine, check: check, redact: redact, clock: clock).model()
    }
}

/// Computes the model in one pass over the entries and the playbook.
struct Builder {
    let engine: Engine
    let check: ReportModel.Check
    let redact: Bool
    let clock: ReportClock
    /// The state and playbook, held once: read in every loop over a long journal.
    let s: IncidentState
    let pb: Playbook

    init(engine: Engine, check: ReportModel.Check, redact: Bool, clock: ReportClock) {
        self.engine = engine; self.check = check; self.redact = redact
        s = engine.state
        // Local times carry their zone when the clocks changed during the incident (the span
        // `model()` reports: discovery or activation to the close or the last entry).
        self.clock = clock.during(s)
        pb = engine.playbook
    }

    /// The role entry `e` counts in (`IncidentFacts.role(of:)`). Redacted, every name reads
    /// `[redacted]` and cannot tell people apart: `Redaction.engine` settled it as `actorRole`.
    func role(of e: JournalEntry) -> String? {
        redact ? e.actorRole : s.facts.role(of: e)
    }

    func model() -> ReportModel {
        let s = self.s
        let first = s.entries.first
        let end = s.closed ?? (s.latestCounting ?? s.activated)
        let views = engine.taskViews(now: end)
        let header = ReportModel.Header(
            incidentID: first?.string("incident") ?? s.id, name: s.name,
            playbookID: pb.id, playbookTitle: pb.title, playbookVersion: pb.version,
            playbookSHA256: first?.string("playbookSHA256") ?? "",
            exercise: s.exercise, discovered: s.discovered, activated: s.activated, closed: s.closed, end: end,
            durationSeconds: max(0, s.activated.seconds(until: end)), periodCount: s.period,
            asOpened: s.facts.asOpened, amendments: s.facts.amendments, facility: s.facility)
        let periods = periodRows(end: end)
        // The timeline's rows, most of a long report's work, are made (on every core) while
        // this thread works out the rest.
        let builder = self
        let rows = Parallel.start { builder.timelineRows(periods: periods) }
        let completions = taskCompletions()
        var systems = systemRows(end: end)
        // A system back up whose go-live was never recorded is said so in its row (one fact).
        let goLiveGaps = engine.goLiveNotRecorded(now: end)
        for i in systems.indices { systems[i].goLiveNotRecorded = goLiveGaps.first { SystemRecord.sameSystem($0.system, systems[i].name) } }
        var m = ReportModel(
            header: header,
            integrity: .init(entries: s.entryCount, head: s.head, problem: check.problem, tornTail: check.tornTail),
            milestones: [], phases: [], roles: [], decisions: decisionRows(), systems: systems,
            deviations: [], deadlines: [], timeline: [], improvements: [],
            periods: periods, transcribed: [], summary: "",
            clock: clock, redact: redact)
        m.milestones = milestones(views: views, completions: completions, systems: systems)
        m.phases = phaseRows(views: views, end: end)
        m.roles = roleRows(views: views, completions: completions, end: end)
        m.deviations = deviations(views: views, completions: completions, end: end)
        m.deadlines = deadlineRows(views: views, completions: completions, end: end)
        m.improvements = improvements(m.deviations)
        m.board = board(systems, discovered: s.discovered, end: end)
        m.timeline = rows.wait()
        m.transcribed = m.timeline.filter { $0.paper != nil }.map(\.seq).sorted()
        m.summary = ReportSummary.paragraph(m)
        return m
    }

    /// When each task was finished (its first round done or skipped, effective entries only),
    /// by task index, with whether it was done (not skipped).
    func taskCompletions() -> [Int: (when: Timestamp, done: Bool, seq: Int)] {
        var out: [Int: (when: Timestamp, done: Bool, seq: Int)] = [:]
        for (i, r) in s.tasks.enumerated() {
            if let f = firstFinish(r.history, every: pb.tasks[i].every != nil) { out[i] = f }
        }
        return out
    }

    /// When a task (or one system's turn of it) with this history was finished: its first
    /// round done or skipped, effective entries only, with whether it was done.
    func firstFinish(_ history: [Int], every: Bool) -> (when: Timestamp, done: Bool, seq: Int)? {
        var first: (when: Timestamp, done: Bool, seq: Int)?
        for seq in history {
            guard let k = s.index(of: seq) else { continue }
            let kind = s.entries[k].kind
            switch kind {
            case .taskDone?, .taskSkipped?:
                let when = engine.judgedTime(of: s.entries[k])
                if every { if first == nil { first = (when, kind == .taskDone, seq) } }
                else { first = (when, kind == .taskDone, seq) }
            case .taskReopened?:
                if !every { first = nil }
            default: break
            }
        }
        return first
    }

    /// How the report names one affected system's turn of a `per: system` task.
    func turnTitle(_ v: TaskView, _ inst: TaskView) -> String { "\(v.def.title): \(inst.system ?? "")" }

    /// Task `i`'s turns done after they were due: the task itself, or each affected system's
    /// turn of a `per: system` task, each against its own due time.
    func lateTurns(_ i: Int, _ v: TaskView, _ completions: [Int: (when: Timestamp, done: Bool, seq: Int)])
        -> [(id: String, what: String, finished: (when: Timestamp, done: Bool, seq: Int), due: Timestamp)] {
        guard v.def.perSystem, !v.instances.isEmpty else {
            guard let c = completions[i], c.done, let due = engine.firstDue(index: i), c.when > due else { return [] }
            return [(v.def.id, v.def.title, c, due)]
        }
        return v.instances.compactMap { inst in
            guard let c = firstFinish(inst.record.history, every: v.def.every != nil), c.done,
                  let due = engine.dueTime(index: i, system: inst.system), c.when > due else { return nil }
            return (inst.id, turnTitle(v, inst), c, due)
        }
    }

    /// How task `i`'s first round stands at the report's end (`end`): the one answer every count
    /// of the report asks (phases, roles, the deviations and the summary). A closed incident
    /// counts what is open as not done; an interim report (the incident still open) counts as
    /// not done only what was due by then, says "not yet due" for the rest and "waiting on a
    /// decision" for what an undecided decision holds back (it may never apply).
    func outcome(_ i: Int, _ v: TaskView, end: Timestamp) -> ReportModel.Outcome {
        switch v.status {
        case .done: return .done
        case .skipped: return .skipped
        case .inapplicable: return .inapplicable
        default: break
        }
        // A recurring task on a later round: its first round was finished, done or skipped.
        if v.round > 1 { return firstFinish(v.record.history, every: true)?.done == false ? .skipped : .done }
        guard s.closed == nil else { return .notDone }
        if v.waits.contains(where: { if case .decision = $0 { return true } else { return false } }) { return .waitingOnDecision }
        if let due = v.due ?? engine.firstDue(index: i), due <= end { return .notDone }
        return .notYetDue
    }
}

extension Engine {
    /// When a task's first round was due (nil when the playbook sets no time).
    func firstDue(index i: Int) -> Timestamp? {
        let def = playbook.tasks[i]
        if state.tasks[i].round == 1 || def.every == nil { return dueTime(index: i) }
        return firstRoundDue(index: i)
    }
}
