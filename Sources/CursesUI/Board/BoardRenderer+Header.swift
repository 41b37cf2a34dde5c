import Foundation
import RunbookKit

/// The board's header band (the block-letter clock, the incident, who is in charge) and its
/// footer, and the small formatters every part of the board uses.
extension BoardRenderer {
    // MARK: - header band

    /// The header band's lines (without the block-letter clock).
    static func headerLines(_ engine: Engine, _ f: BoardFacts) -> [StyledLine] {
        let s = engine.state
        let now = f.now
        let elapsed = s.activated.seconds(until: s.closed ?? now)
        var out: [StyledLine] = []
        out.append(StyledLine([StyledLine.Span(s.name, .bold), StyledLine.Span("  ·  \(nb(Elapsed.text(seconds: elapsed)))", .accent)]))
        var act = "Activated \(longLocal(s.activated))"
        if s.discovered < s.activated { act += " (discovered \(clock(s.discovered, s.activated)))" }
        act += " · period \(s.period) since \(clock(s.periodStarted, now))"
        var actLine = StyledLine(act)
        if let c = s.closed { actLine.spans.append(StyledLine.Span(" · CLOSED \(clock(c, now))", .bold)) }
        out.append(actLine)
        // A computer clock that went back, or ran days ahead, is said as `status` says it: the
        // times on this board may be wrong.
        for w in f.clockWarnings { out.append(StyledLine([StyledLine.Span("WARNING: " + w.words, .overdue)])) }
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
                next.spans.append(StyledLine.Span(nb(StatusText.overdue(by: due.seconds(until: now))), .overdue))
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

    /// The T+ clock as the block letters write it (`Elapsed`): `T+11:05`, `T+3d 02:10`.
    static func bigClockText(_ engine: Engine, _ f: BoardFacts) -> String {
        Elapsed.text(engine.state.closed ?? f.now, from: engine.state.activated)
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
}
