import Foundation
import Testing

/// `runbook report` and `--from-paper` through the real binary.
@Suite("report command")
struct ReportCommandTests {
    @Test func transcribedEntriesAreMarkedAndReported() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi", name: "Paper drill", extra: ["--discovered", "-2h"])
        var r = try Runbook.run(["note", "Runner took lab results to 4 West", "--at", "-20m", "--from-paper", "HICS 214 p.3"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(from paper: HICS 214 p.3)"))
        r = try Runbook.run(["note", "Paging test done", "--from-paper"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        r = try Runbook.run(["note", "typed live"], home: home.path)
        let entries = try home.journal(id)
        try #require(entries.count == 4)
        #expect(entries[1]["paper"] as? String == "HICS 214 p.3")
        #expect(entries[2]["paper"] as? Bool == true)
        #expect(entries[3]["paper"] == nil)
        let md = try Runbook.run(["report", "--format", "md"], home: home.path)
        #expect(md.stdout.contains("## 9. Entries transcribed from paper"))
        #expect(md.stdout.contains("from HICS 214 p.3"))
        let csv = try Runbook.run(["report", "--format", "csv"], home: home.path)
        #expect(csv.stdout.contains("\"HICS 214 p.3\""))
        // A reference with a line break is refused, and nothing is written.
        let bad = try Runbook.run(["note", "x", "--from-paper", "p.3\nforged"], home: home.path)
        #expect(bad.status != 0 && bad.stderr.hasPrefix("runbook: error:"))
        #expect(try home.journal(id).count == entries.count)
    }

    @Test func optionsAreCheckedInOneLine() throws {
        let home = TempHome()
        _ = try home.newIncident(playbook: "occi", name: "Options")
        for (args, words) in [(["report", "--by", "person"], "--by only applies to the HICS 214 logs"),
                              (["report", "--format", "ics214", "--by", "team"], "The value 'team' is invalid for '--by <position|person>'. Please provide one of 'position' and 'person'"),
                              (["report", "--format", "ics215"], "The value 'ics215' is invalid for '--format <format>'. Please provide one of the following: md, html, csv, json, ics214, ics214-html"),
                              (["playbooks", "print", "occi", "--role", "icc"], "no role 'icc' in occi"),
                              (["playbooks", "print", "occi", "--format", "pdf"], "The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text' and 'html'")] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.hasPrefix("runbook: error: ") && r.stderr.contains(words), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): one line")
        }
        let ok = try Runbook.run(["report", "--format", "ics214", "--by", "person"], home: home.path)
        #expect(ok.status == 0 && ok.stdout.contains("HICS 214 — ACTIVITY LOG"))
    }

    /// `--summary`: the few pages of md and html (page one first, no timeline), stamped so
    /// `verify --export` makes it again; refused in one line for csv, json and the HICS 214,
    /// writing nothing.
    @Test func theSummaryIsForTheReportItself() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi", name: "Summary drill", extra: ["--discovered", "-3h", "--at", "-2h"])
        for args in [["system", "EHR", "down", "--at", "-110m"], ["decide", "ambulance-diversion", "divert", "--at", "-100m"],
                     ["decide", "ambulance-diversion", "no-divert", "--at", "-40m"], ["system", "EHR", "up", "--at", "-10m"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        for format in ["csv", "json", "ics214", "ics214-html"] {
            let file = home.path + "/summary." + format
            let r = try Runbook.run(["report", "--format", format, "--summary", "--output", file], home: home.path)
            #expect(r.status != 0 && r.stdout.isEmpty)
            #expect(r.stderr == "runbook: error: --summary is a short form of the report itself: add --format md or html (csv, json and the HICS 214 logs are always whole)\n", "\(format): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: file))
        }
        let entries = try home.journal(id).count
        for format in ["md", "html"] {
            let file = home.path + "/summary." + format
            let r = try Runbook.run(["report", "--format", format, "--summary", "--output", file], home: home.path)
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let board = try #require(text.range(of: "Summary for the board")), exec = try #require(text.range(of: "1. Executive summary"))
            #expect(board.lowerBound < exec.lowerBound)
            #expect(text.contains("Ambulance diversion") && text.contains("1 h"), "\(format)")
            #expect(text.contains("We diverted ambulances for 1 h."), "\(format)")
            #expect(!text.contains("Appendix A") && !text.contains("Timeline at a glance"), "\(format)")
            #expect(text.contains("summary=yes"))
            let v = try Runbook.run(["verify", "--export", file], home: home.path)
            #expect(v.status == 0 && v.stdout.contains("matches the journal up to entry \(entries)"), "\(file): \(v.stdout) \(v.stderr)")
            let full = try Runbook.run(["report", "--format", format], home: home.path)
            #expect(full.stdout.contains("Appendix A — Full timeline") && full.stdout.count > text.count)
        }
    }

    /// A report of a damaged journal says so first, naming the entry, and is no clean record.
    @Test func aDamagedJournalIsReportedAsSuchFirst() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi", name: "Tampered")
        for n in ["one", "two", "three"] { _ = try Runbook.run(["note", n], home: home.path) }
        let path = home.journalPath(id)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"note\":\"two\"", with: "\"note\":\"TWO\"")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        for (format, heading) in [("md", "# After-action report"), ("html", "<h1>After-action report"), ("ics214", "HICS 214 — ACTIVITY LOG")] {
            let r = try Runbook.run(["report", "--format", format], home: home.path)
            #expect(r.stdout.contains("FAILED verification"), "\(format)")
            #expect(r.stdout.contains("entry 3"), "\(format): the damaged entry is named")
            let warn = try #require(r.stdout.range(of: "FAILED verification")).lowerBound
            let title = try #require(r.stdout.range(of: heading)).lowerBound
            #expect(warn < title, "\(format): the warning comes first")
        }
        let json = try Runbook.run(["report", "--format", "json"], home: home.path)
        #expect(json.stdout.contains("\"verified\" : false"))
    }
    /// `report --redact` hides paper references and tags, and `verify --export` proves a copy of
    /// every format matches the journal up to its last entry: refused when one byte is changed or
    /// against another incident; local time checked in the export's own zone.
    @Test func verifyExportProvesACopyOfEveryFormat() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi", name: "Export check")
        for args in [["assign", "ic", "Zoë Quint"], ["note", "ok", "--tag", "night-shift"], ["note", "Runner to 4 West", "--from-paper", "binder tab Q-17"],
                     ["system", "EHR", "down"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let entries = try home.journal(id)
        let head = try #require(entries.last?["hash"] as? String)
        let out = home.path + "/exports"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var files: [String] = []
        for format in ["md", "html", "csv", "json", "ics214", "ics214-html"] {
            for (redact, zone) in [(true, "America/New_York"), (false, "UTC")] {
                let file = "\(out)/\(redact ? "redacted" : "plain").\(format)"
                let r = try Runbook.run(["report", "--format", format, "--output", file] + (redact ? ["--redact"] : []), home: home.path, env: ["TZ": zone])
                #expect(r.status == 0, "\(format): \(r.stderr)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                if redact {
                    for secret in ["Zoë Quint", "night-shift", "binder tab Q-17", "Runner to 4 West"] { #expect(!text.contains(secret), "\(format): \(secret)") }
                }
                // Checked on a computer in another zone: the export's own zone is used.
                let v = try Runbook.run(["verify", "--export", file], home: home.path, env: ["TZ": "Asia/Tokyo"])
                #expect(v.status == 0, "\(file): \(v.stderr)")
                #expect(v.stdout.contains("matches the journal up to entry \(entries.count) (head \(head))"), "\(file): \(v.stdout)")
                files.append(file)
            }
        }
        // One byte changed.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: files[0]))
        let k = try #require(bytes.indices.dropFirst(bytes.count / 2).first { bytes[$0] == UInt8(ascii: "e") })
        bytes[k] = UInt8(ascii: "E")
        try bytes.write(to: URL(fileURLWithPath: out + "/changed.md"))
        let changed = try Runbook.run(["verify", "--export", out + "/changed.md"], home: home.path)
        #expect(changed.status == 1)
        #expect(changed.stderr.hasPrefix("runbook: error: ") && changed.stderr.contains("does NOT match the journal: first difference at line"), "\(changed.stderr)")
        // Another incident's journal.
        let other = try home.newIncident(playbook: "occi", name: "Another hospital")
        for file in files {
            let r = try Runbook.run(["verify", "--incident", other, "--export", file], home: home.path)
            #expect(r.status == 1 && r.stderr.contains("does NOT match the journal"), "\(file): \(r.stdout) \(r.stderr)")
        }
        // More entries later: the copy still matches up to its own last entry.
        #expect(try Runbook.run(["note", "later", "--incident", id], home: home.path).status == 0)
        let later = try Runbook.run(["verify", "--incident", id, "--export", files[1]], home: home.path)
        #expect(later.status == 0 && later.stdout.contains("up to entry \(entries.count) (head \(head))"), "\(later.stdout) \(later.stderr)")
        // Not an export at all; and --journal cannot be its reference.
        let notOurs = try Runbook.run(["verify", "--incident", id, "--export", home.journalPath(id)], home: home.path)
        #expect(notOurs.status == 1 && notOurs.stderr.contains("is not an export runbook report made"), "\(notOurs.stderr)")
        let both = try Runbook.run(["verify", "--journal", home.journalPath(id), "--export", files[0]], home: home.path)
        #expect(both.status != 0 && both.stderr.contains("--export checks an export against an incident's journal"), "\(both.stderr)")
    }

    /// `report --excel`: the CSV with a UTF-8 byte order mark (Excel on Windows then opens
    /// "T−", "→" and "⏎" as written); Python's csv module reads it with `utf-8-sig`, every row
    /// as wide as the header. The plain CSV has no mark, and `--excel` with another format is
    /// refused in one line, writing nothing.
    @Test func theExcelCSVKeepsItsCharactersThroughPythonsCSVModule() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi", name: "Excel check", extra: ["--discovered", "-2h"])
        for args in [["note", "Phones down before we declared", "--at", "-30m"], ["decide", "ambulance-diversion", "divert"],
                     ["note", "Runner to 4 West\nthen to the lab ⏎ twice, \"quoted\", =SUM(A1)"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let entries = try home.journal(id)
        let file = home.path + "/timeline.csv"
        let r = try Runbook.run(["report", "--excel", "--output", file], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "starts with the byte order mark")
        let read = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
            print(json.dumps(list(csv.reader(f))))
        """
        let py = try Runbook.runProcess("/usr/bin/python3", ["-c", read, file])
        #expect(py.status == 0, "\(py.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(py.stdout.utf8)) as? [[String]])
        try #require(rows.count == entries.count + 1, "a header and a row an entry: \(rows.count)")
        #expect(rows[0].first == "seq", "the mark is not read into the first header: \(rows[0].first ?? "")")
        #expect(rows.allSatisfy { $0.count == rows[0].count }, "every row as wide as the header")
        let cells = rows.joined()
        #expect(cells.contains { $0.hasPrefix("T−00:2") }, "T− survives: \(rows.map { $0[3] })")
        #expect(cells.contains { $0.contains("→") }, "→ survives")
        #expect(cells.contains { $0.contains("⏎") }, "⏎ survives")
        // `verify --export` knows the form.
        let v = try Runbook.run(["verify", "--export", file], home: home.path)
        #expect(v.status == 0 && v.stdout.contains("matches the journal up to entry \(entries.count)"), "\(v.stdout) \(v.stderr)")
        // The plain CSV is as before: no mark.
        let plain = try Runbook.run(["report", "--format", "csv"], home: home.path)
        #expect(plain.status == 0 && plain.stdout.hasPrefix("seq,"), "\(plain.stdout.prefix(20))")
        // With another format: one line, nothing written.
        let md = home.path + "/report.md"
        for args in [["report", "--excel", "--format", "md"], ["report", "--excel", "--output", md]] {
            let bad = try Runbook.run(args, home: home.path)
            #expect(bad.status != 0 && bad.stderr.hasPrefix("runbook: error: ") && bad.stderr.contains("--excel only applies to the CSV"), "\(args): \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1 && bad.stdout.isEmpty, "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: md))
    }
}
