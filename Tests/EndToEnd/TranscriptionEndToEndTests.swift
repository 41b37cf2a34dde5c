import Foundation
import Testing

/// Entries written up after the fact: `--from-paper` (DESIGN: any entry may carry `paper`) and
/// the role a back-dated entry carries (the one held when it happened).
@Suite struct TranscriptionEndToEndTests {
    @Test func fromPaperIsRecordedWithItsReferenceOrAlone() throws {
        let home = TempHome()
        let r0 = try Runbook.run(["new", "--playbook", "occi", "--name", "Paper day", "--at", "-2h", "--from-paper"], home: home.path)
        #expect(r0.status == 0, "\(r0.stderr)")
        let id = r0.lastLine
        #expect(try home.journal(id)[0]["paper"] as? Bool == true)
        let r = try Runbook.run(["note", "EHR down per radio", "--from-paper", "ICS 214 p3", "--at", "-90m"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("from paper: ICS 214 p3"))
        let e = try #require(try home.journal(id).last)
        #expect(e["paper"] as? String == "ICS 214 p3")
        #expect(e["note"] as? String == "EHR down per radio")
        let bare = try Runbook.run(["do", "ops-activate-downtime", "done", "--from-paper", "--at", "-100m"], home: home.path)
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(try home.journal(id).last?["paper"] as? Bool == true)
        // `--from-paper true` is the bare flag spelled out; before another option it is bare too.
        for args in [["note", "spelled out", "--from-paper", "true"], ["note", "--from-paper", "--tag", "lesson", "before an option"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let last = try #require(try home.journal(id).last)
            #expect(last["paper"] as? Bool == true, "\(args): \(last)")
        }
        #expect(try home.journal(id).last?["note"] as? String == "before an option")
        #expect(try Runbook.run(["log"], home: home.path).stdout.contains("[from paper: ICS 214 p3]"))
        // A reference with a control character is refused and nothing is written.
        let before = try home.journal(id).count
        let bad = try Runbook.run(["note", "x", "--from-paper", "p\u{1b}[2J"], home: home.path)
        #expect(bad.status != 0 && bad.stderr.hasPrefix("runbook: error:"))
        #expect(try home.journal(id).count == before)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    @Test func aBackDatedEntryCarriesTheRoleHeldWhenItHappened() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-5h"])
        func run(_ args: [String], actor: String) throws -> [String: Any]? {
            let r = try Runbook.run(args, home: home.path, env: ["RUNBOOK_ACTOR": actor])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return try home.journal(id).last
        }
        _ = try run(["assign", "ic", "Dr Adams", "--at", "-4h"], actor: "scribe")
        _ = try run(["assign", "ic", "Dr Baker", "--at", "-1h"], actor: "scribe")
        // Dr Baker writes up something from period 1, when Dr Adams was the IC.
        #expect(try run(["note", "ransom note found", "--at", "-3h"], actor: "Dr Baker")?["actorRole"] == nil)
        #expect(try run(["note", "called the CEO", "--at", "-3h"], actor: "Dr Adams")?["actorRole"] as? String == "ic")
        #expect(try run(["note", "briefing"], actor: "Dr Baker")?["actorRole"] as? String == "ic")
        #expect(try run(["note", "handed over"], actor: "Dr Adams")?["actorRole"] == nil)
    }
}
