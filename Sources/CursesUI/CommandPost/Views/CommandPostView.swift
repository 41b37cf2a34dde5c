import RunbookKit

/// The command post's frame: header, body by view, recent entries, status line and hint bar.
/// The views only read the model.
public enum CommandPostView {
    /// Draws `model`; where the text cursor goes (in a prompt), or nil to hide it.
    public static func render(_ model: CommandPostModel, into g: inout CellGrid) -> (x: Int, y: Int)? {
        model.render(into: &g)
    }
}

/// Where things go on a screen of a given size: the views draw by it, and the model pages by it.
struct Layout {
    let width: Int
    let height: Int
    let bodyTop = 2
    var messageRow: Int { height - 2 }
    var hintRow: Int { height - 1 }
    var stripRows: Int { height >= 20 ? 2 : (height >= 14 ? 1 : 0) }
    /// Where the body ends (exclusive).
    var bodyBottom: Int { messageRow - stripRows }
    /// Wide enough for the detail pane beside the list.
    var wide: Bool { width >= 110 }
    /// The task list's width: beside the detail pane when wide, which keeps 40 columns or a third.
    var listWidth: Int { wide ? max(width * 3 / 5, width - max(40, width / 3)) : width }
    /// Rows of the checklist (a page); when wide, the last row is kept for "rows 1–30 of 60".
    var listRows: Int { wide ? bodyBottom - bodyTop - 1 : max(3, (bodyBottom - bodyTop) * 5 / 9) }
    /// Rows of the timeline, under its title (a page).
    var timelineRows: Int { bodyBottom - bodyTop - 1 }
}

extension CommandPostModel {
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

    /// The style of a task's row: overdue first, then by status.
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

    /// Draws the whole screen; where the text cursor goes (in a prompt), or nil to hide it.
    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        let now = self.now
        g.fill(x: 0, y: 0, width: g.width, height: g.height)
        guard g.width >= CommandPostModel.minWidth, g.height >= CommandPostModel.minHeight else {
            renderTooSmall(&g)
            return nil
        }
        let engine = self.engine
        renderHeader(&g, engine, now: now)
        let layout = Layout(width: g.width, height: g.height)
        let bodyTop = layout.bodyTop
        let messageRow = layout.messageRow
        let stripRows = layout.stripRows
        let bodyBottom = layout.bodyBottom
        switch view {
        case .checklist: renderChecklist(&g, engine, now: now, top: bodyTop, bottom: bodyBottom)
        case .board: renderBoard(&g, engine, now: now, top: bodyTop, bottom: bodyBottom)
        case .timeline: renderTimeline(&g, engine, top: bodyTop, bottom: bodyBottom)
        case .systems: renderLines(&g, systemLines(engine, now: now), top: bodyTop, bottom: bodyBottom, title: "SYSTEMS")
        }
        // A message too long for its row takes the strip's older row; the newest entry stays.
        var label: String?
        var shown: (text: String, style: Style)?
        if let forWhom {
            // Until it is used or cancelled, first on the line: the next entry is not the typist's own.
            // A role reads as its title ("the Incident Commander"): the engine says who, when it records.
            let whom = engine.playbook.role(forWhom).map { "the \($0.title)" } ?? forWhom
            label = " FOR \(TextWidth.truncate(whom, 32)) "
            let text = message?.text ?? "the next action is recorded on their behalf (typed by \(actor)) · w changes it"
            shown = (" " + text, message?.isError == true ? .danger : .accent)
        } else if let m = message {
            shown = (m.text, m.isError ? .danger : .accent)
        }
        let labelWidth = label.map { TextWidth.of($0) } ?? 0
        let twoRows = stripRows >= 2 && g.width - labelWidth >= 20 && shown.map { TextWidth.of(TextWidth.oneLine($0.text)) > g.width - labelWidth } == true
        if stripRows > 0 { renderStrip(&g, engine, top: bodyBottom, rows: stripRows - (twoRows ? 1 : 0)) }
        if let shown {
            let x = label.map { g.put($0, x: 0, y: messageRow, style: .exercise) } ?? 0
            renderMessage(&g, shown.text, x: x, y: messageRow, style: shown.style, twoRows: twoRows)
        }
        if let offer = undoOffer {
            // At the line's end, over what a long message would have cut there anyway.
            let shown = " " + offer + " "
            g.put(shown, x: max(0, g.width - TextWidth.of(shown)), y: messageRow, style: .exercise)
        }
        renderHints(&g, y: layout.hintRow)
        return renderModal(&g)
    }

    /// The status message on its row from `x`: with `twoRows`, one that does not fit takes the
    /// row above too (the strip then shows only the newest entry), and is cut only after two.
    func renderMessage(_ g: inout CellGrid, _ text: String, x: Int, y: Int, style: Style, twoRows: Bool = true) {
        let room = max(0, g.width - x)
        let one = TextWidth.oneLine(text)
        let lines = TextWidth.wrap(one, room)
        guard twoRows, lines.count > 1, room >= 20, y - 1 > Layout(width: g.width, height: g.height).bodyTop else {
            g.bar(one, x: x, y: y, width: room, style: style)
            return
        }
        g.bar(lines[0], x: x, y: y - 1, width: room, style: style)
        // A label left of the message (FOR …) covers both rows.
        if x > 0 { g.fill(x: 0, y: y - 1, width: x, height: 1, style: g[0, y].style) }
        g.bar(lines.dropFirst().joined(separator: " "), x: x, y: y, width: room, style: style)
    }

    /// What a window below the minimum size shows instead.
    func renderTooSmall(_ g: inout CellGrid) {
        let lines = ["Terminal too small", "(\(g.width)x\(g.height); needs \(CommandPostModel.minWidth)x\(CommandPostModel.minHeight))", "Enlarge the window.", "q quits; all saved."]
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
        let elapsed = Elapsed.text(now, from: s.activated)
        // Who is typing, while the incident's name keeps room for a dozen columns.
        let typing = "typing: \(TextWidth.truncate(actor, 20)) · "
        var right = "\(elapsed) · Period \(s.period) · \(now.localHHMM) · \(integrity) "
        if g.width - x - TextWidth.of(typing + right) - 1 >= 12 { right = typing + right }
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
        // Each piece of work once, as the engine counts it.
        let c = taskCounts
        let (overdue, blocked, ready, done, applicable) = (c.overdue, c.blocked, c.ready, c.done, c.applicable)
        // Done counts what was done; skipped work is said on its own, never as done.
        let skipped = c.skipped > 0 ? " · Skipped \(c.skipped)" : ""
        var counts = ["Overdue \(overdue)", " · Blocked \(blocked)", " · Ready \(ready) · Done \(done)/\(applicable)\(skipped)"]
        // The counts must never be cut (a cut "Done 0/138" reads "Done 0/1"): the phase name
        // gives way first, then the ready count, then the filter and search.
        if counts.reduce(0, { $0 + TextWidth.of($1) }) > g.width { counts[2] = " · Done \(done)/\(applicable)\(skipped)" }
        var tail = ""
        if filter != .all { tail += " · Filter: \(roleFilter.map { "role \($0)" } ?? filter.rawValue)" }
        if !search.isEmpty { tail += " · Search: “\(search)”" }
        if let t = happenedAt { tail += " · NEXT ENTRY AT \(TimePreview.resolved(t, now: now))" }
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

    func renderStrip(_ g: inout CellGrid, _ engine: Engine, top: Int, rows: Int) {
        let recent = engine.state.entries.suffix(rows)
        for (i, e) in recent.enumerated() {
            // When it happened; when it was recorded too, if that was later.
            let recorded = e.isBackDated ? " (rec. \(e.time.localClock(relativeTo: e.when)))" : ""
            let error = engine.state.counts(e.seq) ? "" : "✗ IN ERROR "
            let text = "#\(e.seq)\(EntryText.stationMark(e, state: engine.state).map { " (\($0))" } ?? "") \(error)\(e.when.localClock(relativeTo: now))\(recorded) \(e.person)\(e.forPerson == nil ? "" : " (typed by \(e.actor))"): \(EntryWords.line(e, playbook: engine.playbook, state: engine.state))"
            g.bar(TextWidth.oneLine(text), y: top + i, style: .muted)
        }
    }

    func renderHints(_ g: inout CellGrid, y: Int) {
        g.fill(x: 0, y: y, width: g.width, height: 1, style: .reverse)
        var x = 0
        let hints = CommandPostModel.keyTable(keyMode).hints(self).map { ($0.key, $0.label) }
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

}
