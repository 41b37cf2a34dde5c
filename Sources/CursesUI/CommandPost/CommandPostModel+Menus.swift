import RunbookKit

/// The Enter menu and the menus it opens: decisions, roles, systems, corrections, periods, closing.
extension CommandPostModel {
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
        // A long list: letters typed jump to a name (j, k, g and q are letters there too; the
        // arrows move, Esc cancels). An item's own key still chooses it as the first letter.
        if m.typeAhead {
            let going = !m.typed.isEmpty && now.millis - m.typedAt <= CommandPostModel.typeAheadMillis
            if case .char(let c) = key, c.isLetter || (c == " " && going),
               going || !m.items.contains(where: { $0.hotkey == c }) {
                m.typed = (going ? m.typed : "") + String(c)
                m.typedAt = now.millis
                if let i = CommandPostModel.typeAheadMatch(m.typed, in: m.items) { m.selected = i }
                modal = .menu(m)
                return
            }
            m.typed = ""
        }
        // Each item's own key, as the menu shows it, before any moving key (g is "degraded").
        if case .char(let c) = key, let i = m.items.firstIndex(where: { $0.hotkey == c && $0.enabled }) {
            modal = .none
            choose(m.items[i].choice)
            return
        }
        // The key of an item shown dimmed: say so, rather than nothing.
        if case .char(let c) = key, let item = m.items.first(where: { $0.hotkey == c && !$0.enabled }) {
            message = (TextWidth.oneLine("Not possible now: “\(item.label)” (dimmed). Nothing was recorded."), true)
            modal = .menu(m)
            return
        }
        switch action {
        case .cancel?:
            modal = .none
            if let back = m.onCancel { choose(back); return }
            if let said = m.cancelled { message = (said, false) }
            return
        case .moveUp?: step(-1)
        case .moveDown?: step(1)
        case .top?: m.selected = m.items.firstIndex(where: \.enabled) ?? 0
        case .bottom?: m.selected = m.items.lastIndex(where: \.enabled) ?? 0
        case .select?:
            guard m.items.indices.contains(m.selected), m.items[m.selected].enabled else { return }
            modal = .none
            choose(m.items[m.selected].choice)
            return
        default: break
        }
        modal = .menu(m)
    }

    /// How long after a letter the next one still adds to the type-ahead (else it starts anew).
    static let typeAheadMillis: Int64 = 1_000

    /// The enabled item `typed` finds, case aside: the first whose name starts with it, else
    /// one with a word that starts with it, else one that holds it anywhere.
    static func typeAheadMatch(_ typed: String, in items: [MenuItem]) -> Int? {
        let q = typed.lowercased()
        guard !q.isEmpty else { return nil }
        let names = items.map { ($0.name ?? $0.label).lowercased() }
        let enabled = items.indices.filter { items[$0].enabled }
        return enabled.first { names[$0].hasPrefix(q) }
            ?? enabled.first { names[$0].split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix(q) } }
            ?? enabled.first { names[$0].contains(q) }
    }

    /// The hint line of a type-ahead menu; `other` names an item's own key, if it has one.
    static func typeAheadHint(other: String? = nil) -> String {
        // Short enough for an 80-column box with the other key (the hint bar shows ↑↓).
        "Letters jump to a name · Enter chooses · Esc cancels" + (other.map { " · \($0)" } ?? "")
    }

    /// The Enter menu: everything for the selected task, then incident-wide actions.
    mutating func openMenu(now: Timestamp) {
        var items: [MenuItem] = []
        let writable = canRecord
        if view == .systems, writable {
            modal = .menu(systemMenu())
            return
        }
        if view == .checklist, let t = selectedTask, writable {
            let id = t.id
            let guardTask = snapshot(id)
            func allowed(_ v: Action.TaskVerb) -> Bool { engine.availability(v, t) == .allowed }
            let outOfOrder: Refusal?
            let decisionFirst = undecidedDecision(t)
            if case .needsForce(let r) = engine.availability(.done, t, onceDecided: decisionFirst?.id) { outOfOrder = r } else { outOfOrder = nil }
            func reason(_ v: Action.TaskVerb, force: Bool) -> MenuChoice {
                .ask(Prompt(title: "Why is “\(t.def.title)” \(v == .block ? "blocked" : "skipped")? (required)", editor: LineEditor(multiline: true),
                            required: true, purpose: .reason(.task(id, v), force: force), guardTask: guardTask))
            }
            func guarded(_ c: MenuChoice, _ word: String) -> MenuChoice {
                t.def.critical ? .confirm(CommandPostModel.criticalConfirm(t.def.title, word, then: c, guardTask: guardTask)) : c
            }
            items.append(MenuItem("s", "Start this task", enabled: allowed(.start), guarded(.record(.task(id, .start), note: nil, force: false), "started")))
            if let d = decisionFirst {
                // Done only with its answer: the answers are asked, and the task done with one.
                items.append(MenuItem("x", "Decide it and mark done: \(d.question)…", .open(decisionOptions(d))))
            } else {
                items.append(MenuItem("x", "Mark done", enabled: allowed(.done), guarded(.record(.task(id, .done), note: nil, force: false), "done")))
            }
            items.append(MenuItem("@", "Mark done at a time you type (it was done earlier)…", enabled: allowed(.done),
                                  .ask(Prompt(title: "When was “\(t.def.title)” done? (02:50, -40m, 2026-11-29 02:50):", editor: LineEditor(maxBytes: 40),
                                              required: true, purpose: .actionTime(task: id, verb: .done), guardTask: guardTask))))
            items.append(MenuItem("-", "Skip… (asks why)", enabled: allowed(.skip), guarded(reason(.skip, force: false), "skipped")))
            items.append(MenuItem("b", "Block… (asks why)", enabled: allowed(.block), guarded(reason(.block, force: false), "blocked")))
            items.append(MenuItem("u", "Reopen", enabled: allowed(.reopen), guarded(.record(.task(id, .reopen), note: nil, force: false), "reopened")))
            items.append(MenuItem("t", "Note on this task…", .ask(Prompt(title: "Note on “\(t.def.title)” (kept in its history):", editor: LineEditor(multiline: true),
                                                                        required: true, purpose: .taskNote(task: id)))))
            if let outOfOrder {
                let why: String
                if case .waiting(_, let on) = outOfOrder { why = "waiting on \(on.joined(separator: ", "))" } else { why = "does not apply" }
                // Its decision first: out of order or not, it is not done without the answer.
                if decisionFirst == nil { items.append(MenuItem("X", "Mark done OUT OF ORDER (\(why)) — recorded as a deviation", guarded(.record(.task(id, .done), note: nil, force: true), "done out of order"))) }
                items.append(MenuItem("S", "Start OUT OF ORDER — recorded as a deviation", .record(.task(id, .start), note: nil, force: true)))
                items.append(MenuItem("K", "Skip OUT OF ORDER… — recorded as a deviation", reason(.skip, force: true)))
            }
        }
        items.append(MenuItem("h", happenedAt == nil ? "It happened earlier: date what you record next…" : "Change or clear the time what you record next happened…",
                              enabled: writable, .ask(happenedAtPrompt())))
        items.append(MenuItem("n", "Write a note…", enabled: writable, .ask(Prompt(title: "Note for the log:", editor: LineEditor(multiline: true), required: true, purpose: .note))))
        items.append(MenuItem("d", "Record a decision…", enabled: writable && engine.availability(.decide("", ""), now: now) == .allowed, .open(decisionMenu())))
        items.append(MenuItem("a", "Assign a role…", enabled: writable, .open(roleMenu())))
        items.append(MenuItem("y", "Set a system's state (EHR, phones…)…", enabled: writable, .open(systemMenu())))
        if view == .timeline, let e = selectedEntry {
            items.append(MenuItem("c", "Mark entry #\(e.seq) entered in error…", enabled: writable, .correct(e.seq)))
        } else {
            items.append(MenuItem("c", "Correct an entry (mark it entered in error)…", enabled: writable,
                                  .ask(Prompt(title: "Number of the entry in error (the timeline, Tab, shows them; there c marks the one selected):",
                                              editor: LineEditor(text: String(engine.state.entryCount), maxBytes: 12), required: true, purpose: .correctSeq))))
        }
        let next = engine.state.period + 1
        items.append(MenuItem("p", "Start operational period \(next)…", enabled: writable,
                              .confirm(Confirm(question: "Start operational period \(next) now?",
                                               then: .ask(Prompt(title: "Briefing note for period \(next) (optional). Enter starts the period (empty: without a note); Esc cancels, no period started:",
                                                                 editor: LineEditor(multiline: true), required: false, purpose: .periodNote, followUp: true))))))
        items.append(MenuItem("A", "Amend the incident's record (activation or discovery time, name, exercise)…",
                              enabled: readOnlyRefusal == nil && ActionRules.closedRefusal(engine.state.facts, for: .amend(Amendment())) == nil,
                              .open(amendMenu())))
        items.append(MenuItem("C", "Close the incident (asks for its name)…", enabled: writable,
                              .ask(Prompt(title: "CLOSING “\(engine.state.name)” takes no more actions, for good. Type its name or CLOSE; Esc keeps it open:",
                                          editor: LineEditor(maxBytes: 400), required: true, purpose: .closeName))))
        let title = view == .checklist ? selectedTask.map { "Actions — \($0.def.title)" } ?? "Actions" : "Actions"
        var menu = Menu(title: title, items: items)
        // A task that can be neither started nor done (it waits): Enter pressed twice must not
        // land on Skip or Block, the first items left; it lands on a note about the task.
        if let first = menu.items.firstIndex(where: \.enabled), ["-", "b"].contains(menu.items[first].hotkey),
           let note = menu.items.firstIndex(where: { $0.hotkey == "t" && $0.enabled }) {
            menu.selected = note
        }
        modal = .menu(menu)
    }

    /// Correcting entry 1's facts (`runbook amend`): each opens a prompt (or, for the exercise
    /// flag, asks), and records an `incident.amended`; entry 1 itself is never edited.
    func amendMenu() -> Menu {
        let s = engine.state
        func timePrompt(_ what: String, _ fact: AmendedFact, _ current: Timestamp) -> MenuChoice {
            .ask(Prompt(title: "When was the incident really \(what)? Now recorded as \(current.localDateTime). (09:10, -3h, 2026-11-29 09:10):",
                        editor: LineEditor(maxBytes: 40), required: true, purpose: .amend(fact)))
        }
        let flip = !s.exercise
        return Menu(title: "Amend “\(TextWidth.truncate(s.name, 40))” — the report shows what was first recorded too", items: [
            MenuItem("a", "Activation time (now \(s.activated.localDateTime))…", timePrompt("activated", .activated, s.activated)),
            MenuItem("d", "Discovery time (now \(s.discovered.localDateTime))…", timePrompt("discovered", .discovered, s.discovered)),
            MenuItem("n", "Name…", .ask(Prompt(title: "The incident's name:", editor: LineEditor(text: s.name, maxBytes: 400), required: true, purpose: .amend(.name)))),
            MenuItem("x", flip ? "Mark it an EXERCISE…" : "Mark it a REAL incident, not an exercise…",
                     .confirm(Confirm(question: flip ? "Mark “\(TextWidth.truncate(s.name, 40))” an EXERCISE? Every report will say so." : "Mark “\(TextWidth.truncate(s.name, 40))” a REAL incident, not an exercise?",
                                      then: .record(.amend(Amendment(exercise: flip)), note: nil, force: false)))),
        ])
    }

    func decisionMenu() -> Menu {
        let items = engine.playbook.decisions.map { d -> MenuItem in
            let current = engine.state.decisions[d.id]?.option
            // The answer first: a long question is cut, never the answer.
            var item = MenuItem(nil, "\(current.map { "→ \($0)" } ?? "not decided") · \(d.question)", .open(decisionOptions(d)))
            item.name = d.question
            return item
        }
        var menu = Menu(title: "Record a decision", items: items)
        // The decision the selected task records comes first under the cursor.
        if view == .checklist, let t = selectedTask, let d = engine.decisionRecorded(by: t.def.id),
           let i = engine.playbook.decisions.firstIndex(where: { $0.id == d.id }) {
            menu.selected = i
        }
        menu.typeAhead = true
        menu.hint = CommandPostModel.typeAheadHint()
        return menu
    }

    /// `x` on a task that records a decision already answered, the task still open: the
    /// answers, the standing one selected, and done keeping it (a critical task asks y first).
    func decidedTaskOptions(_ d: Playbook.Decision, _ t: TaskView, standing: String) -> Menu {
        var menu = decisionOptions(d)
        let done: MenuChoice = .record(.task(t.id, .done), note: nil, force: false)
        let keep = t.def.critical ? .confirm(CommandPostModel.criticalConfirm(t.def.title, "done", then: done, guardTask: snapshot(t.id))) : done
        // Its key only when no answer took it.
        let key: Character? = menu.items.contains { $0.hotkey == "x" } ? nil : "x"
        menu.items.insert(MenuItem(key, "Mark done, keeping the answer → \(standing)", keep), at: 0)
        menu.selected = 0
        return menu
    }

    /// The answers to decision `d`, each confirmed by `decisionChoice`.
    func decisionOptions(_ d: Playbook.Decision) -> Menu {
        let current = engine.state.decisions[d.id]?.option
        var keys = Set<Character>()
        let options = d.options.map { o -> MenuItem in
            // Options may share a first letter (full, none): only the first gets it as its key.
            let key = o.first.flatMap { keys.insert($0).inserted ? $0 : nil }
            return MenuItem(key, o + (o == current ? "  (current answer)" : ""), decisionChoice(d, o))
        }
        return Menu(title: d.question, items: options)
    }

    /// The decision the task `t` records, when the task rule holds its done back until that
    /// decision is answered (`Refusal.undecided`): x, @ and the menu's done ask it first.
    func undecidedDecision(_ t: TaskView) -> Playbook.Decision? {
        guard case .undecided(_, let id, _)? = engine.availability(.done, t).refusal else { return nil }
        return engine.playbook.decision(id)
    }

    /// A decision changes what the whole hospital does: confirmed, answer first, saying what
    /// it does to the task that records it (the engine's decide rule: marked done with it, or left
    /// open when its done is held back, or left as it is); then its reason is asked.
    func decisionChoice(_ d: Playbook.Decision, _ option: String) -> MenuChoice {
        let ctx = ActionContext(actor: actor, at: happenedAt, forWhom: forWhom)
        let outcome = engine.decisionTaskOutcome(d.id, option, ctx, now: now)
        var reason: MenuChoice {
            // Esc here cancels the decision (nothing recorded); Enter on nothing records it without a reason.
            .ask(Prompt(title: "Why → \(option)? (optional) Enter records the decision (empty: without a reason); Esc cancels, nothing recorded:", editor: LineEditor(multiline: true),
                        required: false, purpose: .decisionReason(decision: d.id, option: option), followUp: true))
        }
        func title(_ id: String) -> String { engine.playbook.task(id)?.title ?? id }
        var question = "DECIDE → \(option.uppercased()): \(d.question)"
        if case .answerChanged(_, let from, _)? = engine.hospitalWideNews(.decide(d.id, option)) {
            // Changing a standing answer (ending diversion) tells the whole hospital to change course.
            question = "CHANGE \(from.uppercased()) → \(option.uppercased()): \(d.question) The whole hospital is told the answer changed."
        }
        switch outcome {
        case .noTask:
            return .confirm(Confirm(question: question, then: reason))
        case .completes(let id):
            return .confirm(Confirm(question: question, then: reason, details: ["y also marks DONE: “\(title(id))”"]))
        case .heldBack(let id, let why):
            return .confirm(Confirm(question: question, then: reason,
                                    details: ["Its task “\(title(id))” stays open: \(why.decisionTaskLeftOpenWords(task: id, on: .commandPost))."]))
        case .stays(let id, let status):
            return .confirm(Confirm(question: question, then: reason, details: ["Its task “\(title(id))” stays \(status.rawValue)."]))
        }
    }

    /// `w`: whom the next action is recorded for. The people given roles, the roles (whoever
    /// held it when the action happened: the engine resolves it), someone else by name, or
    /// (when one is set) oneself again.
    func forWhomMenu() -> Menu {
        var items: [MenuItem] = []
        if let forWhom { items.append(MenuItem("m", "Myself (\(actor)) — not for \(forWhom)", .forWhom(nil))) }
        // The same people the "who is typing" question offers, but the typist.
        for p in WhoIsTyping.people(in: engine) where p.name != actor {
            items.append(MenuItem(nil, "\(p.name) — \(p.detail)", .forWhom(p.name)))
        }
        for r in engine.playbook.roles {
            guard let holder = engine.state.facts.roles[r.id]?.person else { continue }
            items.append(MenuItem(nil, "Whoever was \(r.title) when it happened (now \(holder))", .forWhom(r.id)))
        }
        items.append(MenuItem("o", "Someone else… (type a name)",
                              .ask(Prompt(title: "Record the next action for whom? (name; you stay the one who typed it)", editor: LineEditor(maxBytes: 400),
                                          required: true, purpose: .forWhom))))
        var menu = Menu(title: "Record the next action for whom?", items: items)
        menu.cancelled = forWhom.map { "Still for \($0): the next action is recorded on their behalf." }
        return menu
    }

    func roleMenu(suggesting name: String? = nil) -> Menu {
        let items = engine.playbook.roles.map { r in
            var item = MenuItem(nil, "\(r.title) — \(engine.state.roles[r.id]?.person ?? "unassigned")",
                                .ask(Prompt(title: "Who is now \(r.title)? (name)", editor: LineEditor(text: name ?? "", maxBytes: 400), required: true, purpose: .assign(role: r.id))))
            item.name = r.title
            return item
        }
        var menu = Menu(title: "Assign a role", items: items)
        menu.typeAhead = true
        menu.hint = CommandPostModel.typeAheadHint()
        return menu
    }

    func systemMenu() -> Menu {
        var items = systemPickerOrder.map { n -> MenuItem in
            var item = MenuItem(nil, n + knownState(n), .open(systemStateMenu(name: n)))
            item.name = n
            return item
        }
        items.append(MenuItem("o", "Another system…", .ask(Prompt(title: "Name of the system (Tab completes one already known):", editor: LineEditor(maxBytes: 400), required: true, purpose: .systemName))))
        var menu = Menu(title: "Which system?", items: items)
        menu.typeAhead = true
        menu.hint = CommandPostModel.typeAheadHint(other: "o: another system")
        return menu
    }

    /// The systems picker's rows, in an order that reporting never changes (so the same keys
    /// always reach the same system): the playbook's systems (or the usual ones) as listed,
    /// under the name they were reported by, then the others in the order first reported.
    var systemPickerOrder: [String] {
        let reported = engine.state.systems.map(\.name)
        let listed = engine.playbook.systems.known.map(\.name)
        var names: [String] = []
        for n in listed.isEmpty ? CommandPostModel.usualSystems : listed {
            names.append(reported.first { SystemRecord.sameSystem($0, n) } ?? n)
        }
        for n in reported where !names.contains(where: { SystemRecord.sameSystem($0, n) }) { names.append(n) }
        return names
    }

    func systemStateMenu(name typed: String) -> Menu {
        // The playbook's name for an alias (`SystemCatalog.resolve`, the one home of names).
        let systems = engine.playbook.systems
        let (name, alias) = systems.resolve(typed)
        // A system neither reported nor known to the playbook is asked its kind next.
        let isNew = engine.state.facts.system(named: name) == nil && systems.known(named: name) == nil
        // One key each: d down, g degraded, u up.
        return Menu(title: alias ? "\(typed) is \(name) in this playbook. \(name) is now…" : "\(name) is now…", items: SystemRecord.State.allCases.map { st in
            let key: Character = st == .down ? "d" : st == .degraded ? "g" : "u"
            let choice: MenuChoice = isNew ? .open(systemKindMenu(name: name, state: st)) : confirmingHospitalWide(.system(name, st))
            return MenuItem(key, st.rawValue.uppercased(), choice)
        })
    }

    /// The kind of a system the playbook does not know, asked when it is first reported: the
    /// playbook's kinds and `other`, by number (or arrows and Enter); Esc records nothing.
    func systemKindMenu(name: String, state: SystemRecord.State) -> Menu {
        let kinds = engine.playbook.systems.validKinds
        var menu = Menu(title: "What kind of system is \(name)? (Esc: nothing is recorded)", items: kinds.enumerated().map { i, k in
            MenuItem(i < 9 ? Character(String(i + 1)) : nil, k, confirmingHospitalWide(.system(name, state, kind: k)))
        })
        menu.cancelled = "Nothing was recorded: \(name) needs its kind."
        return menu
    }

    /// Marking entry `seq` entered in error: the entry shown in full, confirmed, then why.
    mutating func askCorrection(_ seq: Int) {
        // Not `writable()`: a closed incident takes this one action, for its close (the engine's
        // availability below says which).
        if let why = readOnlyRefusal { message = (why, true); return }
        switch engine.availability(.correct(seq, reason: ""), now: now) {
        case .allowed, .needsForce: break
        case .refused(.refused(let r)): message = (r.words(on: .commandPost), true); return
        case .refused: message = ("There is no entry #\(seq).", true); return
        }
        guard let e = engine.state.entry(seq) else { return }
        let what = TextWidth.oneLine(EntryWords.line(e, playbook: engine.playbook))
        // The reason prompt is the confirmation, the entry shown in it: a yes/no question first
        // would take the letters of a reason typed ahead ("went" has an n) as answers and keys.
        modal = .prompt(Prompt(title: "Mark #\(seq) ENTERED IN ERROR? Type why (required) and Enter; Esc keeps it. It stays in the log, struck through. The entry: #\(seq) \(e.when.localDateTime) \(EntryText.who(e)): \(what)",
                               editor: LineEditor(multiline: true), required: true, purpose: .correctReason(seq)))
    }
}

extension CommandPostModel {
    /// Recording `action`, asked with y first when it tells the whole hospital something
    /// (`Engine.hospitalWideNews`: a system back UP), saying what everyone will be told.
    func confirmingHospitalWide(_ action: Action) -> MenuChoice {
        let record = MenuChoice.record(action, note: nil, force: false)
        guard case .systemBack(let name)? = engine.hospitalWideNews(action) else { return record }
        return .confirm(Confirm(question: "Mark \(name) UP — the whole hospital is told it is back in service?", then: record,
                                details: ["Units go back to using \(name); the board and every report show it up."]))
    }
}
