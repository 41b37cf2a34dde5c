import Foundation
import Testing

/// `--help` lists the options a command uses, and no option that would do nothing there.
@Suite("help", .timeLimit(.minutes(3)))
struct HelpListingTests {
    /// The long options a command's `--help` lists.
    static func listed(_ command: [String]) throws -> String {
        let r = try Runbook.run(command + ["--help"])
        #expect(r.status == 0, "\(command): \(r.stderr)")
        return r.stdout
    }

    @Test func helpListsOnlyTheOptionsTheCommandUses() throws {
        // Reading commands record no one's name: no --actor.
        for command in [["status"], ["log"], ["board"], ["verify"], ["report"]] {
            let help = try Self.listed(command)
            #expect(help.contains("--incident") && help.contains("--home"), "\(command): \(help)")
            #expect(!help.contains("--actor"), "\(command) lists --actor, which it never reads")
            #expect(!help.contains("--from-paper") && !help.contains("--force") && !help.contains("--at "), "\(command)")
        }
        // new starts an incident: no --incident to choose.
        let new = try Self.listed(["new"])
        #expect(new.contains("--actor") && new.contains("--at") && !new.contains("--incident"), "\(new)")
        // The playbook commands read only the home.
        for sub in ["list", "check", "show", "print"] {
            let help = try Self.listed(["playbooks", sub])
            #expect(help.contains("--home") && !help.contains("--incident") && !help.contains("--actor"), "playbooks \(sub): \(help)")
        }
        // Recording commands list everything they read.
        let act = try Self.listed(["do"])
        for option in ["--home", "--incident", "--actor", "--at", "--from-paper", "--for", "--force", "--note"] {
            #expect(act.contains(option), "do --help lacks \(option)")
        }
        // The manual is no command anyone is offered.
        #expect(!(try Self.listed([])).contains("generate-manual"))
    }

    /// An option only left out of the help is still taken (a script may give --actor to every
    /// command it runs).
    @Test func unlistedGlobalOptionsAreStillAccepted() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let status = try Runbook.run(["status", "--actor", "someone"], home: home.path)
        #expect(status.status == 0, "\(status.stderr)")
        let list = try Runbook.run(["playbooks", "list", "--incident", id, "--actor", "someone"], home: home.path)
        #expect(list.status == 0, "\(list.stderr)")
    }
}
