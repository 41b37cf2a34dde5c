/// The after-action report in Markdown, in the HSEEP order.
enum AfterActionMarkdown {
    /// Inline text safe anywhere in Markdown, table cells included: folded to one line
    /// (`TextFold`), then every character that makes markup backslash-escaped.
    static func cell(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in TextFold.oneLine(s).unicodeScalars {
            switch ch {
            case "\\", "`", "[", "]", "<", ">", "&", "|", "*", "_", "~", "#", "!":
                out += "\\"
                out.unicodeScalars.append(ch)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func table(_ head: [String], _ rows: [[String]]) -> String {
        var out = "| " + head.joined(separator: " | ") + " |\n|" + head.map { _ in "---|" }.joined() + "\n"
        for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        return out
    }

    /// The report; with `summary`, only the few pages a board and an insurer read (page one,
    /// the executive summary, the decisions and deadlines, one line each on the deviations,
    /// the improvement plan and the journal's check).
    static func render(_ m: ReportModel, summary: Bool = false) -> String {
        let c = m.clock, h = m.header
        let e = cell
        func tp(_ t: Timestamp?) -> String { t.map { ReportClock.tPlus(m.tPlus($0)) } ?? "—" }
        func dt(_ t: Timestamp?) -> String { t.map(c.dateTime) ?? "—" }
        var out = ""
        if let p = m.integrity.problem {
            out += "> **WARNING — this journal FAILED verification: \(e(p)).** What follows is what could be read before the damage; it is not a clean record.\n\n"
        }
        out += "# After-action report\(summary ? ", summary" : ""): \(e(h.name))\(h.exercise ? " — EXERCISE" : "")\n\n"
        if h.exercise { out += "**EXERCISE — EXERCISE — EXERCISE.** This incident was an exercise.\n\n" }
        if m.redact { out += "**REDACTED:** \(e(ReportText.redactedBanner(m)))\n\n" }
        out += ReportBoard.markdown(m)
        out += "\n## 1. Executive summary\n\n" + ReportSummary.sentences(m).map { "- \(e($0))\n" }.joined()
        out += "\n## Incident details\n\n"
        out += table(["", ""], [
            ["Incident", "\(e(h.name)) (\(e(h.incidentID)))"],
        ] + (h.facility.map { [["Facility", e($0)]] } ?? []) + [
            ["Playbook", "\(e(h.playbookTitle)) — \(e(h.playbookID)) version \(e(h.playbookVersion))"],
            ["Playbook SHA-256", "`\(h.playbookSHA256)`"],
            ["Exercise", h.exercise ? "**EXERCISE**" : "no (real incident)"],
            ["Discovered", dt(h.discovered)],
            ["Activated", dt(h.activated)],
            ["Closed", h.closed.map(c.dateTime) ?? "still open — this report is as of \(c.dateTime(h.end))"],
            ["Duration", "\(e(PlaybookDuration.spoken(seconds: h.durationSeconds))); \(h.periodCount) operational period\(h.periodCount == 1 ? "" : "s")"],
            ["Times", "\(c.zoneName(at: h.activated)); T+ is the time after activation"],
        ] + (h.amendedWords(c).map { [["Amended", e($0)]] } ?? []))
        if summary {
            out += "\n## Decisions\n\n" + decisionsTable(m)
            out += "\n## Deadlines\n\n" + deadlinesTable(m)
            out += "\n## Deviations and improvement plan\n\n\(e(ReportBoard.deviationsLine(m)))\n\n\(e(ReportBoard.improvementLine(m)))\n"
            out += "\n## Integrity\n\n\(e(ReportBoard.integrityLine(m)))\n"
            out += "\n[//]: # (\(ReportStamp(.md, m, summary: true).text))\n"
            return out
        }
        // The milestones against plan are on page one; not repeated here.
        out += "\n## 2. Milestones\n\nEach milestone against plan, with its entry, is on page one (“Milestones against plan”).\n"
        // An interim report (still open) says what is open but not missed in columns of its own.
        let interim = h.closed == nil
        let openHeads = interim ? ["Not yet due", "Waiting on a decision"] : []
        out += "\n## 3. Phases: planned against actual\n\n" + table(["Phase", "Planned window", "First activity", "Last activity", "Done", "Skipped", "Not done"] + openHeads + ["Did not apply"], m.phases.map { p in
            [e(p.title), "\(tp(p.plannedFrom)) to \(p.plannedTo.map(tp) ?? "end")", tp(p.firstActivity), tp(p.lastActivity),
             String(p.done), String(p.skipped), String(p.open)] + (interim ? [String(p.notYetDue), String(p.waitingOnDecision)] : []) + [String(p.inapplicable)]
        })
        out += "\n## 4. Roles\n\n" + table(["Role", "Done", "Skipped", "Late", "Not done"] + openHeads + ["Held by"], m.roles.map { r in
            [e(r.title), String(r.done), String(r.skipped), String(r.late), String(r.notDone)] + (interim ? [String(r.notYetDue), String(r.waitingOnDecision)] : []) + [
             r.holders.isEmpty ? "not assigned" : r.holders.map { "\(e($0.person)) from \(dt($0.from))\($0.to.map { " to \(c.dateTime($0))" } ?? "")" }.joined(separator: "; then ")]
        })
        out += "\n## 5. Decisions\n\n" + decisionsTable(m)
        out += "\n## 6. Systems\n\n"
        if m.systems.isEmpty { out += "No affected system was recorded.\n" } else {
            out += table(["System", "Outage", "Down / degraded", "First reported", "Restored", "Estimates given"], m.systems.map { sys in
                [e(sys.name), bar(sys, m), e(PlaybookDuration.spoken(seconds: sys.outageSeconds)), dt(sys.firstReported),
                 sys.goLiveWords(c).map { "**\(e($0))**" } ?? sys.restored.map { "\(c.dateTime($0)) (\(tp($0)))" } ?? "**still \(sys.stateAtEnd.rawValue)**",
                 estimates(sys, m)]
            })
            out += "\nBars: █ down, ▒ degraded, · up, over the whole incident (\(dt(h.activated)) to \(dt(h.end))).\n"
        }
        out += "\n## 7. Deviations\n\n"
        out += m.deviations.isEmpty ? "None recorded.\n" : table(["Kind", "Entry", "When", "What", "Detail"], m.deviations.map { d in
            [d.kind.rawValue, d.seq.map { "#\($0)" } ?? "—", tp(d.when), e(d.what), e(d.detail)]
        })
        out += "\n## 8. Deadlines\n\n"
        out += deadlinesTable(m)
        out += "\n## 9. Entries transcribed from paper\n\n"
        out += m.transcribed.isEmpty ? "None.\n" : m.timeline.filter { $0.paper != nil }.map { r in
            "- #\(r.seq) \(c.dateTime(r.when)), recorded \(c.dateTime(r.recorded)): \(e(r.what))\(r.note.map { ": " + e($0) } ?? "")\(r.paper.map { $0.isEmpty ? "" : " — from \(e($0))" } ?? "")\n"
        }.joined()
        if m.listsPeriods {
            out += "\n## Operational periods\n\n\(m.periods.count) periods, one a row.\n\n"
            out += table(["Period", "Began", "Ended", "Length", "Begun by", "Note", "Entries"], m.periodSummaries.map { p in
                [String(p.number), c.dateTime(p.from), ReportText.periodEnd(p, m), e(PlaybookDuration.spoken(seconds: p.from.seconds(until: p.to))),
                 p.begunBy.map(e) ?? "activation", p.note.map(e) ?? "", String(p.entries)]
            })
        }
        out += "\n## 10. Improvement plan\n\nPre-filled from lessons and deviations; the planner fills the blank columns.\n\n"
        if m.improvements.isEmpty { out += "Nothing recorded.\n" }
        // Lessons first, then the deviations by kind, a sub-heading each.
        for (k, g) in m.improvementGroups.enumerated() {
            out += (k == 0 ? "" : "\n") + "### \(g.group.rawValue)\n\n"
            out += table(["Objective or capability", "Issue or area for improvement", "Corrective action", "Capability element", "Primary responsible organization", "POC", "Start", "Completion"], g.rows.map { i in
                [e(i.capability), "\(e(i.issue)) (\(e(i.source)))", "", "", "", "", "", ""]
            })
        }
        out += "\n## 11. Integrity\n\n"
        let witness = Witness.head(entries: m.integrity.entries, hash: m.integrity.head)
        out += "- Entries: \(m.integrity.entries)\n- Chain head: `\(m.integrity.head)`\n"
        out += "- Witness: \(witness.line) — to prove later that nothing up to here was rewritten: `\(witness.checkCommand)`\n"
        out += "- Verification: " + (m.integrity.problem.map { "**FAILED** — \(e($0))" } ?? "passed (every line's hash and the chain checked when this report was made)") + "\n"
        if m.integrity.tornTail { out += "- A line cut short by a crash at the end of the journal was skipped (not a recorded action).\n" }
        if m.redact { out += "- Redacted: \(e(ReportText.redactedIntegrity))\n" }
        out += "\nTo re-check, run the README's Python check in the incident's folder; it must print `intact: \(m.integrity.entries) entries, chain head \(m.integrity.head)`:\n\n```python\n\(ReportText.pythonCheck)```\n"
        out += timelineAppendix(m)
        // A link reference definition: Markdown shows nothing of it, and it holds no `<` or `&`.
        out += "\n[//]: # (\(ReportStamp(.md, m).text))\n"
        return out
    }

    /// Section 5's table: each decision's question, answer, when, by whom and why.
    static func decisionsTable(_ m: ReportModel) -> String {
        let e = cell, c = m.clock
        func tp(_ t: Timestamp) -> String { ReportClock.tPlus(m.tPlus(t)) }
        return table(["Decision", "Answer", "When", "By", "Reason"], m.decisions.map { d in
            [e(d.question), d.option.map { "**\(e($0))**" } ?? "not decided", d.when.map { "\(c.dateTime($0)) (\(tp($0)))" } ?? "—",
             d.by.map { "\(e($0))\(d.role.map { " (\(e($0)))" } ?? "")" } ?? "—", d.reason.map(e) ?? "—"]
        })
    }

    /// Section 8's table, or that there is none.
    static func deadlinesTable(_ m: ReportModel) -> String {
        let e = cell
        func dt(_ t: Timestamp?) -> String { t.map(m.clock.dateTime) ?? "—" }
        return m.deadlines.isEmpty ? "This playbook sets no external deadline.\n" : table(["Deadline", "Due", "Done", "Result"], m.deadlines.map { d in
            [e(d.title), d.conditional.map { "if \(e($0)): \(dt(d.due))" } ?? dt(d.due), dt(d.done), d.met.map { $0 ? "met" : "**MISSED**" } ?? "open"]
        })
    }

    /// Appendix A, the full timeline: one row an entry, its note after a dash, the hash
    /// shortened (the JSON and the CSV carry it whole).
    static func timelineAppendix(_ m: ReportModel) -> String {
        let e = cell, c = m.clock
        var out = "\n## Appendix A — Full timeline\n\nEvery entry in the order things happened; entries marked entered in error are struck through, with the reason. Back-dated entries show when they happened and when they were recorded. \(ReportText.timelineHashes(m))\n\n"
        out += m.redact ? "| # | T+ | When | Who | What |\n|---|---|---|---|---|\n" : "| # | T+ | When | Who | What | Hash |\n|---|---|---|---|---|---|\n"
        for r in m.timeline {
            var when = c.dateTime(r.when)
            if r.backdated { when += " (recorded \(c.dateTime(r.recorded)))" }
            var what = e(r.what)
            if let p = r.paper { what += p.isEmpty ? " (from paper)" : " (from paper: \(e(p)))" }
            if let n = r.note { what += " — \(e(n))" }
            if let by = r.correctedBy { what = "~~\(what)~~ ENTERED IN ERROR (#\(by): \(e(r.correctionReason ?? "")))" }
            out += "| \(r.seq) | \(ReportClock.tPlus(m.tPlus(r.when))) | \(when) | \(e(EntryText.who(person: r.person, role: r.role, typist: r.forPerson == nil ? nil : r.actor)) + (r.station.map { " at " + $0 } ?? "")) | \(what) |\(m.redact ? "" : " `\(r.hash.prefix(AfterActionHTML.shortHash))` |")\n"
        }
        return out
    }

    /// A 40-character bar of the system's states across the incident.
    static func bar(_ sys: ReportModel.SystemRow, _ m: ReportModel) -> String {
        let width = 40
        let start = m.header.activated.millis, span = max(1, m.header.end.millis - start)
        var cells = [Character](repeating: " ", count: width)
        for seg in sys.segments {
            let a = Int((seg.from.millis - start) * Int64(width) / span), b = Int((seg.to.millis - start) * Int64(width) / span)
            let ch: Character = seg.state == .down ? "█" : seg.state == .degraded ? "▒" : "·"
            for k in max(0, a)...max(max(0, a), min(width - 1, b - 1)) where k < width { cells[k] = ch }
        }
        return "`" + String(cells) + "`"
    }

    static func estimates(_ sys: ReportModel.SystemRow, _ m: ReportModel) -> String { cell(estimatesText(sys, m)) }

    /// How a system's restoration estimates moved, as plain text.
    static func estimatesText(_ sys: ReportModel.SystemRow, _ m: ReportModel) -> String {
        if sys.estimates.isEmpty { return "none given" }
        var parts = sys.estimates.map { "\(m.clock.dateTime($0.eta)) (given \(ReportClock.tPlus(m.tPlus($0.given))))" }
        if let first = sys.estimates.first, let r = sys.restored {
            parts.append("restored \(ReportClock.against(plan: first.eta.seconds(until: r))) against the first estimate")
        }
        return parts.joined(separator: " → ")
    }
}

/// Text shared by the report's formats.
enum ReportText {
    /// What a redacted export says first: what is hidden, and what is kept.
    static func redactedBanner(_ m: ReportModel) -> String {
        "notes, reasons, paper references and tags are replaced by [redacted], people's names by Person A, Person B… (the same person the same letter throughout); entry numbers and the chain head are kept (entries 1–\(m.integrity.entries), chain head \(m.integrity.head)), no entry's own hash."
    }

    /// Why a redacted export carries no entry's hash, and how it is checked instead.
    static let redactedIntegrity = "this copy carries no entry's own hash, which would let a guess at a hidden note or name be confirmed; only the entry numbers and the chain head. runbook verify --export FILE makes it again from the journal and compares."

    /// When period `p` ended, in the compact periods table: the last one of an open incident
    /// has not ended.
    static func periodEnd(_ p: ReportModel.PeriodSummary, _ m: ReportModel) -> String {
        m.header.closed == nil && p.number == m.periods.count ? "open (as of \(m.clock.dateTime(p.to)))" : m.clock.dateTime(p.to)
    }

    /// What the timeline says of its hashes.
    static func timelineHashes(_ m: ReportModel) -> String {
        m.redact ? "This redacted copy shows no entry's hash (see Integrity)." : "Each entry's hash matches its line in the journal."
    }

    /// The README's check, verbatim: anyone can re-check the journal with it.
    static let pythonCheck = """
    import hashlib, json
    data = open("journal.jsonl", "rb").read()
    prev = "0" * 64
    # Only the bytes after the last newline can be torn (a crash mid-write): not an entry.
    for n, line in enumerate(data.split(b"\\n")[:-1], 1):
        cut = line.rindex(b',"hash":"')
        e = json.loads(line)
        assert hashlib.sha256(line[:cut] + b"}").hexdigest() == e["hash"], n
        assert e["seq"] == n and e["prev"] == prev, n
        prev = e["hash"]
    print("intact:", n, "entries, chain head", prev)

    """
}
