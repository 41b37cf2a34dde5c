import Foundation
import RunbookKit

/// The board's header band (the block-letter clock, the incident, who is in charge) and its
/// footer, and the small formatters every part of the board uses.
extension BoardRenderer {
    // MARK: - header band

    /// The header band's lines (without the block-letter clock): the answers an executive
    /// asks for first, one line each, so that all of them are on the first screen of a laptop
    /// (80x24): how long we have been down (since activation and since discovery), who is in
    /// charge, what was decided (diverting or not), which systems are out and when they are
    /// expected back, the next hard deadline and the time left, how many tasks are overdue and
    /// blocked, and each blocked task with its reason. Lists longer than `cap` end in "+N more".
    static func headerLines(_ engine: Engine, _ f: BoardFacts, cap: Int = .max) -> [StyledLine] {
        let s = engine.state
        let now = f.now
        let end = s.closed ?? now
        let elapsed = s.activated.seconds(until: end)
        var out: [StyledLine] = []
        var title = StyledLine([StyledLine.Span(s.name, .bold), StyledLine.Span("  ·  \(nb(Elapsed.text(seconds: elapsed)))", .accent)])
        // Which hospital, for an EOC that watches several (entry 1's `facility`).
        if let facility = s.facility { title.spans.append(StyledLine.Span("  ·  Facility: " + facility)) }
        out.append(title)
        // How long we have been down: from activation (time after activation written its one way,
        // `Elapsed`), and in words from discovery when that came first.
        var down = StyledLine([Span("Down " + nb(Elapsed.text(seconds: elapsed)), .bold), Span(" since activation " + when(s.activated))], indent: 2)
        if s.discovered < s.activated {
            down.spans.append(Span(" · "))
            down.spans.append(Span(dur(s.discovered.seconds(until: end)), .bold))
            down.spans.append(Span(" since discovery " + when(s.discovered)))
        }
        if let c = s.closed { down.spans.append(Span(" · CLOSED \(when(c))", .bold)) }
        out.append(down)
        // A computer clock that went back, or ran days ahead, is said as `status` says it: the
        // times on this board may be wrong.
        for w in f.clockWarnings { out.append(StyledLine([StyledLine.Span("WARNING: " + w.words, .overdue)])) }
        // Several stations' record: each one's part and how fresh it is; a clock that ran ahead
        // is said as a warning, since its entries' times may be wrong.
        if !s.stationsHeld.isEmpty {
            var l = StyledLine([Span("Stations: ")], indent: 2)
            for (k, h) in s.stationsHeld.enumerated() {
                if k > 0 { l.spans.append(Span(" · ")) }
                l.spans.append(Span(nb(h.words(now: now)), h.clockAhead == nil ? .muted : .overdue))
            }
            out.append(l)
        }
        for c in s.collisions { out.append(StyledLine([Span("COLLISION: " + c.words(state: s, playbook: engine.playbook), .overdue)], indent: 2)) }
        if let ic = f.inCharge {
            var l = StyledLine([Span("In charge: ")], indent: 2)
            if let h = ic.holder { l.spans.append(Span(nb(h), .bold)) } else { l.spans.append(Span("NOBODY", .blocked)) }
            l.spans.append(Span(" — \(ic.role.title)\(ic.holder == nil ? " not filled" : "")", ic.holder == nil ? .blocked : .muted))
            l.spans.append(Span(" · " + nb("period \(s.period)"), .muted))
            out.append(l)
        }
        out.append(decidedLine(engine, f))
        out += systemsOutLines(f, cap: cap)
        if let c = s.closed {
            // Nothing is due any more, and no entry is awaited: the picture is the one at the close.
            out.append(StyledLine([Span("Closed at \(when(c)): shown as it stood then", .muted)]))
            return out
        }
        out.append(nextLine(engine, f))
        var counts = StyledLine([], indent: 2)
        counts.spans.append(Span(nb("\(f.mostOverdue.count) OVERDUE"), f.mostOverdue.isEmpty ? .done : .overdue))
        counts.spans.append(Span(" · "))
        counts.spans.append(Span(nb("\(f.blocked.count) BLOCKED"), f.blocked.isEmpty ? .done : .blocked))
        counts.spans.append(Span(" · "))
        let age = f.pictureAge ?? 0
        switch BoardFacts.freshness(f.pictureAge) {
        // Kept whole: a narrow board moves the picture's age to a line of its own, never cuts it.
        case .fresh: counts.spans.append(Span(nb("Picture: last entry \(ago(age))"), .ok))
        case .stale: counts.spans.append(Span(nb("STALE: last entry \(ago(age))"), .blocked))
        case .veryStale: counts.spans.append(Span(nb("STALE: no entry for \(dur(age))"), .danger))
        }
        out.append(counts)
        for v in f.blocked.prefix(cap) { out.append(blockedLine(engine, f, v)) }
        if f.blocked.count > cap { out.append(StyledLine("+\(f.blocked.count - cap) more blocked (PROGRESS below)", .blocked)) }
        return out
    }

    /// "Decided: Divert → DIVERT · Isolate → FULL · 1 open": every answer given (diverting or
    /// not among them), by the decision's short name (`Playbook.Decision.shortName`, as the
    /// report's page one names it), on one line.
    static func decidedLine(_ engine: Engine, _ f: BoardFacts) -> StyledLine {
        var l = StyledLine([Span("Decided: ")], indent: 2)
        if f.made.isEmpty { l.spans.append(Span("nothing yet", .muted)) }
        for (i, m) in f.made.enumerated() {
            if i > 0 { l.spans.append(Span(" · ")) }
            l.spans.append(Span(nb("\(m.decision.shortName) → ") + nb(m.record.option.uppercased()), .accent))
        }
        let open = f.openDue.count + f.openOther.count
        if open > 0 { l.spans.append(Span(" · " + nb("\(open) open"), f.openDue.isEmpty ? .muted : .blocked)) }
        return l
    }

    /// The systems out (down or degraded), one line each with when each is expected back.
    static func systemsOutLines(_ f: BoardFacts, cap: Int) -> [StyledLine] {
        let now = f.now
        let out = f.systems.filter { $0.state != .up }
        if out.isEmpty {
            return [StyledLine(f.systems.isEmpty ? "Systems: none reported down" : "Systems: none out, all \(f.systems.count) reported up", .done)]
        }
        var lines: [StyledLine] = []
        for sys in out.prefix(cap) {
            var l = StyledLine([Span(sys.state == .down ? "✖ " : "◐ ", sys.state == .down ? .overdue : .blocked), Span(sys.name, .bold),
                                Span(" " + sys.state.rawValue + " " + dur(sys.outageSeconds(now: now)))], indent: 2)
            l.spans.append(contentsOf: etaSpans(sys, now: now))
            lines.append(l)
        }
        if out.count > cap { lines.append(StyledLine("+\(out.count - cap) more out (SYSTEMS below)", .overdue)) }
        return lines
    }

    /// " — back Tue 1 Dec 14:00", " — PAST ETA Sun 29 Nov 17:00 (2 h ago)", " — no estimate yet".
    static func etaSpans(_ sys: SystemRecord, now: Timestamp) -> [Span] {
        guard let eta = sys.eta else { return [Span(" — no estimate yet", .muted)] }
        if sys.isPastEstimate(now: now) {
            return [Span(" — "), Span(nb("PAST ETA ") + when(eta), .overdue), Span(" (\(dur(eta.seconds(until: now))) ago)", .overdue)]
        }
        return [Span(" — back "), Span(when(eta), .accent)]
    }

    /// "Next: Notify the insurer — due Mon 30 Nov 08:00 · 13 h left": `BoardFacts.next`.
    static func nextLine(_ engine: Engine, _ f: BoardFacts) -> StyledLine {
        let now = f.now
        var l = StyledLine([Span("Next: ", .bold)], indent: 2)
        guard let next = f.next else {
            l.spans.append(Span("no deadline running, nothing overdue", .done))
            return l
        }
        let v = next.view
        l.spans.append(Span(title(v), .bold))
        if let due = v.due {
            if case .deadline = next { l.spans.append(Span(" — deadline due \(when(due))")) } else { l.spans.append(Span(" — due \(when(due))")) }
            if due < now {
                l.spans.append(Span(" · "))
                let by = due.seconds(until: now)
                if case .deadline = next {
                    l.spans.append(Span(nb("PASSED ") + dur(by) + nb(" ago"), .overdue))
                } else {
                    l.spans.append(Span(nb(StatusText.overdue(by: by)), .overdue))
                }
            } else {
                l.spans.append(Span(" · "))
                l.spans.append(Span(dur(now.seconds(until: due)) + nb(" left"), now.seconds(until: due) < 6 * 3600 ? .blocked : .accent))
            }
        }
        let holder = engine.holder(of: v.def.role)
        l.spans.append(Span(" — \(v.def.role) · ", .muted))
        l.spans.append(Span(holder.map(nb) ?? "role not filled", holder == nil ? .blocked : .muted))
        return l
    }

    /// A blocked task, who blocked it and why (unless free text is hidden), and who holds its
    /// role: "BLOCKED Runners — blocked by Sam Ortiz: no staff · role held by Sam Ortiz".
    static func blockedLine(_ engine: Engine, _ f: BoardFacts, _ v: TaskView, indent: Int = 2) -> StyledLine {
        var l = StyledLine([Span("BLOCKED ", .blocked), Span(title(v), .bold)], indent: indent)
        let reason = f.blockReason(v)
        // The colon kept on the name or the time before it: a wrapped row never starts with it.
        let colon = reason == nil ? "" : ":"
        if let since = v.record.since {
            l.spans.append(Span(" — blocked by " + nb(v.record.by ?? "unknown"), .normal))
            l.spans.append(Span(" " + when(since) + colon, .muted))
        } else {
            l.spans.append(Span(" — blocked by " + nb(v.record.by ?? "unknown") + colon, .normal))
        }
        if let reason { l.spans.append(Span(" " + reason, .blocked)) }
        let holder = engine.holder(of: v.def.role)
        l.spans.append(Span(" · ", .muted))
        l.spans.append(Span(holder.map { "role held by " + nb($0) } ?? "role not filled", holder == nil ? .blocked : .muted))
        return l
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
    static func headerRows(_ engine: Engine, _ f: BoardFacts, width: Int, big: Bool, cap: Int) -> Int {
        let exercise = engine.state.exercise ? 1 : 0
        let lines = headerLines(engine, f, cap: cap)
        guard big else { return exercise + lines.reduce(0) { $0 + $1.wrapped(width).count } }
        let textWidth = width - bigClockTextX(engine, f)
        return exercise + max(BigText.height, lines.reduce(0) { $0 + $1.wrapped(textWidth).count })
    }

    /// Draws the header band; returns its rows.
    @discardableResult
    static func drawHeader(_ engine: Engine, _ f: BoardFacts, into g: inout CellGrid, x: Int, y: Int, width: Int,
                           big: Bool, cap: Int, clip: Range<Int>) -> Int {
        var row = y
        if engine.state.exercise {
            g.bar(" EXERCISE — this is an exercise, not a real incident", y: row, style: .exercise)
            row += 1
        }
        let lines = headerLines(engine, f, cap: cap)
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

    // MARK: - footer

    /// Verification and the head as a witness (`witness #15 d3cb 7726 1b39 ca77`: the entry
    /// count and the hash's start, to read aloud): what ties a photo or printout to the journal,
    /// and what `runbook verify --witness` checks later.
    static func footerLine(_ engine: Engine, now: Timestamp, damage: String?) -> StyledLine {
        let s = engine.state
        var l = StyledLine([])
        if let damage {
            l.spans.append(Span("NOT VERIFIED: \(damage)", .danger))
        } else {
            l.spans.append(Span(nb("✓ chain verified"), .ok))
        }
        // The head as a witness to read aloud or copy (`runbook verify --witness`).
        l.spans.append(Span(" · " + nb(s.witness.line) + " · " + nb("\(now.localWeekdayDateClock) \(zone(now))"), .normal))
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

    /// A moment in the board's one form, that never wraps: "Wed 2 Dec 09:30" (never a bare
    /// weekday, never a bare time: a board is photographed and read days later).
    static func when(_ t: Timestamp) -> String { nb(t.localWeekdayDateClock) }

    /// The same: every date on the board is written by `when`.
    static func clock(_ t: Timestamp, _ now: Timestamp) -> String { when(t) }
}
