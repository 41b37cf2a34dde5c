import RunbookKit

/// The timeline: in the order things happened, searched, scrolled, each entry readable in full.
extension CommandPostModel {
    /// Brings the timeline up to the journal, in the order things happened: only while the
    /// timeline shows (sorting 100,000 entries costs tens of milliseconds, too much for every
    /// new entry), and by adding the new entries when they come after the last one.
    mutating func deriveTimeline() {
        guard view == .timeline else { return }
        let all = engine.state.entries
        if timeline.count != all.count {
            var done = false
            if timeline.count < all.count, let last = timeline.last {
                let fresh = EntryText.chronological(Array(all[timeline.count...]))
                if let first = fresh.first, (first.when, first.seq) >= (last.when, last.seq) {
                    timeline += fresh
                    done = true
                }
            }
            if !done { timeline = EntryText.chronological(all) }
        }
        if let k = timelineShownKey, k.count == timeline.count, k.search == search { return }
        timelineShownKey = (timeline.count, search)
        let q = search.lowercased()
        timelineShown = q.isEmpty ? timeline : timeline.filter { timelineText($0).lowercased().contains(q) }
        if let s = timelineScroll, s >= timelineShown.count { timelineScroll = timelineShown.isEmpty ? nil : timelineShown.count - 1 }
    }

    /// One timeline row's words: when it happened, who, what, and when it was recorded if later.
    func timelineText(_ e: JournalEntry) -> String {
        // The recording time beside when it happened, before the words that may be cut.
        let recorded = e.isBackDated ? " (recorded \(e.time.localClock(relativeTo: e.when)))" : ""
        // The date only when it is not today (the entry in full always has it).
        var text = "#\(e.seq)\(EntryText.stationMark(e, state: engine.state).map { " (\($0))" } ?? "") \(e.when.localClock(relativeTo: now))\(recorded) \(EntryText.who(e, role: engine.state.facts.role(of: e))): \(EntryWords.line(e, playbook: engine.playbook, state: engine.state))"
        // First, so that a cut line still says it no longer counts; short, so that the entry
        // itself still shows at 80 columns (the entry in full, Enter, says "entered in error").
        if let by = engine.state.corrected[e.seq] { text = "✗ IN ERROR (see #\(by)) " + text }
        // Two stations acted on one thing apart: said first too, for the same reason.
        if engine.state.collisions.contains(where: { $0.seqs.contains(e.seq) }) { text = "⚠ COLLISION " + text }
        return TextWidth.oneLine(text)
    }

    /// The selected timeline entry: the one chosen, else the newest.
    var selectedEntry: JournalEntry? {
        guard !timelineShown.isEmpty else { return nil }
        return timelineShown[min(timelineScroll ?? timelineShown.count - 1, timelineShown.count - 1)]
    }

    /// Moves the timeline selection for a moving key; false for any other action.
    mutating func scrollTimeline(_ action: UIAction) -> Bool {
        let n = timelineShown.count
        guard [.moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom].contains(action) else { return false }
        timelineScroll = action.moved(timelineScroll ?? max(0, n - 1), count: n, page: layout.timelineRows) ?? 0
        return true
    }

    /// Keeps the selected timeline row on screen.
    mutating func followTimeline() {
        let rows = max(1, layout.timelineRows)
        let n = timelineShown.count
        guard let sel = timelineScroll else {
            timelineTop = max(0, n - rows)
            return
        }
        if sel < timelineTop { timelineTop = sel }
        if sel >= timelineTop + rows { timelineTop = sel - rows + 1 }
        timelineTop = max(0, min(timelineTop, max(0, n - rows)))
    }

    /// Enter on the timeline: the selected entry in full.
    mutating func openEntry() {
        guard let e = selectedEntry else { return }
        modal = .entry(EntryReader(seq: e.seq))
    }

    /// `c` on the timeline: mark the selected entry entered in error.
    mutating func correctSelectedEntry() {
        guard view == .timeline, let e = selectedEntry else { return }
        askCorrection(e.seq)
    }

    mutating func handleEntry(_ action: UIAction?, _ r: EntryReader) {
        var r = r
        let page = max(1, height - 8)
        switch action {
        case .moveUp?: r.scroll = max(0, r.scroll - 1)
        case .moveDown?: r.scroll += 1
        case .pageUp?: r.scroll = max(0, r.scroll - page)
        case .pageDown?: r.scroll += page
        case .correctEntry?:
            modal = .none
            askCorrection(r.seq)
            return
        case .cancel?:
            modal = .none
            return
        default: return
        }
        let total = entryLines(r.seq, width: max(20, width - 6)).count
        r.scroll = min(r.scroll, max(0, total - page))
        modal = .entry(r)
    }

    /// An entry in full, wrapped to `width`: what it records, the note with its own line
    /// breaks, when it happened and when it was recorded, who in which role, seq and hash.
    func entryLines(_ seq: Int, width: Int) -> [(String, Style)] {
        guard let e = engine.state.entry(seq) else { return [("There is no entry #\(seq).", .danger)] }
        var out: [(String, Style)] = []
        func add(_ s: String, _ st: Style = .normal) { for l in TextWidth.wrap(s, width) { out.append((l, st)) } }
        if let by = engine.state.corrected[seq] {
            let reason = engine.state.entry(by)?.string("reason").map { ": " + TextWidth.oneLine($0) } ?? ""
            add("✗ ENTERED IN ERROR — marked by #\(by)\(reason). It no longer counts.", .danger)
        }
        add(EntryText.renumbered(EntryWords.describe(e, playbook: engine.playbook), e, state: engine.state), .bold)
        if let task = e.string("task"), e.kind == .note, let t = engine.playbook.task(task) { add("About the task: \(t.title) [\(task)]", .muted) }
        if let n = e.note, !n.isEmpty {
            out.append(("", .normal))
            for l in TextWidth.wrap(n.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"), width) { out.append((l, .normal)) }
        }
        if e.kind == .entryCorrected, let r = e.string("reason") { out.append(("", .normal)); add("Reason: \(r)") }
        out.append(("", .normal))
        let later = e.isBackDated
        add("Happened: \(e.when.localDateTime)\(later ? "" : " (when it was recorded)")")
        if later { add("Recorded: \(e.time.localDateTime) (written up later)") }
        add("By: \(e.person)\(engine.state.facts.role(of: e).map { " acting as \(engine.playbook.role($0)?.title ?? $0)" } ?? "")")
        if e.forPerson != nil { add("Typed by: \(e.actor), on their behalf") }
        if e["paper"] != nil { add("Transcribed from the paper binder\(e.string("paper").map { ": \($0)" } ?? "")") }
        if let d = e.string("deviation") { add("OUT OF ORDER (a deviation): \(d)", .blocked) }
        add("Entry #\(e.seq) · \(e.type)", .muted)
        add("Hash \(e.hash)", .muted)
        add("Prev \(e.prev)", .muted)
        return out
    }
}
