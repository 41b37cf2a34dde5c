import RunbookKit

extension CommandPost {
    /// Smallest usable screen.
    public static let minWidth = 40
    public static let minHeight = 10

    /// Glyph for a status (the meaning must read without colour).
    static func glyph(_ s: TaskStatus) -> String {
        switch s {
        case .waiting: return "·"
        case .ready: return "○"
        case .started: return "▶"
        case .done: return "✓"
        case .skipped: return "»"
        case .blocked: return "✖"
        case .inapplicable: return "–"
        }
    }

    static func style(for v: TaskView) -> Style {
        if v.overdue { return .overdue }
        switch v.status {
        case .blocked: return .blocked
        case .done, .skipped: return .done
        case .inapplicable, .waiting: return .muted
        case .started: return .bold
        default: return .normal
        }
    }

    /// Where the terminal cursor goes (in a prompt), or nil to hide it.
    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        let now = clock()
        g.fill(x: 0, y: 0, width: g.width, height: g.height)
        guard g.width >= CommandPost.minWidth, g.height >= CommandPost.minHeight else {
            renderTooSmall(&g)
            return nil
        }
        let engine = self.engine
        renderHeader(&g, engine, now: now)
        let bodyTop = 2
        let bottom = g.height - 1           // hint bar
        let messageRow = g.height - 2
        let stripRows = g.height >= 20 ? 2 : (g.height >= 14 ? 1 : 0)
        let bodyBottom = messageRow - stripRows  // exclusive
        switch view {
        case .checklist: renderChecklist(&g, engine, now: now, top: bodyTop, bottom: bodyBottom)
        case .board: renderLines(&g, BoardText.lines(engine, now: now, width: g.width), top: bodyTop, bottom: bodyBottom, title: "BOARD")
        case .timeline: renderTimeline(&g, engine, top: bodyTop, bottom: bodyBottom)
        case .systems: renderLines(&g, systemLines(engine, now: now), top: bodyTop, bottom: bodyBottom, title: "SYSTEMS")
        }
        if stripRows > 0 { renderStrip(&g, engine, top: bodyBottom, rows: stripRows) }
        if let m = message {
            g.bar(m.text, y: messageRow, style: m.isError ? .danger : .accent)
        }
        renderHints(&g, y: bottom)
        return renderModal(&g)
    }

    func renderTooSmall(_ g: inout CellGrid) {
        let lines = ["Terminal too small", "(\(g.width)x\(g.height); needs \(CommandPost.minWidth)x\(CommandPost.minHeight))", "Enlarge the window.", "q quits; all saved."]
        for (i, l) in lines.enumerated() where i < g.height {
            let x = max(0, (g.width - TextWidth.of(l)) / 2)
            g.put(TextWidth.truncate(l, g.width), x: x, y: i + max(0, (g.height - lines.count) / 2), style: i == 0 ? .bold : .normal)
        }
    }

    func renderHeader(_ g: inout CellGrid, _ engine: Engine, now: Timestamp) {
        let s = engine.state
        g.fill(x: 0, y: 0, width: g.width, height: 1, style: .header)
        var x = 0
        if s.exercise { x = g.put(" EXERCISE ", x: 0, y: 0, style: .exercise) + 1 }
        let integrity = damage == nil ? "✓ journal" : "✗ JOURNAL DAMAGED"
        let elapsed = "T+" + PlaybookDuration.spoken(seconds: s.activated.seconds(until: now)).replacingOccurrences(of: " ", with: "")
        let right = "\(elapsed) · Period \(s.period) · \(now.localHHMM) · \(integrity) "
        let rightW = TextWidth.of(right)
        let nameRoom = g.width - x - rightW - 1
        g.put(TextWidth.truncate(" " + s.name + (s.closed != nil ? " (CLOSED)" : ""), max(0, nameRoom)), x: x, y: 0, style: .header)
        if nameRoom >= 0 {
            let rx = g.width - rightW
            let ix = rx + TextWidth.of(right) - TextWidth.of(integrity) - 1
            g.put(right, x: rx, y: 0, style: .header)
            if damage != nil { g.put(integrity, x: ix, y: 0, style: .danger) }
        }
        // Row 1: the damage banner, or a one-line summary.
        if let damage {
            g.bar("READ-ONLY — \(damage)", y: 1, style: .danger)
            return
        }
        let views = allTasks(now: now)
        let overdue = views.filter(\.overdue).count
        let blocked = views.filter { $0.status == .blocked }.count
        let ready = views.filter { $0.status == .ready }.count
        let done = views.filter { $0.status == .done || $0.status == .skipped }.count
        let applicable = views.filter { $0.status != .inapplicable }.count
        var counts = ["Overdue \(overdue)", " · Blocked \(blocked)", " · Ready \(ready) · Done \(done)/\(applicable)"]
        // The counts must never be cut (a cut "Done 0/138" reads "Done 0/1"): the phase name
        // gives way first, then the ready count, then the filter and search.
        if counts.reduce(0, { $0 + TextWidth.of($1) }) > g.width { counts[2] = " · Done \(done)/\(applicable)" }
        var tail = ""
        if filter != .all { tail += " · Filter: \(filter.rawValue)" }
        if !search.isEmpty { tail += " · Search: “\(search)”" }
        let countsWidth = counts.reduce(0) { $0 + TextWidth.of($1) }
        let phaseRoom = g.width - countsWidth - TextWidth.of(tail) - 3
        let phase = engine.currentPhase(now: now)?.title ?? ""
        var cx = 0
        if phaseRoom >= 6 && !phase.isEmpty { cx = g.put(TextWidth.truncate(phase, phaseRoom) + " · ", x: 0, y: 1, style: .bold) }
        cx = g.put(counts[0], x: cx, y: 1, style: overdue > 0 ? .overdue : .normal)
        cx = g.put(counts[1], x: cx, y: 1, style: blocked > 0 ? .blocked : .normal)
        cx = g.put(counts[2], x: cx, y: 1)
        g.put(tail, x: cx, y: 1, style: .accent)
    }

    func dueText(_ v: TaskView, now: Timestamp) -> String {
        if let late = StatusText.overdue(v, now: now) { return late.lowercased() }
        switch v.status {
        case .done, .skipped: return v.status.rawValue + " " + (v.record.since?.localClock(relativeTo: now) ?? "")
        case .inapplicable: return "n/a"
        case .blocked: return "blocked"
        default: return v.due.map { "due " + $0.localClock(relativeTo: now) } ?? ""
        }
    }

    func renderChecklist(_ g: inout CellGrid, _ engine: Engine, now: Timestamp, top: Int, bottom: Int) {
        let tasks = visibleTasks(now: now)
        let wide = g.width >= 110
        let listWidth = wide ? g.width * 3 / 5 : g.width
        let available = bottom - top
        let listRows = wide ? available : max(3, available * 5 / 9)
        // Rows: a heading per phase, then its tasks.
        var rows: [(heading: String?, task: TaskView?)] = []
        for ph in engine.playbook.phases {
            let inPhase = tasks.filter { $0.def.phase == ph.id }
            guard !inPhase.isEmpty else { continue }
            rows.append((ph.title, nil))
            rows += inPhase.map { (nil, $0) }
        }
        let selectedID = selectedTask(now: now)?.def.id
        let selIndex = rows.firstIndex { $0.task?.def.id == selectedID } ?? 0
        lastListHeight = listRows
        if selIndex < scroll { scroll = max(0, selIndex - 1) }
        if selIndex >= scroll + listRows { scroll = selIndex - listRows + 1 }
        scroll = max(0, min(scroll, max(0, rows.count - listRows)))
        if rows.isEmpty {
            g.put(search.isEmpty && filter == .all ? "No tasks." : "No tasks match (f changes the filter, Esc clears the search).", x: 1, y: top, style: .muted)
        }
        for (i, row) in rows.dropFirst(scroll).prefix(listRows).enumerated() {
            let y = top + i
            if let h = row.heading {
                g.bar("── " + h + " ", y: y, width: listWidth, style: .bold)
                continue
            }
            guard let v = row.task else { continue }
            let selected = v.def.id == selectedID
            var st = CommandPost.style(for: v)
            if selected { st = st.selected }
            g.fill(x: 0, y: y, width: listWidth, height: 1, style: selected ? Style.selection : .normal)
            // Fixed columns for role and due, so titles line up however late a task is.
            let due = dueText(v, now: now)
            let dueW = 19, roleW = 9
            let role = TextWidth.truncate(v.def.role, roleW)
            let right = role + String(repeating: " ", count: max(1, roleW + 1 - TextWidth.of(role)))
                + String(repeating: " ", count: max(0, dueW - TextWidth.of(due))) + due
            let rightW = min(TextWidth.of(right), listWidth / 2)
            var x = g.put((selected ? "▸" : " ") + CommandPost.glyph(v.status) + (v.def.critical ? "!" : " "), x: 0, y: y, style: st)
            let titleRoom = listWidth - x - rightW - 2
            x = g.put(TextWidth.truncate(v.def.title + (v.round > 1 ? " (round \(v.round))" : ""), titleRoom), x: x, y: y, style: st)
            g.put(TextWidth.truncate(right, rightW), x: listWidth - rightW - 1, y: y, style: st)
        }
        let position = rows.count > listRows ? "rows \(scroll + 1)–\(min(rows.count, scroll + listRows)) of \(rows.count)" : nil
        // Detail pane: beside the list when wide, else under it.
        let (dx, dy, dw, dh) = wide ? (listWidth + 1, top, g.width - listWidth - 1, available) : (0, top + listRows, g.width, available - listRows)
        if wide { for y in top..<bottom { g.put("│", x: listWidth, y: y, style: .muted) } }
        renderDetail(&g, engine, now: now, x: dx, y: dy, width: dw, height: dh)
        if let position {
            let px = wide ? listWidth - TextWidth.of(position) - 3 : g.width - TextWidth.of(position) - 3
            if wide {
                g.put(" \(position) ", x: px, y: bottom - 1, style: .muted)
            } else {
                g.put(" \(position) ", x: px, y: dy, style: .muted)
            }
        }
    }

    func renderDetail(_ g: inout CellGrid, _ engine: Engine, now: Timestamp, x: Int, y: Int, width: Int, height: Int) {
        guard height > 0, width > 4 else { return }
        guard let v = selectedTask(now: now) else { return }
        var lines: [(String, Style)] = []
        // Every line wraps: a cut reason, note or answer can lose exactly the part that matters.
        func add(_ text: String, _ style: Style) {
            for l in TextWidth.wrap(text, width - 1) { lines.append((l, style)) }
        }
        let roleTitle = engine.playbook.role(v.def.role)?.title ?? v.def.role
        let holder = engine.holder(of: v.def.role).map { " — \($0)" } ?? " — unassigned"
        add((v.def.critical ? "CRITICAL · " : "") + v.def.title, .bold)
        var status = "\(CommandPost.glyph(v.status)) \(v.status.rawValue.uppercased())"
        if let late = StatusText.overdue(v, now: now), let due = v.due { status += " · \(late) (due \(due.localClock(relativeTo: now)))" }
        else if let due = v.due, !v.status.isFinished { status += " · due \(due.localClock(relativeTo: now))" }
        if v.round > 1 { status += " · round \(v.round)" }
        add(status, v.overdue ? .overdue : v.status == .blocked ? .blocked : .normal)
        add("\(v.def.id) · \(roleTitle)\(holder)", .muted)
        if let r = v.record.reason, v.status == .blocked || v.status == .skipped { add("Reason: \(r)", .blocked) }
        // What it waits on, by title: ids mean little at 3 a.m.
        func named(_ w: TaskWait) -> String {
            switch w {
            case .decision(let id): return engine.playbook.decision(id).map { "the decision “\($0.question)”" } ?? w.text
            case .task(let id): return engine.playbook.task(id).map { "“\($0.title)”" } ?? id
            }
        }
        if !v.waits.isEmpty { add("Waiting on: " + v.waits.map(named).joined(separator: ", "), .accent) }
        else if !v.def.after.isEmpty { add("After: " + v.def.after.map { named(.task($0)) }.joined(separator: ", ") + " (finished)", .muted) }
        if let w = v.def.when { add("Only when \(w.decision) = \(w.option) (now: \(engine.state.decisions[w.decision]?.option ?? "not decided"))", .muted) }
        // The playbook's own line breaks are for its file; here a paragraph flows to the width.
        for paragraph in v.def.detail.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n") {
            add(paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "), .normal)
        }
        if !v.def.refs.isEmpty { add("Refs: " + v.def.refs.joined(separator: "; "), .muted) }
        let history = v.record.history.compactMap { engine.state.entry($0) }
        if !history.isEmpty {
            lines.append(("History:", .bold))
            for e in history.suffix(6) {
                var l = "\(e.when.localClock(relativeTo: now)) #\(e.seq) \(e.type.replacingOccurrences(of: "task.", with: "")) by \(e.actor)"
                if let n = e.note { l += " — " + n.replacingOccurrences(of: "\n", with: " ") }
                if !engine.state.counts(e.seq) { l += " [ENTERED IN ERROR]" }
                add(l, engine.state.counts(e.seq) ? .normal : .muted)
            }
        }
        g.fill(x: x, y: y, width: width, height: 1, style: .normal)
        g.put(String(repeating: "─", count: max(0, width)), x: x, y: y, style: .muted)
        g.put(" Detail ", x: x + 2, y: y, style: .muted)
        for (i, (text, st)) in lines.prefix(max(0, height - 1)).enumerated() {
            g.put(TextWidth.truncate(text, width - 1), x: x + 1, y: y + 1 + i, style: st, maxX: x + width)
        }
    }

    func renderLines(_ g: inout CellGrid, _ lines: [(String, Style)], top: Int, bottom: Int, title: String) {
        renderViewTitle(&g, title, y: top)
        for (i, (text, st)) in lines.prefix(bottom - top - 1).enumerated() {
            g.put(TextWidth.truncate(text, g.width - 1), x: 1, y: top + 1 + i, style: st)
        }
    }

    /// The name of a non-checklist view, so nobody mistakes it for the checklist.
    func renderViewTitle(_ g: inout CellGrid, _ title: String, y: Int) {
        g.bar("── \(title) ── (Tab: next view)", y: y, style: .bold)
    }

    func systemLines(_ engine: Engine, now: Timestamp) -> [(String, Style)] {
        var out: [(String, Style)] = [("Affected systems (Enter → Set a system's state)", .bold)]
        if engine.state.systems.isEmpty { out.append(("No system status recorded yet.", .muted)) }
        for s in engine.state.systems {
            let st: Style = s.state == .down ? .overdue : s.state == .degraded ? .blocked : .ok
            out.append(("\(s.state == .up ? "✓" : s.state == .down ? "✖" : "◐") \(s.name): \(s.state.rawValue.uppercased()) since \(s.since.localDateTime) — down or degraded \(PlaybookDuration.spoken(seconds: s.outageSeconds(now: now))) in all", st))
        }
        return out
    }

    func renderTimeline(_ g: inout CellGrid, _ engine: Engine, top bodyTop: Int, bottom: Int) {
        renderViewTitle(&g, "TIMELINE, in the order things happened", y: bodyTop)
        let top = bodyTop + 1
        let entries = chronologicalEntries(engine)
        let rows = bottom - top
        lastListHeight = rows
        let last = timelineScroll ?? (entries.count - 1)
        let start = max(0, last - rows + 1)
        for (i, e) in entries[start..<min(entries.count, start + rows)].enumerated() {
            let corrected = !engine.state.counts(e.seq)
            let text = EntryText.timelineLine(e, playbook: engine.playbook, counts: !corrected)
            let st: Style = corrected ? .muted : (start + i == last && timelineScroll != nil ? .selection : .normal)
            g.put(TextWidth.truncate(text, g.width - 1), x: 0, y: top + i, style: st)
        }
    }

    func renderStrip(_ g: inout CellGrid, _ engine: Engine, top: Int, rows: Int) {
        let recent = engine.state.entries.suffix(rows)
        for (i, e) in recent.enumerated() {
            let text = "#\(e.seq) \(e.time.localHHMM) \(e.actor): \(EntryText.line(e, playbook: engine.playbook))"
            g.bar(text, y: top + i, style: .muted)
        }
    }

    func renderHints(_ g: inout CellGrid, y: Int) {
        g.fill(x: 0, y: y, width: g.width, height: 1, style: .reverse)
        var x = 0
        let hints = CommandPost.keyTable(keyMode).hints(self).map { ($0.key, $0.label) }
        // Help and quit always show, at the right; the rest fill from the left as room allows.
        let pinned = hints.filter { $0.0 == "?" || $0.0 == "q" }
        let rest = hints.filter { $0.0 != "?" && $0.0 != "q" }
        let pinnedText = pinned.map { "\($0.0) \($0.1)" }.joined(separator: " ")
        let room = g.width - TextWidth.of(pinnedText) - 1
        for (k, label) in rest {
            let piece = "\(k) \(label) "
            if x + TextWidth.of(piece) > room { break }
            x = g.put(k, x: x, y: y, style: Style(.normal, bold: true, reverse: true))
            x = g.put(" " + label + " ", x: x, y: y, style: .reverse)
        }
        var px = g.width - TextWidth.of(pinnedText) - 1
        for (k, label) in pinned {
            px = g.put(k, x: px, y: y, style: Style(.normal, bold: true, reverse: true))
            px = g.put(" " + label + " ", x: px, y: y, style: .reverse)
        }
    }

    func renderModal(_ g: inout CellGrid) -> (x: Int, y: Int)? {
        switch modal {
        case .none: return nil
        case .help:
            let lines = CommandPost.keyTable(viewKeyMode).helpLines(self) + ["Critical tasks ask first: y/Enter confirms, n/Esc cancels. All is saved as you act."]
            g.drawBox(title: "Help — any key closes", lines: lines.map { ($0, Style.normal) })
            return nil
        case .confirm(let c):
            g.drawBox(title: "Confirm", lines: [(c.question, .bold), ("", .normal), ("y or Enter: yes      n or Esc: no", .normal)])
            return nil
        case .menu(let m):
            let lines = m.items.enumerated().map { i, item -> (String, Style) in
                let key = item.hotkey.map { "\($0)" } ?? " "
                var st: Style = item.enabled ? .normal : .muted
                if i == m.selected { st = .selection }
                return ("\(key)  \(item.label)", st)
            }
            g.drawBox(title: m.title, lines: lines, selected: m.selected)
            return nil
        case .prompt(let p):
            let y0 = g.height - 4
            g.bar(p.title, y: y0, style: .bold)
            g.bar(p.error ?? "", y: y0 + 1, style: p.error == nil ? .normal : .danger)
            g.fill(x: 0, y: y0 + 2, width: g.width, height: 1)
            let (text, col) = p.editor.visible(columns: g.width - 3)
            g.put("> ", x: 0, y: y0 + 2, style: .bold)
            g.put(text, x: 2, y: y0 + 2, style: .underlined)
            return (2 + col, y0 + 2)
        }
    }
}

/// The executive board as lines (the board view and `runbook board`).
public enum BoardText {
    /// The board's lines at `now`, each styled by what it is.
    public static func lines(_ engine: Engine, now: Timestamp, width: Int) -> [(String, Style)] {
        StatusText.lines(engine, now: now).map { l in
            switch l.kind {
            case .overdue: return (l.text, .overdue)
            case .heading: return (l.text, .bold)
            case .warning: return (l.text, .danger)
            case .normal: return (l.text, .normal)
            }
        }
    }
}
