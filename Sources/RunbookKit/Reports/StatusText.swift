/// The readable summary of `runbook status` and `runbook board --once`.
public enum StatusText {
    /// One line of the summary, with what it is: the board styles it by that, not by its words.
    public struct Line: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case normal, heading, overdue, warning }
        public var text: String
        public var kind: Kind
    }

    /// How late an overdue task is, the one way it is written: "OVERDUE 12 min"; nil if it is not.
    public static func overdue(_ v: TaskView, now: Timestamp) -> String? {
        guard v.overdue, let due = v.due else { return nil }
        return overdue(by: due.seconds(until: now))
    }

    /// "OVERDUE 12 min": how late something is, by `seconds` past its due time.
    public static func overdue(by seconds: Int) -> String { "OVERDUE " + PlaybookDuration.spoken(seconds: seconds) }

    /// When an open task is due, the one way it is written: "due 14:30", or while its clock has
    /// not started, the rule in words ("due 72 h after ic-declare is done"); while its condition
    /// is undecided, after that condition: "if regulator-notification = yes: due Wed 2 Dec 09:30"
    /// (never overdue). nil when it is finished or has no due time.
    public static func dueWords(_ v: TaskView, now: Timestamp) -> String? {
        guard !v.status.isFinished else { return nil }
        let condition = v.conditional.map { "if \($0): " } ?? ""
        if let due = v.due { return condition + "due \(due.localClock(relativeTo: now))" }
        guard let rule = v.def.due, let words = v.def.dueRuleWords, v.round == 1 else { return nil }
        // "due 10 days after serious-harm is decided yes" says its condition already.
        if case .decision(let c) = rule.anchor, c == v.conditional { return words }
        return condition + words
    }

    /// A terminal-friendly summary of the incident at `now`.
    public static func render(_ engine: Engine, now: Timestamp, width: Int = 80, everyTask: Bool = false) -> String {
        lines(engine, now: now, everyTask: everyTask).map(\.text).joined(separator: "\n")
    }

    /// The summary as lines, each with its kind.
    public static func lines(_ engine: Engine, now: Timestamp, everyTask: Bool = false) -> [Line] {
        let s = engine.state
        let pb = engine.playbook
        let views = engine.taskViews(now: now)
        var out: [Line] = []
        func add(_ text: String, _ kind: Line.Kind = .normal) { out.append(Line(text: text, kind: kind)) }
        let banner = s.exercise ? "EXERCISE — " : ""
        // The report's rule (`ReportClock.during`), up to now: each time says EDT or EST when
        // the clocks changed during the incident.
        let clock = ReportClock().during(from: min(s.discovered, s.activated), to: s.closed ?? max(now, s.activated))
        func dt(_ t: Timestamp) -> String { clock.marksZones ? clock.dateTime(t) : t.localDateTime }
        func hm(_ t: Timestamp) -> String { clock.marksZones ? clock.time(t) : t.localHHMM }
        add("\(banner)\(s.name)" + (s.facility.map { " · Facility: \($0)" } ?? ""))
        var line2 = "\(pb.title) \(pb.version) · activated \(dt(s.activated)) · \(Elapsed.text(now, from: s.activated)) · period \(s.period)"
        if let c = s.closed { line2 += " · CLOSED \(dt(c))" }
        add(line2)
        for w in s.clockWarnings { add("WARNING: \(w.words)", .warning) }
        // Counted and listed as what is acted on: a per-system task's instances, not the task
        // (the command post and the board count the same way).
        let actionable = views.flatMap(\.turns)
        var counts: [TaskStatus: Int] = [:]
        for v in actionable { counts[v.status, default: 0] += 1 }
        let overdue = actionable.filter(\.overdue)
        add("")
        add("Tasks: " + TaskStatus.allCases.compactMap { st in counts[st].map { "\($0) \(st.rawValue)" } }.joined(separator: ", ")
            + (overdue.isEmpty ? "" : " — \(overdue.count) OVERDUE"), overdue.isEmpty ? .normal : .overdue)
        func row(_ v: TaskView) -> Line {
            var r = "  \(v.id) — \(v.def.title) (\(v.def.role))"
            if let late = StatusText.overdue(v, now: now) { r += " — " + late }
            else if let due = StatusText.dueWords(v, now: now) { r += " — " + due }
            if v.round > 1 { r += " — round \(v.round)" }
            if let reason = v.record.reason, v.status == .blocked { r += " — blocked: \(reason)" }
            return Line(text: r, kind: v.overdue ? .overdue : .normal)
        }
        if !overdue.isEmpty {
            add("Overdue:", .overdue)
            out += overdue.map(row)
        }
        let blocked = actionable.filter { $0.status == .blocked }
        if !blocked.isEmpty { add("Blocked:", .heading); out += blocked.map(row) }
        let started = actionable.filter { $0.status == .started && !$0.overdue }
        if !started.isEmpty { add("In progress:", .heading); out += started.map(row) }
        let ready = actionable.filter { $0.status == .ready && !$0.overdue }
        if !ready.isEmpty {
            add("Ready (\(ready.count)):", .heading)
            out += ready.prefix(12).map(row)
            if ready.count > 12 { add("  … and \(ready.count - 12) more") }
        }
        add("")
        add("Decisions:", .heading)
        for d in pb.decisions {
            let r = s.decisions[d.id]
            add("  \(d.id): \(d.question) → \(r.map { "\($0.option) (\(hm($0.when)), \($0.by))" } ?? "not decided")")
        }
        add("Roles:", .heading)
        for r in pb.roles {
            add("  \(r.title) [\(r.id)]: \(s.roles[r.id].map { $0.person } ?? "— unassigned")")
        }
        if !s.systems.isEmpty {
            add("Systems:", .heading)
            for sys in s.systems {
                let eta = sys.estimateText(now: now).map { " — " + $0 } ?? ""
                add("  \(sys.name): \(sys.state.rawValue.uppercased()) since \(dt(sys.since)) (down or degraded \(PlaybookDuration.spoken(seconds: sys.outageSeconds(now: now))) in all)\(eta)",
                    sys.isPastEstimate(now: now) ? .overdue : .normal)
            }
        }
        if everyTask {
            add("")
            add("Every task:", .heading)
            for ph in pb.phases {
                let inPhase = views.filter { $0.def.phase == ph.id }
                guard !inPhase.isEmpty else { continue }
                add("  \(ph.title):", .heading)
                for v in inPhase {
                    var line = "    \(v.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(v.def.id) — \(v.def.title)"
                    if let late = StatusText.overdue(v, now: now) { line += " — " + late }
                    if v.round > 1 { line += " — round \(v.round)" }
                    if !v.waitingOn.isEmpty { line += " — waiting on \(v.waitingOn.joined(separator: ", "))" }
                    add(line, v.overdue ? .overdue : .normal)
                    for inst in v.instances {
                        var l = "      \(inst.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(inst.id)"
                        if let late = StatusText.overdue(inst, now: now) { l += " — " + late } else if let d = StatusText.dueWords(inst, now: now) { l += " — " + d }
                        if !inst.waitingOn.isEmpty { l += " — waiting on \(inst.waitingOn.joined(separator: ", "))" }
                        add(l, inst.overdue ? .overdue : .normal)
                    }
                }
            }
        }
        add("")
        let witness = s.witness
        add("Journal: \(s.entryCount) entries · \(witness.line)")
        add("  to prove later nothing up to here was rewritten: \(witness.checkCommand)")
        if !s.stationsHeld.isEmpty {
            add("Stations (\(s.stationsHeld.count)), merged in the order things happened:")
            for h in s.stationsHeld { add("  " + h.words(now: now), h.clockAhead == nil ? .normal : .overdue) }
        }
        return out
    }
}
