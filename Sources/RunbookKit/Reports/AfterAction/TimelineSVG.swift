/// The after-action report's picture: a time axis from the first thing that happened (the
/// discovery, a system down before the incident was declared) with T+0 at activation, the
/// playbook's phases as bands, one swimlane per role with its activity, decision (◆ D1…) and
/// milestone (▲ M1…) markers, and one bar per affected system (solid = down, hatched = degraded).
/// Shapes and labels carry the meaning, so it reads printed in black and white. No label is drawn
/// over another (`Labels`): markers too close to label apart share one label ("M1–M3"), a phase
/// name that does not fit its band is shortened to its number with a legend underneath. Its size
/// is bounded whatever the journal's length: activity is drawn as at most one tick per lane and pixel.
enum TimelineSVG {
    static let width = 820.0
    static let gutter = 150.0
    static let laneHeight = 24.0
    static let axisY = 20.0, milestoneY = 39.0, phaseY = 44.0, lanesY = 62.0
    /// The legend's line height, under the systems.
    static let legendLine = 13.0

    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The font size, in pixels, of each class of label (`AfterActionHTML.style`, `svg.timeline`).
    static func fontSize(_ cls: String) -> Double {
        switch cls {
        case "ph", "mk": return 10
        case "ax": return 9
        default: return 10.5
        }
    }

    /// About how wide `text` is drawn in class `cls`, a little over what DejaVu Sans draws
    /// (measured in Chromium): capitals and digits are wider than the rest, bold (`mk`) and
    /// italic (`ph`) wider than roman; the axis labels keep their own measure (`labelWidth`).
    static func textWidth(_ text: String, cls: String) -> Double {
        if cls == "ax" { return labelWidth(text) }
        let (wide, narrow) = cls == "mk" ? (0.82, 0.68) : cls == "ph" ? (0.72, 0.58) : (0.72, 0.53)
        var ems = 0.0
        for c in text.unicodeScalars {
            ems += ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c.value > 0x2000 ? wide : narrow
        }
        return ems * fontSize(cls)
    }

    /// A label's box as drawn.
    struct Box: Equatable {
        var x0, x1, y0, y1: Double
        /// Whether the two boxes come closer than `gap`.
        func overlaps(_ o: Box, gap: Double = 0) -> Bool { x0 < o.x1 + gap && o.x0 < x1 + gap && y0 < o.y1 + gap && o.y0 < y1 + gap }
    }

    /// The box of `text` drawn at (`x`, `y`) in class `cls`: the axis labels centred on `x`
    /// (`text-anchor: middle`), the others starting at it; from the ascent above the baseline
    /// to the descent below it.
    static func box(x: Double, y: Double, text: String, cls: String) -> Box {
        let w = textWidth(text, cls: cls), size = fontSize(cls)
        let x0 = cls == "ax" ? x - w / 2 : x
        return Box(x0: x0, x1: x0 + w, y0: y - 0.8 * size, y1: y + 0.25 * size)
    }

    /// The labels placed so far: the next is drawn only where it comes near none of them.
    struct Labels {
        static let gap = 2.0
        var boxes: [Box] = []
        func free(_ b: Box) -> Bool { !boxes.contains { $0.overlaps(b, gap: Self.gap) } }
        mutating func add(_ b: Box) { boxes.append(b) }
    }

    /// "D1", "D2–D4", "D1, D3": a marker's numbers (ascending), runs of consecutive numbers as one.
    static func markText(_ prefix: String, _ numbers: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for n in numbers.sorted() {
            if let last = runs.last, n == last.1 + 1 { runs[runs.count - 1].1 = n } else { runs.append((n, n)) }
        }
        return runs.map { $0.0 == $0.1 ? "\(prefix)\($0.0)" : "\(prefix)\($0.0)–\(prefix)\($0.1)" }.joined(separator: ", ")
    }

    static func render(_ m: ReportModel, into w: inout HTMLWriter) {
        let zero = m.header.activated
        // From the first thing that happened (`pictureStart`): what came before activation is
        // drawn left of T+0. An open incident's picture ends at its last entry or system change (`pictureEnd`).
        let start = m.pictureStart
        let end = m.pictureEnd.at
        let span = Double(max(60_000, end.millis - start.millis))
        let plot = width - gutter - 10
        func x(_ t: Timestamp) -> Double { gutter + max(0, min(1, Double(t.millis - start.millis) / span)) * plot }
        let lanes = m.roles.map { ($0.id, $0.title) } + [("", "Others (no role)")]
        let systemsY = lanesY + Double(lanes.count) * laneHeight + 18
        let systemsEnd = systemsY + Double(max(1, m.systems.count)) * laneHeight

        // Phase names first: where each goes decides the legend, and so the picture's height.
        // A name that does not fit its band, or would touch another, is shortened to P1, P2…
        // (dropped if even that would touch one) and written out in the legend.
        var phaseLabels = Labels()
        var phaseText: [Int: (x: Double, text: String)] = [:]
        var legendItems: [String] = []
        let phaseTextY = phaseY + 14
        for (k, p) in m.phases.enumerated() {
            let a = x(p.plannedFrom), b = x(p.plannedTo ?? end)
            guard b > a else { continue }
            let full = box(x: a + 3, y: phaseTextY, text: p.title, cls: "ph")
            if full.x1 <= b - 2, phaseLabels.free(full) {
                phaseLabels.add(full)
                phaseText[k] = (a + 3, p.title)
                continue
            }
            let tag = "P\(k + 1)"
            legendItems.append("\(tag) \(p.title)")
            let short = box(x: a + 3, y: phaseTextY, text: tag, cls: "ph")
            if short.x1 <= width - 2, phaseLabels.free(short) {
                phaseLabels.add(short)
                phaseText[k] = (a + 3, tag)
            }
        }
        if !legendItems.isEmpty { legendItems[0] = "Phases: " + legendItems[0] }
        let legend = legendLines(legendItems)
        let height = systemsEnd + 10 + Double(legend.count) * legendLine

        var labels = Labels()
        /// A label of the program's own words, or of user text (`user`), where it touches no other.
        func put(_ text: String, x: Double, y: Double, cls: String, user: Bool = false, attributes: String = "") {
            let b = box(x: x, y: y, text: text, cls: cls)
            guard labels.free(b) else { return }
            labels.add(b)
            w.raw("<text x=\"\(f(x))\" y=\"\(f(y))\" class=\"\(cls)\"\(attributes)>")
            if user { w.text(text, stripBidi: true) } else { w.raw(text) }
            w.raw("</text>")
        }

        w.raw("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" aria-labelledby=\"tl-title\">")
        w.raw("<title id=\"tl-title\">Timeline: roles, phases, decisions, milestones and system outages, from the first event (T+0 at activation)</title>")
        w.raw("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\"/></pattern></defs>")
        w.raw("<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\"/>")
        // Phase bands, alternately shaded, across every lane.
        for (k, p) in m.phases.enumerated() {
            let a = x(p.plannedFrom), b = x(p.plannedTo ?? end)
            guard b > a else { continue }
            w.raw("<rect x=\"\(f(a))\" y=\"\(f(phaseY))\" width=\"\(f(b - a))\" height=\"\(f(systemsEnd + 6 - phaseY))\" fill=\"\(k % 2 == 0 ? "#eeeeee" : "#fafafa")\" stroke=\"#999\" stroke-width=\"0.5\"/>")
        }
        for k in m.phases.indices {
            guard let t = phaseText[k] else { continue }
            put(t.text, x: t.x, y: phaseTextY, cls: "ph", user: true)
        }
        // Axis and ticks: hours after activation (T−1h before it), or over three days the days themselves.
        w.raw("<line x1=\"\(f(gutter))\" y1=\"\(f(axisY))\" x2=\"\(f(width - 10))\" y2=\"\(f(axisY))\" stroke=\"#000\"/>")
        for t in ticks(m.clock, from: start, to: end, zero: zero) {
            let tx = gutter + t.x * plot
            w.raw("<line x1=\"\(f(tx))\" y1=\"\(f(axisY - 4))\" x2=\"\(f(tx))\" y2=\"\(f(systemsEnd + 6))\" stroke=\"#bbb\" stroke-width=\"0.5\" stroke-dasharray=\"2,3\"/>")
            // A label that would run past the picture's right edge is left off; its tick stays.
            if !t.label.isEmpty, box(x: tx, y: axisY - 7, text: t.label, cls: "ax").x1 <= width { put(t.label, x: tx, y: axisY - 7, cls: "ax") }
        }
        // Activation, when something came before it: a solid line, and in days its own label.
        if start < zero {
            let zx = x(zero)
            w.raw("<line x1=\"\(f(zx))\" y1=\"\(f(axisY - 4))\" x2=\"\(f(zx))\" y2=\"\(f(systemsEnd + 6))\" stroke=\"#000\" stroke-width=\"0.8\"/>")
            put("T+0", x: zx, y: axisY - 7, cls: "ax")
        }
        put(inDays(from: start, to: end) ? "Date (midnight ticks)" : "Time after activation", x: 4, y: milestoneY, cls: "lb")
        // Role lanes with activity ticks (one per pixel at most) and hand-overs.
        var laneOf: [String: Int] = [:]
        for (i, l) in lanes.enumerated() { laneOf[l.0] = i }
        var marks = Set<Int>()
        // Rows read in place: 200,000 rows copied out would each retain and release their texts.
        // The role each decision was made in: the deciding person's (whom it was for, else who typed it).
        let decisionSeqs = Set(m.decisions.compactMap(\.seq))
        var decidedIn: [Int: String] = [:]
        for k in m.timeline.indices where m.timeline[k].correctedBy == nil {
            if m.timeline[k].type.hasPrefix("task.") {
                let lane = m.timeline[k].role.flatMap { laneOf[$0] } ?? (lanes.count - 1)
                marks.insert(lane * 2000 + Int(x(m.timeline[k].when).rounded()))
            } else if decisionSeqs.contains(m.timeline[k].seq), let role = m.timeline[k].role {
                decidedIn[m.timeline[k].seq] = role
            }
        }
        for (i, l) in lanes.enumerated() {
            let y = lanesY + Double(i) * laneHeight
            w.raw("<line x1=\"\(f(gutter))\" y1=\"\(f(y + laneHeight))\" x2=\"\(f(width - 10))\" y2=\"\(f(y + laneHeight))\" stroke=\"#ccc\" stroke-width=\"0.5\"/>")
            put(clip(l.1, width: gutter - 8, cls: "lb"), x: 4, y: y + 15, cls: "lb", user: true)
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
        // Decision markers in the lane of the role the deciding person held (no role: Others).
        // Markers too close for a label each share one: "D8–D9", after the last of them.
        var byLane: [Int: [(x: Double, n: Int)]] = [:]
        for (k, d) in m.decisions.filter({ $0.when != nil }).enumerated() {
            guard let when = d.when else { continue }
            let lane = d.seq.flatMap { decidedIn[$0] }.flatMap { laneOf[$0] } ?? (lanes.count - 1)
            let cx = x(when), cy = lanesY + Double(lane) * laneHeight + 11
            w.raw("<path d=\"M\(f(cx)) \(f(cy - 7))L\(f(cx + 7)) \(f(cy))L\(f(cx)) \(f(cy + 7))L\(f(cx - 7)) \(f(cy))Z\" fill=\"#000\"/>")
            byLane[lane, default: []].append((cx, k + 1))
        }
        for lane in byLane.keys.sorted() {
            let cy = lanesY + Double(lane) * laneHeight + 11
            var clusters: [[(x: Double, n: Int)]] = []
            for d in (byLane[lane] ?? []).sorted(by: { ($0.x, $0.n) < ($1.x, $1.n) }) {
                if let c = clusters.last, let last = c.last,
                   d.x - 7 <= last.x + 9 + textWidth(markText("D", c.map(\.n)), cls: "mk") + Labels.gap {
                    clusters[clusters.count - 1].append(d)
                } else {
                    clusters.append([d])
                }
            }
            var leftEdge = gutter
            for c in clusters {
                guard let first = c.first, let last = c.last else { continue }
                let text = markText("D", c.map(\.n)), tw = textWidth(text, cls: "mk")
                // Near the right edge, the label goes before the first marker, if there is room.
                var lx = last.x + 9
                if lx + tw > width - 2 { lx = first.x - 9 - tw }
                if lx >= leftEdge { put(text, x: lx, y: cy + 4, cls: "mk") }
                leftEdge = max(last.x + 9, lx + tw) + Labels.gap
            }
        }
        // Milestone labels on one row under the axis; markers too close for a label each share
        // one, "M1–M3", from the first of them.
        let milestoneMarks = m.milestoneMarks
        var reached: [(x: Double, n: Int)] = []
        for (k, ms) in m.milestones.enumerated() {
            guard let t = ms.actual, milestoneMarks[k] != nil else { continue }
            let mx = x(t)
            w.raw("<path d=\"M\(f(mx)) \(f(axisY + 1))L\(f(mx + 5)) \(f(axisY + 9))L\(f(mx - 5)) \(f(axisY + 9))Z\" fill=\"#000\"/>")
            reached.append((mx, reached.count + 1))
        }
        func milestoneLabel(_ c: ArraySlice<(x: Double, n: Int)>) -> (x: Double, text: String, box: Box) {
            let text = markText("M", c.map(\.n)), tw = textWidth(text, cls: "mk")
            // Near the right edge, the label sits to the marker's left.
            let lx = min((c.first?.x ?? gutter) - 3, width - 4 - tw)
            return (lx, text, box(x: lx, y: milestoneY, text: text, cls: "mk"))
        }
        var groups: [Range<Int>] = []
        for i in reached.indices {
            var g = i..<(i + 1)
            while let prev = groups.last, milestoneLabel(reached[g]).box.overlaps(milestoneLabel(reached[prev]).box, gap: Labels.gap) {
                groups.removeLast()
                g = prev.lowerBound..<g.upperBound
            }
            groups.append(g)
        }
        for g in groups {
            let l = milestoneLabel(reached[g])
            put(l.text, x: l.x, y: milestoneY, cls: "mk")
        }
        // Systems.
        put("Systems", x: 4, y: systemsY - 3, cls: "lb", attributes: " font-weight=\"bold\"")
        if m.systems.isEmpty {
            put("No affected system recorded", x: gutter, y: systemsY + 15, cls: "lb")
        }
        for (i, sys) in m.systems.enumerated() {
            let y = systemsY + Double(i) * laneHeight
            put(clip(sys.name, width: gutter - 8, cls: "lb"), x: 4, y: y + 15, cls: "lb", user: true)
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
        // The legend of the phases shortened to their number.
        for (i, line) in legend.enumerated() {
            put(line, x: 4, y: systemsEnd + 8 + Double(i + 1) * legendLine - 3, cls: "ph", user: true)
        }
        w.raw("</svg>\n")
    }

    /// The legend's `items` in lines as wide as the picture, ` · ` between items; an item wider
    /// than a line is cut to it.
    static func legendLines(_ items: [String]) -> [String] {
        let room = width - 8
        var lines: [String] = []
        var line = ""
        for item in items.map({ clip($0, width: room, cls: "ph") }) {
            let joined = line.isEmpty ? item : line + " · " + item
            if textWidth(joined, cls: "ph") <= room { line = joined } else { lines.append(line); line = item }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `s` cut (with an ellipsis) to what fits `width` pixels in class `cls`.
    static func clip(_ s: String, width: Double, cls: String) -> String {
        guard textWidth(s, cls: cls) > width else { return s }
        var n = s.count
        while n > 1 && textWidth(clip(s, chars: n), cls: cls) > width { n -= 1 }
        return clip(s, chars: n)
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

    /// The axis's ticks from `start` to `end`: `T+0` at `zero` (activation; `start` when not
    /// given), `T+6h`… after it and `T−1h`… before; over three days, local midnights
    /// labelled `Mon 2 Nov`, every day, every second day or every week (on Mondays) or more, so
    /// that at most twelve labels stand, none over another.
    static func ticks(_ clock: ReportClock, from start: Timestamp, to end: Timestamp, zero: Timestamp? = nil) -> [Tick] {
        let span = Double(max(60_000, end.millis - start.millis))
        guard inDays(from: start, to: end) else {
            let step = tickStep(seconds: Int(span / 1000))
            // Whole steps from activation, the first at or after the picture's start.
            let before = max(0, start.seconds(until: zero ?? start))
            return stride(from: -(before / step) * step, through: Int(span / 1000) - before, by: step).map {
                Tick(x: Double(before + $0) * 1000 / span, label: $0 == 0 ? "T+0" : $0 < 0 ? "T−" + axisLabel(-$0) : "T+" + axisLabel($0))
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
