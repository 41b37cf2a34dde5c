/// `runbook status --json`: the shape DESIGN.md fixes, written by hand so key order is stable.
public enum StatusJSON {
    /// The state as one JSON document.
    public static func render(_ engine: Engine, now: Timestamp) -> String {
        let s = engine.state
        let pb = engine.playbook
        func q(_ t: String) -> String { JSONText.quoted(t) }
        func opt(_ t: String?) -> String { t.map(q) ?? "null" }
        func time(_ t: Timestamp?) -> String { t.map { q($0.rfc3339) } ?? "null" }
        var out = "{\"incident\": {\"id\": \(q(s.id)), \"name\": \(q(s.name)), \"playbook\": \(q(s.playbookID)), "
        out += "\"playbookVersion\": \(q(s.playbookVersion)), \"opened\": \(time(s.activated)), \"closed\": \(time(s.closed)), "
        out += "\"exercise\": \(s.exercise), \"entries\": \(s.entryCount), \"head\": \(q(s.head)), "
        out += "\"period\": \(s.period), \"periodStarted\": \(time(s.periodStarted)), "
        out += "\"clockWarnings\": [\(s.clockWarnings.map(q).joined(separator: ", "))]},\n"
        out += " \"tasks\": [\n"
        let views = engine.taskViews(now: now)
        out += views.map { v in
            var t = "  {\"id\": \(q(v.def.id)), \"title\": \(q(v.def.title)), \"role\": \(q(v.def.role)), "
            t += "\"phase\": \(q(v.def.phase)), \"status\": \(q(v.status.rawValue)), \"due\": \(time(v.due)), "
            t += "\"overdue\": \(v.overdue), \"round\": \(v.round), \"critical\": \(v.def.critical), "
            t += "\"since\": \(time(v.record.since)), \"by\": \(opt(v.record.by)), \"reason\": \(opt(v.record.reason)), "
            t += "\"deviation\": \(v.record.deviated), \"waitingOn\": [\(v.waitingOn.map(q).joined(separator: ", "))]}"
            return t
        }.joined(separator: ",\n")
        out += "\n ],\n \"decisions\": [\n"
        out += pb.decisions.map { d in
            let r = s.decisions[d.id]
            return "  {\"id\": \(q(d.id)), \"question\": \(q(d.question)), \"option\": \(opt(r?.option)), \"decided\": \(time(r?.when)), \"by\": \(opt(r?.by))}"
        }.joined(separator: ",\n")
        out += "\n ],\n \"roles\": [\n"
        out += pb.roles.map { r in
            let h = s.roles[r.id]
            return "  {\"id\": \(q(r.id)), \"title\": \(q(r.title)), \"person\": \(opt(h?.person)), \"since\": \(time(h?.since))}"
        }.joined(separator: ",\n")
        out += "\n ],\n \"systems\": [\n"
        out += s.systems.map { sys in
            "  {\"name\": \(q(sys.name)), \"state\": \(q(sys.state.rawValue)), \"since\": \(time(sys.since)), \"outageSeconds\": \(sys.outageSeconds(now: now))}"
        }.joined(separator: ",\n")
        out += "\n ]}"
        return out
    }
}
