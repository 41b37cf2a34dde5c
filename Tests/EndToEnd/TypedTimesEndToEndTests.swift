import Foundation
import Testing

/// Issue 21, points 4 and 8 through the real binary: what a typed time resolves to is shown as
/// it is typed; a clock time five minutes ahead is refused as a slow clock, on the start
/// screen, under `@` and with `--at`, never read as yesterday; any action can be back-dated from
/// the screen; more than 12 hours back is confirmed; the report across the night the clocks
/// went back in New York says EDT or EST.
@Suite struct TypedTimesEndToEndTests {
    /// `HH:MM` `minutes` from now on the UTC clock the tests' processes run on.
    static func clock(inMinutes minutes: Int) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.hour, .minute], from: Date().addingTimeInterval(Double(minutes) * 60))
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    static let utc = ["TZ": "UTC"]

    /// The start screen: five minutes ahead is refused as it is typed and on Enter, nothing
    /// created; `-40m` shows what it resolves to, and starts the incident 40 minutes ago.
    @Test func theStartScreenPreviewsTheTimeAndRefusesASlowClock() throws {
        let home = TempHome()
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen", "TZ": "UTC"]
        let t = try Tmux([Runbook.path], width: 100, height: 24, env: env)
        try t.waitFor("No incident is open")
        try t.keys("Enter")
        try t.waitFor("Incident name")
        try t.type("Slow clock drill")
        try t.keys("Enter")
        try t.waitFor("exercise")
        try t.keys("y")
        try t.waitFor("Activated at")
        try t.type(Self.clock(inMinutes: 5))
        let preview = try t.waitFor("min from now")
        #expect(preview.contains("clock is slow"), "\(preview)")
        try t.keys("Enter")
        let refused = try t.waitFor("NOT STARTED")
        #expect(refused.contains("min from now"), "\(refused)")
        let started = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")) ?? []
        #expect(started.isEmpty, "nothing was started")
        for _ in 0..<5 { try t.keys("BSpace") }
        try t.type("-40m")
        let resolved = try t.waitFor("40 min ago")
        #expect(resolved.contains("= "), "\(resolved)")
        try t.keys("Enter")
        try t.waitFor("✓ journal")
        let ids = try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")
        #expect(ids.count == 1)
        let at = try #require(try home.journal(ids[0]).first?["at"] as? String)
        let when = try #require(ISO8601DateFormatter().date(from: at.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)))
        let ago = Date().timeIntervalSince(when)
        #expect(ago > 39 * 60 && ago < 42 * 60, "activated \(at)")
    }

    /// `@` on a task: the preview as it is typed; five minutes ahead refused in the prompt,
    /// nothing written.
    @Test func doneAtPreviewsAndRefusesFiveMinutesAhead() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-2h"])
        let before = try home.journal(id).count
        let t = try CommandPostEndToEndTests.open(home, width: 100, env: Self.utc)
        try t.keys("@")
        try t.waitFor("When was")
        try t.type(Self.clock(inMinutes: 5))
        try t.waitFor("min from now")
        try t.keys("Enter")
        let screen = try t.waitFor("clock is slow")
        #expect(screen.contains("When was"), "the prompt stays, the time kept: \(screen)")
        #expect(try home.journal(id).count == before)
        for _ in 0..<5 { try t.keys("BSpace") }
        try t.type("-90m")
        try t.waitFor("1 h 30 min ago")
        try t.keys("Escape", "q")
        #expect(try t.waitForExit() == 0)
    }

    /// A note and a system's state back-dated from the screen (`@` off the checklist, and the
    /// menu's `h`): each carries the typed time as its `at`; the time is used once.
    @Test func anyActionCanBeBackDatedFromTheScreen() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-3h"])
        let t = try CommandPostEndToEndTests.open(home, width: 100, env: Self.utc)
        try t.keys("Tab")  // the board: @ dates what is recorded next
        try t.keys("@")
        try t.waitFor("When did the next thing you record happen")
        try t.type("-2h")
        try t.waitFor("2 h ago")
        try t.keys("Enter")
        try t.waitFor("NEXT ENTRY AT")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("EHR went dark on 4 West")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        var last = try #require(try home.journal(id).last)
        #expect(last["type"] as? String == "note")
        let at = try #require(last["at"] as? String)
        let when = try #require(ISO8601DateFormatter().date(from: at.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)))
        #expect(abs(Date().timeIntervalSince(when) - 7200) < 120, "at \(at)")
        let after = try t.capture()
        #expect(!after.contains("NEXT ENTRY AT"), "the time is used once")
        // The menu's h, then a system's state.
        try t.keys("Enter")
        try t.waitFor("It happened earlier")
        try t.keys("h")
        try t.waitFor("When did the next thing you record happen")
        try t.type("-1h")
        try t.keys("Enter")
        try t.waitFor("NEXT ENTRY AT")
        try t.keys("Enter")
        try t.waitFor("Set a system's state")
        try t.keys("y")
        try t.waitFor("Which system?")
        try t.keys("Enter")
        try t.waitFor("is now")
        try t.keys("d")
        try t.waitFor("Recorded #3")
        last = try #require(try home.journal(id).last)
        #expect(last["type"] as? String == "system.status")
        #expect(last["at"] != nil)
        // Without a time typed, the next is recorded now.
        try t.keys("n")
        try t.type("now")
        try t.keys("Enter")
        try t.waitFor("Recorded #4")
        #expect(try home.journal(id).last?["at"] == nil)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// More than 12 hours back asks first; no goes back to the time, yes takes it.
    @Test func moreThanTwelveHoursBackIsConfirmedOnTheScreen() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-20h"])
        let t = try CommandPostEndToEndTests.open(home, width: 100, env: Self.utc)
        try t.keys("Tab", "@")
        try t.waitFor("When did the next thing you record happen")
        try t.type("-13h")
        try t.waitFor("more than 12 h ago")
        try t.keys("Enter")
        try t.waitFor("more than 12 hours")
        try t.keys("n")
        try t.waitFor("When did the next thing you record happen")
        try t.keys("Enter")
        try t.waitFor("more than 12 hours")
        try t.keys("y")
        try t.waitFor("NEXT ENTRY AT")
        try t.keys("n")
        try t.type("paper log from last night")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        #expect(try home.journal(id).last?["at"] != nil)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// `--at` five minutes ahead: one line, nothing written; the minute of skew is still now.
    @Test func atFiveMinutesAheadIsRefusedOnTheCommandLine() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-2h"])
        let before = try home.journal(id).count
        let r = try Runbook.run(["note", "x", "--at", Self.clock(inMinutes: 5)], home: home.path, env: Self.utc)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("runbook: error:") && r.stderr.contains("min from now") && r.stderr.contains("type the date too"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try home.journal(id).count == before)
        let n = try Runbook.run(["new", "--playbook", "occi", "--name", "Slow", "--at", Self.clock(inMinutes: 5)], home: TempHome().path, env: Self.utc)
        #expect(n.status != 0 && n.stderr.contains("min from now"), "\(n.stderr)")
        let far = try Runbook.run(["note", "from the binder", "--at", "-13h", "--force"], home: home.path, env: Self.utc)
        #expect(far.status == 0, "\(far.stderr)")
        #expect(far.stdout.contains("more than 12 h back"), "\(far.stdout)")
    }

    /// The night the clocks went back in New York (1 November 2020): the report and `log` show
    /// which 01:30 each was, and the report names the zone.
    @Test func theReportAcrossTheFallBackSaysEDTAndEST() throws {
        let home = TempHome()
        let ny = ["TZ": "America/New_York"]
        let made = try Runbook.run(["new", "--playbook", "occi", "--name", "Fall back", "--at", "2020-11-01 00:45 EDT"], home: home.path, env: ny)
        #expect(made.status == 0, "\(made.stderr)")
        for (text, at) in [("the first 01:30", "2020-11-01 01:30 EDT"), ("the second 01:30", "2020-11-01 01:30 EST")] {
            let r = try Runbook.run(["note", text, "--at", at], home: home.path, env: ny)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let md = try Runbook.run(["report", "--format", "md"], home: home.path, env: ny)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("2020-11-01 01:30 EDT") && md.stdout.contains("2020-11-01 01:30 EST"), "\(md.stdout)")
        #expect(md.stdout.contains("local time in America/New_York (EDT/EST"), "\(md.stdout)")
        let ics = try Runbook.run(["report", "--format", "ics214"], home: home.path, env: ny)
        #expect(ics.stdout.contains("01:30 EDT") && ics.stdout.contains("01:30 EST"), "\(ics.stdout)")
        let log = try Runbook.run(["log"], home: home.path, env: ny)
        #expect(log.stdout.contains("  01:30 EDT  T+00:45") && log.stdout.contains("  01:30 EST  T+01:45"), "\(log.stdout)")
        let status = try Runbook.run(["status"], home: home.path, env: ny)
        #expect(status.stdout.contains("activated 2020-11-01 00:45 EDT"), "\(status.stdout)")
        // In one zone all through, `log` is as it was: no zone on its times.
        let plain = try Runbook.run(["log"], home: home.path, env: ["TZ": "UTC"])
        #expect(plain.stdout.contains("  05:30  T+00:45") && !plain.stdout.contains("05:30 UTC"), "\(plain.stdout)")
    }
}
