import RunbookKit

/// The start screen's view: the playbooks on offer, the answers so far, the field being typed.
extension StartScreen {
    /// Draws the present step; where the text cursor goes, if anywhere. Reads only.
    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        guard g.clearedForScreen() else { return nil }
        g.bar(" runbook — start an incident", y: 0, style: .header)
        var y = 2
        g.put("No incident is open. Choose the playbook to run (↑↓, Enter):", x: 1, y: y, style: .bold)
        y += 2
        for (i, c) in choices.enumerated() {
            let st: Style = i == selected ? .selection : .normal
            // The id, version and size first: on a narrow screen the long title gives way, not the numbers.
            g.bar((i == selected ? " ▸ " : "   ") + c.id + " · " + c.detail + " — " + c.title, x: 1, y: y, width: g.width - 2, style: st)
            y += 1
        }
        if choices.isEmpty { g.put("No playbooks found. Install runbook with 'make install', or set RUNBOOK_PLAYBOOKS.", x: 3, y: y, style: .danger); y += 1 }
        y += 1
        var cursor: (x: Int, y: Int)?
        func field(_ label: String, _ value: String, active: Bool, editor: LineEditor? = nil) {
            let editor = editor ?? self.editor
            g.put(label, x: 1, y: y, style: .bold)
            if active {
                let (text, col) = editor.visible(columns: g.width - TextWidth.of(label) - 4)
                g.put(text, x: 2 + TextWidth.of(label), y: y, style: .underlined)
                cursor = (2 + TextWidth.of(label) + col, y)
            } else {
                g.put(value, x: 2 + TextWidth.of(label), y: y)
            }
            y += 1
        }
        if step != .playbook { field("Incident name:", name, active: step == .name) }
        let timesShown = step == .activation || step == .confirmTime
        if step == .exercise || timesShown {
            g.put("Is this an exercise (drill)? y = yes, n or Enter = no, a real incident", x: 1, y: y, style: step == .exercise ? .accent : .muted)
            y += 1
            if timesShown { g.put(exercise ? "EXERCISE" : "Real incident", x: 3, y: y, style: exercise ? .exercise : .bold); y += 1 }
        }
        if timesShown {
            // Both fields stay editable; the one being typed in has the cursor.
            let now = Timestamp.now()
            func timeField(_ label: String, _ ed: LineEditor, typing: Bool) {
                if typing && step == .activation { field(label, "", active: true, editor: ed) } else {
                    g.put(label, x: 1, y: y, style: .bold)
                    g.put(ed.text.isEmpty ? "—" : ed.text, x: 2 + TextWidth.of(label), y: y, style: .muted)
                    y += 1
                }
                // What it resolves to, as it is typed (`TimePreview`, as every prompt shows).
                let preview = TimePreview.line(ed.text, now: now)
                // Wrapped, not cut: a refusal's way out is at its end.
                for line in TextWidth.wrap(TextWidth.oneLine(preview.text), g.width - 6).prefix(3) where !preview.text.isEmpty {
                    g.bar("   " + line, x: 1, y: y, width: g.width - 2, style: preview.isProblem ? .danger : .accent)
                    y += 1
                }
            }
            timeField("Activated at (Enter = now; or 14:05, -40m):", editor, typing: !typingDiscovered)
            timeField("First known at (Tab; empty = when activated):", discoveredEditor, typing: typingDiscovered)
        }
        if step == .confirmTime, let farBack { g.bar(farBack, y: g.height - 2, style: .danger) }
        if let error { g.bar(error, y: g.height - 2, style: .danger) }
        let hint = StartScreen.keyTable(step).hints(self).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
        g.bar(" " + hint, y: g.height - 1, style: .reverse)
        return cursor
    }
}

extension CellGrid {
    /// Blanks the grid for a screen of its own (the start screen, the incident picker); false,
    /// with the grid saying to enlarge the window, when it is smaller than the command post needs.
    mutating func clearedForScreen() -> Bool {
        fill(x: 0, y: 0, width: width, height: height)
        guard width >= CommandPostModel.minWidth, height >= CommandPostModel.minHeight else {
            put("Terminal too small — enlarge the window", x: 0, y: 0, style: .bold)
            return false
        }
        return true
    }
}
