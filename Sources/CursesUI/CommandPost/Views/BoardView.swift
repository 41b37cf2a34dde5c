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
        BoardRenderer.draw(engine, now: now, into: &g, top: top + 1, bottom: bottom, scroll: boardScroll, options: boardOptions)
    }

    /// What the Board tab draws the board with besides the state.
    var boardOptions: BoardRenderer.Options { BoardRenderer.Options(damage: damage, bigClock: false, lastEntries: 5) }

    /// Records how the Board tab scrolls at the model's size and time, and keeps its scroll
    /// within that: the update step after every message, so the key table and the hint bar
    /// read it and nothing draws the board to find out.
    mutating func layoutBoard() {
        guard view == .board else { return }
        let l = layout
        let key = BoardTabLayout.Key(entries: engine.state.entryCount, head: engine.state.head, now: now.millis,
                                     width: width, height: height, damage: damage)
        if boardLayout.key != key {
            let drawn = BoardRenderer.measure(engine, now: now, width: width, top: l.bodyTop + 1, bottom: l.bodyBottom, options: boardOptions)
            boardLayout = BoardTabLayout(drawn: drawn, key: key)
        }
        boardScroll = max(0, min(boardScroll, boardLayout.drawn.maxScroll))
    }

    /// Whether the board can scroll further down (or up): only then are the keys offered.
    func boardCanScroll(down: Bool) -> Bool {
        down ? boardScroll < boardLayout.drawn.maxScroll : boardScroll > 0
    }

    /// Scrolls the board for a moving key; false for any other action.
    mutating func scrollBoard(_ action: UIAction) -> Bool {
        let drawn = boardLayout.drawn
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

/// How the Board tab scrolls, as the model's update last worked it out.
struct BoardTabLayout {
    /// What it was worked out for: the same again needs no new look.
    struct Key: Equatable {
        var entries: Int
        var head: String
        var now: Int64
        var width: Int
        var height: Int
        var damage: String?
    }

    var drawn = BoardRenderer.Drawn(bodyRows: 1, contentRows: 0)
    var key: Key?
}
