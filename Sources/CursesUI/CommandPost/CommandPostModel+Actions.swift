import RunbookKit

/// Acting on tasks, and carrying out what dialogs decide.
extension CommandPostModel {
    /// Whether anything can be recorded from here; if not, says why.
    mutating func writable() -> Bool {
        guard let why = recordingRefusal else { return true }
        message = (why, true)
        return false
    }

    /// Why nothing can be recorded from this screen now, in its words: the journal is read-only
    /// here, or the engine refuses everything (a closed incident). Nil when something can.
    var recordingRefusal: String? {
        if let why = readOnlyRefusal { return why }
        if case .refused(let e) = engine.recording { return CommandPostModel.words(e) }
        return nil
    }

    /// Why nothing at all can be written from this screen (the journal is damaged or replaced):
    /// even the one action a closed incident takes, marking its close in error, is not.
    var readOnlyRefusal: String? { damage.map { "Read-only: \($0)" } }

    /// An error in the screen's words: a refusal as the command post says it (it has no
    /// `--force` key), anything else as it describes itself.
    static func words(_ error: any Error) -> String {
        if case .refused(let r)? = error as? RunbookError { return r.words(on: .commandPost) }
        return "\(error)"
    }

    /// The task `id` as it is now, for a dialog to compare with when it is answered.
    func snapshot(_ id: String) -> TaskSnapshot? {
        guard let v = engine.taskView(id, now: now) else { return nil }
        return TaskSnapshot(id: id, status: v.status, round: v.round, lastSeq: v.record.history.last)
    }

    /// Whether the dialog open is about a task as it was when it opened (see `TaskSnapshot`).
    var answerLooksAtATask: Bool {
        switch modal {
        case .confirm(let c): return c.guardTask != nil
        case .prompt(let p): return p.guardTask != nil
        default: return false
        }
    }

    /// How a task stands, in words: "BLOCKED (nurse, 08:12): no cath lab staff".
    func standing(_ id: String) -> String {
        guard let v = engine.taskView(id, now: now) else { return "gone from the playbook" }
        var s = v.status.rawValue.uppercased()
        if let by = v.record.by, let since = v.record.since { s += " (\(by), \(since.localClock(relativeTo: now)))" }
        if let r = v.record.reason, v.status == .blocked || v.status == .skipped { s += ": " + r }
        return TextWidth.oneLine(s)
    }

    static func verbWord(_ verb: Action.TaskVerb) -> String {
        switch verb {
        case .done: return "done"
        case .skip: return "skipped"
        case .start: return "started"
        case .block: return "blocked"
        case .reopen: return "reopened"
        }
    }

    /// The verb as an instruction: "block", "skip".
    static func verbPresent(_ verb: Action.TaskVerb) -> String {
        switch verb {
        case .done: return "mark done"
        case .skip: return "skip"
        case .start: return "start"
        case .block: return "block"
        case .reopen: return "reopen"
        }
    }

    /// x, s, b, -, u on the selected task.
    mutating func taskVerb(_ verb: Action.TaskVerb, now: Timestamp) {
        guard let t = taskToActOn() else { return }
        guard let step = taskStep(t, verb, at: nil) else { return }
        // Its decision's answers, asked first: choosing one records it (and the task, done).
        if case .open = step { choose(step); return }
        let guardTask = snapshot(t.id)
        if t.def.critical {
            var c = CommandPostModel.criticalConfirm(t.def.title, CommandPostModel.verbWord(verb), then: step, guardTask: guardTask)
            if case .milestone? = engine.hospitalWideNews(.task(t.id, verb)) {
                c.details = ["A milestone: the whole hospital is told (the board and every report show it)."]
            }
            modal = .confirm(c)
            return
        }
        choose(step)
    }

    /// The selected task, if a task key may act on it here (saying why not, if not).
    mutating func taskToActOn() -> TaskView? {
        guard writable(), view == .checklist else {
            if view != .checklist { message = ("Switch to the checklist (Tab) to act on tasks.", false) }
            return nil
        }
        guard let t = selectedTask else { message = ("No task selected.", false); return nil }
        if let r = engine.availability(.done, t).refusal, case .perSystemUnnamed = r {
            // Said here in the screen's terms: the rows to act on are right under it.
            message = (r.words(on: .commandPost), true)
            return nil
        }
        return t
    }

    /// What recording `verb` on `t` takes (asking why, for a block or a skip), or nil with the
    /// reason shown when the rules hold it back.
    mutating func taskStep(_ t: TaskView, _ verb: Action.TaskVerb, at: Timestamp?) -> MenuChoice? {
        switch engine.availability(verb, t) {
        case .allowed where verb == .done && at == nil:
            // A task that records a decision already answered: its answers, to keep or change.
            if let d = engine.decisionRecorded(by: t.def.id), let standing = engine.state.decisions[d.id]?.option {
                return .open(decidedTaskOptions(d, t, standing: standing))
            }
        case .allowed: break
        case .needsForce(let r):
            // The key never forces: out of order is a menu choice, recorded as a deviation.
            message = (CommandPostModel.heldBack(r), true)
            return nil
        case .refused(.refused(.undecided(_, let id, _))) where engine.playbook.decision(id) != nil:
            // A task that records a decision is done with its answer: the answers are offered
            // (choosing one confirms it, and offers to mark the task done with it).
            return engine.playbook.decision(id).map { .open(decisionOptions($0)) }
        case .refused(.refused(.alreadyDone)):
            // What matters first, so a cut line keeps it: done, by whom and when, and the way back.
            message = (TextWidth.oneLine("Already \(standing(t.id)) — nothing recorded (u reopens it): “\(t.def.title)”"), false)
            return nil
        case .refused(let e):
            message = (TextWidth.oneLine("NOT RECORDED — \(CommandPostModel.words(e))"), true)
            return nil
        }
        let action = Action.task(t.id, verb)
        if verb == .block || verb == .skip {
            return .ask(Prompt(title: "Why is “\(t.def.title)” \(verb == .block ? "blocked" : "skipped")? (required; Esc cancels)",
                               editor: LineEditor(multiline: true), required: true, purpose: .reason(action, force: false),
                               guardTask: snapshot(t.id)))
        }
        if let at { return .recordAll([Recording(action, at: at)]) }
        return .record(action, note: nil, force: false)
    }

    /// Why a key does not record a task that only the menu can record out of order, in the
    /// screen's words.
    static func heldBack(_ r: Refusal) -> String {
        switch r {
        case .waiting(_, let on): return "Waiting on \(on.joined(separator: ", ")). Enter: menu, to record it out of order."
        case .inapplicable(_, let condition, _, _): return "Does not apply (\(condition ?? "")). Enter: menu, to record it anyway."
        default: return TextWidth.oneLine("NOT RECORDED — \(r.words(on: .commandPost))")
        }
    }

    /// The question a critical task asks before it is changed: the change first, so a cut
    /// title never hides what is being confirmed.
    static func criticalConfirm(_ title: String, _ word: String, then: MenuChoice, guardTask: TaskSnapshot? = nil) -> Confirm {
        Confirm(question: "CRITICAL TASK — mark it \(word.uppercased()): “\(title)”?", then: then, guardTask: guardTask)
    }

    /// Answers a confirmation. Yes first looks again at the task it is about: if another
    /// terminal changed it while the question was open, that is said and asked again.
    mutating func answer(_ c: Confirm, _ action: UIAction?) {
        switch action {
        case .yes?:
            if let g = c.guardTask, let changed = changedSince(g) {
                // What was being confirmed may no longer be possible at all (done meanwhile).
                if let (id, verb) = CommandPostModel.taskAction(of: c.then), let v = engine.taskView(id, now: now),
                   case .refused = engine.availability(verb, v) {
                    modal = .none
                    message = (TextWidth.oneLine("NOT RECORDED — \(changed) Nothing left to mark \(CommandPostModel.verbWord(verb))."), true)
                    return
                }
                var again = c
                again.guardTask = snapshot(g.id)
                again.details = [changed] + (c.changedFirst ? Array(c.details.dropFirst()) : c.details)
                again.changedFirst = true
                modal = .confirm(again)
                message = ("Another terminal changed this task while you were deciding: read it, then answer again.", true)
                return
            }
            modal = .none
            choose(c.then)
        case .no?:
            modal = .none
            if let o = c.otherwise { choose(o) } else { message = ("Cancelled: nothing was recorded.", false) }
        case .alternative?:
            guard let alt = c.alternative else { return }
            modal = .none
            choose(alt.choice)
        default: break
        }
    }

    /// The task and verb a confirmed step records, if it records one.
    static func taskAction(of choice: MenuChoice) -> (String, Action.TaskVerb)? {
        switch choice {
        case .record(.task(let id, let verb), _, _): return (id, verb)
        case .recordAll(let all):
            if case .task(let id, let verb)? = all.first?.action { return (id, verb) }
            return nil
        case .ask(let p):
            if case .reason(.task(let id, let verb), _) = p.purpose { return (id, verb) }
            return nil
        default: return nil
        }
    }

    /// What changed about the task since `g` was taken, in words; nil if nothing did.
    func changedSince(_ g: TaskSnapshot) -> String? {
        guard let now = snapshot(g.id), now != g else { return nil }
        let title = engine.playbook.task(g.id)?.title ?? g.id
        var by = ""
        if let seq = now.lastSeq, let e = engine.state.entry(seq) { by = " by \(e.person)" }
        return TextWidth.oneLine("CHANGED while this was open\(by): “\(title)” is now \(standing(g.id)).")
    }

    /// Carries out a menu choice or a confirmed step.
    mutating func choose(_ c: MenuChoice) {
        switch c {
        case .record(let a, let note, let force): _ = record(a, note: note, force: force)
        case .recordAll(var all):
            guard writable(), !refusedWhileWaiting() else { return }
            // The time typed with `@` dates every step of it (a decision and its task alike).
            if let t = happenedAt { for i in all.indices where all[i].at == nil { all[i].at = t } }
            guard let first = all.first else { return }
            happenedAt = nil
            followUps = Array(all.dropFirst())
            effects.append(.record(first.action, context(first)))
        case .ask(let p): modal = .prompt(p)
        case .open(let m): modal = .menu(m)
        case .confirm(let cf): modal = .confirm(cf)
        case .nothing(let words): message = (words, false)
        case .quit(let discarding): quitWhileWaiting(discarding: discarding)
        case .showRole(let role):
            filter = .myRole
            roleFilter = role
            derive(entriesChanged: false)
            selectedTaskID = visibleTasks.first?.id
            message = ("Showing \(filterWords) (f: next filter, Esc: all tasks).", false)
        case .correct(let seq): askCorrection(seq)
        case .happenedAt(let t):
            happenedAt = t
            message = (TextWidth.oneLine("The next thing you record is dated \(TimePreview.resolved(t, now: now)) (@ again: another time, or empty for now)."), false)
        case .forWhom(let whom):
            forWhom = whom
            message = whom == nil ? ("The next action is recorded as yours (\(actor)).", false) : nil
        }
    }

    /// Asks the runner to record an action; false (with the reason shown) if nothing can be
    /// recorded from here.
    @discardableResult
    mutating func record(_ action: Action, note: String?, force: Bool, at: Timestamp? = nil, task: String? = nil) -> Bool {
        // Not `writable()`: a closed incident still takes the correction of its close, which
        // the engine's closed rule lets through for that action alone.
        if let why = readOnlyRefusal { message = (why, true); return false }
        if let closed = ActionRules.closedRefusal(engine.state.facts, for: action) { message = (closed.words(on: .commandPost), true); return false }
        guard !refusedWhileWaiting() else { return false }
        followUps.removeAll()
        effects.append(.record(action, ActionContext(actor: actor, at: at ?? happenedAt, note: note, force: force, task: task, forWhom: forWhom)))
        happenedAt = nil
        return true
    }

    /// `@` (or the menu's `h`): when the next thing recorded happened, for what is written up
    /// later than it happened (a decision, an assignment, a system, a note, a period).
    mutating func askHappenedAt() {
        guard writable() else { return }
        modal = .prompt(happenedAtPrompt())
    }

    func happenedAtPrompt() -> Prompt {
        let set = happenedAt.map { " Set: \(TimePreview.resolved($0, now: now)); empty: the present time." } ?? ""
        return Prompt(title: "When did the next thing you record happen? (02:50, -40m, 2026-11-29 02:50)\(set)",
                      editor: LineEditor(maxBytes: 40), required: false, purpose: .happenedAt)
    }

    /// A typed time far back (`ActionTime.needsConfirming`) asked about before `then`; `then`
    /// itself otherwise. No goes back to the prompt, what was typed kept.
    static func confirmingFarBack(_ at: Timestamp, now: Timestamp, what: String, then: MenuChoice, prompt: Prompt) -> MenuChoice {
        guard ActionTime.needsConfirming(at, now: now) else { return then }
        return .confirm(Confirm(question: "\(what) \(TimePreview.resolved(at, now: now)) — \(PlaybookDuration.spoken(seconds: at.seconds(until: now))) ago, more than 12 hours. Is that the right day and time?",
                                then: then, otherwise: .ask(prompt), answers: "y: yes, that time      n, Esc or Enter: back to the time", enterIsNo: true))
    }

    /// `t`: a note about the selected task, kept in its history.
    mutating func taskNote() {
        guard let t = taskToActOn() else { return }
        modal = .prompt(Prompt(title: "Note on “\(t.def.title)” (kept in its history; Enter records, Esc cancels):",
                               editor: LineEditor(multiline: true), required: true, purpose: .taskNote(task: t.id)))
    }

    /// `@`: the selected task done at a time typed in (it was done before it was logged).
    mutating func doneAt() {
        guard let t = taskToActOn() else { return }
        // Held back now (already done, waiting): say so before asking for a time; a task that
        // records a decision asks for its answer instead (it is done when it is decided).
        guard let step = taskStep(t, .done, at: nil) else { return }
        // Undecided: its answers first. Decided already: `@` is for the time, as on any task
        // (x offers to keep or change the answer).
        if case .open = step, undecidedDecision(t) != nil { choose(step); return }
        modal = .prompt(Prompt(title: "When was “\(t.def.title)” done? (02:50, -40m, 2026-11-29 02:50):",
                               editor: LineEditor(maxBytes: 40), required: true, purpose: .actionTime(task: t.id, verb: .done),
                               guardTask: snapshot(t.id)))
    }
}
