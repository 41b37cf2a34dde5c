import Foundation
import Testing

/// The man page teaches what `--help` cannot: the global options once, the time formats, the
/// command post's keys, environment, files, examples.
@Suite("manual", .timeLimit(.minutes(3)))
struct ManualTests {
    @Test func manualHasItsSectionsAndTheGlobalOptionsOnce() throws {
        let r = try Runbook.run(["generate-manual", "--date", "2026-12-07"])
        #expect(r.status == 0, "\(r.stderr)")
        let man = r.stdout
        #expect(man.hasPrefix(".\\\""), "\(man.prefix(80))")
        #expect(man.contains(".TH RUNBOOK 1 \"2026\\-12\\-07\""), "\(man.prefix(300))")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS", "TIME FORMATS", "COMMAND POST KEYS",
                        "ENVIRONMENT", "FILES", "EXAMPLES", "EXIT STATUS"] {
            #expect(man.contains(".SH \(section)\n"), "no \(section)")
        }
        // Each global option described once, not under every command.
        for option in ["home", "incident", "actor"] {
            let tags = man.components(separatedBy: ".TP\n\\fB\\-\\-\(option)\\fR").count - 1
            #expect(tags == 1, "--\(option) is described \(tags) times")
        }
        for command in ["new", "open", "do", "decide", "board", "verify", "report", "playbooks print"] {
            #expect(man.contains(".SS \"runbook \(command)"), "no \(command)")
        }
        #expect(!man.contains("generate\\-manual\""), "the hidden command has no section")
        #expect(!man.contains(".SS \"runbook help\""), "the parser's help command is --help, said once")
        // The command post's keys come from its key tables: the menu key's sentence is there.
        #expect(man.contains("All actions: decide, assign a role"), "the command post keys")
        #expect(man.contains("RUNBOOK_HOME") && man.contains("RUNBOOK_PLAYBOOKS") && man.contains("journal.jsonl") && man.contains("runbook new \\-\\-playbook occi"))
        // Same program, same date: the same page.
        #expect(try Runbook.run(["generate-manual", "--date", "2026-12-07"]).stdout == man)
    }

    /// groff reads the page without a warning.
    @Test func manualFormatsWithoutWarnings() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let home = TempHome()
        let page = home.path + "/runbook.1"
        try Runbook.run(["generate-manual", "--date", "2026-12-07"]).stdout.write(toFile: page, atomically: true, encoding: .utf8)
        let r = try Runbook.runProcess("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", page])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }
}
