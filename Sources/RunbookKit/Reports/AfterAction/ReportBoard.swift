/// Page one of the after-action report, "Summary for the board", in HTML and Markdown, from the
/// model's `board` figures (ReportModel+Board.swift): downtime per system, diversion, the key
/// decisions, the deadlines and the milestones against plan.
enum ReportBoard {
    /// One downtime row's cells, as text: system, kind, first reported, back up, down for,
    /// from discovery, first estimate, against it; `notBack` when it is not back up.
    static func systemCells(_ sys: ReportModel.BoardSystem, _ m: ReportModel) -> (cells: [String], notBack: Bool) {
        let c = m.clock
        let against = sys.againstFirstETA.map { ReportClock.against(plan: $0) } ?? (sys.firstETA == nil ? "—" : "not back yet")
        // Not back in an open incident: the times run to the report's "as of", so far.
        let soFar = sys.backUp == nil && m.header.closed == nil ? " so far" : ""
        return ([sys.name, sys.kind, c.dateTime(sys.firstReported), sys.backUp.map(c.dateTime) ?? (m.header.closed == nil ? "not back up" : "not back up at the close"),
                 PlaybookDuration.spoken(seconds: sys.downSeconds) + soFar,
                 PlaybookDuration.spoken(seconds: sys.fromDiscoverySeconds) + soFar,
                 sys.firstETA.map(c.dateTime) ?? "none given", against], sys.backUp == nil)
    }

    static let systemHeads = ["System", "Kind", "Down (first report)", "Back up", "Down for", "From discovery", "First estimate", "Against the estimate"]
    /// The downtime table's columns that hold a length of time, kept on one line ("11 h 18
    /// min"); a date and time may wrap between the two, and the table then fits a page.
    static let systemTimeColumns: Set<Int> = [4, 5]

    /// What page one says of ambulance diversion; nil when the playbook has no such decision.
    static func diversionLine(_ m: ReportModel) -> String? {
        guard let d = m.board.diversion else {
            return m.decisions.contains { $0.id == ReportModel.Diversion.decision } ? "not decided" : nil
        }
        if d.stretches == 0 { return "none (ambulances were not diverted)" }
        var s = PlaybookDuration.spoken(seconds: d.seconds)
        if d.stretches > 1 { s += " in \(d.stretches) stretches" }
        if d.ongoing { s += ", still diverting at \(m.clock.dateTime(m.header.end))" }
        return s
    }

    /// What page one says of the external deadlines: counts, met and missed.
    static func deadlinesLine(_ m: ReportModel) -> String {
        if m.deadlines.isEmpty { return "this playbook sets no external deadline" }
        let open = m.deadlines.count - m.metDeadlines.count - m.missedDeadlines.count
        return "\(m.metDeadlines.count) met, \(m.missedDeadlines.count) missed" + (open > 0 ? ", \(open) open" : "")
    }

    /// A missed deadline's words: its title, when it was due and when (if ever) it was done.
    static func missedText(_ d: ReportModel.DeadlineRow, _ m: ReportModel) -> String {
        "\(d.title): due \(d.due.map(m.clock.dateTime) ?? "—"), " + (d.done.map { "done \(m.clock.dateTime($0))" } ?? "not done")
    }

    /// A milestone's row: title, planned T+, actual time, and against plan (`missed` when it
    /// was not reached though due, or the system it is for came up without its go-live).
    static func milestoneCells(_ ms: ReportModel.Milestone, _ m: ReportModel) -> (cells: [String], missed: Bool) {
        let c = m.clock
        func tp(_ t: Timestamp?) -> String { t.map { ReportClock.tPlus(m.tPlus($0)) } ?? "—" }
        var missed = false
        let against: String
        if let p = ms.planned, let a = ms.actual { against = ReportClock.against(plan: p.seconds(until: a)) }
        else if ms.actual == nil, let words = m.goLiveNotRecorded(ms)?.goLiveWords(c) { against = words; missed = true }
        else if ms.actual == nil, let p = ms.planned { missed = p < m.header.end; against = missed ? "not reached" : "not yet due" }
        else if ms.actual == nil { against = "not reached" }
        else { against = "—" }
        return ([ms.title, ms.planned.map { tp($0) } ?? "no time set", ms.actual.map { "\(c.dateTime($0)) (\(tp($0)))" } ?? "—", against,
                 ms.seq.map { "#\($0)" } ?? "—"], missed)
    }

    /// The summary's one line on deviations: how many of each kind.
    static func deviationsLine(_ m: ReportModel) -> String {
        if m.deviations.isEmpty { return "No deviation was recorded." }
        let parts = ReportModel.Deviation.Kind.allCases.compactMap { k -> String? in
            let n = m.deviations.filter { $0.kind == k }.count
            return n == 0 ? nil : "\(n) \(k.rawValue)"
        }
        return "\(m.deviations.count) deviation\(m.deviations.count == 1 ? "" : "s") from the plan: \(parts.joined(separator: ", ")). The full report lists each."
    }

    /// The summary's one line on the improvement plan.
    static func improvementLine(_ m: ReportModel) -> String {
        if m.improvements.isEmpty { return "The improvement plan has nothing recorded." }
        let lessons = m.improvements.filter { $0.group == .lesson }.count
        return "The improvement plan has \(m.improvements.count) row\(m.improvements.count == 1 ? "" : "s") (\(lessons) from lessons recorded, \(m.improvements.count - lessons) from deviations); the full report lists them."
    }

    /// The summary's one line on the journal's check.
    static func integrityLine(_ m: ReportModel) -> String {
        let witness = Witness.head(entries: m.integrity.entries, hash: m.integrity.head)
        return "Journal: \(m.integrity.entries) entries, chain head \(m.integrity.head); "
            + (m.integrity.problem.map { "verification FAILED: \($0)." } ?? "every line's hash and the chain were checked when this report was made.")
            + " \(witness.line.prefix(1).uppercased() + witness.line.dropFirst()): to prove later that nothing up to here was rewritten, \(witness.checkCommand)."
    }

    /// The downtime table's columns that hold a date and time.
    static let systemDateColumns: Set<Int> = [2, 3, 6]

    /// `text` with every date in it (`2026-11-29`) kept on one line, wherever it stands ("reported
    /// up 2026-10-23 12:00; go-live not recorded"): a browser would otherwise break a date at its
    /// hyphens in a narrow column. It may still wrap before the time.
    static func keepingDates(_ text: String, into w: inout HTMLWriter) {
        var rest = Substring(text)
        while let r = rest.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) {
            w.text(String(rest[..<r.lowerBound]))
            w.raw("<span class=\"t\">"); w.text(String(rest[r])); w.raw("</span>")
            rest = rest[r.upperBound...]
        }
        w.text(String(rest))
    }

    /// Page one in HTML: `<h2>Summary for the board</h2>` and its tables.
    static func html(_ m: ReportModel, into w: inout HTMLWriter) {
        let c = m.clock
        w.raw("<h2 id=\"board\">Summary for the board</h2>\n<div class=\"keep\"><h3>Downtime by system</h3>\n")
        if m.board.systems.isEmpty { w.raw("<p>No affected system was recorded.</p></div>\n") } else {
            w.raw("<table class=\"board\" id=\"downtime\"><thead><tr>")
            for (k, head) in systemHeads.enumerated() { w.raw(systemTimeColumns.contains(k) ? "<th class=\"t\">" : "<th>"); w.raw(head); w.raw("</th>") }
            w.raw("</tr></thead><tbody>")
            for sys in m.board.systems {
                let (cells, notBack) = systemCells(sys, m)
                w.raw("<tr>")
                for (k, cell) in cells.enumerated() {
                    w.raw(systemTimeColumns.contains(k) ? "<td class=\"t\">" : "<td>")
                    if k == 3 && notBack { w.raw("<span class=\"missed\">"); w.user(cell); w.raw("</span>") }
                    else if systemDateColumns.contains(k) { keepingDates(cell, into: &w) } else { w.user(cell) }
                    w.raw("</td>")
                }
                w.raw("</tr>")
            }
            w.raw("</tbody></table></div>\n")
            w.raw("<p class=\"legend\">Down for: the time it was down or degraded, from the first report to when it was back up (or to the end of this report), not counting any time it was back up in between. From discovery: from when the incident was first known. Against the estimate: when it came back against the first restoration estimate given.</p>\n")
        }
        if let d = diversionLine(m) { w.raw("<p><strong>Ambulance diversion:</strong> "); w.text(d); w.raw(".</p>\n") }
        let made = m.keyDecisions
        w.raw("<div class=\"keep\"><h3>Key decisions</h3>\n")
        if made.isEmpty { w.raw("<p>No decision was recorded.</p></div>\n") } else {
            w.raw("<table class=\"board\"><thead><tr><th>Decision</th><th>Answer</th><th>When</th><th>By</th></tr></thead><tbody>")
            for d in made {
                w.raw("<tr><td>"); w.text(Playbook.Decision.shortName(id: d.id)); w.raw("</td><td><strong>"); w.user(d.option ?? ""); w.raw("</strong></td><td>")
                keepingDates(d.when.map { "\(c.dateTime($0)) (\(ReportClock.tPlus(m.tPlus($0))))" } ?? "—", into: &w); w.raw("</td><td>")
                if let by = d.by { w.user(by); if let r = d.role { w.raw(" ("); w.text(r); w.raw(")") } } else { w.raw("—") }
                w.raw("</td></tr>")
            }
            w.raw("</tbody></table></div>\n")
        }
        w.raw("<p><strong>External deadlines:</strong> "); w.text(deadlinesLine(m)); w.raw(".</p>\n")
        if !m.missedDeadlines.isEmpty {
            w.raw("<ul>")
            for d in m.missedDeadlines { w.raw("<li class=\"missed\">MISSED — "); w.user(missedText(d, m)); w.raw("</li>") }
            w.raw("</ul>\n")
        }
        if !m.milestones.isEmpty {
            w.raw("<div class=\"keep\"><h3>Milestones against plan</h3>\n<table class=\"board\"><thead><tr><th>Mark</th><th>Milestone</th><th class=\"t\">Planned</th><th>Actual</th><th>Against plan</th><th>Entry</th></tr></thead><tbody>")
            let marks = m.milestoneMarks
            for (k, ms) in m.milestones.enumerated() {
                let (cells, missed) = milestoneCells(ms, m)
                w.raw("<tr><td>\(marks[k] ?? "")</td><td>"); w.user(cells[0]); w.raw("</td><td class=\"t\">"); w.text(cells[1]); w.raw("</td><td>"); keepingDates(cells[2], into: &w); w.raw("</td><td>")
                if missed { w.raw("<span class=\"missed\">"); keepingDates(cells[3], into: &w); w.raw("</span>") } else { keepingDates(cells[3], into: &w) }
                w.raw("</td><td>"); w.text(cells[4]); w.raw("</td></tr>")
            }
            w.raw("</tbody></table></div>\n")
        }
    }

    /// Page one in Markdown.
    static func markdown(_ m: ReportModel) -> String {
        let e = AfterActionMarkdown.cell, c = m.clock
        var out = "\n## Summary for the board\n\n### Downtime by system\n\n"
        if m.board.systems.isEmpty { out += "No affected system was recorded.\n" } else {
            out += AfterActionMarkdown.table(systemHeads, m.board.systems.map { sys in
                let (cells, notBack) = systemCells(sys, m)
                return cells.enumerated().map { k, cell in k == 3 && notBack ? "**\(e(cell))**" : e(cell) }
            })
            out += "\nDown for: the time it was down or degraded, from the first report to when it was back up (or to the end of this report), not counting any time it was back up in between. From discovery: from when the incident was first known. Against the estimate: when it came back against the first restoration estimate given.\n"
        }
        if let d = diversionLine(m) { out += "\n**Ambulance diversion:** \(e(d)).\n" }
        out += "\n### Key decisions\n\n"
        let made = m.keyDecisions
        out += made.isEmpty ? "No decision was recorded.\n" : AfterActionMarkdown.table(["Decision", "Answer", "When", "By"], made.map { d in
            [e(Playbook.Decision.shortName(id: d.id)), "**\(e(d.option ?? ""))**", d.when.map { "\(c.dateTime($0)) (\(ReportClock.tPlus(m.tPlus($0))))" } ?? "—",
             d.by.map { "\(e($0))\(d.role.map { " (\(e($0)))" } ?? "")" } ?? "—"]
        })
        out += "\n**External deadlines:** \(e(deadlinesLine(m))).\n"
        for d in m.missedDeadlines { out += "- **MISSED** — \(e(missedText(d, m)))\n" }
        if !m.milestones.isEmpty {
            out += "\n### Milestones against plan\n\n" + AfterActionMarkdown.table(["Milestone", "Planned", "Actual", "Against plan", "Entry"], m.milestones.map { ms in
                let (cells, missed) = milestoneCells(ms, m)
                return [e(cells[0]), cells[1], cells[2], missed ? "**\(e(cells[3]))**" : e(cells[3]), cells[4]]
            })
        }
        return out
    }
}
