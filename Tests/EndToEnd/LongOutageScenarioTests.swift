import Foundation
import RunbookKit
import Testing

/// A ten-week outage, replayed through the command line the way a planning section types it
/// up from the paper binder afterwards: decisions on days 0, 3 and 25 (diversion changed on
/// day 25), eight systems of mixed kinds restored on different days (the EHR after 25 days, the
/// last system after about 70), a hundred operational periods, entries typed out of their turn.
/// Then read as an executive, an insurer and a regulator would: `status --json`, `board
/// --once`, `log`, and the report's JSON, Markdown, HTML and CSV.
@Suite("a ten-week outage, replayed", .serialized)
struct LongOutageScenarioTests {
    static let env = ["RUNBOOK_ACTOR": "cmdpost", "TZ": "UTC"]

    @discardableResult
    static func run(_ args: [String], _ home: TempHome) throws -> Runbook.Result {
        let r = try Runbook.run(args, home: home.path, env: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// Day 0 of the outage: 70 days ago, on the hour.
    static let day0: Date = {
        let now = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (now / 3600).rounded(.down) * 3600 - 70 * 86_400)
    }()

    /// `day` days and `hours` hours into the outage, as RFC 3339.
    static func at(_ day: Double, _ hours: Double = 0) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: day0.addingTimeInterval(day * 86_400 + hours * 3600))
    }

    static func date(_ rfc3339: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: rfc3339) ?? ISO8601DateFormatter().date(from: rfc3339)
    }

    /// The systems, their kinds, and the day each went down and came back.
    static let systems: [(name: String, kind: String, down: Double, up: Double)] = [
        ("EHR", "clinical-record", 0, 25), ("Lab", "lab", 0, 24), ("Pharmacy", "pharmacy", 0.1, 40),
        ("PACS", "imaging", 0.1, 20), ("Phones", "communications", 0.2, 2), ("Email", "communications", 0.2, 5),
        ("Internet", "infrastructure", 0.3, 12), ("Payroll", "business", 2, 69),
    ]

    /// The outage as the binder holds it, typed up out of order (a page at a time, the systems
    /// page last), each entry with the time it happened.
    static func replay(_ home: TempHome) throws -> String {
        let id = try run(["new", "--playbook", "occi", "--name", "Ten-week outage", "--at", at(0, 1),
                          "--discovered", at(0), "--from-paper"], home).lastLine
        var pages: [[String]] = [
            ["assign", "ic", "Dr Ng", "--at", at(0, 1), "--from-paper", "p1"],
            ["do", "ic-declare", "done", "--at", at(0, 1), "--from-paper", "p1", "--for", "ic"],
            ["decide", "extended-downtime", "yes", "--at", at(0, 2), "--from-paper", "p1", "--for", "ic"],
            ["decide", "network-isolation", "full", "--at", at(0, 2), "--from-paper", "p1", "--for", "ic"],
            ["decide", "elective-deferral", "defer", "--at", at(0, 3), "--from-paper", "p1", "--for", "ic"],
            // Day 3: the demand arrives; counsel says no notification duty yet; no diversion.
            ["decide", "extortion-demand", "yes", "--at", at(3, 9), "--from-paper", "p9", "--for", "ic"],
            ["decide", "regulator-notification", "no", "--at", at(3, 10), "--from-paper", "p9", "--for", "ic"],
            ["decide", "ambulance-diversion", "no-divert", "--at", at(3, 11), "--from-paper", "p9", "--for", "ic"],
            // Day 25: the EHR's restore fails its validation; CT is out with it: divert.
            ["decide", "ambulance-diversion", "divert", "--at", at(25, 6), "--from-paper", "p40", "--for", "ic",
             "--note", "CT and EHR both out after the failed restore"],
        ]
        for s in systems {
            pages.append(["system", s.name, "down", "--kind", s.kind, "--at", at(s.down, 1), "--from-paper", "systems p1"])
            pages.append(["system", s.name, "up", "--at", at(s.up, 16), "--from-paper", "systems p2"])
        }
        // Ninety-nine shift changes after the first period: one every 16 h 48 min.
        for p in 1..<100 {
            pages.append(["period", "--at", at(Double(p) * 0.7, 1), "--from-paper", "briefings"])
        }
        // The systems page came out of the folder last: typed in reverse.
        let (systemPages, rest) = (pages.filter { $0.first == "system" }, pages.filter { $0.first != "system" })
        for args in rest + systemPages.reversed() { try run(args, home) }
        try run(["note", "Payroll run by hand from the last good export", "--at", at(69, 20), "--from-paper", "p99"], home)
        return id
    }

    /// The loaded OCCI playbook, to know each task's condition by its words.
    static func occi() throws -> Playbook {
        let lib = PlaybookLibrary.standard(home: nil)
        let path = try #require(lib.resolve("occi"))
        return try PlaybookLoader(library: lib).load(path: path).playbook
    }

    /// Every `T+HH:MM` in `text` with its hours: none may be 48 or more.
    static func hourForms(_ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "T\\+ ?(\\d+):(\\d\\d)")
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let r = Range(m.range(at: 1), in: text), let h = Int(text[r]), h >= 48,
                  let all = Range(m.range, in: text) else { return nil }
            return String(text[all])
        }
    }

    @Test func tenWeeksReadInDaysWithNoClockThatCannotApply() throws {
        let home = TempHome()
        _ = try Self.replay(home)
        let playbook = try Self.occi()
        let status = try Self.run(["status", "--json"], home).object()
        let tasks = try #require(status["tasks"] as? [[String: Any]])
        let decisions = try #require(status["decisions"] as? [[String: Any]])
        let undecided = Set(decisions.filter { $0["option"] is NSNull || $0["option"] == nil }.compactMap { $0["id"] as? String })
        #expect(undecided.contains("circia-applies"))
        let conditionOf = Dictionary(uniqueKeysWithValues: playbook.tasks.compactMap { t in t.when.map { (t.id, String(describing: $0)) } })

        // No task is overdue the moment it appears: a task switched on by a decision comes due
        // no earlier than that decision; the diversion tasks count from the change on day 25.
        let day3 = try #require(Self.date(Self.at(3, 9))), day25 = try #require(Self.date(Self.at(25, 6)))
        for t in tasks {
            guard let id = t["id"] as? String, let cond = conditionOf[id], t["status"] as? String != "inapplicable",
                  let dueText = t["due"] as? String, let due = Self.date(dueText) else { continue }
            if cond.contains("ambulance-diversion") && !cond.contains("no-divert") {
                #expect(due > day25, "\(id) (\(cond)) due \(dueText), before diversion was decided on day 25")
            }
            if cond.contains("extortion-demand") { #expect(due > day3, "\(id) (\(cond)) due \(dueText), before the demand on day 3") }
        }
        for id in ["ops-diversion", "ops-emtala-screening", "liaison-diversion-agreement", "pio-ed-status-public", "ic-extortion-route"] {
            let t = try #require(tasks.first { $0["id"] as? String == id }, "\(id) missing")
            #expect(t["status"] as? String != "inapplicable", "\(id): \(t)")
        }

        // No clock that cannot apply is shown as passed or missed: a deadline whose condition is
        // undecided (CIRCIA) or went the other way (regulator-notification = no) is not overdue,
        // not PASSED on the board, not missed in the report.
        let impossible = tasks.filter { t in
            guard t["deadline"] as? Bool == true, let id = t["id"] as? String, let cond = conditionOf[id] else { return false }
            return t["status"] as? String == "inapplicable" || undecided.contains { cond.contains($0) }
        }
        #expect(impossible.count >= 3, "\(impossible.map { $0["id"] ?? "" })")
        for t in impossible { #expect(t["overdue"] as? Bool == false, "\(t)") }
        let board = try Self.run(["board", "--once"], home).stdout
        let boardLines = board.split(separator: "\n").map(String.init)
        for t in impossible {
            let title = String((t["title"] as? String ?? "").prefix(30))
            for line in boardLines where line.contains(title) {
                #expect(!line.contains("PASSED") && !line.contains("OVERDUE"), "\(line)")
            }
        }
        let report = try Self.run(["report", "--format", "json", "--output", "-"], home).object()
        let figures = try #require(report["figures"] as? [String: Any])
        let missed = ((figures["deadlines"] as? [[String: Any]]) ?? []).filter { $0["met"] as? Bool == false }.compactMap { $0["task"] as? String }
        for t in impossible { #expect(!missed.contains(t["id"] as? String ?? ""), "\(t["id"] ?? "") listed as missed") }

        // Recovery by kind: back-entry and registration reconciliation for the record systems only.
        let recordOnly = playbook.tasks.filter { $0.perSystem && ($0.title.hasPrefix("Back-enter") || $0.title.contains("downtime registration")) }
        #expect(recordOnly.count >= 2, "\(recordOnly.map(\.id))")
        for def in recordOnly {
            let row = try #require(tasks.first { $0["id"] as? String == def.id })
            let on = Set(((row["instances"] as? [[String: Any]]) ?? []).compactMap { $0["system"] as? String })
            #expect(on.contains("EHR"), "\(def.id) on \(on)")
            #expect(on.isDisjoint(with: ["Phones", "Email", "Internet", "Payroll"]), "\(def.id) on \(on)")
        }
        // Each per-system instance counts from its own system's first report down.
        let firstDown = Dictionary(uniqueKeysWithValues: Self.systems.map { ($0.name, Self.date(Self.at($0.down, 1))) })
        for row in tasks {
            for inst in (row["instances"] as? [[String: Any]]) ?? [] {
                guard let sys = inst["system"] as? String, let down = firstDown[sys] ?? nil, let dueText = inst["due"] as? String,
                      let due = Self.date(dueText) else { continue }
                #expect(due >= down, "\(inst["id"] ?? "") due \(dueText) before \(sys) went down")
            }
        }
        // The EHR came back on day 25 without its go-live recorded: said, not hidden.
        let flat = board.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("EHR — reported up") && flat.contains("go-live not recorded"), "\(board)")

        // Weeks read in days, everywhere.
        let log = try Self.run(["log"], home).stdout
        let statusText = try Self.run(["status"], home).stdout
        let md = try Self.run(["report", "--format", "md", "--output", "-"], home).stdout
        let html = try Self.run(["report", "--format", "html", "--output", "-"], home).stdout
        let csv = try Self.run(["report", "--format", "csv", "--output", "-"], home).stdout
        for (what, text) in [("board", board), ("log", log), ("status", statusText), ("md", md), ("html", html), ("csv", csv)] {
            #expect(Self.hourForms(text).isEmpty, "\(what): \(Self.hourForms(text).prefix(5))")
        }
        #expect(md.range(of: "T\\+\\d+d \\d\\d:\\d\\d", options: .regularExpression) != nil)
        #expect(md.contains("go-live not recorded"), "the report says the EHR's go-live was not recorded")
    }

    /// The moment a decision switches tasks on, none of them is overdue: diversion decided on
    /// day 3, an extortion demand on day 3, and HIC-TCR's compromise confirmed on day 10.
    @Test func tasksSwitchedOnLateAreNotBornOverdue() throws {
        let home = TempHome()
        _ = try home.newIncident(extra: ["--at", "-3d"])
        try Self.run(["decide", "ambulance-diversion", "divert"], home)
        try Self.run(["decide", "extortion-demand", "yes"], home)
        let tasks = try #require(try Self.run(["status", "--json"], home).object()["tasks"] as? [[String: Any]])
        for id in ["ops-diversion", "ops-emtala-screening", "liaison-diversion-agreement", "pio-ed-status-public", "ic-extortion-route"] {
            let t = try #require(tasks.first { $0["id"] as? String == id }, "\(id) missing")
            #expect(t["overdue"] as? Bool == false, "\(id): \(t)")
            #expect(t["status"] as? String != "inapplicable", "\(id): \(t)")
        }
        let tcr = TempHome()
        _ = try tcr.newIncident(playbook: "hic-tcr", extra: ["--at", "-10d"])
        try Self.run(["decide", "active-compromise", "confirmed"], tcr)
        let tcrTasks = try #require(try Self.run(["status", "--json"], tcr).object()["tasks"] as? [[String: Any]])
        let report = try #require(tcrTasks.first { $0["id"] as? String == "compliance-law-enforcement" })
        #expect(report["overdue"] as? Bool == false, "\(report)")
        let due = try #require(Self.date(report["due"] as? String ?? ""))
        #expect(abs(due.timeIntervalSinceNow - 2 * 86_400) < 600, "due \(report["due"] ?? "") is not 2 days from the decision")
    }
}
