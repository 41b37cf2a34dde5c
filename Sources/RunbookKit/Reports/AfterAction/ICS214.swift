/// HICS 214 activity logs, grouped by operational period: one per position that acted (the
/// role recorded with each entry), or with `byPerson` one per person. Each has the incident
/// name, the period from–to, name and position, the resources-assigned table (who held the
/// position in that period), the activity rows (date, 24-hour time, notable activity), and a
/// prepared-by block left blank for a signature.
enum ICS214 {
    /// One activity log.
    struct Log {
        var period: ReportModel.PeriodRow
        var name: String
        var position: String
        var resources: [(name: String, position: String, detail: String)]
        var rows: [ReportModel.TimelineRow]
    }

    static let noPosition = "No position recorded"

    static func logs(_ m: ReportModel, byPerson: Bool) -> [Log] {
        let roleTitle = Dictionary(uniqueKeysWithValues: m.roles.map { ($0.id, $0.title) })
        var out: [Log] = []
        for p in m.periods {
            let inPeriod = m.timeline.filter { $0.period == p.number }
            func held(_ h: ReportModel.Holding) -> Bool { h.from <= p.to && (h.to.map { $0 > p.from } ?? true) }
            if byPerson {
                var order: [String] = []
                var rows: [String: [ReportModel.TimelineRow]] = [:]
                for r in inPeriod { if rows[r.person] == nil { order.append(r.person) }; rows[r.person, default: []].append(r) }
                for person in order.sorted() {
                    let mine = rows[person] ?? []
                    var roles: [String] = []
                    for r in mine { if let id = r.role, !roles.contains(id) { roles.append(id) } }
                    let positions = roles.map { roleTitle[$0] ?? $0 }
                    let res = m.roles.flatMap { r in r.holders.filter { $0.person == person && held($0) }.map { (name: person, position: r.title, detail: holding($0, m)) } }
                    out.append(Log(period: p, name: person, position: positions.isEmpty ? noPosition : positions.joined(separator: "; "),
                                   resources: res.isEmpty ? [(person, positions.first ?? noPosition, "acted in this period")] : res, rows: mine))
                }
            } else {
                for role in m.roles {
                    let mine = inPeriod.filter { $0.role == role.id }
                    guard !mine.isEmpty else { continue }
                    let holders = role.holders.filter(held)
                    var res = holders.map { (name: $0.person, position: role.title, detail: holding($0, m)) }
                    for a in Set(mine.map(\.person)).sorted() where !holders.contains(where: { $0.person == a }) {
                        res.append((a, role.title, "recorded in this position"))
                    }
                    out.append(Log(period: p, name: holders.isEmpty ? Set(mine.map(\.person)).sorted().joined(separator: ", ") : holders.map(\.person).joined(separator: ", then "),
                                   position: role.title, resources: res, rows: mine))
                }
                let none = inPeriod.filter { $0.role == nil || roleTitle[$0.role!] == nil }
                if !none.isEmpty {
                    let actors = Array(Set(none.map(\.person))).sorted()
                    out.append(Log(period: p, name: actors.joined(separator: ", "), position: noPosition,
                                   resources: actors.map { ($0, noPosition, "recorded without a position") }, rows: none))
                }
            }
        }
        return out
    }

    static func holding(_ h: ReportModel.Holding, _ m: ReportModel) -> String {
        "held from \(m.clock.dateTime(h.from))" + (h.to.map { " to \(m.clock.dateTime($0))" } ?? "")
    }

    /// What one activity row says: the entry, its note, and how it stands.
    static func activity(_ r: ReportModel.TimelineRow, _ m: ReportModel) -> String {
        var s = EntryText.withNote(r.what, note: r.note, isNote: r.type == "note")
        if let p = r.paper { s += p.isEmpty ? " (from paper)" : " (from paper: \(p))" }
        if r.backdated { s += " (recorded \(m.clock.dateTime(r.recorded)))" }
        if let by = r.correctedBy { s += " [ENTERED IN ERROR, #\(by): \(r.correctionReason ?? "")]" }
        return s + " (#\(r.seq))"
    }

    static func incidentName(_ m: ReportModel) -> String { m.header.name + (m.header.exercise ? " (EXERCISE)" : "") }

    static func periodText(_ p: ReportModel.PeriodRow, _ m: ReportModel) -> String {
        "#\(p.number) from \(m.clock.dateTime(p.from)) to \(m.clock.dateTime(p.to))" + (m.header.closed == nil && p.to == m.header.end ? " (as of)" : "")
    }

    static func text(_ m: ReportModel, byPerson: Bool) -> String {
        var out = ""
        if let p = m.integrity.problem { out += "WARNING: this journal FAILED verification: \(p). Not a clean record.\n\n" }
        if m.redact { out += "REDACTED: \(ReportText.redactedBanner(m))\n\n" }
        for log in logs(m, byPerson: byPerson) {
            out += "HICS 214 — ACTIVITY LOG\n"
            out += "1. Incident name: \(incidentName(m))\n"
            out += "2. Operational period: \(periodText(log.period, m))\n"
            out += "3. Name: \(log.name)\n4. Position: \(log.position)\n"
            out += "5. Resources assigned:\n"
            for r in log.resources { out += "   - \(r.name) — \(r.position) — \(r.detail) — home agency/unit: ______________\n" }
            out += "6. Activity log:\n   Date        Time   Notable activities\n"
            for r in log.rows { out += "   \(m.clock.date(r.when))  \(m.clock.time(r.when))  \(activity(r, m))\n" }
            out += "7. Prepared by: Name ______________________  Position/Title ______________  Signature ______________________\n"
            out += "   Facility ______________________  Date/Time ______________\n\n"
        }
        if out.isEmpty { out = "No activity was recorded.\n" }
        return out + witnessLine(m) + "\n\(ReportStamp(.ics214, m, byPerson: byPerson).text)\n"
    }

    static func html(_ m: ReportModel, byPerson: Bool) -> [UInt8] {
        var w = HTMLWriter(capacity: 4096 + m.timeline.count * 200)
        AfterActionHTML.head(&w, title: "HICS 214 activity logs: " + incidentName(m), stamp: ReportStamp(.ics214HTML, m, byPerson: byPerson),
                             running: "HICS 214 — " + AfterActionHTML.runningHeader(m))
        if let p = m.integrity.problem { w.raw("<p class=\"warn\">WARNING — this journal FAILED verification: "); w.user(p); w.raw(". Not a clean record.</p>") }
        if m.redact { w.raw("<p class=\"warn\">REDACTED: "); w.raw(ReportText.redactedBanner(m)); w.raw("</p>") }
        let all = logs(m, byPerson: byPerson)
        if all.isEmpty { w.raw("<p>No activity was recorded.</p>") }
        for log in all {
            w.raw("<div class=\"page\"><h1>HICS 214 — Activity Log</h1>\n<table class=\"kv\"><tbody>")
            w.raw("<tr><th scope=\"row\">1. Incident name</th><td>"); w.user(incidentName(m)); w.raw("</td></tr>")
            w.raw("<tr><th scope=\"row\">2. Operational period</th><td>"); w.text(periodText(log.period, m)); w.raw("</td></tr>")
            w.raw("<tr><th scope=\"row\">3. Name</th><td>"); w.user(log.name); w.raw("</td></tr>")
            w.raw("<tr><th scope=\"row\">4. Position</th><td>"); w.user(log.position); w.raw("</td></tr></tbody></table>\n")
            w.raw("<h2>5. Resources assigned</h2><table><thead><tr><th>Name</th><th>Position</th><th>When</th><th>Home agency and unit</th></tr></thead><tbody>")
            for r in log.resources {
                w.raw("<tr><td>"); w.user(r.name); w.raw("</td><td>"); w.user(r.position); w.raw("</td><td>"); w.text(r.detail); w.raw("</td><td></td></tr>")
            }
            w.raw("</tbody></table>\n<h2>6. Activity log</h2><table><colgroup><col style=\"width:7em\"><col style=\"width:4em\"><col></colgroup><thead><tr><th>Date</th><th>Time</th><th>Notable activities</th></tr></thead><tbody>")
            for r in log.rows {
                w.raw("<tr><td>\(m.clock.date(r.when))</td><td>\(m.clock.time(r.when))</td><td>")
                if r.correctedBy != nil { w.raw("<del>") }
                w.user(activity(r, m))
                if r.correctedBy != nil { w.raw("</del>") }
                w.raw("</td></tr>")
            }
            // The signature block is never split across pages.
            w.raw("</tbody></table>\n<div class=\"sign\"><h2>7. Prepared by</h2><table class=\"kv\"><tbody>")
            for k in ["Name", "Position/Title", "Signature", "Facility", "Date/Time"] {
                w.raw("<tr><th scope=\"row\">\(k)</th><td style=\"height:2.2em\"></td></tr>")
            }
            w.raw("</tbody></table></div></div>\n")
        }
        w.raw("<p class=\"legend\">"); w.text(witnessLine(m)); w.raw("</p>\n</body></html>\n")
        return w.bytes
    }

    /// The logs' last line: the journal's head as a witness (`Witness`), so a printed log can
    /// be proved later to come from a history nobody rewrote since.
    static func witnessLine(_ m: ReportModel) -> String {
        let w = Witness.head(entries: m.integrity.entries, hash: m.integrity.head)
        return "Made from a journal of \(m.integrity.entries) \(m.integrity.entries == 1 ? "entry" : "entries"); \(w.line) — to prove later that nothing up to here was rewritten: \(w.checkCommand)"
    }
}
