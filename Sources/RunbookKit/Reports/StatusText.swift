/// The readable summary of `runbook status` and `runbook board --once`.
public enum StatusText {
    /// A terminal-friendly summary of the incident at `now`.
    public static func render(_ engine: Engine, now: Timestamp, width: Int = 80, everyTask: Bool = false) -> String {
        let s = engine.state
        let pb = engine.playbook
        let views = engine.taskViews(now: now)
        var out: [String] = []
        let banner = s.exercise ? "EXERCISE — " : ""
        out.append("\(banner)\(s.name)")
        var line2 = "\(pb.title) \(pb.version) · activated \(s.activated.localDateTime) · T+\(PlaybookDuration.spoken(seconds: s.activated.seconds(until: now))) · period \(s.period)"
        if let c = s.closed { line2 += " · CLOSED \(c.localDateTime)" }
        out.append(line2)
        for w in s.clockWarnings { out.append("WARNING: \(w)") }
        var counts: [TaskStatus: Int] = [:]
        for v in views { counts[v.status, default: 0] += 1 }
        let overdue = views.filter(\.overdue)
        out.append("")
        out.append("Tasks: " + TaskStatus.allCases.compactMap { st in counts[st].map { "\($0) \(st.rawValue)" } }.joined(separator: ", ")
                   + (overdue.isEmpty ? "" : " — \(overdue.count) OVERDUE"))
        func row(_ v: TaskView) -> String {
            var r = "  \(v.def.id) — \(v.def.title) (\(v.def.role))"
            if v.overdue, let due = v.due { r += " — OVERDUE \(PlaybookDuration.spoken(seconds: due.seconds(until: now)))" }
            else if let due = v.due, !v.status.isFinished { r += " — due \(due.localClock(relativeTo: now))" }
            if v.round > 1 { r += " — round \(v.round)" }
            if let reason = v.record.reason, v.status == .blocked { r += " — blocked: \(reason)" }
            return r
        }
        if !overdue.isEmpty {
            out.append("Overdue:")
            out += overdue.map(row)
        }
        let blocked = views.filter { $0.status == .blocked }
        if !blocked.isEmpty { out.append("Blocked:"); out += blocked.map(row) }
        let started = views.filter { $0.status == .started && !$0.overdue }
        if !started.isEmpty { out.append("In progress:"); out += started.map(row) }
        let ready = views.filter { $0.status == .ready && !$0.overdue }
        if !ready.isEmpty {
            out.append("Ready (\(ready.count)):")
            out += ready.prefix(12).map(row)
            if ready.count > 12 { out.append("  … and \(ready.count - 12) more") }
        }
        out.append("")
        out.append("Decisions:")
        for d in pb.decisions {
            let r = s.decisions[d.id]
            out.append("  \(d.id): \(d.question) → \(r.map { "\($0.option) (\($0.when.localHHMM), \($0.by))" } ?? "not decided")")
        }
        out.append("Roles:")
        for r in pb.roles {
            out.append("  \(r.title) [\(r.id)]: \(s.roles[r.id].map { $0.person } ?? "— unassigned")")
        }
        if !s.systems.isEmpty {
            out.append("Systems:")
            for sys in s.systems {
                out.append("  \(sys.name): \(sys.state.rawValue.uppercased()) since \(sys.since.localDateTime) (down or degraded \(PlaybookDuration.spoken(seconds: sys.outageSeconds(now: now))) in all)")
            }
        }
        if everyTask {
            out.append("")
            out.append("Every task:")
            for ph in pb.phases {
                let inPhase = views.filter { $0.def.phase == ph.id }
                guard !inPhase.isEmpty else { continue }
                out.append("  \(ph.title):")
                for v in inPhase {
                    var line = "    \(v.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(v.def.id) — \(v.def.title)"
                    if v.overdue, let due = v.due { line += " — OVERDUE \(PlaybookDuration.spoken(seconds: due.seconds(until: now)))" }
                    if v.round > 1 { line += " — round \(v.round)" }
                    if !v.waitingOn.isEmpty { line += " — waiting on \(v.waitingOn.joined(separator: ", "))" }
                    out.append(line)
                }
            }
        }
        out.append("")
        out.append("Journal: \(s.entryCount) entries, head \(s.head.prefix(12))…")
        return out.joined(separator: "\n")
    }
}
