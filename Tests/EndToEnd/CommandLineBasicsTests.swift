import Foundation
import Testing

@Suite("command line basics", .timeLimit(.minutes(3)))
struct CommandLineBasicsTests {
    @Test func newPrintsIDAndWritesPrivateFiles() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "EHR down")
        #expect(id.contains("ehr-down"))
        let dir = home.path + "/incidents/" + id
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        #expect(dirMode == 0o700)
        for f in ["journal.jsonl", "playbook.yaml"] {
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + f)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(f) mode")
        }
        let entries = try home.journal(id)
        #expect(entries.count == 1)
        #expect(entries[0]["type"] as? String == "incident.opened")
        #expect(entries[0]["playbook"] as? String == "occi")
        #expect(entries[0]["exercise"] as? Bool == false)
    }

    @Test func noteIsRecordedByteExactAndVerifies() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let text = "Pharmacy on paper — MAR ünïcode 🚑 \"quoted\""
        let r = try Runbook.run(["note", text, "--tag", "lesson"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try home.journal(id)
        #expect(entries.last?["note"] as? String == text)
        #expect(entries.last?["tag"] as? String == "lesson")
        let v = try Runbook.run(["verify"], home: home.path)
        #expect(v.status == 0)
        #expect(v.stdout.contains("intact: 2 entries"))
    }

    /// The report's format comes from --format, else --output's extension; an extension that
    /// names no format is refused, never silently written as something else.
    @Test func reportFormatFromTheOutputName() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "Report")
        #expect(try Runbook.run(["note", "<b>bold</b> & done"], home: home.path).status == 0)
        let out = home.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for (name, starts) in [("r.html", "<!DOCTYPE html>"), ("r.csv", "seq,"), ("r.json", "{"), ("r.md", "# After-action"),
                               ("r.txt", "# After-action"), ("r.ics214", "")] {
            let r = try Runbook.run(["report", "--output", out + "/" + name], home: home.path)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(text.hasPrefix(starts), "\(name): \(text.prefix(40))")
            let mode = try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) mode")
        }
        let ics = try String(contentsOfFile: out + "/r.ics214", encoding: .utf8)
        let md = try String(contentsOfFile: out + "/r.md", encoding: .utf8)
        #expect(ics != md, "an .ics214 file holds the HICS 214 logs, not the report")
        let bad = try Runbook.run(["report", "--output", out + "/r.pdf"], home: home.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("runbook: error:") && bad.stderr.contains(".pdf"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/r.pdf"))
    }

    /// Usage mistakes name the help that explains them; help for no command is an error.
    @Test func usageErrorsPointAtTheRightHelp() throws {
        let home = TempHome()
        let missing = try Runbook.run(["note"], home: home.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.hasPrefix("runbook: error:") && missing.stderr.contains("'runbook note --help'"), "\(missing.stderr)")
        let nested = try Runbook.run(["playbooks", "check"], home: home.path)
        #expect(nested.stderr.contains("'runbook playbooks check --help'"), "\(nested.stderr)")
        let help = try Runbook.run(["help", "notte"], home: home.path)
        #expect(help.status != 0)
        #expect(help.stderr.contains("no command 'notte'") && help.stderr.contains("note"), "\(help.stderr)")
        #expect(help.stdout.isEmpty)
        let file = home.path + "/not-a-dir"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let bad = try Runbook.run(["--home", file, "new", "--playbook", "occi", "--name", "X"], home: home.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("not-a-dir") && bad.stderr.contains("a file of that name is in the way"), "\(bad.stderr)")
    }

    @Test func globalOptionsBeforeTheSubcommand() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let r = try Runbook.run(["--home", home.path, "--actor", "Dr Who", "note", "hello"], home: "/nonexistent")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try home.journal(id).last?["actor"] as? String == "Dr Who")
    }

    @Test func unknownTaskNamesNearestAndWritesNothing() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        let r = try Runbook.run(["do", "ic-activte", "done"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("runbook: error: no task 'ic-activte'"))
        #expect(r.stderr.contains("ic-activate-command"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let after = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        #expect(before == after)
    }

    /// Notes, systems, periods and closing read the journal lightly (every line checked, only
    /// the entries they need built): the state they depend on must still be right.
    @Test func quickActionsSeeTheStateTheyNeed() throws {
        let home = TempHome()
        let id = try home.newIncident()
        func run(_ args: [String], actor: String = "tester") throws -> Runbook.Result {
            try Runbook.run(args, home: home.path, env: ["RUNBOOK_ACTOR": actor])
        }
        #expect(try run(["assign", "ic", "Dr A"]).status == 0)
        #expect(try run(["note", "command center open"], actor: "Dr A").status == 0)
        #expect(try home.journal(id).last?["actorRole"] as? String == "ic")
        #expect(try run(["system", "EHR", "down"]).status == 0)
        #expect(try run(["system", "ehr", "up"]).status == 0)
        #expect(try home.journal(id).last?["system"] as? String == "EHR")
        #expect(try run(["period"]).status == 0)
        #expect(try run(["period"]).status == 0)
        #expect(try home.journal(id).last?["period"] as? Int == 3)
        // The assignment (entry 2) entered in error: Dr A no longer acts as ic.
        #expect(try run(["correct", "2", "--reason", "wrong person"]).status == 0)
        #expect(try run(["note", "still here"], actor: "Dr A").status == 0)
        #expect(try home.journal(id).last?["actorRole"] == nil)
        #expect(try run(["close", "--yes"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        // Without --incident there is no open incident to default to; with it, the closed one refuses.
        #expect(try run(["note", "after close"]).stderr.contains("no open incident"))
        let refused = try run(["--incident", id, "note", "after close"])
        #expect(refused.status != 0)
        #expect(refused.stderr.hasPrefix("runbook: error:"))
        #expect(refused.stderr.contains("closed"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before)
    }
}
