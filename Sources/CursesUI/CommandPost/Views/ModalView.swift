import RunbookKit

/// The dialogs over the screen: help, confirm, menu, prompt, an entry in full.
extension CommandPostModel {
    /// The help screen's lines: the keys of the view under it (only those that act there),
    /// the dialogs' keys, and what the status symbols mean.
    func helpLines(width: Int) -> [(String, Style)] {
        // A long sentence goes on under its key, not off the edge of the box: a key row keeps
        // its key column and only its sentence is wrapped; other text wraps indented.
        helpLines().flatMap { row, st -> [(String, Style)] in
            let line = row.key?.line ?? row.text
            guard TextWidth.of(line) > width else { return [(line, st)] }
            let head = row.key?.head ?? ""
            let indent = row.key == nil ? 4 : TextWidth.of(head)
            let parts = TextWidth.wrap(row.key?.help ?? row.text, max(20, width - (row.key == nil ? 0 : indent)))
            return parts.enumerated().map { i, p in (i == 0 ? head + p : String(repeating: " ", count: indent) + p, st) }
        }
    }

    /// One line of the help screen before wrapping: a key's row, or text.
    struct HelpLine {
        var key: KeyHelp?
        var text: String
    }

    /// The help screen's content: the view's keys as rows, then what the dialogs' keys and the
    /// symbols mean.
    func helpLines() -> [(HelpLine, Style)] {
        var out: [(HelpLine, Style)] = [(HelpLine(key: nil, text: "Keys here (\(viewKeyMode.rawValue))"), .bold)]
        out += CommandPostModel.keyTable(viewKeyMode).helpRows(self).map { (HelpLine(key: $0, text: ""), Style.normal) }
        out += helpProse().map { (HelpLine(key: nil, text: $0.0), $0.1) }
        return out
    }

    /// The help's fixed text: the dialogs' keys and the status symbols.
    func helpProse() -> [(String, Style)] {
        var out: [(String, Style)] = []
        out.append(("", .normal))
        out.append(("In a question: y or Enter yes, n or Esc no. In a prompt: Esc asks", .normal))
        out.append(("before throwing away what you typed; a paste keeps its lines (⏎).", .normal))
        out.append(("Ctrl-Z sets runbook aside (fg brings it back). All is saved as you act.", .normal))
        out.append(("", .normal))
        out.append(("What the symbols mean", .bold))
        let legend: [(TaskStatus, String)] = [
            (.ready, "ready: can be done now"), (.started, "started"), (.done, "done"), (.skipped, "skipped (with its reason)"),
            (.blocked, "blocked (with its reason)"), (.waiting, "waiting on another task or a decision"),
            (.inapplicable, "does not apply (a decision went the other way)"),
        ]
        for (s, words) in legend { out.append(("\(CommandPostModel.glyph(s))   \(words)", .normal)) }
        out.append(("!   critical: asks before it changes", .normal))
        out.append(("▸   the selected task", .normal))
        out.append(("✗   in the timeline: an entry marked entered in error (dimmed)", .normal))
        out.append(("Overdue rows are bold and say “overdue” in their due column.", .normal))
        return out
    }

    func renderModal(_ g: inout CellGrid) -> (x: Int, y: Int)? {
        switch modal {
        case .none: return nil
        case .help(let top):
            let lines = helpLines(width: g.width - 20)
            let rows = max(1, g.height - 6)
            let shown = Array(lines.dropFirst(top).prefix(rows))
            let more = top + rows < lines.count
            let title = "Help" + (lines.count > rows ? " — \(top + 1)–\(min(lines.count, top + rows)) of \(lines.count), ↑↓ scroll" : "") + " — Esc closes"
            g.drawBox(title: title, lines: shown + (more ? [("… more below (↓, PgDn)", Style.muted)] : []))
            return nil
        case .confirm(let c):
            var lines: [(String, Style)] = TextWidth.wrap(c.question, max(20, g.width - 8)).map { ($0, .bold) }
            for (i, d) in c.details.enumerated() {
                lines += TextWidth.wrap(d, max(20, g.width - 8)).map { ($0, i == 0 && c.changedFirst ? Style.danger : Style.normal) }
            }
            lines.append(("", .normal))
            lines += TextWidth.wrap(c.answers ?? "y or Enter: yes      n or Esc: no", max(20, g.width - 8)).map { ($0, Style.normal) }
            g.drawBox(title: "Confirm", lines: lines)
            return nil
        case .menu(let m):
            let lines = m.items.enumerated().map { i, item -> (String, Style) in
                let key = item.hotkey.map { "\($0)" } ?? " "
                var st: Style = item.enabled ? .normal : .muted
                if i == m.selected { st = .selection }
                return ("\(key)  \(item.label)", st)
            }
            // How to choose, and what was typed ahead (a miss says so rather than nothing).
            var hint: [(String, Style)] = m.hint.map { [("", .normal), ($0, .muted)] } ?? []
            if m.typeAhead, !m.typed.isEmpty {
                let found = CommandPostModel.typeAheadMatch(m.typed, in: m.items) != nil
                hint.append(("Typed: “\(m.typed)”" + (found ? "" : " — nothing here matches"), found ? .accent : .danger))
            }
            g.drawBox(title: m.title, lines: lines + hint, selected: m.selected)
            return nil
        case .entry(let r):
            let lines = entryLines(r.seq, width: max(20, g.width - 6))
            let rows = max(1, g.height - 6)
            let shown = Array(lines.dropFirst(r.scroll).prefix(rows))
            let more = lines.count > r.scroll + rows ? " — ↓ more" : ""
            g.drawBox(title: "Entry #\(r.seq)\(more) — Esc back", lines: shown + Array(repeating: ("", Style.normal), count: 0))
            return nil
        case .prompt(let p):
            // The error wraps too (up to 3 lines): its end holds the time, the reason, the key.
            var errorLines = p.error.map { Array(TextWidth.wrap(TextWidth.oneLine($0), g.width - 1).prefix(3)) } ?? [""]
            var errorStyle: Style = p.error == nil ? .normal : .danger
            // A time shows what it resolves to as it is typed, or why it cannot be used.
            if p.error == nil, p.purpose.takesTime {
                let preview = TimePreview.line(p.editor.text, now: now)
                errorLines = preview.text.isEmpty ? [""] : Array(TextWidth.wrap(preview.text, g.width - 1).prefix(3))
                errorStyle = preview.isProblem ? .danger : .accent
            }
            let y0 = g.height - 4 - (errorLines.count - 1)
            // The question wraps upwards rather than losing its end ("…; Esc keeps it open").
            let titleLines = Array(TextWidth.wrap(TextWidth.oneLine(p.title), g.width - 1).prefix(3))
            for (i, l) in titleLines.enumerated() { g.bar(l, y: y0 - titleLines.count + 1 + i, style: .bold) }
            if !p.suggestions.isEmpty {
                let list = "Known: " + p.suggestions.joined(separator: " · ") + "  (Tab takes the first)"
                g.bar(TextWidth.oneLine(list), y: y0 - titleLines.count, style: .accent)
            }
            // A note of several lines is read back above the prompt, as it will be recorded
            // (the one input line shows its breaks only as ⏎): its last lines, up to six.
            if p.editor.multiline, p.editor.text.contains("\n") {
                let rows = p.editor.text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
                    let w = TextWidth.wrap(String(line), g.width - 3)
                    return w.isEmpty ? [""] : w
                }
                let shown = Array(rows.suffix(6))
                let lineCount = p.editor.text.split(separator: "\n", omittingEmptySubsequences: false).count
                let top = y0 - titleLines.count - (p.suggestions.isEmpty ? 0 : 1) - shown.count
                if top >= 1 {
                    let more = rows.count > shown.count ? " — its last \(shown.count) rows" : ""
                    g.bar("Preview: \(lineCount) lines, as it will be recorded\(more):", y: top, style: .accent)
                    for (i, l) in shown.enumerated() { g.bar("  " + l, y: top + 1 + i, style: .normal) }
                }
            }
            for (i, l) in errorLines.enumerated() { g.bar(l, y: y0 + 1 + i, style: errorStyle) }
            let yIn = g.height - 2
            g.fill(x: 0, y: yIn, width: g.width, height: 1)
            let (text, col) = p.editor.visible(columns: g.width - 3)
            g.put("> ", x: 0, y: yIn, style: .bold)
            g.put(text, x: 2, y: yIn, style: .underlined)
            return (2 + col, yIn)
        }
    }
}
