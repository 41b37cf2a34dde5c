/// The export formats of `runbook report`.
public enum ReportFormat: String, CaseIterable, Sendable { case md, html, csv, json, ics214 }

/// The after-action report, the timeline and the HICS 214 activity logs, from the state.
public enum Reports {
    /// Renders `format` for the incident at `now`.
    public static func render(_ format: ReportFormat, engine: Engine, now: Timestamp) -> String {
        switch format {
        case .md: return markdown(engine, now: now)
        case .html: return html(engine, now: now)
        case .csv: return csv(engine)
        case .json: return json(engine, now: now)
        case .ics214: return ics214(engine, now: now)
        }
    }

    /// Sections of the after-action report as (heading, lines) pairs, shared by md and html.
    static func sections(_ engine: Engine, now: Timestamp) -> [(String, [String])] {
        let s = engine.state
        let pb = engine.playbook
        let end = s.closed ?? now
        let views = engine.taskViews(now: end)
        var counts: [TaskStatus: Int] = [:]
        for v in views { counts[v.status, default: 0] += 1 }
        var out: [(String, [String])] = []
        out.append(("Overview", [
            "Incident: \(s.name)\(s.exercise ? " (EXERCISE)" : "")",
            "Playbook: \(pb.title) \(pb.version) [\(pb.id)]",
            "Activated: \(s.activated.localDateTime); \(s.closed.map { "closed \($0.localDateTime)" } ?? "still open at \(now.localDateTime)")",
            "Duration: \(PlaybookDuration.spoken(seconds: s.activated.seconds(until: end))); operational periods: \(s.period)",
            "Journal: \(s.entryCount) entries, chain head \(s.head)",
        ]))
        out.append(("Checklist outcome", [
            TaskStatus.allCases.compactMap { st in counts[st].map { "\(st.rawValue): \($0)" } }.joined(separator: "; "),
        ] + views.filter { $0.overdue }.map { "Open past due: \($0.def.title) [\($0.def.id)]" }
          + views.filter { $0.status == .skipped || $0.status == .blocked }.map { "\($0.status.rawValue.capitalized): \($0.def.title) — \($0.record.reason ?? "")" }))
        out.append(("Decisions", pb.decisions.map { d in
            let r = s.decisions[d.id]
            return "\(d.question) — \(r.map { "\($0.option), \($0.when.localDateTime) by \($0.by)" } ?? "not decided")"
        }))
        out.append(("Command staff", pb.roles.compactMap { r in
            guard let h = s.roles[r.id] else { return nil }
            let before = h.previous.map { "\($0.person) from \($0.since.localDateTime)" }
            return "\(r.title): \((before + ["\(h.person) from \(h.since.localDateTime)"]).joined(separator: ", then "))"
        }))
        out.append(("Systems", s.systems.map {
            "\($0.name): \($0.state.rawValue) since \($0.since.localDateTime); down or degraded \(PlaybookDuration.spoken(seconds: $0.outageSeconds(now: end))) in all"
        }))
        out.append(("Deviations and corrections",
                    s.deviations.compactMap { s.entry($0) }.map { "#\($0.seq) \(EntryText.describe($0, playbook: pb)): \($0.string("deviation") ?? "")" }
                    + s.corrected.keys.sorted().map { "#\($0) entered in error (see #\(s.corrected[$0] ?? 0))" }
                    + s.clockWarnings))
        out.append(("Improvement plan (lessons)", s.lessons.compactMap { s.entry($0) }.filter { s.counts($0.seq) }.map {
            "\($0.note ?? "") — raised by \($0.actor) \($0.when.localDateTime) | corrective action: ____ | capability element: ____ | responsible: ____ | due: ____"
        }))
        out.append(("Timeline", EntryText.chronological(s.entries).map { e in
            "\(e.when.localDateTime) #\(e.seq) \(EntryText.who(e)): \(EntryText.line(e, playbook: pb))\(s.corrected[e.seq] != nil ? " [ENTERED IN ERROR]" : "")"
        }))
        return out
    }

    static func markdown(_ engine: Engine, now: Timestamp) -> String {
        var out = "# After-action report: \(escapeMarkdown(engine.state.name))\n"
        for (h, lines) in sections(engine, now: now) {
            out += "\n## \(h)\n\n"
            out += lines.isEmpty ? "None recorded.\n" : lines.map { "- " + escapeMarkdown($0) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// Text made safe in Markdown: the characters that make raw HTML, entities, links and code
    /// are backslash-escaped (so a note holding `<script>` stays text when the report is turned
    /// into a web page), and a line break continues the same list item with a hard break, its
    /// next line's leading markup (`#`, `-`, `1.`, `>`, `===`…) escaped so it starts nothing new.
    public static func escapeMarkdown(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var lineStart = true    // at the start of a line: leading markup is escaped
        var digits = false      // inside a leading number ("1." would start a list)
        for ch in s.unicodeScalars {
            if lineStart && (ch == " " || ch == "\t") { out.unicodeScalars.append(ch); continue }
            if lineStart {
                lineStart = false
                if "#-+*=>|_~:".unicodeScalars.contains(ch) { out += "\\"; out.unicodeScalars.append(ch); continue }
                if ("0"..."9").contains(ch) { digits = true; out.unicodeScalars.append(ch); continue }
            }
            if digits {
                if ("0"..."9").contains(ch) { out.unicodeScalars.append(ch); continue }
                digits = false
                if ch == "." || ch == ")" { out += "\\"; out.unicodeScalars.append(ch); continue }
            }
            switch ch {
            case "\\", "`", "[", "]", "<", ">", "&":
                out += "\\"
                out.unicodeScalars.append(ch)
            case "\n":
                out += "\\\n  "
                lineStart = true
            case "\r": break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escapeHTML(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func html(_ engine: Engine, now: Timestamp) -> String {
        let e = escapeHTML
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>After-action report: \(e(engine.state.name))</title>"
        out += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}li{margin:.2em 0}</style></head><body>\n"
        out += "<h1>After-action report: \(e(engine.state.name))</h1>\n"
        for (h, lines) in sections(engine, now: now) {
            out += "<h2>\(e(h))</h2>\n"
            out += lines.isEmpty ? "<p>None recorded.</p>\n" : "<ul>\n" + lines.map { "<li>\(e($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
        }
        return out + "</body></html>\n"
    }

    static func csvField(_ s: String) -> String {
        var v = s
        if let f = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) { v = "'" + v }  // no formula injection in spreadsheets
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csv(_ engine: Engine) -> String {
        let s = engine.state
        var out = "seq,happened,recorded,actor,role,type,what,note,entered_in_error\n"
        for e in EntryText.chronological(s.entries) {
            out += [String(e.seq), e.when.rfc3339, e.time.rfc3339, csvField(e.actor), csvField(e.actorRole ?? ""), e.type,
                    csvField(EntryText.describe(e, playbook: engine.playbook)), csvField(e.note ?? ""),
                    s.corrected[e.seq] != nil ? "yes" : "no"].joined(separator: ",") + "\n"
        }
        return out
    }

    /// The report's JSON: the state as `status --json` gives it, and the timeline.
    struct JSONReport: Codable, Sendable {
        var state: StatusJSON.Document
        var timeline: [TimelineEntry]
    }

    /// One entry of the JSON report's timeline, in the order things happened.
    struct TimelineEntry: Codable, Sendable {
        var seq: Int
        var happened, recorded, actor, type, what: String
        @Nullable var note: String?
        var enteredInError: Bool
    }

    static func json(_ engine: Engine, now: Timestamp) -> String {
        let s = engine.state
        let timeline = EntryText.chronological(s.entries).map { e in
            TimelineEntry(seq: e.seq, happened: e.when.rfc3339, recorded: e.time.rfc3339, actor: e.actor, type: e.type,
                          what: EntryText.describe(e, playbook: engine.playbook), note: e.note,
                          enteredInError: s.corrected[e.seq] != nil)
        }
        return JSONOutput.text(JSONReport(state: StatusJSON.document(engine, now: now), timeline: timeline)) + "\n"
    }

    /// HICS 214 activity logs: one per position and operational period, rows by time.
    static func ics214(_ engine: Engine, now: Timestamp) -> String {
        let s = engine.state
        let pb = engine.playbook
        // Period boundaries from period.started entries that count.
        var periods: [(n: Int, from: Timestamp)] = [(1, s.activated)]
        for e in s.entries where e.kind == .periodStarted && s.counts(e.seq) {
            periods.append((Int(e["period"]?.int ?? Int64(periods.count + 1)), e.when))
        }
        func period(of t: Timestamp) -> Int { periods.last { $0.from <= t }?.n ?? 1 }
        var groups: [String: [JournalEntry]] = [:]
        var order: [String] = []
        for e in EntryText.chronological(s.entries) {
            let position = e.actorRole.flatMap { pb.role($0)?.title } ?? "Unassigned position"
            let key = "\(period(of: e.when))\u{1}\(position)\u{1}\(e.actor)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        var out = ""
        for key in order.sorted(by: { a, b in
            let pa = a.split(separator: "\u{1}"), pb2 = b.split(separator: "\u{1}")
            return (Int(pa[0]) ?? 0, pa[1], pa[2]) < (Int(pb2[0]) ?? 0, pb2[1], pb2[2])
        }) {
            let parts = key.split(separator: "\u{1}").map(String.init)
            let n = Int(parts[0]) ?? 1
            let from = periods.first { $0.n == n }?.from ?? s.activated
            let to = periods.first { $0.n == n + 1 }?.from ?? (s.closed ?? now)
            out += "HICS 214 — ACTIVITY LOG\n"
            out += "1. Incident name: \(s.name)\(s.exercise ? " (EXERCISE)" : "")\n"
            out += "2. Operational period: #\(n) from \(from.localDateTime) to \(to.localDateTime)\n"
            out += "3. Name: \(parts[2])\n4. Position: \(parts[1])\n"
            out += "5. Activity log:\n   Date/time         Notable activities\n"
            for e in groups[key] ?? [] {
                out += "   \(e.when.localDateTime)  \(EntryText.line(e, playbook: pb))\(s.corrected[e.seq] != nil ? " [ENTERED IN ERROR]" : "") (#\(e.seq))\n"
            }
            out += "6. Prepared by: \(parts[2]), \(now.localDateTime) — Signature: ______________  Facility: ______________\n\n"
        }
        return out
    }
}
