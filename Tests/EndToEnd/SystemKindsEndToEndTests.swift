import Foundation
import Testing

/// Systems by kind through the real binary: `runbook system … --kind`, the warning for a new
/// system without one, an alias recorded under the playbook's name, and the command post's
/// kind picker (Esc records nothing).
@Suite("systems by kind end to end", .serialized, .timeLimit(.minutes(3)))
struct SystemKindsEndToEndTests {
    @Test func theCommandLineResolvesAliasesAndChecksKinds() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let alias = try Runbook.run(["system", "Epic", "down"], home: home.path)
        #expect(alias.status == 0, "\(alias.stderr)")
        #expect(alias.stdout.contains("Epic is EHR in this playbook: recorded as EHR"), "\(alias.stdout)")
        #expect(alias.stderr.isEmpty, "a known system needs no kind: \(alias.stderr)")
        #expect(try home.journal(id).last?["system"] as? String == "EHR")

        let before = try home.journal(id).count
        let bad = try Runbook.run(["system", "Internet", "down", "--kind", "infrastucture"], home: home.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("runbook: error: 'infrastucture' is not a kind of system in this playbook; did you mean infrastructure?"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(try home.journal(id).count == before, "nothing written on a refusal")

        let unsaid = try Runbook.run(["system", "Bed board", "down"], home: home.path)
        #expect(unsaid.status == 0, "\(unsaid.stderr)")
        let warning = unsaid.stderr.split(separator: "\n")
        #expect(warning.count == 1 && warning.first?.hasPrefix("runbook: warning: Bed board is not one of this playbook's systems") == true
                && unsaid.stderr.contains("--kind KIND (clinical-record, clinical-device"), "\(unsaid.stderr)")
        #expect(try home.journal(id).last?["kind"] == nil)

        let given = try Runbook.run(["system", "bed board", "degraded", "--kind", "business"], home: home.path)
        #expect(given.status == 0 && given.stderr.isEmpty, "\(given.stderr)")
        let last = try #require(try home.journal(id).last)
        #expect(last["system"] as? String == "Bed board")
        #expect(last["kind"] as? String == "business")
    }

    /// `playbooks check` names an undeclared kind at FILE:LINE:COLUMN, and the shipped
    /// playbooks, with their systems, check clean.
    @Test func checkRefusesAnUndeclaredKindWhereItIsWritten() throws {
        let path = PlaybookCommandTests.fixtures.appendingPathComponent("broken/task-undeclared-kind.yaml").path
        let r = try Runbook.run(["playbooks", "check", path], home: TempHome().path)
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("\(path):22:30: task 'back-entry' names kind 'pharmacy', which is not declared in systems: kinds"), "\(r.stdout)\(r.stderr)")
        for id in ["occi", "hic-tcr"] {
            let file = Runbook.repoRoot.appendingPathComponent("Playbooks/\(id).yaml").path
            let ok = try Runbook.run(["playbooks", "check", file], home: TempHome().path)
            #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        }
    }

    @Test func theCommandPostAsksTheKindOfANewSystem() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        func newSystem(_ name: String) throws {
            try t.keys("Enter")
            try t.waitFor("Set a system's state")
            try t.keys("y")
            try t.waitFor("Which system?")
            try t.keys("o")
            try t.waitFor("Name of the system")
            try t.type(name)
            try t.keys("Enter")
        }
        try newSystem("Bed board")
        try t.waitFor("Bed board is now")
        try t.keys("d")
        try t.waitFor("What kind of system is Bed board?")
        let picker = try t.capture()
        #expect(picker.contains("clinical-record") && picker.contains("business") && picker.contains("other"), "\(picker)")
        try t.keys("Escape")
        try t.waitUntil("the picker closed") { !$0.contains("What kind of system") }
        #expect(try home.journal(id).count == 1, "Esc records nothing")

        try newSystem("Bed board")
        try t.waitFor("Bed board is now")
        try t.keys("d")
        try t.waitFor("What kind of system is Bed board?")
        try t.keys("8")  // business
        try t.waitFor("Recorded #2")
        var last = try #require(try home.journal(id).last)
        #expect(last["system"] as? String == "Bed board")
        #expect(last["kind"] as? String == "business")

        // An alias goes to the playbook's system, with no kind to ask.
        try newSystem("Epic")
        try t.waitFor("Epic is EHR in this playbook")
        try t.keys("d")
        try t.waitFor("Recorded #3")
        last = try #require(try home.journal(id).last)
        #expect(last["system"] as? String == "EHR")
        #expect(last["kind"] == nil)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}
