import Foundation
import Testing

/// Issue 10: closing is never one keystroke or one unattended command, and with several open
/// incidents every command says which one it took, while `open` lets the person choose.
@Suite(.serialized) struct IncidentChoiceEndToEndTests {
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func closeWithoutATerminalNeedsYesOrTheIncidentNamed() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let before = try Self.bytes(home.journalPath(id))
        let r = try Runbook.run(["close"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("runbook: error:") && r.stderr.contains("--yes") && r.stderr.contains("--incident"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try Self.bytes(home.journalPath(id)) == before)
        let named = try Runbook.run(["close", "--incident", id], home: home.path)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try home.journal(id).last?["type"] as? String == "incident.closed")

        let other = try home.newIncident(name: "Second")
        let yes = try Runbook.run(["close", "--yes"], home: home.path)
        #expect(yes.status == 0, "\(yes.stderr)")
        #expect(try home.journal(other).last?["type"] as? String == "incident.closed")
    }

    /// With a drill and a real incident open, an unattended `close --yes` must not pick the
    /// newest for good: it names the incidents and closes nothing.
    @Test func closeYesWithSeveralOpenNeedsTheIncidentNamed() throws {
        let home = TempHome()
        // Activated ten minutes before the drill, and recorded before it: the drill is the newest.
        let real = try home.newIncident(name: "Real outage", extra: ["--at", "-10m"])
        let drill = try home.newIncident(playbook: "hic-tcr", name: "Tabletop drill", extra: ["--exercise"])
        let before = (try Self.bytes(home.journalPath(real)), try Self.bytes(home.journalPath(drill)))
        let r = try Runbook.run(["close", "--yes"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("runbook: error:") && r.stderr.contains(real) && r.stderr.contains(drill) && r.stderr.contains("--incident"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(try Self.bytes(home.journalPath(real)) == before.0)
        #expect(try Self.bytes(home.journalPath(drill)) == before.1)
        let named = try Runbook.run(["close", "--yes", "--incident", drill], home: home.path)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try home.journal(drill).last?["type"] as? String == "incident.closed")
        #expect(try Self.bytes(home.journalPath(real)) == before.0)
    }

    @Test func closeOnATerminalAsksForTheNameOrCLOSE() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Night outage")
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "ic", "LANG": "C.UTF-8", "TERM": "screen"]
        let before = try Self.bytes(home.journalPath(id))
        // A stray "y" (the old confirmation) closes nothing.
        let t = try Tmux([Runbook.path, "close"], width: 100, height: 24, env: env)
        try t.waitFor("Type its name, or CLOSE")
        try t.type("y")
        try t.keys("Enter")
        #expect(try t.waitForExit() != 0)
        #expect(try t.capture().contains("not closed"))
        #expect(try Self.bytes(home.journalPath(id)) == before)
        // The name, in any case, closes it.
        let t2 = try Tmux([Runbook.path, "close"], width: 100, height: 24, env: env)
        try t2.waitFor("Night outage")
        try t2.type("night OUTAGE")
        try t2.keys("Enter")
        let closedStatus = try t2.waitForExit()
        let closedScreen = try t2.capture()
        #expect(closedStatus == 0, "\(closedScreen)")
        #expect(try home.journal(id).last?["type"] as? String == "incident.closed")
    }

    /// Issue 21: with several open, a command that records refuses unless the incident is named
    /// (`--incident` or RUNBOOK_INCIDENT), listing them with their activation times and the
    /// drill marked; a command that only reads takes the newest and says so.
    @Test func withSeveralOpenRecordingNeedsTheIncidentNamedAndReadingSaysWhich() throws {
        let home = TempHome()
        // Activated ten minutes before the drill, and recorded before it: the drill is the newest.
        let real = try home.newIncident(name: "Real outage", extra: ["--at", "-10m"])
        let drill = try home.newIncident(playbook: "hic-tcr", name: "Tabletop drill", extra: ["--exercise"])
        let before = (try Self.bytes(home.journalPath(real)), try Self.bytes(home.journalPath(drill)))
        for args in [["note", "courier left"], ["do", "ic-declare", "done"], ["assign", "ic", "Dr Ng"], ["system", "EHR", "down"],
                     ["period"], ["decide", "extended-downtime", "yes"], ["correct", "1", "--reason", "x"], ["close", "--yes"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.hasPrefix("runbook: error: 2 incidents are open") && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("\(drill) “Tabletop drill” activated") && r.stderr.contains("(exercise)"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("\(real) “Real outage” activated") && r.stderr.contains("--incident"), "\(args): \(r.stderr)")
        }
        #expect(try Self.bytes(home.journalPath(real)) == before.0)
        #expect(try Self.bytes(home.journalPath(drill)) == before.1)
        // Reading keeps the newest, with the warning.
        let s = try Runbook.run(["status"], home: home.path)
        #expect(s.status == 0 && s.stderr.contains("2 incidents are open"), "\(s.stderr)")
        #expect(try Runbook.run(["log"], home: home.path).status == 0)
        // Named (option or environment), or only one open: recorded, nothing to say.
        let named = try Runbook.run(["--incident", real, "note", "x"], home: home.path)
        #expect(named.status == 0 && !named.stderr.contains("incidents are open"), "\(named.stderr)")
        let byEnv = try Runbook.run(["note", "y"], home: home.path, env: ["RUNBOOK_INCIDENT": real])
        #expect(byEnv.status == 0 && byEnv.stderr.isEmpty, "\(byEnv.stderr)")
        #expect(try home.journal(real).suffix(2).map { $0["note"] as? String } == ["x", "y"])
        #expect(try Runbook.run(["close", "--incident", drill], home: home.path).status == 0)
        let one = try Runbook.run(["note", "z"], home: home.path)
        #expect(one.status == 0 && one.stderr.isEmpty, "\(one.stderr)")
    }

    /// The id comes from the activation time (`new --at`), and the picker shows when each was
    /// activated, not when it was typed in.
    @Test func theIdAndThePickerGoByActivation() throws {
        let home = TempHome()
        let r = try Runbook.run(["new", "--playbook", "occi", "--name", "Night outage", "--at", "2026-01-02 03:04", "--from-paper"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lastLine == "20260102-0304-night-outage", "\(r.stdout)")
        _ = try home.newIncident(playbook: "hic-tcr", name: "Tabletop drill", extra: ["--exercise"])
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: env)
        // Waited for whole: the header may be drawn before the rows.
        let screen = try t.waitFor("activated 2026-01-02 03:04 · 20260102-0304-night-outage")
        #expect(screen.contains("2 incidents are open") && screen.contains("Tabletop drill"), "\(screen)")
        try t.keys("q")
        _ = try t.waitForExit()
    }

    @Test func openOffersTheChoiceWhenSeveralAreOpen() throws {
        let home = TempHome()
        // Activated ten minutes before the drill, and recorded before it: the drill is the newest.
        let real = try home.newIncident(name: "Real outage", extra: ["--at", "-10m"])
        _ = try home.newIncident(playbook: "hic-tcr", name: "Tabletop drill", extra: ["--exercise"])
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        let t = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: env)
        let screen = try t.waitFor("2 incidents are open")
        #expect(screen.contains("Real outage") && screen.contains("Tabletop drill") && screen.contains("EXERCISE"), "\(screen)")
        // The drill is newest and first; the real incident is chosen with ↓ and Enter.
        try t.keys("Down")
        try t.keys("Enter")
        let post = try t.waitFor("✓ journal")
        #expect(post.contains("Real outage"), "\(post)")
        #expect(!post.contains("Tabletop drill"))
        try t.keys("q")
        _ = try t.waitForExit()
        _ = real
        // q on the picker opens nothing and writes nothing.
        let t2 = try Tmux([Runbook.path, "board"], width: 80, height: 24, env: env)
        try t2.waitFor("2 incidents are open")
        try t2.keys("q")
        #expect(try t2.waitForExit() == 0)
    }

    @Test func backDatedEntriesAreCheckedOnTheCommandLine() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-2h", "--discovered", "-3h"])
        let before = try Self.bytes(home.journalPath(id))
        for args in [["note", "odd login", "--at", "-5h"], ["period", "--at", "-150m"], ["do", "ops-activate-downtime", "done", "--at", "-4h"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.hasPrefix("runbook: error:") && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(try Self.bytes(home.journalPath(id)) == before, "\(args)")
        }
        // Between discovery and activation: normal.
        #expect(try Runbook.run(["system", "EHR", "down", "--at", "-170m"], home: home.path).status == 0)
        let forced = try Runbook.run(["note", "odd login", "--at", "-5h", "--force"], home: home.path)
        #expect(forced.status == 0, "\(forced.stderr)")
        let e = try #require(try home.journal(id).last)
        #expect(e["force"] as? Bool == true)
        #expect((e["deviation"] as? String)?.contains("discovered") == true)
        // Periods in time order.
        #expect(try Runbook.run(["period", "--at", "-30m"], home: home.path).status == 0)
        let early = try Runbook.run(["period", "--at", "-60m"], home: home.path)
        #expect(early.status != 0 && early.stderr.contains("period 2 began at"), "\(early.stderr)")
        #expect(try Runbook.run(["period", "--at", "-60m", "--force"], home: home.path).status == 0)
        #expect(try home.journal(id).last?["period"] as? Int == 2)
        let v = try Runbook.run(["verify"], home: home.path)
        #expect(v.status == 0)
    }
}
