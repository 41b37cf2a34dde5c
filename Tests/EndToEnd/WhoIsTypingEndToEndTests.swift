import Foundation
import Testing

/// Issue 21, point 3, at a real terminal (tmux, 80x24): `runbook open` asks once who is typing,
/// shows it in the header, records in that name; `w` records the next action for someone else.
@Suite struct WhoIsTypingEndToEndTests {
    /// The screen's environment with no typist said: RUNBOOK_ACTOR empty counts as unset (the
    /// tmux server may have inherited one from the test's own environment).
    static func env(_ home: TempHome) -> [String: String] {
        ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "", "LANG": "C.UTF-8", "TERM": "screen"]
    }

    /// An incident whose IC, Dr Ng, was recorded by the scribe.
    static func incident(_ home: TempHome) throws -> String {
        let id = try home.newIncident(name: "Night outage")
        let r = try Runbook.run(["assign", "ic", "Dr Ng"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        return id
    }

    @Test func aNewNameTypedIsWhoRecords() throws {
        let home = TempHome()
        let id = try Self.incident(home)
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: Self.env(home))
        // The hint bar is drawn last: the whole question is on the screen by then.
        let asked = try t.waitFor("Enter this is me")
        #expect(asked.contains("Dr Ng — Incident Commander") && asked.contains("Someone else:"), "\(asked)")
        try t.type("Pat Lee")
        try t.keys("Enter")
        let post = try t.waitFor("typing: Pat Lee")
        #expect(post.components(separatedBy: "\n").first?.contains("✓ journal") == true, "\(post)")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("courier left for the lab")
        try t.keys("Enter")
        try t.waitFor("Recorded #")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        let e = try #require(try home.journal(id).last)
        #expect(e["actor"] as? String == "Pat Lee" && e["note"] as? String == "courier left for the lab" && e["for"] == nil)
    }

    @Test func aPersonPickedFromTheRolesIsWhoRecordsInTheirRole() throws {
        let home = TempHome()
        let id = try Self.incident(home)
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: Self.env(home))
        try t.waitFor("Who is typing?")
        try t.keys("Enter")
        try t.waitFor("typing: Dr Ng")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("declared")
        try t.keys("Enter")
        try t.waitFor("Recorded #")
        try t.keys("q")
        _ = try t.waitForExit()
        let e = try #require(try home.journal(id).last)
        #expect(e["actor"] as? String == "Dr Ng" && e["actorRole"] as? String == "ic")
    }

    @Test func escLeavesCleanlyAndWritesNothing() throws {
        let home = TempHome()
        let id = try Self.incident(home)
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        let t = try Tmux(["/bin/sh", "-c", "\(Runbook.path) open; echo EXITED:$?; sleep 5"], width: 80, height: 24, env: Self.env(home))
        try t.waitFor("Who is typing?")
        try t.keys("Escape")
        let screen = try t.waitFor("EXITED:0")
        #expect(!screen.contains("Who is typing?"), "the screen was left drawn: \(screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before)
        // An empty name is refused in words, not taken.
        let t2 = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: Self.env(home))
        try t2.waitFor("Who is typing?")
        try t2.keys("Down")
        try t2.keys("Enter")
        #expect(try t2.waitFor("the name is empty").contains("Who is typing?"))
        try t2.keys("Escape")
        #expect(try t2.waitForExit() == 0)
    }

    @Test func asOrTheEnvironmentSkipsTheQuestion() throws {
        let home = TempHome()
        let id = try Self.incident(home)
        let t = try Tmux([Runbook.path, "open", "--as", "Sam Ortiz"], width: 80, height: 24, env: Self.env(home))
        let post = try t.waitFor("typing: Sam Ortiz")
        #expect(!post.contains("Who is typing?"), "\(post)")
        try t.keys("q")
        _ = try t.waitForExit()
        var env = Self.env(home)
        env["RUNBOOK_ACTOR"] = "scribe"
        let t2 = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: env)
        try t2.waitFor("typing: scribe")
        try t2.keys("q")
        _ = try t2.waitForExit()
        // A bad name after --as is one error line, before any screen.
        let t3 = try Tmux(["/bin/sh", "-c", "\(Runbook.path) open --as ' '; echo EXITED:$?; sleep 5"], width: 80, height: 24, env: Self.env(home))
        let bad = try t3.waitFor("EXITED:")
        #expect(bad.contains("runbook: error: the name after --as is empty") && !bad.contains("EXITED:0") && !bad.contains("journal"), "\(bad)")
        _ = id
    }

    /// With no incident yet, the name is asked first; entry 1 is recorded in it.
    @Test func theStartScreenRecordsInTheNameGiven() throws {
        let home = TempHome()
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: Self.env(home))
        #expect(try t.waitFor("Enter this is me").contains("Your name:"))
        try t.type("Dr Ng")
        try t.keys("Enter")
        try t.waitFor("Choose the playbook")
        try t.keys("Enter")
        try t.waitFor("Incident name:")
        try t.type("Morning outage")
        try t.keys("Enter")
        try t.keys("n")
        try t.keys("Enter")
        try t.waitFor("typing: Dr Ng")
        try t.keys("q")
        _ = try t.waitForExit()
        let ids = try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents").filter { !$0.hasPrefix(".") }
        let id = try #require(ids.first)
        #expect(try home.journal(id).first?["actor"] as? String == "Dr Ng")
    }

    /// `w` on the command post: the next action is for the IC; the journal keeps both.
    @Test func wRecordsTheNextActionForTheIC() throws {
        let home = TempHome()
        let id = try Self.incident(home)
        var env = Self.env(home)
        env["RUNBOOK_ACTOR"] = "cmdpost"
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: env)
        try t.waitFor("✓ journal")
        try t.keys("w")
        // Its last item is drawn last.
        let menu = try t.waitFor("Someone else… (type a name)")
        #expect(menu.contains("Dr Ng — Incident Commander") && menu.contains("Someone else"), "\(menu)")
        try t.keys("Enter")
        try t.waitFor("on their behalf")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("divert stroke patients")
        try t.keys("Enter")
        let after = try t.waitFor("(for Dr Ng)")
        #expect(!after.contains(" FOR Dr Ng "), "the pending 'for' was not cleared: \(after)")
        try t.keys("q")
        _ = try t.waitForExit()
        let e = try #require(try home.journal(id).last)
        #expect(e["actor"] as? String == "cmdpost" && e["for"] as? String == "Dr Ng" && e["actorRole"] as? String == "ic", "\(e)")
    }
}
