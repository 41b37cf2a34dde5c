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
                              (["report", "--format", "ics214", "--by", "team"], "--by takes 'position' or 'person'"),
                              (["report", "--format", "ics215"], "unknown report format 'ics215'"),
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
}
