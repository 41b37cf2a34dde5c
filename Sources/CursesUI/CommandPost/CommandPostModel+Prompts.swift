import RunbookKit

/// The line prompts: typing, pasting, submitting, and never losing a draft by accident.
extension CommandPostModel {
    mutating func handlePrompt(_ key: Key, _ action: UIAction?, _ p: inout Prompt) {
        switch action {
        case .cancel?:
            cancelPrompt(p)
            return
        case .select?:
            submit(&p)
            return
        default:
            if key == .tab, p.purpose == .systemName {
                if let first = p.suggestions.first { p.editor = LineEditor(text: first, maxBytes: p.editor.maxBytes) }
                refreshSuggestions(&p)
                modal = .prompt(p)
                return
            }
            let before = p.editor
            if p.editor.handle(key) {
                if case .char = key, before == p.editor {
                    p.error = "That is as long as a \(p.purpose == .search ? "search" : "note") can be (\(p.editor.maxBytes) bytes)."
                } else {
                    p.error = nil
                }
            }
            edited(&p)
            modal = .prompt(p)
        }
    }

    /// After the text changed: the search follows it, the system names matching it are offered.
    mutating func edited(_ p: inout Prompt) {
        if p.purpose == .search { applySearch(p.editor.text.trimmingCharacters(in: .whitespaces)) }
        if p.purpose == .systemName { refreshSuggestions(&p) }
    }

    mutating func applySearch(_ text: String) {
        guard text != search else { return }
        search = text
        derive(entriesChanged: false)
        // The cursor goes to the best match (an exact title before a word in some detail);
        // the list itself keeps the checklist's order, never reordered under the user.
        if let best = bestSearchMatch(text.lowercased()) {
            selectedTaskID = best.id
        } else if !visibleTasks.contains(where: { $0.id == selectedTaskID }) {
            selectedTaskID = visibleTasks.first?.id
        }
        timelineScroll = nil
    }

    /// Esc or Ctrl-C in a prompt: it cancels the whole action, nothing recorded, even at an
    /// optional follow-up (the closing note after the name, a decision's reason after its yes):
    /// Esc never means "go on without it" — Enter on the empty field does that. Typed text is
    /// never thrown away without asking.
    mutating func cancelPrompt(_ p: Prompt) {
        if p.purpose == .search {
            applySearch(searchBefore ?? "")
            searchBefore = nil
            modal = .none
            message = (search.isEmpty ? "Search cancelled." : "Search put back to “\(search)”.", false)
            return
        }
        let typed = p.purpose.isDraft && !p.editor.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let cancelled = CommandPostModel.cancelledWords(p.purpose)
        guard typed else {
            modal = .none
            message = (cancelled, false)
            return
        }
        let shown = TextWidth.truncate(TextWidth.oneLine(p.editor.text), 50)
        modal = .confirm(Confirm(question: "Throw away what you typed (“\(shown)”)? Nothing is recorded.", then: .nothing(cancelled),
                                 otherwise: .ask(p), answers: "y: throw it away      n, Esc or Enter: back to the text", enterIsNo: true))
    }

    /// What the status line says when a prompt is cancelled: nothing recorded, and after a
    /// confirmation (the close's name, a decision's yes) that what was confirmed did not happen.
    static func cancelledWords(_ purpose: TextPurpose) -> String {
        switch purpose {
        case .closeNote: return "Cancelled: nothing was recorded — the incident is NOT closed."
        case .periodNote: return "Cancelled: nothing was recorded — no new operational period was started."
        case .decisionReason(let d, let option): return "Cancelled: nothing was recorded — decision \(d) → \(option) was NOT recorded."
        case .reopenName: return "Cancelled: nothing was recorded — the incident stays closed."
        default: return "Cancelled: nothing was recorded."
        }
    }

    mutating func submit(_ p: inout Prompt) {
        let raw = p.editor.text
        let text = raw.trimmingCharacters(in: p.editor.multiline ? .whitespacesAndNewlines : .whitespaces)
        if p.required && text.isEmpty {
            p.error = "An answer is required here. Type it, or press Esc to cancel."
            modal = .prompt(p)
            return
        }
        // The task it acts on changed in another terminal while this was typed: say so, ask again.
        // The keys lead the line, so a cut line never loses them.
        if let g = p.guardTask, let changed = changedSince(g) {
            p.guardTask = snapshot(g.id)
            var pending = CommandPostModel.taskAction(of: .ask(p))
            if case .actionTime(let task, let verb) = p.purpose { pending = (task, verb) }
            if let (id, verb) = pending, let v = engine.taskView(id, now: now), case .refused = engine.availability(verb, v) {
                p.error = "Esc: stop — it can no longer be marked \(CommandPostModel.verbWord(verb)). " + changed
            } else {
                let anyway = pending.map { $0.1 == .done ? "mark it done anyway" : "\(CommandPostModel.verbPresent($0.1)) it anyway" } ?? "go ahead anyway"
                p.error = "Enter: \(anyway) · Esc: stop — " + changed
            }
            modal = .prompt(p)
            return
        }
        if waiting != nil, p.purpose.records {
            // One action at a time: this one is refused, what was typed kept for later.
            p.error = CommandPostModel.stillWaiting
            modal = .prompt(p)
            return
        }
        var ok = true
        switch p.purpose {
        case .search:
            applySearch(text)
            searchBefore = nil
            message = (text.isEmpty ? "Search cleared." : "Showing what matches “\(text)” (Esc clears).", false)
        case .note: ok = record(.note(text, tag: nil), note: nil, force: false)
        case .forWhom:
            do {
                try TextRules.checkName(text, what: "name")
            } catch {
                p.error = "\(error)"
                modal = .prompt(p)
                return
            }
            choose(.forWhom(text == actor ? nil : text))
        case .taskNote(let task): ok = record(.note(text, tag: nil), note: nil, force: false, task: task)
        case .reason(let a, let force): ok = record(a, note: text, force: force)
        case .assign(let role): ok = record(.assign(role, text), note: nil, force: false)
        case .systemName:
            let matches = systemMatches(text)
            if let exact = matches.first(where: { SystemRecord.sameSystem($0, text) }) {
                modal = .menu(systemStateMenu(name: exact))
            } else if engine.playbook.systems.resolve(text).alias {
                modal = .menu(systemStateMenu(name: text))  // its title says whose alias it is
            } else if !matches.isEmpty {
                // `lab` is most likely the Lab system already reported: offer it first.
                var items = matches.map { n in MenuItem(nil, n + knownState(n), .open(systemStateMenu(name: n))) }
                items.append(MenuItem("o", "A new system named “\(text)”", .open(systemStateMenu(name: text))))
                modal = .menu(Menu(title: "“\(text)” — which system?", items: items))
            } else {
                modal = .menu(systemStateMenu(name: text))
            }
            return
        case .correctSeq:
            guard let seq = Int(text.hasPrefix("#") ? String(text.dropFirst()) : text) else {
                p.error = "Type the entry number shown in the timeline, e.g. 12."
                modal = .prompt(p)
                return
            }
            // A number naming no entry is asked again here; the rule's refusals are said by askCorrection.
            if case .refused(let e) = engine.availability(.correct(seq, reason: ""), now: now), e.refusal == nil {
                p.error = "There is no entry #\(seq): this journal has entries 1 to \(engine.state.entryCount)."
                modal = .prompt(p)
                return
            }
            modal = .none
            askCorrection(seq)
            return
        case .correctReason(let seq):
            // The close of a closed incident: marking it in error reopens the incident, asked
            // like closing, by its name.
            if engine.state.closed != nil, seq == engine.state.facts.closedSeq {
                modal = .prompt(Prompt(title: "Reopen incident “\(TextWidth.truncate(engine.state.name, 40))”? Marking its close #\(seq) entered in error reopens it. Type its name, or REOPEN, and Enter; Esc keeps it closed:",
                                       editor: LineEditor(), required: true, purpose: .reopenName(seq: seq, reason: text)))
                return
            }
            ok = record(.correct(seq, reason: text), note: nil, force: false)
        case .amend(let fact):
            var a = Amendment()
            switch fact {
            case .name: a.name = text
            case .activated, .discovered:
                guard let at = typedTime(text, &p) else { return }
                if fact == .activated { a.activated = at } else { a.discovered = at }
            }
            ok = record(.amend(a), note: nil, force: false)
        case .reopenName(let seq, let reason):
            let name = engine.state.name
            guard ActionRules.confirmsReopen(text, id: engine.state.id, name: name) else {
                p.error = "That is not “\(TextWidth.truncate(name, 40))”: type its name or REOPEN to reopen it; Esc keeps it closed."
                p.editor = LineEditor()
                modal = .prompt(p)
                return
            }
            ok = record(.correct(seq, reason: reason), note: nil, force: false)
        case .periodNote: ok = record(.period, note: text.isEmpty ? nil : text, force: false)
        case .closeName:
            let name = engine.state.name
            guard ActionRules.confirmsClose(text, id: engine.state.id, name: name) else {
                p.error = "That is not “\(TextWidth.truncate(name, 40))”: type its name or CLOSE to close it; Esc keeps it open."
                modal = .prompt(p)
                return
            }
            modal = .prompt(Prompt(title: "Closing note (optional). Enter closes the incident (empty: without a note); Esc cancels, it stays open:",
                                   editor: LineEditor(multiline: true), required: false, purpose: .closeNote, followUp: true))
            return
        case .closeNote: ok = record(.close, note: text.isEmpty ? nil : text, force: false)
        case .estimate(let name, let state):
            guard let eta = estimate(text, &p) else { return }
            ok = record(.system(name, state, eta: eta), note: nil, force: false)
        case .decisionReason(let decision, let option):
            // One action: the engine records the decision and completes its task with it.
            modal = .none
            recordingFrom = p
            choose(.recordAll([Recording(.decide(decision, option), note: text.isEmpty ? nil : text, force: false)]))
            return
        case .actionTime(let task, let verb):
            guard let at = typedTime(text, &p) else { return }
            guard let t = engine.taskView(task, now: now), let step = taskStep(t, verb, at: at) else {
                modal = .none
                return
            }
            modal = .none
            let title = t.def.title
            let when = at.localDateTime
            // More than 12 hours back is asked about first (the critical question after it).
            let then: MenuChoice = t.def.critical
                ? .confirm(CommandPostModel.criticalConfirm(title, "\(CommandPostModel.verbWord(verb)) at \(when)", then: step, guardTask: p.guardTask))
                : step
            let choice = CommandPostModel.confirmingFarBack(at, now: now, what: "Done", then: then, prompt: p)
            // Recorded straight away: a refusal brings the time back to be changed.
            if choice == step { recordingFrom = p }
            choose(choice)
            return
        case .happenedAt:
            if text.isEmpty {
                happenedAt = nil
                modal = .none
                message = ("What you record next is dated when it is recorded.", false)
                return
            }
            let at: Timestamp
            switch TimePreview.line(text, now: now) {
            case .resolves(let t, _, _): at = t
            case let other:
                p.error = other.isProblem ? other.text : "That is not a time: type 14:05, -40m or 2026-11-29 14:05."
                modal = .prompt(p)
                return
            }
            modal = .none
            choose(CommandPostModel.confirmingFarBack(at, now: now, what: "It happened", then: .happenedAt(at), prompt: p))
            return
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

    // MARK: - systems

    /// Systems already reported, then the usual ones, whose name contains what was typed
    /// (case does not matter): `lab` finds `Lab system`.
    func systemMatches(_ typed: String) -> [String] {
        let q = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard !q.isEmpty else { return [] }
        var seen: [String] = []
        for n in knownSystems where n.lowercased().contains(q) && !seen.contains(where: { SystemRecord.sameSystem($0, n) }) {
            seen.append(n)
        }
        // `epic` finds EHR, when the playbook lists Epic as one of its names.
        for k in engine.playbook.systems.known where k.aliases.contains(where: { $0.lowercased().contains(q) })
            && !seen.contains(where: { SystemRecord.sameSystem($0, k.name) }) {
            seen.append(k.name)
        }
        return seen
    }

    /// The systems already reported, then the playbook's systems (`systems: known:`), or the
    /// usual ones when it lists none, not reported yet.
    var knownSystems: [String] {
        var names = engine.state.systems.map(\.name)
        let listed = engine.playbook.systems.known.map(\.name)
        for n in listed.isEmpty ? CommandPostModel.usualSystems : listed where engine.state.facts.system(named: n) == nil { names.append(n) }
        return names
    }

    static let usualSystems = ["EHR", "Phones", "Lab system", "Pharmacy", "PACS / imaging", "Email", "Network"]

    func knownState(_ name: String) -> String {
        engine.state.facts.system(named: name).map { " — reported \($0.state.rawValue)" } ?? ""
    }

    mutating func refreshSuggestions(_ p: inout Prompt) {
        let m = systemMatches(p.editor.text)
        p.suggestions = m
    }

    // MARK: - paste

    /// Pasted text is text, never keys: into the prompt being typed (line breaks kept where a
    /// note or a reason can hold them), and nowhere else.
    mutating func paste(_ text: String) {
        guard case .prompt(var p) = modal else {
            message = ("The pasted text was not used: press n for a note first, then paste.", true)
            return
        }
        var kept = 0
        let before = p
        for c in text {
            guard p.editor.insert(c) else { break }
            kept += 1
        }
        if kept < text.count, let task = p.purpose.noteTask {
            // Too long for one note: offered as several numbered notes, never cut unasked.
            modal = .menu(pasteTooLong(text, into: before, cut: p, left: text.count - kept, task: task))
            return
        }
        if kept < text.count {
            p.error = "The paste was cut at the field's limit: \(text.count - kept) characters were left out."
        }
        edited(&p)
        modal = .prompt(p)
    }

    /// What to do with a paste that one note cannot hold: split it into numbered notes, each
    /// recorded in turn (the engine's note rule checks each), cut it, or paste nothing; Esc goes
    /// back to the note as it was. `task` is the task a task note is about ("" for a log note).
    func pasteTooLong(_ text: String, into p: Prompt, cut: Prompt, left: Int, task: String) -> Menu {
        let e = p.editor
        // Line breaks and control characters as the note's editor takes them (CR LF, tabs).
        let whole = LineEditor(text: String(e.chars[..<e.cursor]) + text + String(e.chars[e.cursor...]), maxBytes: Int.max, multiline: true).text
        let notes = TextRules.numberedNotes(whole, limit: min(e.maxBytes, TextRules.maxNoteBytes))
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false).count
        let recordings = notes.map { Recording(.note($0, tag: nil), task: task.isEmpty ? nil : task) }
        var cutPrompt = cut
        cutPrompt.error = "The paste was cut at the note's limit: \(left) characters were left out."
        var menu = Menu(title: "The paste is too long for one note (\(whole.utf8.count) bytes, \(lines) lines; a note holds \(min(e.maxBytes, TextRules.maxNoteBytes))):", items: [
            // One action at a time: while another waits to be written, splitting is dimmed, not
            // refused once the question has closed (which would lose the note typed).
            MenuItem("s", "Split it into \(notes.count) numbered notes (1/\(notes.count), 2/\(notes.count) …), at line ends, recorded one after the other",
                     enabled: waiting == nil, .recordAll(recordings)),
            MenuItem("c", "Cut it: keep what fits in this note (\(left) characters left out)", .ask(cutPrompt)),
            MenuItem("n", "Paste nothing: back to the note", .ask(p)),
        ])
        menu.onCancel = .ask(p)
        return menu
    }

    /// When something happened, as typed in `p` (`14:05`, `-40m`), or nil with the prompt back
    /// open, saying why (a time the clock has not reached, one that is no time).
    mutating func typedTime(_ text: String, _ p: inout Prompt) -> Timestamp? {
        do {
            return try WhenParser.parse(text, now: now)
        } catch {
            p.error = TextWidth.oneLine("\(error)")
            modal = .prompt(p)
            return nil
        }
    }
}


extension TextPurpose {
    /// A note, which a paste too long for it may be split into numbered notes: "" for a note
    /// in the log, the task's id for a task's note; nil for any other text.
    var noteTask: String? {
        switch self {
        case .note: return ""
        case .taskNote(let task): return task
        default: return nil
        }
    }
}
