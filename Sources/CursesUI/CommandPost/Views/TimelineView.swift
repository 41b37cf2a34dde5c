import RunbookKit

/// The timeline view: every entry in the order things happened.
extension CommandPostModel {
    func renderTimeline(_ g: inout CellGrid, _ engine: Engine, top bodyTop: Int, bottom: Int) {
        renderViewTitle(&g, "TIMELINE, in the order things happened", y: bodyTop)
        let top = bodyTop + 1
        let entries = timeline
        let rows = bottom - top
        let last = timelineScroll ?? (entries.count - 1)
        let start = max(0, last - rows + 1)
        for (i, e) in entries[start..<min(entries.count, start + rows)].enumerated() {
            let corrected = !engine.state.counts(e.seq)
            let text = EntryText.timelineLine(e, playbook: engine.playbook, counts: !corrected)
            let st: Style = corrected ? .muted : (start + i == last && timelineScroll != nil ? .selection : .normal)
            g.put(TextWidth.truncate(text, g.width - 1), x: 0, y: top + i, style: st)
        }
    }

}
