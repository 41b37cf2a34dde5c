import RunbookKit

/// The board view: the same executive board `runbook board` shows (one renderer), scrolled
/// with the board's keys.
extension CommandPostModel {
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

    /// Draws the executive board between `top` and `bottom`.
    func renderBoard(_ g: inout CellGrid, _ engine: Engine, now: Timestamp, top: Int, bottom: Int) {
        renderViewTitle(&g, "BOARD, as executives see it (runbook board)", y: top)
        BoardRenderer.draw(engine, now: now, into: &g, top: top + 1, bottom: bottom, scroll: boardScroll,
                           options: BoardRenderer.Options(damage: damage, bigClock: false, lastEntries: 5))
    }

    /// The board's size on this screen: how far it can scroll.
    func boardDrawn() -> BoardRenderer.Drawn {
        let l = layout
        var g = CellGrid(width: width, height: l.bodyBottom)
        return BoardRenderer.draw(engine, now: now, into: &g, top: l.bodyTop + 1, bottom: l.bodyBottom, scroll: 0,
                                  options: BoardRenderer.Options(damage: damage, bigClock: false, lastEntries: 5))
    }

    /// Whether the board can scroll further down (or up): only then are the keys offered.
    func boardCanScroll(down: Bool) -> Bool {
        down ? boardScroll < boardDrawn().maxScroll : boardScroll > 0
    }

    /// Scrolls the board for a moving key; false for any other action.
    mutating func scrollBoard(_ action: UIAction) -> Bool {
        let drawn = boardDrawn()
        let page = max(1, drawn.bodyRows - 1)
        var s = min(boardScroll, drawn.maxScroll)
        switch action {
        case .moveUp: s -= 1
        case .moveDown: s += 1
        case .pageUp: s -= page
        case .pageDown: s += page
        case .top: s = 0
        case .bottom: s = drawn.maxScroll
        default: return false
        }
        boardScroll = max(0, min(drawn.maxScroll, s))
        return true
    }
}
