/// The after-action report as one self-contained HTML file: no script, no external style, font
/// or image, every piece of user text escaped and isolated, laid out to print on A4 and Letter
/// (a page break before each section, table headers repeated, long cells wrapped).
enum AfterActionHTML {
    /// The style sheet, shared with the HICS 214 and the binder.
    static let style = """
    @page{margin:16mm 12mm 14mm}
    *{box-sizing:border-box}
    html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    body{font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;font-size:10.5pt;line-height:1.35;color:#000;background:#fff;margin:0 auto;max-width:60em;padding:1em}
    h1{font-size:17pt;margin:0 0 .4em}
    h2{font-size:13.5pt;border-bottom:1.5pt solid #000;padding-bottom:2pt;margin:1.2em 0 .5em}
    h3{font-size:11pt;margin:.9em 0 .3em}
    h1,h2,h3{break-after:avoid;break-inside:avoid}
    .keep{break-inside:avoid}
    section.appendix{break-before:page}
    table{width:100%;border-collapse:collapse;margin:.4em 0 1em}
    h2+table,h3+table,h2+p,h3+p{break-before:avoid}
    table.tl{table-layout:fixed;font-size:8pt;line-height:1.25}
    table.tl td{padding:1pt 3pt}
    table.tl td:nth-child(1),table.tl td:nth-child(2),table.tl td:nth-child(3),table.tl td:nth-child(6){white-space:nowrap}
    table.tl code{font-size:7.5pt;overflow-wrap:normal;word-break:normal}
    thead{display:table-header-group}
    tr{break-inside:avoid}
    th,td{border:.6pt solid #000;padding:2pt 4pt;vertical-align:top;text-align:left;overflow-wrap:break-word;word-break:normal;hyphens:manual}
    th{background:#e6e6e6;font-weight:bold}
    td.t,th.t,span.t{white-space:nowrap}
    table.board{font-size:9pt}
    ul.es{margin:.3em 0 1em;padding-left:1.2em}
    ul.es li{margin:.15em 0}
    table.ip{font-size:8.5pt;table-layout:fixed}
    table.ip th{font-size:7.5pt;white-space:nowrap;overflow-wrap:normal;word-break:normal;hyphens:manual}
    table.ip th:nth-child(-n+5){white-space:normal}
    table.ip td{overflow-wrap:break-word;word-break:normal;hyphens:manual}
    table.ip col.col-cap{width:13%}
    table.ip col.col-issue{width:19%}
    table.ip col.col-action{width:19%}
    table.ip col.col-elem{width:10%}
    table.ip col.col-org{width:12%}
    table.ip col.col-poc{width:9%}
    table.ip col.col-start{width:7%}
    table.ip col.col-end{width:11%}
    table.ip tr{height:3.2em}
    h3.ip-group{font-size:11pt;margin:.8em 0 .2em}
    td.n{text-align:right;white-space:nowrap}
    table.kv th{width:12em}
    code,.hash{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:8.5pt;overflow-wrap:anywhere;word-break:break-all}
    pre{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:8.5pt;white-space:pre-wrap;overflow-wrap:anywhere;border:.6pt solid #000;padding:4pt;break-inside:avoid}
    .warn{border:2pt solid #000;padding:6pt;font-weight:bold;margin:0 0 1em}
    .exercise{font-size:15pt;font-weight:bold;letter-spacing:.15em;border:2pt solid #000;text-align:center;padding:3pt;margin:0 0 .6em}
    del{text-decoration:line-through}
    .missed{font-weight:bold}
    svg.timeline{width:100%;height:auto;display:block;border:.6pt solid #000;break-inside:avoid}
    svg.timeline text{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;fill:#000}
    svg.timeline .ph{font-size:10px;font-style:italic}
    svg.timeline .ax{font-size:9px;text-anchor:middle}
    svg.timeline .lb{font-size:10.5px}
    svg.timeline .mk{font-size:10px;font-weight:bold}
    .legend{font-size:9pt}
    .blank{display:inline-block;min-width:14em;border-bottom:.6pt solid #000}
    .page{break-after:page}
    .page:last-child{break-after:auto}
    .sign{break-inside:avoid}
    """

    /// The printed page's running header and page numbers (CSS paged media margin boxes, which
    /// the reader's own browser prints): `running` at the top of every page, "Page N of M" at
    /// the foot. `running` is user text (the incident's name), written as a CSS string.
    static func pageStyle(running: String) -> String {
        "@page{@top-center{content:\(cssString(running));font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;font-size:8pt}"
            + "@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;font-size:8pt}}"
    }

    /// `s` as a quoted CSS string safe inside a `<style>` element: quotes and backslashes
    /// escaped, `<` and `>` as escapes (no `</style>` can appear), line breaks and other
    /// controls as spaces, direction controls dropped.
    static func cssString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\3C "
            case ">": out += "\\3E "
            default:
                if HTMLWriter.isBidiControl(u) { continue }
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 { out += " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// The running header of a report of `m`: the incident's name and, unless redacted, that
    /// the copy is confidential and may hold health information.
    static func runningHeader(_ m: ReportModel) -> String {
        (m.header.exercise ? "EXERCISE — " : "") + m.header.name + (m.redact ? " — Redacted copy" : " — CONFIDENTIAL — may contain health information")
    }

    /// The document's head; an export's `stamp` goes in a `<meta name="runbook-report">`.
    static func head(_ w: inout HTMLWriter, title: String, stamp: ReportStamp? = nil, running: String? = nil) {
        w.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        w.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        if let stamp { w.raw("<meta name=\"\(ReportStamp.prefix)\" content=\""); w.text(stamp.text); w.raw("\">") }
        w.raw("<meta name=\"viewport\" content=\"width=device-width\"><title>")
        w.text(title)
        w.raw("</title><style>\n\(style)\n")
        if let running { w.raw(pageStyle(running: running)); w.raw("\n") }
        w.raw("</style></head>\n<body>\n")
    }

    static func render(_ m: ReportModel, summary: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        write(m, summary: summary) { out.append(contentsOf: $0) }
        return out
    }

    /// The report in the pieces `write` hands on.
    static func pieces(_ m: ReportModel) -> [[UInt8]] {
        var out: [[UInt8]] = []
        write(m) { out.append($0) }
        return out
    }

    /// How many timeline rows go in one piece.
    static let rowsPerPiece = 10_000

    /// The report, handed to `sink` in pieces to be written one after the other: the sections,
    /// then the full timeline as the last appendix, its rows (a long timeline's made on every
    /// core, a piece handed on as soon as it and those before it are made). A 200,000-entry
    /// report is 50 MB: it is written while it is made, never copied into one. With `summary`,
    /// the few pages a board and an insurer read: no timeline, no per-phase or per-role tables.
    static func write(_ m: ReportModel, summary: Bool = false, into sink: ([UInt8]) throws -> Void) rethrows {
        if summary { try sink(sections(m, summary: true)); return }
        // The rows are made from the start, while this thread writes the sections before them.
        let count = m.timeline.count
        let rows = Parallel.stream(count, pieces: (count + rowsPerPiece - 1) / rowsPerPiece) { timelineRows(m, $0) }
        try sink(sections(m))
        try sink(closingSections(m))
        try sink(appendixHead(m))
        try rows.forEach(sink)
        try sink(Array(documentEnd.utf8))
    }

    /// What closes the timeline's table, its appendix and the document.
    static let documentEnd = "</tbody></table></section>\n</body></html>\n"

    /// A table's header row (program text, never user text).
    static func th(_ cols: [String]) -> String { "<thead><tr>" + cols.map { "<th>\($0)</th>" }.joined() + "</tr></thead>" }

    /// The sections before the improvement plan; with `summary`, the whole summary document.
    static func sections(_ m: ReportModel, summary: Bool = false) -> [UInt8] {
        var w = HTMLWriter(capacity: 1 << 16)
        let c = m.clock, h = m.header
        func tp(_ t: Timestamp?) -> String { t.map { ReportClock.tPlus(m.tPlus($0)) } ?? "—" }
        func dt(_ t: Timestamp?) -> String { t.map(c.dateTime) ?? "—" }
        head(&w, title: (summary ? "After-action report, summary: " : "After-action report: ") + h.name + (h.exercise ? " (EXERCISE)" : ""),
             stamp: ReportStamp(.html, m, summary: summary), running: runningHeader(m))
        if let p = m.integrity.problem {
            w.raw("<p class=\"warn\" id=\"integrity-warning\">WARNING — this journal FAILED verification: ")
            w.user(p)
            w.raw(". What follows is what could be read before the damage; it is not a clean record.</p>\n")
        }
        w.raw("<section class=\"first\" id=\"title\">")
        if h.exercise { w.raw("<p class=\"exercise\">EXERCISE — EXERCISE — EXERCISE</p>") }
        w.raw(summary ? "<h1>After-action report, summary: " : "<h1>After-action report: "); w.user(h.name); w.raw("</h1>\n")
        if m.redact { w.raw("<p class=\"warn\">REDACTED: "); w.raw(ReportText.redactedBanner(m)); w.raw("</p>\n") }
        ReportBoard.html(m, into: &w)
        w.raw("<h2>1. Executive summary</h2>\n<ul class=\"es\">")
        for line in ReportSummary.sentences(m) { w.raw("<li>"); w.user(line); w.raw("</li>") }
        w.raw("</ul>\n</section>\n")
        w.raw("<section id=\"details\"><h2>Incident details</h2>\n<table class=\"kv\"><tbody>")
        func kv(_ k: String, _ body: (inout HTMLWriter) -> Void) { w.raw("<tr><th scope=\"row\">\(k)</th><td>"); body(&w); w.raw("</td></tr>") }
        kv("Incident") { $0.user(h.name); $0.raw(" <span class=\"hash\">("); $0.text(h.incidentID); $0.raw(")</span>") }
        if let facility = h.facility { kv("Facility") { $0.user(facility) } }
        kv("Playbook") { $0.user(h.playbookTitle); $0.raw(" — "); $0.text(h.playbookID); $0.raw(" version "); $0.user(h.playbookVersion) }
        kv("Playbook SHA-256") { $0.raw("<span class=\"hash\">"); $0.text(h.playbookSHA256); $0.raw("</span>") }
        kv("Exercise") { $0.raw(h.exercise ? "<strong>EXERCISE</strong>" : "no (real incident)") }
        kv("Discovered") { $0.raw(dt(h.discovered)) }
        kv("Activated") { $0.raw(dt(h.activated)) }
        if let amended = h.amendedWords(m.clock) { kv("Amended") { $0.user(amended) } }
        kv("Closed") { $0.raw(h.closed.map(c.dateTime) ?? "still open — this report is as of \(c.dateTime(h.end))") }
        kv("Duration") { $0.raw("\(PlaybookDuration.spoken(seconds: h.durationSeconds)); \(h.periodCount) operational period\(h.periodCount == 1 ? "" : "s")") }
        kv("Times") { $0.raw("\(c.zoneName(at: h.activated)); T+ is the time after activation") }
        w.raw("</tbody></table>\n")
        if summary { w.raw("</section>\n"); summaryRest(m, into: &w); return w.bytes }
        w.raw("<div class=\"keep\"><h2>Timeline at a glance</h2>\n")
        TimelineSVG.render(m, into: &w)
        w.raw("</div>\n")
        if let note = m.pictureEndNote { w.raw("<p class=\"legend\" id=\"picture-end\">"); w.text(note); w.raw("</p>\n") }
        w.raw("<p class=\"legend\">T+0: activation; what happened before it (the discovery, a system down before the incident was declared) is drawn to its left, at T−. Vertical ticks: task activity in that role's lane. ◆ D1, D2…: decisions (section 5), in the lane of the role the person who decided held. ▲ M1, M2…: milestones reached (page one). Markers too close for a label each share one (M1–M3). P1, P2…: a phase whose name does not fit its band, named under the picture. □: hand-over of the role. Systems: solid bar = down, hatched bar = degraded, ▽ = a restoration estimate (when it was expected back). Shaded bands: the playbook's phases.</p>\n")
        w.raw("</section>\n")

        // The milestones against plan are on page one; not repeated here.
        w.raw("<section id=\"milestones\"><h2>2. Milestones</h2>\n<p>Each milestone against plan, with its mark in the picture and its entry, is on page one (“Milestones against plan”).</p></section>\n")

        // An interim report (still open) says what is open but not missed in columns of its own.
        let interim = m.header.closed == nil
        let openHeads = interim ? ["Not yet due", "Waiting on a decision"] : []
        func openCells(_ notYetDue: Int, _ onDecision: Int) -> String {
            interim ? "<td class=\"n\">\(notYetDue)</td><td class=\"n\">\(onDecision)</td>" : ""
        }
        w.raw("<section id=\"phases\"><h2>3. Phases: planned against actual</h2>\n<table>" + th(["Phase", "Planned window", "First activity", "Last activity", "Done", "Skipped", "Not done"] + openHeads + ["Did not apply"]) + "<tbody>")
        for p in m.phases {
            w.raw("<tr><td>"); w.user(p.title)
            w.raw("</td><td>\(tp(p.plannedFrom)) to \(p.plannedTo.map(tp) ?? "end")</td><td>\(tp(p.firstActivity))</td><td>\(tp(p.lastActivity))</td><td class=\"n\">\(p.done)</td><td class=\"n\">\(p.skipped)</td><td class=\"n\">\(p.open)</td>\(openCells(p.notYetDue, p.waitingOnDecision))<td class=\"n\">\(p.inapplicable)</td></tr>")
        }
        w.raw("</tbody></table>\n")
        w.raw("<h2>4. Roles</h2>\n<table>" + th(["Role", "Done", "Skipped", "Late", "Not done"] + openHeads + ["Held by"]) + "<tbody>")
        for r in m.roles {
            w.raw("<tr><td>"); w.user(r.title)
            w.raw("</td><td class=\"n\">\(r.done)</td><td class=\"n\">\(r.skipped)</td><td class=\"n\">\(r.late)</td><td class=\"n\">\(r.notDone)</td>\(openCells(r.notYetDue, r.waitingOnDecision))<td>")
            if r.holders.isEmpty { w.raw("not assigned") }
            for (k, hd) in r.holders.enumerated() {
                if k > 0 { w.raw("; then ") }
                w.user(hd.person); w.raw(" from \(dt(hd.from))\(hd.to.map { " to \(c.dateTime($0))" } ?? "")")
            }
            w.raw("</td></tr>")
        }
        w.raw("</tbody></table></section>\n")

        w.raw("<section id=\"decisions\"><h2>5. Decisions</h2>\n<table>" + th(["Mark", "Decision", "Answer", "When", "By", "Reason"]) + "<tbody>")
        decisionRows(m, into: &w)
        w.raw("</tbody></table>\n")
        w.raw("<h2>6. Systems</h2>\n")
        if m.systems.isEmpty { w.raw("<p>No affected system was recorded.</p>") } else {
            w.raw("<table>" + th(["System", "Down or degraded", "First reported", "Restored", "Restoration estimates, as they moved"]) + "<tbody>")
            for sys in m.systems {
                w.raw("<tr><td>"); w.user(sys.name)
                w.raw("</td><td>\(PlaybookDuration.spoken(seconds: sys.outageSeconds))</td><td>\(dt(sys.firstReported))</td><td>")
                if let words = sys.goLiveWords(c) {
                    w.raw("<span class=\"missed\">"); w.text(words); w.raw("</span>")
                } else {
                    w.raw(sys.restored.map { "\(c.dateTime($0)) (\(tp($0)))" } ?? "<span class=\"missed\">still \(sys.stateAtEnd.rawValue)</span>")
                }
                w.raw("</td><td>"); w.text(AfterActionMarkdown.estimatesText(sys, m)); w.raw("</td></tr>")
            }
            w.raw("</tbody></table>\n")
        }
        w.raw("</section>\n")

        w.raw("<section id=\"deviations\"><h2>7. Deviations</h2>\n")
        if m.deviations.isEmpty { w.raw("<p>None recorded.</p>") } else {
            w.raw("<table>" + th(["Kind", "Entry", "When", "What", "Detail"]) + "<tbody>")
            for d in m.deviations {
                w.raw("<tr><td>\(d.kind.rawValue)</td><td>\(d.seq.map { "#\($0)" } ?? "—")</td><td>\(tp(d.when))</td><td>")
                w.user(d.what); w.raw("</td><td>"); w.user(d.detail); w.raw("</td></tr>")
            }
            w.raw("</tbody></table>")
        }
        w.raw("\n<h2>8. Deadlines</h2>\n")
        deadlinesTable(m, into: &w)
        w.raw("\n<h2>9. Entries transcribed from paper</h2>\n")
        let paper = m.timeline.filter { $0.paper != nil }
        if paper.isEmpty { w.raw("<p>None.</p>") } else {
            w.raw("<table>" + th(["Entry", "Happened", "Recorded", "What", "Paper reference"]) + "<tbody>")
            for r in paper {
                w.raw("<tr><td>#\(r.seq)</td><td>\(c.dateTime(r.when))</td><td>\(c.dateTime(r.recorded))</td><td>"); w.user(r.what)
                if let n = r.note { w.raw(": "); w.user(n) }
                w.raw("</td><td>"); if let p = r.paper, !p.isEmpty { w.user(p) } else { w.raw("(no reference given)") }
                w.raw("</td></tr>")
            }
            w.raw("</tbody></table>")
        }
        w.raw("</section>\n")

        if m.listsPeriods {
            w.raw("<section id=\"periods\"><h2>Operational periods</h2>\n<p>\(m.periods.count) periods, one a row.</p>\n<table class=\"periods\" style=\"table-layout:fixed;font-size:9pt\"><colgroup><col style=\"width:4.6em\"><col style=\"width:7.6em\"><col style=\"width:7.6em\"><col style=\"width:5.4em\"><col style=\"width:8em\"><col><col style=\"width:5.4em\"></colgroup>" + th(["Period", "Began", "Ended", "Length", "Begun by", "Note", "Entries"]) + "<tbody>")
            for p in m.periodSummaries {
                w.raw("<tr><td>\(p.number)</td><td>\(c.dateTime(p.from))</td><td>\(ReportText.periodEnd(p, m))</td><td>\(PlaybookDuration.spoken(seconds: p.from.seconds(until: p.to)))</td><td>")
                if let b = p.begunBy { w.user(b) } else { w.raw("activation") }
                w.raw("</td><td>"); if let n = p.note { w.user(n) }
                w.raw("</td><td>\(p.entries)</td></tr>")
            }
            w.raw("</tbody></table></section>\n")
        }
        return w.bytes
    }

    /// The improvement plan and the integrity check, before the timeline's appendix.
    static func closingSections(_ m: ReportModel) -> [UInt8] {
        var w = HTMLWriter()

        w.raw("<section id=\"improvement-plan\"><h2>10. Improvement plan</h2>\n<p>Pre-filled from lessons and deviations; the planner fills the blank columns.</p>\n")
        if m.improvements.isEmpty { w.raw("<p>Nothing recorded.</p>") }
        // Lessons first, then the deviations by kind, a sub-heading each. Fixed columns: the
        // blank ones (`col-write`) wide enough to write in at the meeting, whatever the issues say.
        for g in m.improvementGroups {
            w.raw("<h3 class=\"ip-group\">\(g.group.rawValue)</h3>\n")
            w.raw("<table class=\"ip\"><colgroup><col class=\"col-cap\"><col class=\"col-issue\"><col class=\"col-write col-action\"><col class=\"col-write col-elem\"><col class=\"col-write col-org\"><col class=\"col-write col-poc\"><col class=\"col-write col-start\"><col class=\"col-write col-end\"></colgroup>")
            w.raw(th(["Objective or capability", "Issue or area for improvement", "Corrective action", "Capability element", "Primary responsible organization", "POC", "Start", "Completion"]) + "<tbody>")
            for i in g.rows {
                w.raw("<tr><td>"); w.user(i.capability); w.raw("</td><td>"); w.user(i.issue); w.raw(" ("); w.user(i.source)
                w.raw(")</td><td></td><td></td><td></td><td></td><td></td><td></td></tr>")
            }
            w.raw("</tbody></table>\n")
        }
        w.raw("</section>\n<section id=\"integrity\"><h2>11. Integrity</h2>\n<table class=\"kv\"><tbody>")
        w.raw("<tr><th scope=\"row\">Entries</th><td>\(m.integrity.entries)</td></tr>")
        w.raw("<tr><th scope=\"row\">Chain head</th><td class=\"hash\">"); w.text(m.integrity.head); w.raw("</td></tr>")
        let witness = Witness.head(entries: m.integrity.entries, hash: m.integrity.head)
        w.raw("<tr><th scope=\"row\">Witness</th><td>"); w.text(witness.line); w.raw(" — to prove later that nothing up to here was rewritten: <code>"); w.text(witness.checkCommand); w.raw("</code></td></tr>")
        w.raw("<tr><th scope=\"row\">Verification</th><td>")
        if let p = m.integrity.problem { w.raw("<strong>FAILED</strong> — "); w.user(p) } else { w.raw("passed: every line's hash and the chain were checked when this report was made") }
        w.raw("</td></tr>")
        if m.integrity.tornTail { w.raw("<tr><th scope=\"row\">Torn tail</th><td>a line cut short by a crash at the end of the journal was skipped (not a recorded action)</td></tr>") }
        if m.redact { w.raw("<tr><th scope=\"row\">Redacted</th><td>"); w.raw(ReportText.redactedIntegrity); w.raw("</td></tr>") }
        w.raw("</tbody></table>\n<p>To re-check, run the README's Python check in the incident's folder; it must print <code>intact: \(m.integrity.entries) entries, chain head ")
        w.text(m.integrity.head)
        w.raw("</code>.</p>\n<pre>")
        w.text(ReportText.pythonCheck)
        w.raw("</pre>\n</section>\n")
        return w.bytes
    }

    /// Appendix A's heading and the timeline table's head: one line an entry where it fits,
    /// the hash shortened (the JSON and the CSV carry it whole).
    static func appendixHead(_ m: ReportModel) -> [UInt8] {
        var w = HTMLWriter()
        w.raw("<section class=\"appendix\" id=\"timeline\"><h2>Appendix A — Full timeline</h2>\n<p>Every entry in the order things happened. Entries marked entered in error are struck through, with the reason; back-dated entries show when they happened and when they were recorded. "); w.raw(ReportText.timelineHashes(m)); w.raw("</p>\n")
        // `T+54d 22:20` needs a wider column than `T+05:20`: an entry 48 hours or more from activation widens it.
        let days = m.timeline.contains { abs(m.tPlus($0.when)) >= Elapsed.daysFrom }
        // A local time that carries its zone (the clocks changed during the incident) is wider.
        let when = m.clock.marksZones ? "11.4em" : "8.6em"
        let hash = m.redact ? "" : "<col style=\"width:6.6em\">"
        w.raw("<table class=\"tl\"><colgroup><col style=\"width:3.6em\"><col style=\"width:\(days ? "7.2em" : "4.6em")\"><col style=\"width:\(when)\"><col style=\"width:10.5em\"><col>\(hash)</colgroup>" + th(["#", "T+", "When", "Who", "What"] + (m.redact ? [] : ["Hash"])) + "<tbody>\n")
        return w.bytes
    }

    /// The timeline table's rows `range`, one line an entry where it fits: #, T+, local time,
    /// who, what (with its note after a dash), and the hash's first `shortHash` characters.
    /// Rows are the bulk of a long report: cells and rows end where the next begins (HTML
    /// needs no </td> or </tr>).
    static func timelineRows(_ m: ReportModel, _ range: Range<Int>) -> [UInt8] {
        var w = HTMLWriter(capacity: range.count * 200)
        let c = m.clock
        var texts = MinuteTexts(clock: c, activated: m.header.activated)
        m.timeline.withUnsafeBufferPointer { timeline in
            for k in range {
                // Read in place: a row copied out would retain and release each of its texts.
                let r = timeline.baseAddress! + k
                let err = r.pointee.correctedBy != nil
                w.raw(err ? "<tr class=\"err\"><td>" : "<tr><td>")
                w.number(r.pointee.seq); w.raw("<td>"); w.raw(texts.tPlus(r.pointee.when))
                w.raw("<td>"); w.raw(texts.dateTime(r.pointee.when))
                if r.pointee.backdated { w.raw("<br>recorded "); w.raw(c.dateTime(r.pointee.recorded)) }
                w.raw("<td>")
                w.user(r.pointee.person)
                if let role = r.pointee.role { w.raw(" ("); w.text(role); w.raw(")") }
                if r.pointee.forPerson != nil { w.raw(", typed by "); w.user(r.pointee.actor) }
                if let station = r.pointee.station { w.raw("<br>at "); w.user(station) }
                w.raw("<td>")
                if err { w.raw("<del>") }
                w.user(r.pointee.what)
                if let p = r.pointee.paper { w.raw(" (from paper"); if !p.isEmpty { w.raw(": "); w.user(p) }; w.raw(")") }
                if let n = r.pointee.note { w.raw(" — "); w.user(n) }
                if err {
                    w.raw("</del> <strong>ENTERED IN ERROR</strong> (#\(r.pointee.correctedBy ?? 0): ")
                    w.user(r.pointee.correctionReason ?? ""); w.raw(")")
                }
                if !m.redact { w.raw("<td><code>"); r.pointee.lineHash.append(prefix: shortHash, to: &w.bytes); w.raw("</code>") }
                w.raw("\n")
            }
        }
        return w.bytes
    }

    /// The decisions table's rows (section 5): each decision's question, answer, when, by whom
    /// and why, marked D1, D2… as in the timeline picture.
    static func decisionRows(_ m: ReportModel, into w: inout HTMLWriter) {
        let c = m.clock
        func tp(_ t: Timestamp) -> String { ReportClock.tPlus(m.tPlus(t)) }
        var dn = 0
        for d in m.decisions {
            if d.when != nil { dn += 1 }
            w.raw("<tr><td>\(d.when != nil ? "D\(dn)" : "")</td><td>"); w.user(d.question); w.raw("</td><td>")
            if let o = d.option { w.raw("<strong>"); w.user(o); w.raw("</strong>") } else { w.raw("not decided") }
            w.raw("</td><td>\(d.when.map { "\(c.dateTime($0)) (\(tp($0)))" } ?? "—")</td><td>")
            if let by = d.by { w.user(by); if let r = d.role { w.raw(" ("); w.text(r); w.raw(")") } } else { w.raw("—") }
            w.raw("</td><td>"); if let r = d.reason { w.user(r) } else { w.raw("—") }
            w.raw("</td></tr>")
        }
    }

    /// The deadlines table (section 8), or that there is none.
    static func deadlinesTable(_ m: ReportModel, into w: inout HTMLWriter) {
        func dt(_ t: Timestamp?) -> String { t.map(m.clock.dateTime) ?? "—" }
        if m.deadlines.isEmpty { w.raw("<p>This playbook sets no external deadline.</p>") } else {
            w.raw("<table>" + th(["Deadline", "Due", "Done", "Result"]) + "<tbody>")
            for d in m.deadlines {
                w.raw("<tr><td>"); w.user(d.title)
                w.raw("</td><td>")
                if let c = d.conditional { w.raw("if "); w.user(c); w.raw(": ") }
                w.raw("\(dt(d.due))</td><td>\(dt(d.done))</td><td>\(d.met.map { $0 ? "met" : "<span class=\"missed\">MISSED</span>" } ?? "open")</td></tr>")
            }
            w.raw("</tbody></table>")
        }
    }

    /// The summary's sections after the incident's details: the decisions, the deviations and
    /// the improvement plan in one line each, the deadlines, and the journal's check.
    static func summaryRest(_ m: ReportModel, into w: inout HTMLWriter) {
        w.raw("<section id=\"decisions\"><h2>Decisions</h2>\n<table>" + th(["Mark", "Decision", "Answer", "When", "By", "Reason"]) + "<tbody>")
        decisionRows(m, into: &w)
        w.raw("</tbody></table>\n<h2>Deadlines</h2>\n")
        deadlinesTable(m, into: &w)
        w.raw("\n<h2>Deviations and improvement plan</h2>\n<p>"); w.text(ReportBoard.deviationsLine(m)); w.raw("</p>\n<p>"); w.text(ReportBoard.improvementLine(m))
        w.raw("</p>\n</section>\n<section id=\"integrity\"><h2>Integrity</h2>\n<p>"); w.text(ReportBoard.integrityLine(m))
        w.raw("</p>\n</section>\n</body></html>\n")
    }

    /// How many of a hash's characters the printed timeline shows: enough to find the line in
    /// the journal; the JSON and the CSV carry it whole.
    static let shortHash = 10
}
