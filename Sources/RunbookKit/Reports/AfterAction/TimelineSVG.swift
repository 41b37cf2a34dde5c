/// The after-action report's picture: a time axis after activation, the playbook's phases as
/// bands, one swimlane per role with its activity, decision (◆ D1…) and milestone (▲ M1…)
/// markers, and one bar per affected system (solid = down, hatched = degraded). Shapes and
/// labels carry the meaning, so it reads printed in black and white. Its size is bounded
/// whatever the journal's length: activity is drawn as at most one tick per lane and pixel.
enum TimelineSVG {
    static let width = 820.0
    static let gutter = 150.0
    static let laneHeight = 24.0

    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func render(_ m: ReportModel, into w: inout HTMLWriter) {
        let start = m.header.activated.millis
        // An open incident's picture ends at its last entry or system change (`pictureEnd`).
        let end = m.pictureEnd.at
        let span = Double(max(60_000, end.millis - start))
        let plot = width - gutter - 10
        func x(_ t: Timestamp) -> Double { gutter + max(0, min(1, Double(t.millis - start) / span)) * plot }
        let lanes = m.roles.map { ($0.id, $0.title) } + [("", "Others (no role)")]
        let axisY = 20.0, phaseY = 44.0, lanesY = 62.0
        let systemsY = lanesY + Double(lanes.count) * laneHeight + 18
        let height = systemsY + Double(max(1, m.systems.count)) * laneHeight + 10
        w.raw("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" aria-labelledby=\"tl-title\">")
        w.raw("<title id=\"tl-title\">Timeline: roles, phases, decisions, milestones and system outages after activation</title>")
        w.raw("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\"/></pattern></defs>")
        w.raw("<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\"/>")
        // Phase bands, alternately shaded, across every lane.
        for (k, p) in m.phases.enumerated() {
            let a = x(p.plannedFrom), b = x(p.plannedTo ?? end)
            guard b > a else { continue }
            w.raw("<rect x=\"\(f(a))\" y=\"\(f(phaseY))\" width=\"\(f(b - a))\" height=\"\(f(height - phaseY - 4))\" fill=\"\(k % 2 == 0 ? "#eeeeee" : "#fafafa")\" stroke=\"#999\" stroke-width=\"0.5\"/>")
            w.raw("<text x=\"\(f(a + 3))\" y=\"\(f(phaseY + 14))\" class=\"ph\">")
            w.text(clip(p.title, chars: Int((b - a) / 6.5)), stripBidi: true)
            w.raw("</text>")
        }
        // Axis and ticks: hours after activation, or over three days the days themselves.
        w.raw("<line x1=\"\(f(gutter))\" y1=\"\(f(axisY))\" x2=\"\(f(width - 10))\" y2=\"\(f(axisY))\" stroke=\"#000\"/>")
        for t in ticks(m.clock, from: m.header.activated, to: end) {
            let tx = gutter + t.x * plot
            w.raw("<line x1=\"\(f(tx))\" y1=\"\(f(axisY - 4))\" x2=\"\(f(tx))\" y2=\"\(f(height - 4))\" stroke=\"#bbb\" stroke-width=\"0.5\" stroke-dasharray=\"2,3\"/>")
            if !t.label.isEmpty { w.raw("<text x=\"\(f(tx))\" y=\"\(f(axisY - 7))\" class=\"ax\">\(t.label)</text>") }
        }
        w.raw("<text x=\"4\" y=\"\(f(axisY - 7))\" class=\"lb\">\(inDays(from: m.header.activated, to: end) ? "Day (ticks at midnight)" : "Time after activation")</text>")
        // Role lanes with activity ticks (one per pixel at most) and hand-overs.
        var laneOf: [String: Int] = [:]
        for (i, l) in lanes.enumerated() { laneOf[l.0] = i }
        var marks = Set<Int>()
        // Rows read in place: 200,000 rows copied out would each retain and release their texts.
        for k in m.timeline.indices where m.timeline[k].correctedBy == nil && m.timeline[k].type.hasPrefix("task.") {
            let lane = m.timeline[k].role.flatMap { laneOf[$0] } ?? (lanes.count - 1)
            marks.insert(lane * 2000 + Int(x(m.timeline[k].when).rounded()))
        }
        for (i, l) in lanes.enumerated() {
            let y = lanesY + Double(i) * laneHeight
            w.raw("<line x1=\"\(f(gutter))\" y1=\"\(f(y + laneHeight))\" x2=\"\(f(width - 10))\" y2=\"\(f(y + laneHeight))\" stroke=\"#ccc\" stroke-width=\"0.5\"/>")
            w.raw("<text x=\"4\" y=\"\(f(y + 15))\" class=\"lb\">")
            w.text(clip(l.1, chars: 26), stripBidi: true)
            w.raw("</text>")
        }
        for key in marks.sorted() {
            let lane = key / 2000, px = Double(key % 2000)
            let y = lanesY + Double(lane) * laneHeight
            w.raw("<line x1=\"\(f(px))\" y1=\"\(f(y + 5))\" x2=\"\(f(px))\" y2=\"\(f(y + 17))\" stroke=\"#000\" stroke-width=\"1.2\"/>")
        }
        for r in m.roles {
            guard let lane = laneOf[r.id] else { continue }
            let y = lanesY + Double(lane) * laneHeight
            for (k, h) in r.holders.enumerated() where k > 0 {
                let hx = x(h.from)
                w.raw("<rect x=\"\(f(hx - 3))\" y=\"\(f(y + 1))\" width=\"6\" height=\"6\" fill=\"#fff\" stroke=\"#000\"/>")
            }
        }
        // Decision markers in the deciding role's lane; milestone markers on the axis.
        for (k, d) in m.decisions.filter({ $0.when != nil }).enumerated() {
            let lane = d.role.flatMap { laneOf[$0] } ?? (lanes.count - 1)
            let cx = x(d.when!), cy = lanesY + Double(lane) * laneHeight + 11
            w.raw("<path d=\"M\(f(cx)) \(f(cy - 7))L\(f(cx + 7)) \(f(cy))L\(f(cx)) \(f(cy + 7))L\(f(cx - 7)) \(f(cy))Z\" fill=\"#000\"/>")
            w.raw("<text x=\"\(f(cx + 9))\" y=\"\(f(cy + 4))\" class=\"mk\">D\(k + 1)</text>")
        }
        // Milestone labels on two rows; a label that would overlap both rows is left to the table.
        var lastLabel = [-100.0, -100.0]
        let milestoneMarks = m.milestoneMarks
        for (k, ms) in m.milestones.enumerated() {
            guard let t = ms.actual, let label = milestoneMarks[k] else { continue }
            let mx = x(t)
            w.raw("<path d=\"M\(f(mx)) \(f(axisY + 1))L\(f(mx + 5)) \(f(axisY + 9))L\(f(mx - 5)) \(f(axisY + 9))Z\" fill=\"#000\"/>")
            let lw = Double(label.count) * 7 + 2
            let lx = min(mx - 3, width - 4 - lw)   // near the right edge, the label sits to the marker's left
            guard let row = [0, 1].first(where: { lx > lastLabel[$0] }) else { continue }
            lastLabel[row] = lx + lw
            w.raw("<text x=\"\(f(lx))\" y=\"\(f(axisY + 19 + Double(row) * 11))\" class=\"mk\">\(label)</text>")
        }
        // Systems.
        w.raw("<text x=\"4\" y=\"\(f(systemsY - 3))\" class=\"lb\" font-weight=\"bold\">Systems</text>")
        if m.systems.isEmpty {
            w.raw("<text x=\"\(f(gutter))\" y=\"\(f(systemsY + 15))\" class=\"lb\">No affected system recorded</text>")
        }
        for (i, sys) in m.systems.enumerated() {
            let y = systemsY + Double(i) * laneHeight
            w.raw("<text x=\"4\" y=\"\(f(y + 15))\" class=\"lb\">")
            w.text(clip(sys.name, chars: 26), stripBidi: true)
            w.raw("</text>")
            w.raw("<line x1=\"\(f(gutter))\" y1=\"\(f(y + 11))\" x2=\"\(f(width - 10))\" y2=\"\(f(y + 11))\" stroke=\"#888\" stroke-width=\"0.5\"/>")
            for seg in sys.segments where seg.state != .up {
                let a = x(seg.from), b = max(x(seg.to), a + 1.5)
                w.raw("<rect x=\"\(f(a))\" y=\"\(f(y + 4))\" width=\"\(f(b - a))\" height=\"14\" fill=\"\(seg.state == .down ? "#000" : "url(#hatch)")\" stroke=\"#000\" stroke-width=\"0.8\"/>")
            }
            // Each restoration estimate: a hollow triangle pointing at the bar, visible on black too.
            for est in sys.estimates {
                let ex = x(est.eta)
                w.raw("<path d=\"M\(f(ex - 4)) \(f(y - 2))L\(f(ex + 4)) \(f(y - 2))L\(f(ex)) \(f(y + 5))Z\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\"/>")
            }
        }
        w.raw("</svg>\n")
    }

    /// One tick of the axis: where (0 at activation, 1 at the picture's end) and its label.
    struct Tick: Equatable {
        var x: Double
        var label: String
    }

    /// Over three days the axis is in days: ticks at local midnight, labelled with the date.
    static let daysFrom = 3 * 86_400

    /// Whether the axis from `start` to `end` is in days.
    static func inDays(from start: Timestamp, to end: Timestamp) -> Bool { start.seconds(until: end) > daysFrom }

    /// The axis's ticks: `T+0`, `T+6h`… after activation; over three days, local midnights
    /// labelled `Mon 2 Nov`, every day, every second day or every week (on Mondays) or more, so
    /// that at most twelve labels stand, none over another.
    static func ticks(_ clock: ReportClock, from start: Timestamp, to end: Timestamp) -> [Tick] {
        let span = Double(max(60_000, end.millis - start.millis))
        guard inDays(from: start, to: end) else {
            let step = tickStep(seconds: Int(span / 1000))
            return stride(from: 0, through: Int(span / 1000), by: step).map {
                Tick(x: Double($0) * 1000 / span, label: $0 == 0 ? "T+0" : "T+" + axisLabel($0))
            }
        }
        var midnights: [Timestamp] = []
        var t = clock.nextMidnight(after: start)
        while t <= end { midnights.append(t); t = clock.nextMidnight(after: t) }
        let plot = width - gutter - 10
        let widest = midnights.map { labelWidth(clock.day($0)) }.max() ?? 0
        for every in [1, 2, 7, 14, 28, 56, 91, 182, 364, 728, 1820, 3640] {
            // Weekly and longer steps start on a Monday, as a wall calendar's weeks do.
            let first = every >= 7 ? midnights.firstIndex { clock.weekday($0) == 1 } ?? 0 : 0
            let chosen = Swift.stride(from: first, to: midnights.count, by: every).map { midnights[$0] }
            let gap = Double(every) * 86_400_000 / span * plot
            guard chosen.count <= 12, gap >= widest + 6 || chosen.count <= 1 else { continue }
            return chosen.compactMap { d in
                let x = Double(d.millis - start.millis) / span
                let label = clock.day(d)
                // A label that would run past the picture's right edge is left off; its tick stays.
                return Tick(x: x, label: gutter + x * plot + labelWidth(label) / 2 > width ? "" : label)
            }
        }
        return []
    }

    /// About how wide an axis label is drawn (9 px DejaVu Sans: under 5.8 px a character).
    static func labelWidth(_ label: String) -> Double { Double(label.count) * 5.8 }

    /// A tick interval in seconds giving at most about ten ticks.
    static func tickStep(seconds: Int) -> Int {
        for s in [900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800] where seconds / s <= 10 { return s }
        return max(604_800, seconds / 10)
    }

    static func axisLabel(_ seconds: Int) -> String {
        let h = seconds / 3600, m = (seconds % 3600) / 60
        // From 48 hours, days as every elapsed time is written (`Elapsed`): `2d`, `2d 12h`.
        if h >= 48 { return "\(h / 24)d" + (h % 24 == 0 && m == 0 ? "" : " \(h % 24)h" + (m == 0 ? "" : Timestamp.pad(m, 2))) }
        return m == 0 ? "\(h)h" : "\(h)h\(Timestamp.pad(m, 2))"
    }

    /// At most `chars` characters, with an ellipsis when cut.
    static func clip(_ s: String, chars: Int) -> String {
        let n = max(1, chars)
        return s.count <= n ? s : String(s.prefix(max(1, n - 1))) + "…"
    }
}
