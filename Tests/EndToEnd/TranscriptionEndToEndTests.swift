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

    /// Issue 21: ten hours of a night's paper binder transcribed the next morning on the shared
    /// "cmdpost" login, each entry `--for` the person who did it. The report JSON and the HICS
    /// 214s, checked by hand: the typist stays `actor`, roles and logs go by the person it is for.
    @Test func aSharedLoginTranscribesTheBinderForThePeopleWhoActed() throws {
        let home = TempHome()
        let shared = ["RUNBOOK_ACTOR": "cmdpost"]
        func run(_ args: [String]) throws -> Runbook.Result {
            let r = try Runbook.run(args, home: home.path, env: shared)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r
        }
        let id = try run(["new", "--playbook", "occi", "--name", "Night outage", "--at", "-10h", "--from-paper", "--for", "Dr Ng"]).lastLine
        // Dr Ng declared before anyone recorded that she was IC; the scribe recorded it ten minutes later.
        try run(["do", "ic-declare", "done", "--at", "-595m", "--from-paper", "p1", "--for", "Dr Ng"])
        try run(["assign", "ic", "Dr Ng", "--at", "-585m", "--from-paper", "p1", "--for", "Dr Ng"])
        try run(["assign", "ops", "Sam Ortiz", "--at", "-580m", "--from-paper", "p1", "--for", "ic"])
        let decided = try run(["decide", "extended-downtime", "yes", "--note", "EHR and phones down", "--at", "-570m", "--from-paper", "p2", "--for", "ic"])
        #expect(decided.stdout.contains("for Dr Ng (ic), typed by cmdpost"), "\(decided.stdout)")
        try run(["system", "EHR", "down", "--at", "-565m", "--for", "Sam Ortiz"])
        try run(["note", "runners to every unit", "--at", "-560m", "--from-paper", "p2", "--for", "ops"])
        // A role nobody was given is refused and writes nothing.
        let count = try home.journal(id).count
        let nobody = try Runbook.run(["note", "x", "--for", "pio"], home: home.path, env: shared)
        #expect(nobody.status != 0 && nobody.stderr.hasPrefix("runbook: error: nobody has been given the role pio"), "\(nobody.stderr)")
        #expect(try home.journal(id).count == count)

        let journal = try home.journal(id)
        #expect(journal.allSatisfy { $0["actor"] as? String == "cmdpost" })
        // The decision and the task it completes (ic-decide-downtime) are both for her.
        #expect(journal.map { $0["for"] as? String } == ["Dr Ng", "Dr Ng", "Dr Ng", "Dr Ng", "Dr Ng", "Dr Ng", "Sam Ortiz", "Sam Ortiz"])
        #expect(journal[5]["task"] as? String == "ic-decide-downtime")
        // Typed before her assignment was: no role recorded with the first three (the report places them).
        #expect(journal.map { $0["actorRole"] as? String } == [nil, nil, nil, "ic", "ic", "ic", "ops", "ops"])
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)

        // The report's JSON: every entry keeps both, the decision goes to Dr Ng as IC.
        let json = try run(["report", "--format", "json", "--output", "-"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let entries = try #require(doc["entries"] as? [[String: Any]])
        let decision = try #require(entries.first { $0["type"] as? String == "decision.made" })
        #expect(decision["actor"] as? String == "cmdpost" && decision["for"] as? String == "Dr Ng" && decision["actorRole"] as? String == "ic")
        let figures = try #require(doc["figures"] as? [String: Any])
        let decisions = try #require(figures["decisions"] as? [[String: Any]])
        let made = try #require(decisions.first { $0["id"] as? String == "extended-downtime" })
        #expect(made["by"] as? String == "Dr Ng" && made["role"] as? String == "ic", "\(made)")

        // The HICS 214s: one per position that acted, never "No position recorded" for an entry
        // typed for someone, and cmdpost appears on none.
        let ics = try run(["report", "--format", "ics214", "--output", "-"]).stdout
        let logs = ics.components(separatedBy: "HICS 214 — ACTIVITY LOG").dropFirst()
        let ic = try #require(logs.first { $0.contains("4. Position: Incident Commander") })
        #expect(ic.contains("3. Name: Dr Ng") && ic.contains("done: Declare a cyber incident") && ic.contains("decided: Declare extended downtime"), "\(ic)")
        let ops = try #require(logs.first { $0.contains("4. Position: Operations Section Chief") })
        #expect(ops.contains("3. Name: Sam Ortiz") && ops.contains("system: EHR is DOWN") && ops.contains("runners to every unit"), "\(ops)")
        let none = logs.filter { $0.contains("No position recorded") }
        #expect(none.allSatisfy { !$0.contains("done:") && !$0.contains("decided:") && !$0.contains("note") }, "\(none)")
        #expect(!ics.contains("cmdpost"), "\(ics)")
        let byPerson = try run(["report", "--format", "ics214", "--by", "person", "--output", "-"]).stdout
        #expect(byPerson.contains("3. Name: Dr Ng") && byPerson.contains("3. Name: Sam Ortiz") && !byPerson.contains("3. Name: cmdpost"), "\(byPerson)")
        // The timeline says who typed it, and places what was typed before the IC's assignment in
        // her role, as the report does (and `log --role ic` finds it).
        let log = try run(["log"]).stdout
        #expect(log.contains("Dr Ng (ic), typed by cmdpost  done: Declare a cyber incident"), "\(log)")
        #expect(try run(["log", "--role", "ic"]).stdout.contains("done: Declare a cyber incident"))
        #expect(try run(["log", "--role", "ops"]).stdout.contains("runners to every unit"))
    }
}
