import Foundation
import RunbookKit

/// The executive status board: one renderer for `runbook board` (live), `runbook board --once`
/// (plain text and `--format html`) and the command post's Board tab. Its header band, which
/// never scrolls, answers the executives first (`headerLines`): how long we have been down,
/// who is in charge, what was decided, which systems are out and when they come back, the
/// next hard deadline, how much is overdue and blocked and why. The panels below go into
/// detail: systems, decisions, external clocks, progress, roles, what just happened; the
/// footer says how trustworthy this picture is.
public enum BoardRenderer {
    /// A titled block of lines; panels come in priority order and lower ones give way first.
    public struct Panel: Sendable, Equatable {
        /// Which panel it is: the layout finds a panel by this, never by its title's words.
        public enum Kind: Sendable, Equatable { case systems, decisions, deadlines, progress, roles, lastEntries }
        public var kind: Kind
        public var title: [StyledLine.Span]
        public var lines: [StyledLine]
    }

    /// What the board is drawn with besides the state.
    public struct Options: Sendable {
        /// Why the journal cannot be trusted (damage found while reading), or nil when every
        /// line's hash and the chain checked out.
        public var damage: String?
        /// The T+ clock in block letters, when the screen has room for it.
        public var bigClock: Bool
        /// How many of the latest entries the last panel lists.
        public var lastEntries: Int
        /// What free text typed by people is shown (`BoardFacts.FreeText`): all, no notes, none.
        public var freeText: BoardFacts.FreeText

        public init(damage: String? = nil, bigClock: Bool = true, lastEntries: Int = 8, freeText: BoardFacts.FreeText = .shown) {
            self.damage = damage; self.bigClock = bigClock; self.lastEntries = lastEntries; self.freeText = freeText
        }
    }

    /// Where the board was drawn: what the scroll keys need to know.
    public struct Drawn: Sendable, Equatable {
        /// Rows of the scrolling part on screen.
        public var bodyRows: Int
        /// Rows the scrolling part needs in all.
        public var contentRows: Int
        /// The largest useful scroll offset.
        public var maxScroll: Int { max(0, contentRows - bodyRows) }
    }

    // MARK: - the whole board

    /// Where everything goes on a board in rows `top..<bottom`, `width` columns wide: the
    /// header's rows, the footer, the panels in columns, and so how far the scrolling part can
    /// move. Worked out once a frame: `draw` draws it, and a screen records its `drawn` (what
    /// its scroll keys and hint bar need) without drawing anything.
    struct Plan {
        /// What it was worked out for: a plan is drawn only onto what it fits.
        struct Key: Equatable {
            var entries: Int
            var head: String
            var now: Int64
            var width: Int
            var top: Int
            var bottom: Int
            var damage: String?
            var bigClock: Bool
            var lastEntries: Int
            var freeText: BoardFacts.FreeText

            init(_ engine: Engine, now: Timestamp, width: Int, top: Int, bottom: Int, options: Options) {
                entries = engine.state.entryCount; head = engine.state.head; self.now = now.millis
                self.width = width; self.top = top; self.bottom = bottom
                damage = options.damage; bigClock = options.bigClock; lastEntries = options.lastEntries
                freeText = options.freeText
            }
        }

        var key: Key
        var facts: BoardFacts
        var big: Bool
        /// How many systems out and blocked tasks the header lists before "+N more".
        var cap: Int
        var footer: StyledLine
        var footerTop: Int
        var bodyTop: Int
        var layout: ColumnLayout
        var drawn: Drawn
    }

    static func plan(_ engine: Engine, now: Timestamp, width: Int, top: Int, bottom: Int, options: Options) -> Plan {
        let facts = BoardFacts(engine, now: now, freeText: options.freeText)
        let big = options.bigClock && width >= 100 && bottom - top >= 36
        let cap = listCap(rows: bottom - top)
        let footer = footerLine(engine, now: now, damage: options.damage)
        let footerTop = bottom - footer.wrapped(width).count
        let bodyTop = top + headerRows(engine, facts, width: width, big: big, cap: cap) + 1
        let bodyRows = max(0, footerTop - 1 - bodyTop)
        var ps = panels(engine, facts, options: options)
        var layout = columns(ps, width: width, bodyRows: bodyRows, fixedHeight: true)
        // Room to spare (a wall display): the last entries panel shows as many as fit.
        if let c = layout.columns.firstIndex(where: { $0.last?.kind == .lastEntries }),
           engine.state.entryCount > options.lastEntries {
            let used = layout.columns[c].reduce(0) { $0 + rows($1, width: layout.columnWidth) }
            var n = options.lastEntries
            var best = ps[ps.count - 1]
            let start = rows(best, width: layout.columnWidth)
            while n < min(engine.state.entryCount, 200) {
                let more = lastEntriesPanel(engine, facts, count: n + 1)
                guard used - start + rows(more, width: layout.columnWidth) <= bodyRows else { break }
                best = more
                n += 1
            }
            if n > options.lastEntries {
                ps[ps.count - 1] = best
                layout.columns[c][layout.columns[c].count - 1] = best
            }
        }
        return Plan(key: Plan.Key(engine, now: now, width: width, top: top, bottom: bottom, options: options), facts: facts, big: big, cap: cap, footer: footer, footerTop: footerTop, bodyTop: bodyTop, layout: layout,
                    drawn: Drawn(bodyRows: bodyRows, contentRows: layout.contentRows))
    }

    /// How the board in rows `top..<bottom` of a grid `width` wide scrolls, worked out
    /// without drawing it: what a screen records in its update step.
    public static func measure(_ engine: Engine, now: Timestamp, width: Int, top: Int, bottom: Int, options: Options) -> Drawn {
        plan(engine, now: now, width: width, top: top, bottom: bottom, options: options).drawn
    }

    /// Draws the board into rows `top..<bottom` of `g`, the scrolling part moved up by `scroll`
    /// rows (clamped). Header and footer stay put.
    @discardableResult
    public static func draw(_ engine: Engine, now: Timestamp, into g: inout CellGrid, top: Int, bottom: Int,
                            scroll: Int, options: Options) -> Drawn {
        draw(plan(engine, now: now, width: g.width, top: top, bottom: bottom, options: options), engine, into: &g, scroll: scroll)
    }

    /// Draws the board as `p` (worked out for `engine` and this grid's width) places it.
    @discardableResult
    static func draw(_ p: Plan, _ engine: Engine, into g: inout CellGrid, scroll: Int) -> Drawn {
        let (width, top, bottom) = (g.width, p.key.top, p.key.bottom)
        drawHeader(engine, p.facts, into: &g, x: 0, y: top, width: width, big: p.big, cap: p.cap, clip: top..<bottom)
        g.put(String(repeating: "─", count: width), x: 0, y: p.bodyTop - 1, style: .muted)
        g.put(String(repeating: "─", count: width), x: 0, y: p.footerTop - 1, style: .muted)
        g.draw(p.footer, x: 0, y: p.footerTop, width: width, clip: top..<bottom)
        let s = max(0, min(scroll, p.drawn.maxScroll))
        drawColumns(p.layout, into: &g, top: p.bodyTop - s, clip: p.bodyTop..<(p.bodyTop + p.drawn.bodyRows))
        return p.drawn
    }

    /// How many systems out and blocked tasks the header lists on a screen `rows` high before
    /// "+N more": 3 on a laptop (80x24), so that every answer fits its first screen; more on
    /// a taller screen; all of them on paper (`rows` nil).
    static func listCap(rows: Int?) -> Int {
        guard let rows else { return .max }
        return max(2, rows / 8)
    }

    /// The board as plain text `width` columns wide, every panel in full: for email, the radio
    /// log or a printer (`runbook board --once`). No line is longer than `width`.
    public static func text(_ engine: Engine, now: Timestamp, width: Int, damage: String?, freeText: BoardFacts.FreeText = .shown) -> String {
        let w = max(20, width)
        let facts = BoardFacts(engine, now: now, freeText: freeText)
        let options = Options(damage: damage, bigClock: false, lastEntries: 10, freeText: freeText)
        let ps = panels(engine, facts, options: options)
        let layout = columns(ps, width: w, bodyRows: nil, fixedHeight: false)
        let headerRows = headerLines(engine, facts, cap: listCap(rows: nil)).reduce(0) { $0 + $1.wrapped(w).count } + (engine.state.exercise ? 1 : 0)
        let footer = footerLine(engine, now: now, damage: damage)
        let height = headerRows + 1 + layout.contentRows + 1 + footer.wrapped(w).count
        var g = CellGrid(width: w, height: height)
        draw(engine, now: now, into: &g, top: 0, bottom: height, scroll: 0, options: options)
        return g.text()
    }
}
