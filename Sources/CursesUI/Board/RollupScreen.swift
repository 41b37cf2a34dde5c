import Foundation
import RunbookKit

/// `runbook board --all`: every incident in the home, one row each (`Rollup`), live and
/// read-only, for a health system's EOC that syncs from each hospital. It looks again every
/// second (journals and `stations/` chains that grew, incidents that appeared), reading only
/// what changed (`RollupCache`). Enter chooses an incident, whose board the command then opens;
/// q or Esc there comes back here, q here quits.
public final class RollupScreen: Screen {
    let store: IncidentStore
    let cache: RollupCache
    let clock: () -> Timestamp
    /// The rows as of the last look, trouble first.
    public private(set) var rows: [Rollup.Row] = []
    /// The incident under the cursor, kept by id so that a row moving up or down (its trouble
    /// changed) does not move the cursor to another incident.
    public private(set) var selectedID: String?
    /// The incident Enter chose, once one is: the command opens its board.
    public private(set) var chosen: String?
    public private(set) var wantsToQuit = false
    /// The time shown, read once a frame in `layout`.
    public private(set) var now: Timestamp
    var width = 80, height = 24
    var lastLook = Date.distantPast

    /// A roll-up of `store`'s incidents; `cache` keeps what was read between looks.
    public init(store: IncidentStore, cache: RollupCache, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.store = store
        self.cache = cache
        self.clock = clock
        now = clock()
        look()
    }

    /// Back from an incident's board: ready to choose again.
    public func resume() {
        chosen = nil
        wantsToQuit = false
        look()
    }

    /// Reads the home again (only what changed).
    func look() {
        now = clock()
        rows = Rollup.rows(store: store, now: now, cache: cache)
        if selectedID == nil || !rows.contains(where: { $0.id == selectedID }) { selectedID = rows.first?.id }
        lastLook = Date()
    }

    var selected: Int { rows.firstIndex { $0.id == selectedID } ?? 0 }

    public func layout(width: Int, height: Int) {
        self.width = width
        self.height = height
        now = clock()
    }

    /// Every ¾ s (the screen loop ticks every ¼ s): a new entry, a synced chain or a new
    /// incident shows within a second.
    public func tick() -> Bool {
        guard Date().timeIntervalSince(lastLook) >= 0.75 else { return false }
        let before = rows
        look()
        return rows != before
    }

    typealias Binding = KeyBinding<RollupScreen>

    /// The roll-up's keys: the one table for its actions and its hint bar.
    static let keyTable = KeyTable<RollupScreen>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "choose", help: "Previous incident"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Next incident"),
        Binding([.pageUp], .pageUp, hint: nil, help: "A page up"),
        Binding([.pageDown, .char(" ")], .pageDown, hint: nil, help: "A page down"),
        Binding([.home, .char("g")], .top, hint: nil, help: "First incident"),
        Binding([.end, .char("G")], .bottom, hint: nil, help: "Last incident"),
        Binding([.enter], .select, hint: "open its board", help: "Open this incident's board"),
        Binding([.char("q"), .ctrl("c")], .quit, hint: "quit", help: "Quit"),
    ])

    public func handle(_ key: Key) {
        guard let action = RollupScreen.keyTable.enabledAction(for: key, self) else { return }
        if let to = action.moved(selected, count: rows.count, page: RollupRenderer.bodyRows(width: width, height: height)) {
            selectedID = rows[to].id
            return
        }
        switch action {
        case .select:
            guard rows.indices.contains(selected) else { return }
            chosen = rows[selected].id
            wantsToQuit = true
        case .quit: wantsToQuit = true
        default: break
        }
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        let hint = RollupScreen.keyTable.hints(self).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
        RollupRenderer.draw(rows, selected: selected, now: now, hint: hint + "  · READ-ONLY", into: &g)
        return nil
    }
}

/// An incident's board opened from the roll-up: the board itself, with Esc leaving it as q
/// does (back to the roll-up), which the board alone does not bind.
public final class RollupBoard: Screen {
    let board: BoardScreen
    public init(_ board: BoardScreen) { self.board = board }
    public func layout(width: Int, height: Int) { board.layout(width: width, height: height) }
    public func render(into grid: inout CellGrid) -> (x: Int, y: Int)? { board.render(into: &grid) }
    public func handle(_ key: Key) { board.handle(key == .escape ? .char("q") : key) }
    public func tick() -> Bool { board.tick() }
    public var wantsToQuit: Bool { board.wantsToQuit }
}

/// Lays the roll-up out: on the screen at any size (columns left out or abbreviated to fit
/// 80 columns; more shown at 120 and 240), and as plain text for `board --all --once`.
public enum RollupRenderer {
    typealias Column = RollupText.Column

    /// One column as laid out: its heading, its width and whether its cells are abbreviated.
    struct Slot {
        var column: Column
        var heading: String
        var width: Int
        var short = false
    }

    /// The columns that fit `width`; the last one (next deadline, or stations on a wide screen)
    /// takes what is left.
    static func slots(width: Int) -> [Slot] {
        var s: [Slot]
        if width >= 200 {
            s = [Slot(column: .facility, heading: "Facility", width: 20), Slot(column: .incident, heading: "Incident", width: 30),
                 Slot(column: .elapsed, heading: "T+", width: 11), Slot(column: .down, heading: "Systems down", width: 28),
                 Slot(column: .diverting, heading: "Diverting", width: 9), Slot(column: .overdue, heading: "Overdue", width: 7),
                 Slot(column: .blocked, heading: "Blocked", width: 7), Slot(column: .lastEntry, heading: "Last entry", width: 14),
                 Slot(column: .next, heading: "Next deadline", width: 44, short: true), Slot(column: .stations, heading: "Stations", width: 0)]
        } else if width >= 110 {
            s = [Slot(column: .facility, heading: "Facility", width: 16), Slot(column: .incident, heading: "Incident", width: 22),
                 Slot(column: .elapsed, heading: "T+", width: 10), Slot(column: .down, heading: "Down", width: 16),
                 Slot(column: .diverting, heading: "Divert", width: 6, short: true), Slot(column: .overdue, heading: "Ovrd", width: 4),
                 Slot(column: .blocked, heading: "Blkd", width: 4), Slot(column: .lastEntry, heading: "Last", width: 5, short: true),
                 Slot(column: .stations, heading: "Stns", width: 4, short: true), Slot(column: .next, heading: "Next deadline", width: 0, short: true)]
        } else {
            s = [Slot(column: .facility, heading: "Facility", width: 11), Slot(column: .incident, heading: "Incident", width: 14),
                 Slot(column: .elapsed, heading: "T+", width: 9), Slot(column: .down, heading: "Dn", width: 2, short: true),
                 Slot(column: .diverting, heading: "Div", width: 3, short: true), Slot(column: .overdue, heading: "Ovd", width: 3),
                 Slot(column: .blocked, heading: "Blk", width: 3), Slot(column: .lastEntry, heading: "Last", width: 4, short: true),
                 Slot(column: .next, heading: "Next deadline", width: 0, short: true)]
        }
        let used = s.dropLast().reduce(0) { $0 + $1.width + 1 }
        s[s.count - 1].width = max(4, width - 1 - used)
        return s
    }

    /// Row `r`'s cell for `slot`, abbreviated when the slot is.
    static func cell(_ r: Rollup.Row, _ slot: Slot, now: Timestamp) -> String {
        guard slot.short, let f = r.facts else { return RollupText.cell(r, slot.column, now: now) }
        switch slot.column {
        case .down: return String(f.systemsDown.count)
        case .diverting: return f.diverting ? "DIV" : "no"
        case .lastEntry: return f.lastEntry.map { age($0.seconds(until: now)) } ?? "—"
        case .stations: return String(r.stations.count)
        case .next:
            guard let n = f.next else { return "—" }
            let s = (f.closed ?? now).seconds(until: n.due)
            // The time first: cut to fit, the title loses its end, never the time left.
            return (s >= 0 ? "in " + age(s) : age(-s) + " late") + " · " + n.title
        default: return RollupText.cell(r, slot.column, now: now)
        }
    }

    /// An age in its largest unit: `now`, `14m`, `3h`, `2d`.
    static func age(_ seconds: Int) -> String {
        seconds < 60 ? "now" : seconds < 3600 ? "\(seconds / 60)m" : seconds < 172_800 ? "\(seconds / 3600)h" : "\(seconds / 86400)d"
    }

    /// How many incidents a screen `width`x`height` lists (two lines each when wide: the
    /// second its stations' freshness).
    static func bodyRows(width: Int, height: Int) -> Int {
        max(1, (height - 4) / (width >= 110 ? 2 : 1))
    }

    /// The screen: heading, column headings, one row per incident (the selected one marked),
    /// the hint bar.
    static func draw(_ rows: [Rollup.Row], selected: Int, now: Timestamp, hint: String, into g: inout CellGrid) {
        g.fill(x: 0, y: 0, width: g.width, height: g.height)
        let open = rows.filter(\.isOpen).count
        g.bar(" runbook — every incident in this home: \(rows.count) (\(open) open) · \(now.localDateTime)", y: 0, style: .header)
        let slots = slots(width: g.width - 2)
        var x = 2
        for s in slots {
            g.put(TextWidth.truncate(s.heading, s.width), x: x, y: 2, style: .bold, maxX: x + s.width)
            x += s.width + 1
        }
        if rows.isEmpty { g.put("No incidents in this home yet.", x: 2, y: 4, style: .muted) }
        let per = g.width >= 110 ? 2 : 1
        let shown = bodyRows(width: g.width, height: g.height)
        let first = min(max(0, selected - shown + 1), max(0, rows.count - shown))
        for (line, i) in (first..<min(rows.count, first + shown)).enumerated() {
            let r = rows[i], y = 3 + line * per
            let chosen = i == selected
            let base: Style = chosen ? .selection : (r.isOpen ? .normal : .muted)
            g.bar(chosen ? "▸" : " ", x: 0, y: y, width: g.width, style: base)
            var x = 2
            for s in slots {
                var style = base
                if !chosen, r.isOpen, let f = r.facts {
                    if s.column == .overdue && f.overdue > 0 || s.column == .diverting && f.diverting { style = .overdue }
                    if s.column == .blocked && f.blocked > 0 { style = .blocked }
                }
                if !chosen, s.column == .incident, r.troubled { style = .danger }
                g.put(TextWidth.truncate(cell(r, s, now: now), s.width), x: x, y: y, style: style, maxX: x + s.width)
                x += s.width + 1
            }
            if per == 2 {
                let detail = RollupText.problem(r).map { "WARNING: " + $0 } ?? r.stations.map { RollupText.freshness($0, now: now) }.joined(separator: " · ")
                g.put(TextWidth.truncate(detail, g.width - 6), x: 6, y: y + 1, style: RollupText.problem(r) != nil ? .overdue : .muted)
            }
        }
        g.bar(" " + hint, y: g.height - 1, style: .reverse)
    }

    /// `board --all --once`: a heading, a table as wide as its cells (nothing cut off), and
    /// under each row its stations' freshness and anything that cannot be trusted. Plain text.
    public static func text(_ rows: [Rollup.Row], now: Timestamp) -> String {
        var out = "runbook — every incident in this home: \(rows.count) · \(now.localDateTime)\n\n"
        if rows.isEmpty { return out + "No incidents in this home." }
        let columns = Column.allCases.filter { $0 != .stations }
        let cells = rows.map { r in columns.map { RollupText.cell(r, $0, now: now) } }
        let widths = columns.indices.map { i in max(TextWidth.of(columns[i].rawValue), cells.map { TextWidth.of($0[i]) }.max() ?? 0) }
        func line(_ cs: [String]) -> String {
            var s = ""
            for (i, c) in cs.enumerated() {
                s += c
                if i < cs.count - 1 { s += String(repeating: " ", count: widths[i] - TextWidth.of(c) + 2) }
            }
            return s
        }
        out += line(columns.map(\.rawValue)) + "\n"
        out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for (r, cs) in zip(rows, cells) {
            out += line(cs) + "\n"
            out += "    " + r.stations.map { RollupText.freshness($0, now: now) }.joined(separator: " · ") + "\n"
            if let p = RollupText.problem(r) { out += "    WARNING: " + p + "\n" }
        }
        return String(out.dropLast())
    }
}
