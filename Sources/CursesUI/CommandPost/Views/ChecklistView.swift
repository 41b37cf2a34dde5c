import RunbookKit

/// The checklist: tasks by phase, and the selected task in detail.
extension CommandPostModel {
    /// The due column: how late, when due, or when finished.
    func dueText(_ v: TaskView, now: Timestamp) -> String {
        if let late = StatusText.overdue(v, now: now) { return late.lowercased() }
        switch v.status {
        case .done, .skipped: return v.status.rawValue + " " + (v.record.since?.localClock(relativeTo: now) ?? "")
        case .inapplicable: return "n/a"
        case .blocked: return "blocked"
        default: return StatusText.dueWords(v, now: now) ?? ""
        }
    }

    /// The widest the checklist's title column grows (a 240-column screen would otherwise put
    /// role and due 150 columns away from the title they belong to).
    static let maxTitleWidth = 72

    /// The task list, then the detail pane (beside it when wide, under it when not).
    func renderChecklist(_ g: inout CellGrid, _ engine: Engine, now: Timestamp, top: Int, bottom: Int) {
        // The same layout the model pages and scrolls by.
        let layout = Layout(width: g.width, height: g.height)
        let wide = layout.wide
        let listWidth = layout.listWidth
        let available = bottom - top
        let listRows = layout.listRows
        let rows = checklistRows
        let selectedID = selectedTask?.id
        if rows.isEmpty {
            g.put(search.isEmpty && filter == .all ? "No tasks." : "Nothing to show: \(filterWords)\(search.isEmpty ? "" : " matching “\(search)”"). Esc shows all tasks.", x: 1, y: top, style: .muted)
        }
        let shownRows = Array(rows.dropFirst(scroll).prefix(listRows))
        // The role and due columns are as wide as what they hold on this page: the title takes
        // the rest, so no title is cut while columns stay blank.
        let shownTasks = shownRows.compactMap { $0.task.map { visibleTasks[$0] } }
        // A due not fixed yet ("due 12 h after finance-insurer-notify") is cut in its own row,
        // never every row's times: the column is as wide as times need; the role gives way first.
        let dueW = min(22, max(0, listWidth / 2 - 2), shownTasks.map { TextWidth.of(dueText($0, now: now)) }.max() ?? 0)
        let roleW = max(0, min(12, listWidth / 2 - dueW - 1, shownTasks.map { TextWidth.of($0.def.role) }.max() ?? 0))
        for (i, row) in shownRows.enumerated() {
            let y = top + i
            if let h = row.heading {
                g.bar("── " + h + " ", y: y, width: listWidth, style: .bold)
                continue
            }
            guard let index = row.task else { continue }
            let v = visibleTasks[index]
            let selected = v.id == selectedID
            var st = CommandPostModel.style(for: v)
            if selected { st = st.selected }
            g.fill(x: 0, y: y, width: listWidth, height: 1, style: selected ? Style.selection : .normal)
            let due = TextWidth.truncate(dueText(v, now: now), dueW)
            let role = TextWidth.truncate(v.def.role, roleW)
            let right = role + String(repeating: " ", count: max(1, roleW + 1 - TextWidth.of(role)))
                + String(repeating: " ", count: max(0, dueW - TextWidth.of(due))) + due
            let rightW = min(TextWidth.of(right), listWidth / 2)
            var x = g.put((selected ? "▸" : " ") + CommandPostModel.glyph(v.status) + (v.def.critical ? "!" : " "), x: 0, y: y, style: st)
            // On a very wide screen the title column stops at `maxTitleWidth` and role and due
            // follow it, rather than sit at the far right where the eye loses the row.
            let titleRoom = min(listWidth - x - rightW - 2, CommandPostModel.maxTitleWidth)
            // An instance sits under its per-system task, named by its system first.
            let named = v.system.map { "↳ \($0) — \(v.def.title)" } ?? v.def.title
            let title = TextWidth.truncate(named + (v.round > 1 ? " (round \(v.round))" : ""), titleRoom)
            let titleX = x
            x = g.put(title, x: x, y: y, style: st)
            g.highlight(search, in: title, x: titleX, y: y)
            g.put(TextWidth.truncate(right, rightW), x: titleX + titleRoom + 1, y: y, style: st)
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

    /// The selected task in full: status, role, what it waits on, detail, history.
    func renderDetail(_ g: inout CellGrid, _ engine: Engine, now: Timestamp, x: Int, y: Int, width: Int, height: Int) {
        guard height > 0, width > 4 else { return }
        guard let v = selectedTask else { return }
        var lines: [(String, Style)] = []
        // Every line wraps: a cut reason, note or answer can lose exactly the part that matters.
        func add(_ text: String, _ style: Style) {
            for l in TextWidth.wrap(text, width - 1) { lines.append((l, style)) }
        }
        let roleTitle = engine.playbook.role(v.def.role)?.title ?? v.def.role
        let holder = engine.holder(of: v.def.role).map { " — \($0)" } ?? " — unassigned"
        add((v.def.critical ? "CRITICAL · " : "") + v.def.title + (v.system.map { " — for \($0)" } ?? ""), .bold)
        var status = "\(CommandPostModel.glyph(v.status)) \(v.status.rawValue.uppercased())"
        if let late = StatusText.overdue(v, now: now), let due = v.due { status += " · \(late) (due \(due.localClock(relativeTo: now)))" }
        else if let due = StatusText.dueWords(v, now: now) { status += " · " + due }
        if v.round > 1 { status += " · round \(v.round)" }
        add(status, v.overdue ? .overdue : v.status == .blocked ? .blocked : .normal)
        add("\(v.id) · \(roleTitle)\(holder)", .muted)
        if let r = v.record.reason, v.status == .blocked || v.status == .skipped { add("Reason: \(r)", .blocked) }
        // What it waits on, by title: ids mean little at 3 a.m.
        func named(_ w: TaskWait) -> String {
            switch w {
            case .decision(let id): return engine.playbook.decision(id).map { "the decision “\($0.question)”" } ?? w.text
            case .task(let id):
                let (task, system) = Engine.splitInstance(id)
                return engine.playbook.task(task).map { "“\($0.title)”" + (system.map { " for \($0)" } ?? "") } ?? id
            case .affectedSystem: return w.text
            }
        }
        if !v.waits.isEmpty { add("Waiting on: " + v.waits.map(named).joined(separator: ", "), .accent) }
        else if !v.def.after.isEmpty {
            // Each prerequisite as it stands: one may be unfinished when this task was started
            // out of order, or blocked.
            let after = v.def.after.map { id -> String in
                guard let p = engine.taskView(id, now: now) else { return named(.task(id)) }
                let since = p.record.since.map { " " + $0.localClock(relativeTo: now) } ?? ""
                return named(.task(id)) + (p.status.isFinished ? " (\(p.status.rawValue)\(since))" : " (NOT finished: \(p.status.rawValue))")
            }
            add("After: " + after.joined(separator: ", "), .muted)
        }
        if v.def.perSystem && v.system == nil {
            add(v.instances.isEmpty ? "Per system: none reported down or degraded yet"
                : "Per system: " + v.instances.map { "\($0.system ?? "") \($0.status.rawValue)" }.joined(separator: " · "), .accent)
        }
        if let w = v.def.when {
            let answers = w.decisions.map { d in
                let answer = engine.state.decisions[d]?.option ?? "not decided"
                return w.decisions.count == 1 ? answer : "\(d) \(answer)"
            }
            add("Only when \(w) (now: \(answers.joined(separator: ", ")))", .muted)
        }
        // The playbook's own line breaks are for its file; here a paragraph flows to the width.
        for paragraph in v.def.detail.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n") {
            add(paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "), .normal)
        }
        if !v.def.refs.isEmpty { add("Refs: " + v.def.refs.joined(separator: "; "), .muted) }
        let history = v.record.history.compactMap { engine.state.entry($0) }
        if !history.isEmpty {
            lines.append(("History:", .bold))
            for e in history.suffix(6) {
                var l = "\(e.when.localClock(relativeTo: now)) #\(e.seq) \(e.type.replacingOccurrences(of: "task.", with: "")) by \(e.person)"
                if e.isBackDated { l += " (recorded \(e.time.localClock(relativeTo: now)))" }
                if let by = engine.state.corrected[e.seq] { l += " [ENTERED IN ERROR, #\(by)]" }
                // A note keeps its own line breaks here.
                if let n = e.note { l += " — " + n.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
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

}
