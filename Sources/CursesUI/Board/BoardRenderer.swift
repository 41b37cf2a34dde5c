import Foundation
import RunbookKit

/// The executive status board: one renderer for `runbook board` (live), `runbook board --once`
/// (plain text) and the command post's Board tab. It answers, in this order: how long have we
/// been down; which systems are down and when they come back; what we decided; which external
/// clocks run; what is late or stuck and whose it is; who holds which role; what just
/// happened; and how fresh and how trustworthy this picture is.
public enum BoardRenderer {
    /// A titled block of lines; panels come in priority order and lower ones give way first.
    public struct Panel: Sendable, Equatable {
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

        public init(damage: String? = nil, bigClock: Bool = true, lastEntries: Int = 8) {
            self.damage = damage; self.bigClock = bigClock; self.lastEntries = lastEntries
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

            init(_ engine: Engine, now: Timestamp, width: Int, top: Int, bottom: Int, options: Options) {
                entries = engine.state.entryCount; head = engine.state.head; self.now = now.millis
                self.width = width; self.top = top; self.bottom = bottom
                damage = options.damage; bigClock = options.bigClock; lastEntries = options.lastEntries
            }
        }

        var key: Key
        var facts: BoardFacts
        var big: Bool
        var footer: StyledLine
        var footerTop: Int
        var bodyTop: Int
        var layout: ColumnLayout
        var drawn: Drawn
    }

    static func plan(_ engine: Engine, now: Timestamp, width: Int, top: Int, bottom: Int, options: Options) -> Plan {
        let facts = BoardFacts(engine, now: now)
        let big = options.bigClock && width >= 100 && bottom - top >= 36
        let footer = footerLine(engine, now: now, damage: options.damage)
        let footerTop = bottom - footer.wrapped(width).count
        let bodyTop = top + headerRows(engine, facts, width: width, big: big) + 1
        let bodyRows = max(0, footerTop - 1 - bodyTop)
        var ps = panels(engine, facts, options: options)
        var layout = columns(ps, width: width, bodyRows: bodyRows, fixedHeight: true)
        // Room to spare (a wall display): the last entries panel shows as many as fit.
        if let c = layout.columns.firstIndex(where: { $0.last?.title.first?.text == lastEntriesTitle }),
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
        return Plan(key: Plan.Key(engine, now: now, width: width, top: top, bottom: bottom, options: options), facts: facts, big: big, footer: footer, footerTop: footerTop, bodyTop: bodyTop, layout: layout,
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
        drawHeader(engine, p.facts, into: &g, x: 0, y: top, width: width, big: p.big, clip: top..<bottom)
        g.put(String(repeating: "─", count: width), x: 0, y: p.bodyTop - 1, style: .muted)
        g.put(String(repeating: "─", count: width), x: 0, y: p.footerTop - 1, style: .muted)
        g.draw(p.footer, x: 0, y: p.footerTop, width: width, clip: top..<bottom)
        let s = max(0, min(scroll, p.drawn.maxScroll))
        drawColumns(p.layout, into: &g, top: p.bodyTop - s, clip: p.bodyTop..<(p.bodyTop + p.drawn.bodyRows))
        return p.drawn
    }

    /// The board as plain text `width` columns wide, every panel in full: for email, the radio
    /// log or a printer (`runbook board --once`). No line is longer than `width`.
    public static func text(_ engine: Engine, now: Timestamp, width: Int, damage: String?) -> String {
        let w = max(20, width)
        let facts = BoardFacts(engine, now: now)
        let options = Options(damage: damage, bigClock: false, lastEntries: 10)
        let ps = panels(engine, facts, options: options)
        let layout = columns(ps, width: w, bodyRows: nil, fixedHeight: false)
        let headerRows = headerLines(engine, facts).reduce(0) { $0 + $1.wrapped(w).count } + (engine.state.exercise ? 1 : 0)
        let footer = footerLine(engine, now: now, damage: damage)
        let height = headerRows + 1 + layout.contentRows + 1 + footer.wrapped(w).count
        var g = CellGrid(width: w, height: height)
        draw(engine, now: now, into: &g, top: 0, bottom: height, scroll: 0, options: options)
        return g.text()
    }

    // MARK: - header band

    /// The header band's lines (without the block-letter clock).
    static func headerLines(_ engine: Engine, _ f: BoardFacts) -> [StyledLine] {
        let s = engine.state
        let now = f.now
        let elapsed = s.activated.seconds(until: s.closed ?? now)
        var out: [StyledLine] = []
        out.append(StyledLine([StyledLine.Span(s.name, .bold), StyledLine.Span("  ·  T+ \(dur(elapsed))", .accent)]))
        var act = "Activated \(longLocal(s.activated))"
        if s.discovered < s.activated { act += " (discovered \(clock(s.discovered, s.activated)))" }
        act += " · period \(s.period) since \(clock(s.periodStarted, now))"
        var actLine = StyledLine(act)
        if let c = s.closed { actLine.spans.append(StyledLine.Span(" · CLOSED \(clock(c, now))", .bold)) }
        out.append(actLine)
        var next = StyledLine([])
        if let c = s.closed {
            // Nothing is due any more, and no entry is awaited: the picture is the one at the close.
            next.spans.append(StyledLine.Span("Closed at \(clock(c, now)): shown as it stood then", .muted))
            out.append(next)
            return out
        }
        if let r = f.nextRecurring, let due = r.due {
            next.spans.append(StyledLine.Span("Next: \(r.def.title) due \(clock(due, now)) ", .normal))
            if due < now {
                next.spans.append(StyledLine.Span("— ", .normal))
                next.spans.append(StyledLine.Span(nb("OVERDUE \(PlaybookDuration.spoken(seconds: due.seconds(until: now)))"), .overdue))
            } else {
                next.spans.append(StyledLine.Span("(in \(dur(now.seconds(until: due))))", .normal))
            }
            next.spans.append(StyledLine.Span(" · ", .normal))
        }
        let age = f.pictureAge ?? 0
        switch BoardFacts.freshness(f.pictureAge) {
        // Kept whole: a narrow board moves the picture's age to a line of its own, never cuts it.
        case .fresh: next.spans.append(StyledLine.Span(nb("Picture: last entry \(ago(age))"), .ok))
        case .stale: next.spans.append(StyledLine.Span(nb("STALE: last entry \(ago(age))"), .blocked))
        case .veryStale: next.spans.append(StyledLine.Span(nb("STALE: no entry for \(dur(age))"), .danger))
        }
        out.append(next)
        return out
    }

    static func ago(_ seconds: Int) -> String {
        seconds < 60 ? "just now" : "\(dur(seconds)) ago"
    }

    /// The T+ clock as the block letters write it: `T+11:05`.
    static func bigClockText(_ engine: Engine, _ f: BoardFacts) -> String {
        let elapsed = engine.state.activated.seconds(until: engine.state.closed ?? f.now)
        return "T+" + String(elapsed / 3600) + ":" + (elapsed % 3600 / 60 < 10 ? "0" : "") + String(elapsed % 3600 / 60)
    }

    /// The column the header's lines start at beside the block-letter clock.
    static func bigClockTextX(_ engine: Engine, _ f: BoardFacts) -> Int { BigText.width(bigClockText(engine, f)) + 4 }

    /// The header band's rows at `width`, as `drawHeader` draws it.
    static func headerRows(_ engine: Engine, _ f: BoardFacts, width: Int, big: Bool) -> Int {
        let exercise = engine.state.exercise ? 1 : 0
        let lines = headerLines(engine, f)
        guard big else { return exercise + lines.reduce(0) { $0 + $1.wrapped(width).count } }
        let textWidth = width - bigClockTextX(engine, f)
        return exercise + max(BigText.height, lines.reduce(0) { $0 + $1.wrapped(textWidth).count })
    }

    /// Draws the header band; returns its rows.
    @discardableResult
    static func drawHeader(_ engine: Engine, _ f: BoardFacts, into g: inout CellGrid, x: Int, y: Int, width: Int,
                           big: Bool, clip: Range<Int>) -> Int {
        var row = y
        if engine.state.exercise {
            g.bar(" EXERCISE — this is an exercise, not a real incident", y: row, style: .exercise)
            row += 1
        }
        let lines = headerLines(engine, f)
        if big {
            let rows = BigText.rows(bigClockText(engine, f))
            for (i, r) in rows.enumerated() where clip.contains(row + i) { g.put(r, x: x + 1, y: row + i, style: .accent) }
            let textX = x + bigClockTextX(engine, f)
            var ty = row
            for l in lines { ty += g.draw(l, x: textX, y: ty, width: width - textX, clip: clip) }
            return max(BigText.height, ty - row) + row - y
        }
        for l in lines { row += g.draw(l, x: x, y: row, width: width, clip: clip) }
        return row - y
    }

    /// `Sun 29 Nov 2026 02:10 EST`: the activation, with its time zone (ICS 209 asks for it).
    static func longLocal(_ t: Timestamp) -> String {
        var secs = time_t(t.millis / 1000)
        var tmv = tm()
        localtime_r(&secs, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        let n = strftime(&buf, buf.count, "%a %d %b %Y %H:%M %Z", &tmv)
        let text = String(decoding: buf.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? t.localDateTime : text
    }

    // MARK: - footer

    /// Entry count, verification and the head hash: what ties a photo or printout to the journal.
    static func footerLine(_ engine: Engine, now: Timestamp, damage: String?) -> StyledLine {
        let s = engine.state
        var l = StyledLine([Span(nb("\(s.entryCount) entries") + " · ", .normal)])
        if let damage {
            l.spans.append(Span("NOT VERIFIED: \(damage)", .danger))
        } else {
            l.spans.append(Span(nb("✓ chain verified"), .ok))
        }
        l.spans.append(Span(" · " + nb("head \(s.head.prefix(16))") + " · " + nb("\(now.localDateTime) \(zone(now))"), .normal))
        return l
    }

    /// The local time zone's abbreviation at `t` (`EST`, `CEST`).
    static func zone(_ t: Timestamp) -> String {
        var secs = time_t(t.millis / 1000)
        var tmv = tm()
        localtime_r(&secs, &tmv)
        guard let z = tmv.tm_zone else { return "" }
        return String(cString: z)
    }

    /// `text` with its spaces made unbreakable: a duration, a time or a count stays on one row.
    static func nb(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "\u{00A0}") }

    /// A spoken duration that never wraps: "2 h 5 min".
    static func dur(_ seconds: Int) -> String { nb(PlaybookDuration.spoken(seconds: seconds)) }

    /// A time as an estimate is said, that never wraps: "Tue 14:00".
    static func clock(_ t: Timestamp, _ now: Timestamp) -> String { nb(t.localWeekdayClock(relativeTo: now)) }

    // MARK: - panels

    /// The panels in priority order.
    static func panels(_ engine: Engine, _ f: BoardFacts, options: Options) -> [Panel] {
        [systemsPanel(f), decisionsPanel(engine, f), deadlinesPanel(engine, f), progressPanel(engine, f),
         rolesPanel(engine, f), lastEntriesPanel(engine, f, count: options.lastEntries)]
    }

    typealias Span = StyledLine.Span

    static func systemsPanel(_ f: BoardFacts) -> Panel {
        let now = f.now
        let down = f.systems.filter { $0.state == .down }.count
        let degraded = f.systems.filter { $0.state == .degraded }.count
        let up = f.systems.filter { $0.state == .up }.count
        var heading = [Span("SYSTEMS", .bold)]
        if !f.systems.isEmpty {
            heading.append(Span(" — ", .bold))
            var parts: [Span] = []
            if down > 0 { parts.append(Span(nb("\(down) DOWN"), .overdue)) }
            if degraded > 0 { parts.append(Span(nb("\(degraded) DEGRADED"), .blocked)) }
            if up > 0 { parts.append(Span(nb("\(up) UP"), .done)) }
            for (i, p) in parts.enumerated() { heading.append(p); if i < parts.count - 1 { heading.append(Span(" · ", .bold)) } }
        }
        var lines: [StyledLine] = []
        if f.systems.isEmpty { lines.append(StyledLine("No system has been reported down.", .muted)) }
        for sys in f.systems {
            var l = StyledLine([], indent: 11)
            switch sys.state {
            case .down: l.spans.append(Span("✖ DOWN     ", .overdue))
            case .degraded: l.spans.append(Span("◐ DEGRADED ", .blocked))
            case .up: l.spans.append(Span("✓ UP       ", .done))
            }
            l.spans.append(Span(sys.name, .bold))
            if sys.state == .up {
                l.spans.append(Span(" — back since \(clock(sys.since, now)), was out \(dur(sys.outageSeconds(now: now)))", .muted))
            } else {
                // A system down, then degraded, has been out since before its state began.
                let out = dur(sys.outageSeconds(now: now))
                l.spans.append(Span(sys.outageSecondsBefore > 0
                    ? " — \(sys.state.rawValue) since \(clock(sys.since, now)), out \(out) in all"
                    : " — since \(clock(sys.since, now)), out \(out)", .normal))
                if let eta = sys.eta {
                    let past = sys.isPastEstimate(now: now)
                    l.spans.append(Span(" — ", .normal))
                    l.spans.append(Span(nb((past ? "PAST ETA " : "ETA ") + eta.localWeekdayClock(relativeTo: now)), past ? .overdue : .accent))
                    if past { l.spans.append(Span(" (\(dur(eta.seconds(until: now))) ago)", .overdue)) }
                    let moves = sys.estimateMoves
                    if moves > 0 {
                        let drift = sys.estimateDrift
                        let sign = drift > 0 ? "+" : drift < 0 ? "−" : "±"
                        l.spans.append(Span(" · moved \(nb("\(moves) time\(moves == 1 ? "" : "s")")), \(sign)\(dur(drift)) since first given", past ? .overdue : .accent))
                    }
                } else {
                    l.spans.append(Span(" — no estimate yet", .muted))
                }
            }
            lines.append(l)
        }
        return Panel(title: heading, lines: lines)
    }

    static func decisionsPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        for m in f.made {
            var l = StyledLine([Span("✔ ", .done), Span(m.decision.question + " "), Span("→ \(m.record.option.uppercased())", .accent)], indent: 2)
            l.spans.append(Span(" · \(clock(m.record.when, now)) by \(nb(m.record.by))\(m.role.map { " (\($0))" } ?? "")", .muted))
            lines.append(l)
        }
        // The most urgent open decisions; the rest counted, so the deadlines stay in sight.
        for o in f.openDue.prefix(3) {
            var l = StyledLine([Span("? OPEN ", .blocked), Span(o.decision.question)], indent: 2)
            let tasks = o.dueTasks == 1 ? "1 task waits" : "\(o.dueTasks) tasks wait"
            l.spans.append(Span(" — \(tasks) on it, due since \(o.earliestDue.map { clock($0, now) } ?? "")", .blocked))
            lines.append(l)
        }
        if f.openDue.count > 3 {
            let n = f.openDue.count - 3
            lines.append(StyledLine("… and \(n) more open decision\(n == 1 ? "" : "s") with tasks due: " + f.openDue.dropFirst(3).map(\.decision.question).joined(separator: " · "), .blocked))
        }
        if !f.openOther.isEmpty {
            let n = f.openOther.count
            lines.append(StyledLine("\(n) other decision\(n == 1 ? "" : "s") open, nothing due on \(n == 1 ? "it" : "them") yet.", .muted))
        }
        if lines.isEmpty { lines.append(StyledLine("This playbook has no decisions.", .muted)) }
        return Panel(title: [Span("DECISIONS", .bold), Span(" — \(f.made.count) made, \(f.openDue.count + f.openOther.count) open", .bold)], lines: lines)
    }

    static func deadlinesPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        var passed = 0
        // Whether the clock applies only on an answer not yet given.
        func undecided(_ v: TaskView) -> Bool {
            guard let w = v.def.when, v.record.recorded == nil else { return false }
            return engine.state.decisions[w.decision] == nil
        }
        // Conditional clocks already counting (from discovery) are shown with their condition;
        // those that start only on an answer are named on one line.
        let pending = f.deadlines.filter { undecided($0) && $0.due == nil }
        for v in f.deadlines where !(undecided(v) && v.due == nil) {
            let condition = undecided(v) ? v.def.when.map { " (if \($0.decision) = \($0.option))" } ?? "" : ""
            let who = " — \(v.def.role)\(engine.holder(of: v.def.role).map { " · " + nb($0) } ?? "")" + condition
            if v.status.isFinished {
                let when = v.record.since.map { " \(clock($0, now))" } ?? ""
                lines.append(StyledLine([Span("✓ \(v.status == .done ? "DONE" : "SKIPPED")\(when) ", .done), Span(title(v)), Span(who, .muted)], indent: 2))
            } else if let due = v.due, due < now {
                passed += 1
                lines.append(StyledLine([Span("✖ PASSED ", .overdue), Span(title(v), .bold),
                                         Span(" — was due \(clock(due, now)), \(dur(due.seconds(until: now))) ago", .overdue), Span(who, .muted)], indent: 2))
            } else if let due = v.due {
                let left = now.seconds(until: due)
                lines.append(StyledLine([Span("⏱ ", .accent), Span(title(v), .bold),
                                         Span(" — due \(clock(due, now)) · \(dur(left)) left", left < 6 * 3600 ? .blocked : .accent),
                                         Span(who, .muted)], indent: 2))
            } else {
                let rule = v.def.due.map { " — not started: " + $0.words } ?? " — no due time"
                lines.append(StyledLine([Span("⏱ ", .accent), Span(title(v), .bold), Span(rule, .muted), Span(who, .muted)], indent: 2))
            }
        }
        if !pending.isEmpty {
            let names = pending.map { v in "\(title(v)) (if \(v.def.when.map { "\($0.decision) = \($0.option)" } ?? ""))" }
            lines.append(StyledLine("Start only on a decision: " + names.joined(separator: " · "), .muted))
        }
        if lines.isEmpty { lines.append(StyledLine("No external deadline (insurer, regulator) is tracked in this playbook.", .muted)) }
        var heading = [Span("DEADLINES", .bold)]
        if passed > 0 { heading.append(Span(" — \(passed) PASSED", .overdue)) }
        return Panel(title: heading, lines: lines)
    }

    static func progressPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        let numberWidth = (f.phases + f.roles).map { "\($0.finished)/\($0.applicable)".count }.max() ?? 5
        // Bar and numbers first, so they line up whatever the names' lengths.
        func row(_ p: BoardFacts.Progress, role: Bool) -> StyledLine {
            let barWidth = 10
            let filled = p.applicable == 0 ? 0 : (p.finished * barWidth + p.applicable / 2) / p.applicable
            var l = StyledLine([Span(String(repeating: "█", count: filled), .done),
                                Span(String(repeating: "░", count: barWidth - filled) + " ", .muted)], indent: barWidth + numberWidth + 3)
            let numbers = "\(p.finished)/\(p.applicable)"
            l.spans.append(Span(String(repeating: " ", count: numberWidth - numbers.count) + numbers + "  ", p.finished == p.applicable ? .done : .bold))
            l.spans.append(Span(p.title))
            if role { l.spans.append(Span(" · " + nb(p.holder ?? "UNFILLED"), p.holder == nil ? .blocked : .muted)) }
            if p.overdue > 0 { l.spans.append(Span(" · " + nb("\(p.overdue) OVERDUE"), .overdue)) }
            if p.blocked > 0 { l.spans.append(Span(" · " + nb("\(p.blocked) BLOCKED"), .blocked)) }
            return l
        }
        lines.append(StyledLine("By phase (done / applicable):", .underlined))
        lines += f.phases.map { row($0, role: false) }
        lines.append(StyledLine("By role:", .underlined))
        lines += f.roles.map { row($0, role: true) }
        if f.mostOverdue.isEmpty && f.blocked.isEmpty {
            lines.append(StyledLine("✓ Nothing overdue, nothing blocked.", .done))
        }
        if !f.mostOverdue.isEmpty {
            lines.append(StyledLine("Most overdue (\(f.mostOverdue.count) in all):", .underlined))
            for v in f.mostOverdue.prefix(5) {
                let late = dur((v.due ?? now).seconds(until: now))
                let holder = engine.holder(of: v.def.role)
                lines.append(StyledLine([Span(nb("OVERDUE \(late)") + " ", .overdue), Span(title(v)),
                                         Span(" — \(v.def.role) · ", .muted), Span(holder.map(nb) ?? "nobody holds this role", holder == nil ? .blocked : .bold)], indent: 2))
            }
            if f.mostOverdue.count > 5 { lines.append(StyledLine("… and \(f.mostOverdue.count - 5) more overdue", .overdue)) }
        }
        if !f.blocked.isEmpty {
            lines.append(StyledLine("Blocked (\(f.blocked.count)):", .underlined))
            for v in f.blocked {
                var l = StyledLine([Span("BLOCKED ", .blocked), Span(title(v)), Span(" — \(v.def.role)", .muted)], indent: 2)
                if let by = v.record.by { l.spans.append(Span(" · " + nb(by), .muted)) }
                if let since = v.record.since { l.spans.append(Span(" since \(clock(since, now))", .muted)) }
                l.spans.append(Span(": " + oneLine(v.record.reason ?? "no reason given"), .blocked))
                lines.append(l)
            }
        }
        return Panel(title: [Span("PROGRESS", .bold), Span(" — \(f.mostOverdue.count) overdue · \(f.blocked.count) blocked", f.mostOverdue.isEmpty ? .bold : .overdue)], lines: lines)
    }

    static func rolesPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let s = engine.state
        let now = f.now
        let pb = engine.playbook
        var lines: [StyledLine] = []
        let filled = pb.roles.filter { s.roles[$0.id] != nil }.count
        for r in pb.roles {
            if let h = s.roles[r.id] {
                var l = StyledLine([Span("\(r.title): "), Span(nb(h.person), .bold), Span(" since \(clock(h.since, now))", .muted)], indent: 4)
                if let prev = h.previous.last { l.spans.append(Span(", took over from " + nb(prev.person), .muted)) }
                lines.append(l)
            } else {
                lines.append(StyledLine([Span("⚠ UNFILLED ", .blocked), Span(r.title)], indent: 4))
            }
        }
        var heading = [Span("ROLES", .bold), Span(" — \(filled) of \(pb.roles.count) filled", .bold)]
        if filled < pb.roles.count { heading.append(Span(" · \(pb.roles.count - filled) UNFILLED", .blocked)) }
        return Panel(title: heading, lines: lines)
    }

    /// A task's title, with the system for one instance of a per-system task ("Restore — EHR").
    static func title(_ v: TaskView) -> String {
        v.system.map { "\(v.def.title) — \(nb($0))" } ?? v.def.title
    }

    static let lastEntriesTitle = "LAST ENTRIES"

    static func lastEntriesPanel(_ engine: Engine, _ f: BoardFacts, count: Int) -> Panel {
        let s = engine.state
        var lines: [StyledLine] = []
        for e in s.entries.suffix(count).reversed() {
            var l = StyledLine([Span("\(clock(e.time, f.now)) ", .muted), Span("#\(e.seq) " + nb(EntryText.who(e)) + ": ", .muted),
                                Span(EntryText.line(e, playbook: engine.playbook))], indent: 4)
            if e.isBackDated { l.spans.append(Span(" (happened \(clock(e.when, f.now)))", .muted)) }
            if let by = s.corrected[e.seq] { l.spans.append(Span(" [corrected by #\(by)]", .muted)) }
            lines.append(l)
        }
        return Panel(title: [Span(lastEntriesTitle, .bold), Span(" — newest first", .muted)], lines: lines)
    }

    static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
    }

    // MARK: - columns

    /// Panels placed in columns: which panels in each, and the rows the tallest takes.
    struct ColumnLayout {
        var width: Int
        var columnWidth: Int
        var gap: Int
        var columns: [[Panel]]
        var contentRows: Int
    }

    /// Rows a panel takes at `width`: its title, its wrapped lines, one blank row after.
    static func rows(_ p: Panel, width: Int) -> Int {
        StyledLine(p.title).wrapped(width).count + p.lines.reduce(0) { $0 + $1.wrapped(width).count } + 1
    }

    /// Side by side when wide (two columns from 120, three from 200), one column when narrow.
    /// The columns are balanced; with a fixed height no taller than the screen, so what does
    /// not fit is the lower panels, reached by scrolling (they give way first).
    static func columns(_ ps: [Panel], width: Int, bodyRows: Int?, fixedHeight: Bool) -> ColumnLayout {
        let count = width >= 200 ? 3 : width >= 120 ? 2 : 1
        let gap = 3
        let cw = (width - gap * (count - 1)) / count
        let heights = ps.map { rows($0, width: cw) }
        // Each panel, in priority order, goes into the first column with room for it whole (a
        // short lower panel may fill the space under the higher ones); else into the shortest.
        func flow(_ target: Int) -> [[Int]] {
            var cols = [[Int]](repeating: [], count: count)
            var used = [Int](repeating: 0, count: count)
            for (i, h) in heights.enumerated() {
                var c = 0
                if let room = (0..<count).first(where: { (k: Int) -> Bool in used[k] == 0 || used[k] + h <= target }) {
                    c = room
                } else {
                    for k in 0..<count where used[k] < used[c] { c = k }
                }
                cols[c].append(i)
                used[c] += h
            }
            while cols.count > 1 && cols[cols.count - 1].isEmpty { cols.removeLast() }
            return cols
        }
        func tallest(_ cols: [[Int]]) -> Int { cols.map { $0.reduce(0) { $0 + heights[$1] } }.max() ?? 0 }
        var target = heights.max() ?? 0
        let total = heights.reduce(0, +)
        while target < total && tallest(flow(target)) > target { target += 1 }
        if fixedHeight, let bodyRows, target > bodyRows { target = max(bodyRows, 1) }
        let cols = flow(target)
        return ColumnLayout(width: width, columnWidth: cw, gap: gap, columns: cols.map { $0.map { ps[$0] } }, contentRows: tallest(cols))
    }

    static func drawColumns(_ l: ColumnLayout, into g: inout CellGrid, top: Int, clip: Range<Int>) {
        for (c, panels) in l.columns.enumerated() {
            let x = c * (l.columnWidth + l.gap)
            var y = top
            for p in panels {
                y += g.draw(StyledLine(p.title), x: x, y: y, width: l.columnWidth, clip: clip)
                for line in p.lines { y += g.draw(line, x: x, y: y, width: l.columnWidth, clip: clip) }
                y += 1
            }
        }
    }
}
