import Foundation
import Testing

/// A ten-week outage lived through the command line, entry by entry, as the command post and
/// the planning section record it: hundreds of operational periods (three shifts a day; six in
/// the full tier), the IC's briefing and the other recurring rounds done, the IC handed over
/// every few days and rounds done `--for` whoever held the role then, eight systems of every
/// kind the playbook knows going down, degraded and up with their estimates moved, one system
/// back up and down again, ambulance diversion changed divert → partial → no-divert, entries
/// marked in error, binder pages typed days later out of their order, and the night the
/// clocks went back in New York (1 November 2020, in `TZ=America/New_York`). Then the
/// incident is read as its readers would: `board --once`, every report format, `verify`, and
/// the report's JSON read for sense.
///
/// The window is fixed (1 September to 10 November 2020), so the clock change falls inside it
/// whatever today's date.
@Suite("a ten-week soak through the command line", .serialized)
struct SoakEndToEndTests {
    static let env = ["RUNBOOK_ACTOR": "cmdpost", "TZ": "America/New_York"]
    /// Day 0, 08:00 EDT on 1 September 2020.
    static let day0 = Date(timeIntervalSince1970: 1_598_961_600)
    static let days = 70
    /// Shift changes a day: one in the quick tier (70 periods, so `make test` stays within a
    /// minute on a loaded machine: every command reads the whole journal), four in the full
    /// one (280 periods).
    static let shifts = TestTier.pick(quick: 1, full: 4)
    /// The recurring rounds done, with how often: the IC's briefing daily in the quick tier;
    /// in the full tier the action plan and the briefing every 12 h, the safety rounds, the
    /// staffing projection, the daily clock register and the census every 4 h.
    static let rounds: [(task: String, everyHours: Double, role: String)] = TestTier.pick(
        quick: [("ic-period-briefing", 24, "ic")],
        full: [("planning-iap", 12, "planning"), ("ic-period-briefing", 12, "ic"), ("planning-staffing-projection", 24, "planning"),
               ("safety-rounds", 12, "safety"), ("privacy-clock-register", 24, "privacy"), ("ops-census", 4, "ops")])

    /// The systems, one of every kind the OCCI playbook knows; each goes down on day 0,
    /// degraded two days before it is back, and up on its day.
    static let systems: [(name: String, kind: String, up: Int)] = [
        ("EHR", "clinical-record", 24), ("Patient monitors", "clinical-device", 6), ("PACS", "imaging", 18),
        ("Lab system", "lab", 21), ("Pharmacy", "pharmacy", 30), ("Phones", "communications", 3),
        ("Internet", "infrastructure", 12), ("Payroll", "business", 65),
    ]
    static let people = ["Dr Ng", "Dr Patel", "Dr Moreau", "Dr Osei"]

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

    @discardableResult
    static func run(_ args: [String], _ home: TempHome) throws -> Runbook.Result {
        let r = try Runbook.run(args, home: home.path, env: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// The last entry's seq.
    static func head(_ home: TempHome, _ id: String) throws -> Int {
        try #require(try home.journal(id).last?["seq"] as? Int)
    }

    /// What the soak recorded that the checks compare with, worked out from the script.
    struct Expected {
        var periods = 1
        var corrected: [Int] = []
        /// Seconds each system was down or degraded.
        var outage: [String: Int] = [:]
    }

    /// Commands run on another thread than the test's: their failures are kept here and
    /// checked on the test's own thread (an expectation needs the test's context).
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var list: [String] = []
        /// The entries marked in error, by seq.
        private(set) var corrected: [Int] = []
        func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
        func correct(_ seq: Int) { lock.lock(); corrected.append(seq); lock.unlock() }
    }

    /// Runs `args`, keeping a failure in `failures`; returns the entry number it was recorded as.
    @discardableResult
    static func record(_ args: [String], _ home: String, _ failures: Failures) -> Int? {
        guard let r = try? Runbook.run(args, home: home, env: env) else { failures.add("\(args): did not start"); return nil }
        guard r.status == 0 else { failures.add("\(args): \(r.stderr)"); return nil }
        guard let range = r.stdout.range(of: #"recorded #[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(r.stdout[range].dropFirst("recorded #".count))
    }

    /// Lives the ten weeks through the command line; returns the incident's id.
    ///
    /// Three people type at once after the first hour, as in a command center: the planning
    /// section begins the periods, the IC's scribe does the rounds, the hand-overs and the
    /// decisions, the systems desk reports systems, corrections and the paper pages. Each entry
    /// carries when it happened, and the engine folds in that order, so their interleaving does
    /// not matter (and the run takes less time on a machine with more than one core).
    static func soak(_ home: TempHome, expected: inout Expected) throws -> String {
        let id = try run(["new", "--playbook", "occi", "--name", "Ten-week soak", "--at", at(0, 1),
                          "--discovered", at(0), "--from-paper", "IC log p1"], home).lastLine
        try run(["assign", "ic", people[0], "--at", at(0, 1), "--from-paper", "IC log p1"], home)
        for (role, who) in [("planning", "RN Diaz"), ("safety", "RN Okafor"), ("privacy", "Ms Lindqvist"), ("ops", "RN Brooks")] {
            try run(["assign", role, who, "--at", at(0, 1.5), "--for", "ic"], home)
        }
        // The first hour's tasks the rounds wait on.
        for task in ["ic-declare", "ic-activate-command", "ic-appoint-command-staff", "ic-set-objectives", "planning-iap",
                     "safety-med-admin", "ops-activate-downtime", "ops-downtime-registration"] {
            try run(["do", task, "done", "--at", at(0, 1.6), "--for", task.hasPrefix("ic-") ? "ic" : String(task.prefix { $0 != "-" })], home)
        }
        for (d, o) in [("network-isolation", "full"), ("extended-downtime", "yes"), ("elective-deferral", "defer")] {
            try run(["decide", d, o, "--at", at(0, 2), "--for", "ic"], home)
        }
        try run(["decide", "ambulance-diversion", "divert", "--at", at(0, 2.5), "--for", "ic", "--note", "CT and the EHR both out"], home)
        for (k, s) in systems.enumerated() {
            try run(["system", s.name, "down", "--kind", s.kind, "--at", at(0, 1 + Double(k) * 0.1), "--eta", at(Double(2 + k))], home)
        }

        let failures = Failures(), path = home.path
        let planning: @Sendable () -> Void = {
            for d in 1..<days {
                for p in 0..<shifts {
                    record(["period", "--at", at(Double(d), Double(p) * 24 / Double(shifts)), "--note", "shift \(d).\(p)"], path, failures)
                }
            }
        }
        let scribe: @Sendable () -> Void = {
            for d in 1..<days {
                // The IC hands over every third day, typed before the rounds after it: `--for ic`
                // names whoever held the role as the journal stands when it is typed. The IC's
                // decisions go with the IC's entries.
                if d % 3 == 0 { record(["assign", "ic", people[(d / 3) % people.count], "--at", at(Double(d), 7.75), "--note", "handover"], path, failures) }
                for r in rounds {
                    var h = 0.5
                    while h < 24 {
                        record(["do", r.task, "done", "--at", at(Double(d), h), "--for", r.role], path, failures)
                        h += r.everyHours
                    }
                }
                if d == 15 { record(["decide", "network-isolation", "partial", "--at", at(15, 10), "--for", "ic"], path, failures) }
                if d == 20 { record(["decide", "ambulance-diversion", "partial", "--at", at(20, 9), "--for", "ic", "--note", "CT back; stroke still diverted"], path, failures) }
                if d == 30 { record(["decide", "ambulance-diversion", "no-divert", "--at", at(30, 9), "--for", "ic"], path, failures) }
            }
        }
        let desk: @Sendable () -> Void = {
            // The binder pages for day 38, typed on day 40 in the order they came out of the folder.
            let paper: [[String]] = [
                ["note", "Runner system working on 4 West", "--at", at(38, 3), "--from-paper", "Ops p38-1"],
                ["do", "ops-census", "done", "--at", at(38, 6), "--from-paper", "Ops p38-2", "--for", "ops"],
                ["note", "Blood bank courier on time", "--at", at(38, 11), "--from-paper", "Ops p38-3"],
            ]
            for d in 1..<days {
                // Estimates moved every week for every system still out.
                if d % 7 == 0 {
                    for (k, s) in systems.enumerated() where d < s.up - 2 {
                        record(["system", s.name, "down", "--eta", at(Double(d + 3 + k), 12), "--at", at(Double(d), 14), "--note", "estimate moved"], path, failures)
                    }
                }
                for s in systems {
                    if d == s.up - 2 { record(["system", s.name, "degraded", "--at", at(Double(d), 15), "--eta", at(Double(s.up), 16)], path, failures) }
                    if d == s.up { record(["system", s.name, "up", "--at", at(Double(d), 16)], path, failures) }
                }
                // The phones fail again on day 8 and are back on day 9.
                if d == 8 { record(["system", "Phones", "down", "--at", at(8, 4), "--note", "switch failed again"], path, failures) }
                if d == 9 { record(["system", "Phones", "up", "--at", at(9, 4)], path, failures) }
                // Entries in error: a note on the wrong day, and the lab reported up too soon.
                if d == 12 {
                    if let wrong = record(["note", "Courier run at 14:00 (wrong day)", "--at", at(12, 14)], path, failures) {
                        record(["correct", String(wrong), "--reason", "that was day 13", "--at", at(12, 15)], path, failures)
                        failures.correct(wrong)
                    }
                    if let early = record(["system", "Lab system", "up", "--at", at(12, 16)], path, failures) {
                        record(["correct", String(early), "--reason", "the lab is still down; it was the blood bank", "--at", at(12, 17)], path, failures)
                        failures.correct(early)
                    }
                }
                if d == 40 { for args in paper.reversed() { record(args, path, failures) } }
            }
        }
        let group = DispatchGroup()
        for work in [planning, scribe, desk] {
            group.enter()
            Thread { work(); group.leave() }.start()
        }
        group.wait()
        #expect(failures.list.isEmpty, "\(failures.list.count) commands failed:\n\(failures.list.prefix(5).joined(separator: "\n"))")
        expected.periods += (days - 1) * shifts
        expected.corrected = failures.corrected

        // The night the clocks went back: two different 01:30s, typed by their zone.
        try run(["note", "Generator test, first 01:30", "--at", "2020-11-01 01:30 EDT"], home)
        try run(["note", "Generator test, second 01:30", "--at", "2020-11-01 01:30 EST"], home)
        try run(["note", "Last payroll run by hand", "--at", at(Double(days) - 1, 20), "--tag", "lesson"], home)
        try run(["close", "--yes", "--at", at(Double(days)), "--for", "ic"], home)
        // Each system's outage as the script made it: from its report on day 0 to 16:00 on its
        // day up, the phones' second failure (a day) counted too, the lab's early "up" not.
        for (k, s) in systems.enumerated() {
            expected.outage[s.name] = Int(Double(s.up) * 86_400 + 16 * 3600 - (1 + Double(k) * 0.1) * 3600)
        }
        expected.outage["Phones", default: 0] += 24 * 3600
        #expect(expected.corrected.count == 2)
        return id
    }

    /// A Markdown table's rows under `heading` (up to the next heading), split into cells.
    static func table(_ md: String, under heading: String) -> [[String]] {
        guard let start = md.range(of: "\n" + heading + "\n") else { return [] }
        var rows: [[String]] = []
        for line in md[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| ") else { continue }
            rows.append(line.dropFirst(2).dropLast(2).components(separatedBy: " | ").map { $0.replacingOccurrences(of: "**", with: "") })
        }
        return rows.filter { row in !row.allSatisfy { $0.allSatisfy { "-|".contains($0) } } }
    }

    /// Seconds between two RFC 3339 times.
    static func seconds(_ from: Any?, _ to: Any?) throws -> Int {
        let a = try #require((from as? String).flatMap(date)), b = try #require((to as? String).flatMap(date))
        return Int(b.timeIntervalSince(a).rounded())
    }

    @Test(.timeLimit(.minutes(40)))
    func tenWeeksThroughTheCommandLineReadForSense() throws {
        let home = TempHome()
        var expected = Expected()
        let started = Date()
        let id = try Self.soak(home, expected: &expected)
        let entries = try home.journal(id)
        let n = entries.count
        print("soak: \(n) entries, \(expected.periods) periods, written in \(Int(Date().timeIntervalSince(started))) s")

        // The chain, the board and every format.
        let verify = try Self.run(["verify"], home)
        #expect(verify.stdout.contains("intact: \(n) entries"), "\(verify.stdout)")
        let lastHash = try #require(entries.last?["hash"] as? String)
        #expect(try Self.run(["verify", "--witness", "\(lastHash)@\(n)"], home).status == 0)
        let board = try Self.run(["board", "--once"], home).stdout
        #expect(board.contains("witness #\(n) \(lastHash.prefix(4)) "), "\(board.suffix(400))")
        let dir = home.path + "/out"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for format in ["md", "html", "csv", "json", "ics214", "ics214-html"] {
            try Self.run(["report", "--format", format, "--output", "\(dir)/report.\(format)"], home)
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(dir)/report.\(format)")[.size] as? Int) ?? 0
            #expect(size > 1000, "report.\(format) is \(size) bytes")
        }
        let md = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json"))) as? [String: Any])
        let figures = try #require(report["figures"] as? [String: Any])
        let state = try #require(report["state"] as? [String: Any])
        for (what, text) in [("board", board), ("md", md)] { #expect(text.contains("\(lastHash.prefix(4))"), "\(what) has no witness") }

        // Downtime: each system's segments add up to its outage, which is what the script made
        // it, what status says, and what page one and the systems table print.
        let systems = try #require(figures["systems"] as? [[String: Any]])
        let statusSystems = try #require(state["systems"] as? [[String: Any]])
        #expect(Set(systems.compactMap { $0["name"] as? String }) == Set(Self.systems.map(\.name)))
        let pageOne = Dictionary(Self.table(md, under: "### Downtime by system").map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        let section6 = Dictionary(Self.table(md, under: "## 6. Systems").map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        for sys in systems {
            let name = try #require(sys["name"] as? String)
            let outage = try #require(sys["outageSeconds"] as? Int)
            let segments = try #require(sys["segments"] as? [[String: Any]])
            var sum = 0
            for (k, seg) in segments.enumerated() {
                if seg["state"] as? String != "up" { sum += try Self.seconds(seg["from"], seg["to"]) }
                if k > 0 { #expect(seg["from"] as? String == segments[k - 1]["to"] as? String, "\(name): a gap or overlap at segment \(k)") }
            }
            #expect(sum == outage, "\(name): segments add to \(sum) s, the table says \(outage) s")
            #expect(outage == expected.outage[name], "\(name): out \(outage) s, the script made \(expected.outage[name] ?? -1) s")
            #expect(statusSystems.first { $0["name"] as? String == name }?["outageSeconds"] as? Int == outage, "\(name): status disagrees")
            let one = try #require(pageOne[name], "\(name) not on page one")
            let six = try #require(section6[name], "\(name) not in section 6")
            #expect(one.count > 4 && six.count > 2 && one[4] == six[2], "\(name): page one says \(one.count > 4 ? one[4] : "?"), section 6 says \(six.count > 2 ? six[2] : "?")")
            #expect(sys["stateAtEnd"] as? String == "up")
        }

        // No task both done and open; every phase and role counts each task once.
        let tasks = try #require(state["tasks"] as? [[String: Any]])
        let statusOf = Dictionary(tasks.compactMap { t in (t["id"] as? String).map { ($0, t["status"] as? String ?? "") } }, uniquingKeysWith: { a, _ in a })
        let deviations = try #require(figures["deviations"] as? [[String: Any]])
        for d in deviations where d["kind"] as? String == "missed" {
            if let task = d["task"] as? String { #expect(statusOf[task] != "done", "\(task) is done and also listed as missed: \(d)") }
        }
        for key in ["phases", "roles"] {
            for row in try #require(figures[key] as? [[String: Any]]) {
                let counted = ["done", "skipped", "notDone", "inapplicable", "notYetDue", "waitingOnDecision"].reduce(0) { $0 + ((row[$1] as? Int) ?? 0) }
                let field = key == "phases" ? "phase" : "role"
                let listed = tasks.filter { $0[field] as? String == row["id"] as? String }.count
                #expect(counted == listed, "\(key) \(row["id"] ?? ""): counts \(counted) tasks, status lists \(listed)")
            }
        }

        // Every deadline met, missed, or not applicable (its condition never held); every
        // deadline task that applies is in the table.
        let deadlines = try #require(figures["deadlines"] as? [[String: Any]])
        for d in deadlines {
            let met = d["met"] as? Bool, conditional = d["conditional"] as? String
            #expect(met != nil || conditional != nil, "deadline \(d["task"] ?? "") is neither met, missed nor conditional: \(d)")
            if d["done"] as? String != nil { #expect(met != nil, "deadline \(d["task"] ?? "") done but not judged") }
        }
        let inTable = Set(deadlines.compactMap { $0["task"] as? String })
        for t in tasks where t["deadline"] as? Bool == true && t["status"] as? String != "inapplicable" {
            #expect(inTable.contains(t["id"] as? String ?? ""), "deadline task \(t["id"] ?? "") missing from the deadlines table")
        }

        // Periods: as many as were begun, end to end from activation to the close.
        let incident = try #require(figures["incident"] as? [String: Any])
        let periods = try #require(figures["periods"] as? [[String: Any]])
        #expect(incident["periods"] as? Int == expected.periods)
        #expect(periods.count == expected.periods)
        for k in periods.indices.dropFirst() { #expect(periods[k]["from"] as? String == periods[k - 1]["to"] as? String) }
        #expect(periods.first?["from"] as? String == incident["activated"] as? String)
        #expect(periods.last?["to"] as? String == incident["closed"] as? String)

        // Corrections count nowhere but are kept; the paper pages are listed; the IC's
        // holders follow the hand-overs; diversion adds divert and partial.
        let reportEntries = try #require(report["entries"] as? [[String: Any]])
        for seq in expected.corrected {
            #expect(reportEntries.first { $0["seq"] as? Int == seq }?["correctedBy"] as? Int != nil, "#\(seq) not shown corrected")
        }
        let paperSeqs = Set(entries.filter { $0["paper"] != nil }.compactMap { $0["seq"] as? Int })
        #expect(Set((figures["transcribed"] as? [Int]) ?? []) == paperSeqs)
        let ic = try #require((figures["roles"] as? [[String: Any]])?.first { $0["id"] as? String == "ic" })
        let holders = try #require(ic["holders"] as? [[String: Any]])
        #expect(holders.count == 1 + (Self.days - 1) / 3, "\(holders.count) IC holders")
        for k in holders.indices.dropFirst() { #expect(holders[k]["from"] as? String == holders[k - 1]["to"] as? String) }
        // A briefing done for the IC goes to whoever held the role then.
        for e in reportEntries where e["type"] as? String == "task.done" && (e["fields"] as? [String: Any])?["task"] as? String == "ic-period-briefing" {
            guard let when = (e["at"] as? String).flatMap(Self.date) else { continue }
            let holder = holders.last { h in ((h["from"] as? String).flatMap(Self.date) ?? .distantFuture) <= when }
            #expect(e["for"] as? String == holder?["person"] as? String, "briefing at \(e["at"] ?? ""): for \(e["for"] ?? "nobody")")
        }
        #expect(md.contains("**Ambulance diversion:** 30 days 6 h"), "\(md.prefix(2500))")

        // The clock change: two 01:30s an hour apart, each with its own zone.
        let dst = reportEntries.filter { ($0["note"] as? String)?.hasPrefix("Generator test") == true }
        #expect(dst.count == 2)
        if dst.count == 2 { #expect(try Self.seconds(dst[0]["at"], dst[1]["at"]) == 3600) }
        #expect(md.contains("2020-11-01 01:30 EDT") && md.contains("2020-11-01 01:30 EST"))

        // Printed, and the memory it takes to make.
        try Self.pagesAndMemory(home, dir: dir, entries: n, periods: expected.periods)
    }

    /// The report's peak memory (`/usr/bin/time -f %M`) for HTML and JSON, within the report
    /// issue's bound (under 300 MB for a 200,000-entry incident), and the HTML printed to PDF
    /// by headless Chromium on Letter paper within the bound stated below.
    static func pagesAndMemory(_ home: TempHome, dir: String, entries n: Int, periods: Int) throws {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
            for format in ["html", "json"] {
                var env = ProcessInfo.processInfo.environment
                env["RUNBOOK_HOME"] = home.path
                env.merge(Self.env) { $1 }
                let r = try Runbook.runProcess("/usr/bin/time", ["-f", "%M", Runbook.path, "report", "--format", format, "--output", "\(dir)/mem.\(format)"], env: env)
                let kb = Int(r.stderr.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
                print("soak: report --format \(format) peak \(kb / 1024) MB")
                #expect(r.status == 0 && kb > 0 && kb < 300 * 1024, "report --format \(format): peak \(kb) kB, status \(r.status)")
            }
        } else {
            print("soak: /usr/bin/time is missing; the report's peak memory was not measured")
        }
        guard FileManager.default.isExecutableFile(atPath: ReportBrowserTests.chromium) else {
            print("soak: \(ReportBrowserTests.chromium) is missing; the printed page count was not checked")
            return
        }
        for (name, args) in [("full", [String]()), ("summary", ["--summary"])] {
            let html = "\(dir)/print-\(name).html", pdf = "\(dir)/print-\(name).pdf"
            try Self.run(["report", "--format", "html", "--output", html] + args, home)
            let text = try String(contentsOfFile: html, encoding: .utf8)
            try text.replacingOccurrences(of: "</head>", with: "<style>@page{size:letter}</style></head>").write(toFile: html, atomically: true, encoding: .utf8)
            _ = try ReportBrowserTests.chrome(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://\(html)"])
            let info = try Runbook.runProcess("/usr/bin/pdfinfo", [pdf])
            let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
            // The report issue (24) set no page bound for a long outage; it measured a ten-week
            // replay (130 entries, nothing ticked) at 50 Letter pages and its summary at 5. The
            // timeline (Appendix A) and the operational periods add a row an entry and a row a
            // period, about 27 rows to a Letter page with the rounds' long titles wrapped. The
            // bound: the summary within 8 pages ("a few"), the whole within 60 pages plus one
            // for every 25 entries and periods (measured: 57 pages for 241 entries and 70
            // periods, 106 for 1,345 entries and 277 periods).
            let bound = name == "summary" ? 8 : 60 + (n + periods) / 25
            print("soak: the \(name) report of \(n) entries and \(periods) periods prints on \(pages) Letter pages (bound \(bound))")
            #expect(pages > 0 && pages <= bound, "\(name): \(pages) pages for \(n) entries: \(info.stderr)")
        }
    }
}
