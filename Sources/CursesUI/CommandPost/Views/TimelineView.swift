import RunbookKit

/// The timeline view: every entry in the order things happened, the selected one marked.
extension CommandPostModel {
    func renderTimeline(_ g: inout CellGrid, _ engine: Engine, top bodyTop: Int, bottom: Int) {
        let count = timelineShown.count
        var title = search.isEmpty ? "TIMELINE, as it happened" : "TIMELINE — \(count) matching “\(search)”"
        if count > 0 {
            let sel = min(timelineScroll ?? count - 1, count - 1)
            title += " · \(sel + 1) of \(count)"
        }
        renderViewTitle(&g, title, y: bodyTop)
        let top = bodyTop + 1
        let rows = bottom - top
        if count == 0 {
            g.put(search.isEmpty ? "No entries." : "No entry matches “\(search)” (Esc clears the search).", x: 1, y: top, style: .muted)
            return
        }
        let selected = min(timelineScroll ?? count - 1, count - 1)
        let start = min(timelineTop, max(0, count - 1))
        for (i, e) in timelineShown[start..<min(count, start + rows)].enumerated() {
            let corrected = !engine.state.counts(e.seq)
            // Struck through by words and dimming, never by colour alone.
            let text = timelineText(e)
            var st: Style = corrected ? .muted : .normal
            if start + i == selected { st = st.selected; g.fill(x: 0, y: top + i, width: g.width, height: 1, style: st) }
            let shown = TextWidth.truncate(text, g.width - 1)
            g.put(shown, x: 0, y: top + i, style: st)
            g.highlight(search, in: shown, x: 0, y: top + i)
        }
    }
}
