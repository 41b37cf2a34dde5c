import Crypto
import Foundation

/// The paper downtime binder (`playbooks print --format html`): a cover with the playbook's id,
/// version and SHA-256 (the same digest an incident's entry 1 seals, so paper and screen can be
/// matched later) and a blank sign-in sheet; per role a Job Action Sheet (header to fill in,
/// tasks by phase each with a check box and Time and Initials columns, guidance in short,
/// deadlines and milestones flagged) and a blank HICS 214 activity log. One page break between
/// each; the check-sum stamp at the foot of every page. No script, nothing fetched.
public enum Binder {
    /// The SHA-256 of the playbook as an incident freezes it (hex).
    public static func digest(_ loaded: LoadedPlaybook) -> String {
        JournalLine.hex(SHA256.hash(data: Array(loaded.frozenText.utf8)))
    }

    /// The roles printed: `role` alone, or every role that has tasks.
    static func roles(_ p: Playbook, role: String?) -> [Playbook.Role] {
        p.roles.filter { r in (role == nil || r.id == role) && p.tasks.contains { $0.role == r.id } }
    }

    /// Guidance in short: the first sentence (or line) of a task's detail, at most about 160 characters.
    static func short(_ detail: String) -> String {
        let flat = detail.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        var s = flat
        if let dot = flat.range(of: ". ") { s = String(flat[..<dot.lowerBound]) + "." }
        return s.count > 160 ? String(s.prefix(159)) + "…" : s
    }

    /// The flags printed beside a task.
    static func flags(_ t: Playbook.TaskDef) -> [String] {
        var f: [String] = []
        if t.deadline { f.append("DEADLINE") }
        if t.critical { f.append("CRITICAL") }
        if t.milestone { f.append("MILESTONE") }
        return f
    }

    /// When a task is due and what it waits on, in words.
    static func timing(_ t: Playbook.TaskDef, _ p: Playbook) -> String {
        var parts: [String] = []
        if let d = t.due { parts.append(d.anchor == .activation && !t.dueStartsLater ? "due T+\(d)" : t.dueRuleWords ?? d.words) }
        if let e = t.every { parts.append("every \(e)") }
        if let w = t.when { parts.append("only if \(w.words(differs: "≠") { p.decision($0)?.question ?? $0 })") }
        if !t.after.isEmpty { parts.append("after " + t.after.map { p.task($0)?.title ?? $0 }.joined(separator: "; ")) }
        return parts.joined(separator: " · ")
    }

    public static func html(_ loaded: LoadedPlaybook, role: String?) -> [UInt8] {
        let p = loaded.playbook
        let sha = digest(loaded)
        var w = HTMLWriter()
        AfterActionHTML.head(&w, title: "Downtime binder: " + p.title + " " + p.version)
        w.raw("<style>\n.stamp{font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:7.5pt;border-top:.6pt solid #000;margin-top:1.2em;padding-top:2pt;overflow-wrap:anywhere}\n.box{display:inline-block;width:11pt;height:11pt;border:1pt solid #000;vertical-align:middle}\ntd.w{height:2.1em}\n.flag{font-weight:bold;border:1pt solid #000;padding:0 2pt;font-size:8pt;white-space:nowrap}\n.guide{font-size:9pt}\n</style>\n")
        func stamp() {
            w.raw("<p class=\"stamp\">Playbook "); w.text(p.id); w.raw(" version "); w.user(p.version)
            w.raw(" · SHA-256 "); w.text(sha); w.raw("</p>")
        }
        // Cover and sign-in sheet.
        w.raw("<div class=\"page\" id=\"cover\"><h1>Downtime binder</h1><p style=\"font-size:15pt;font-weight:bold\">"); w.user(p.title); w.raw("</p>")
        w.raw("<table class=\"kv\"><tbody><tr><th scope=\"row\">Playbook</th><td>"); w.text(p.id); w.raw(" version "); w.user(p.version)
        w.raw("</td></tr><tr><th scope=\"row\">SHA-256</th><td class=\"hash\">"); w.text(sha)
        w.raw("</td></tr><tr><th scope=\"row\">Source</th><td>"); w.user(p.source)
        w.raw("</td></tr><tr><th scope=\"row\">Roles in this binder</th><td>")
        w.user(roles(p, role: role).map(\.title).joined(separator: "; "))
        w.raw("</td></tr></tbody></table>\n<p>Match this binder to the screen: <code>runbook playbooks show ")
        w.text(p.id)
        w.raw("</code> and the incident's first entry (<code>playbookSHA256</code>) carry the same SHA-256. Write times in 24-hour local time. Back on the screen, enter what was done with <code>--at HH:MM --from-paper \"BINDER PAGE\"</code>.</p>\n")
        w.raw("<table class=\"kv\"><tbody>")
        for k in ["Incident name", "Facility", "Date", "Command center location", "Binder opened by"] {
            w.raw("<tr><th scope=\"row\">\(k)</th><td class=\"w\"></td></tr>")
        }
        w.raw("</tbody></table>")
        stamp()
        w.raw("</div>\n<div class=\"page\" id=\"sign-in\"><h1>Sign-in sheet</h1><table><thead><tr><th>Name</th><th>Position</th><th style=\"width:6em\">Time in</th><th style=\"width:6em\">Time out</th><th style=\"width:6em\">Initials</th><th>Contact</th></tr></thead><tbody>")
        for _ in 0..<24 { w.raw("<tr><td class=\"w\"></td><td></td><td></td><td></td><td></td><td></td></tr>") }
        w.raw("</tbody></table>")
        stamp()
        w.raw("</div>\n")
        for r in roles(p, role: role) {
            let tasks = p.tasks.filter { $0.role == r.id }
            w.raw("<div class=\"page\" id=\"jas-"); w.text(r.id); w.raw("\"><h1>Job Action Sheet — "); w.user(r.title); w.raw("</h1>\n")
            w.raw("<table class=\"kv\"><tbody>")
            w.raw("<tr><th scope=\"row\">Mission</th><td>Carry out the "); w.user(r.title)
            w.raw(" tasks below, in order of phase, and record each on this sheet and the activity log.</td></tr>")
            for k in ["Date", "Start / end", "Assigned to", "Reports to", "Command center location", "Contact (radio, phone)"] {
                w.raw("<tr><th scope=\"row\">\(k)</th><td class=\"w\"></td></tr>")
            }
            w.raw("</tbody></table>\n")
            for ph in p.phases {
                let inPhase = tasks.filter { $0.phase == ph.id }
                guard !inPhase.isEmpty else { continue }
                w.raw("<h2>"); w.user(ph.title); w.raw(" (T+\(ph.from)\(ph.to.map { " to T+\($0)" } ?? " onwards"))</h2>\n")
                w.raw("<table><colgroup><col style=\"width:2.2em\"><col><col style=\"width:5.5em\"><col style=\"width:5.5em\"></colgroup><thead><tr><th>✓</th><th>Task</th><th>Time</th><th>Initials</th></tr></thead><tbody>")
                for t in inPhase {
                    w.raw("<tr><td><span class=\"box\"></span></td><td><strong>"); w.user(t.title); w.raw("</strong>")
                    for fl in flags(t) { w.raw(" <span class=\"flag\">\(fl)</span>") }
                    let when = timing(t, p)
                    if !when.isEmpty { w.raw("<br>"); w.user(when) }
                    let g = short(t.detail)
                    if !g.isEmpty { w.raw("<br><span class=\"guide\">"); w.user(g); w.raw("</span>") }
                    w.raw(" <span class=\"guide\">["); w.text(t.id); w.raw("]</span></td><td></td><td></td></tr>")
                }
                w.raw("</tbody></table>\n")
            }
            stamp()
            w.raw("</div>\n<div class=\"page\" id=\"ics214-"); w.text(r.id); w.raw("\"><h1>HICS 214 — Activity Log</h1>\n<table class=\"kv\"><tbody>")
            w.raw("<tr><th scope=\"row\">1. Incident name</th><td class=\"w\"></td></tr><tr><th scope=\"row\">2. Operational period</th><td class=\"w\">Date/time from: ____________ to: ____________</td></tr>")
            w.raw("<tr><th scope=\"row\">3. Name</th><td class=\"w\"></td></tr><tr><th scope=\"row\">4. Position</th><td>"); w.user(r.title); w.raw("</td></tr></tbody></table>\n")
            w.raw("<table><colgroup><col style=\"width:7em\"><col style=\"width:5em\"><col></colgroup><thead><tr><th>Date</th><th>Time</th><th>Notable activities</th></tr></thead><tbody>")
            for _ in 0..<18 { w.raw("<tr><td class=\"w\"></td><td></td><td></td></tr>") }
            w.raw("</tbody></table>\n<table class=\"kv\"><tbody><tr><th scope=\"row\">Prepared by (name)</th><td class=\"w\"></td></tr><tr><th scope=\"row\">Position/title</th><td class=\"w\"></td></tr><tr><th scope=\"row\">Signature</th><td class=\"w\"></td></tr><tr><th scope=\"row\">Facility · date/time</th><td class=\"w\"></td></tr></tbody></table>")
            stamp()
            w.raw("</div>\n")
        }
        w.raw("</body></html>\n")
        return w.bytes
    }
}
