import Foundation
import Testing

/// `runbook do TASK@SYSTEM` from the command line: what the journal holds, what is refused,
/// and what `status --json` shows.
@Suite("Per-system tasks end to end")
struct PerSystemEndToEndTests {
    @Test func instancesAreActedOnByNameAndRecordedWithTheirSystem() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--discovered=-30h"])
        for s in ["EHR", "PACS"] { #expect(try Runbook.run(["system", s, "down"], home: home.path).status == 0) }
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        // The task's own id: one line naming its instances, nothing written.
        let base = try Runbook.run(["do", "intel-rebuild", "start"], home: home.path)
        #expect(base.status != 0)
        #expect(base.stderr == "runbook: error: task intel-rebuild is done once for each affected system: name one, e.g. intel-rebuild@EHR (its instances: intel-rebuild@EHR, intel-rebuild@PACS)\n")
        let unknown = try Runbook.run(["do", "intel-rebuild@Lab", "start"], home: home.path)
        #expect(unknown.status != 0 && unknown.stderr.contains("no affected system 'Lab' for task intel-rebuild"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before, "refusals write nothing")
        // One system's turn, typed in any case.
        let ok = try Runbook.run(["do", "intel-rebuild@ehr", "start", "--force"], home: home.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        let last = try #require(try home.journal(id).last)
        #expect(last["type"] as? String == "task.started")
        #expect(last["task"] as? String == "intel-rebuild")
        #expect(last["system"] as? String == "EHR")
        let json = try Runbook.run(["status", "--json"], home: home.path)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let tasks = try #require(doc["tasks"] as? [[String: Any]])
        let rebuild = try #require(tasks.first { $0["id"] as? String == "intel-rebuild" })
        let instances = try #require(rebuild["instances"] as? [[String: Any]])
        #expect(instances.map { $0["id"] as? String } == ["intel-rebuild@EHR", "intel-rebuild@PACS"])
        #expect(instances.map { $0["status"] as? String } == ["started", "waiting"])
        // The insurer's clock runs from discovery: 24 h after it, 30 h ago, so it is late.
        let insurer = try #require(tasks.first { $0["id"] as? String == "finance-insurer-notice" })
        #expect(insurer["deadline"] as? Bool == true && insurer["overdue"] as? Bool == true)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }
}
