import Foundation
import Testing

/// Issue 20, points 7, 8 and 10 through the real binary: a wild clock, a skipped or repeated
/// local time, look-alike system names, `extends:` of a file that is no playbook, and `q` while
/// an action waits for the journal's lock.
@Suite struct ClockAndNamesEndToEndTests {
    /// `--at` in New York across both clock changes of 2026: the skipped time is refused naming
    /// the gap, the repeated one asks which, and with its zone or offset it is recorded.
    @Test func skippedAndRepeatedLocalTimes() throws {
        let home = TempHome()
        let ny = ["TZ": "America/New_York"]
        let id = try home.newIncident(extra: ["--at", "2026-03-01T00:00:00Z", "--discovered", "2026-03-01T00:00:00Z"])
        let before = try home.journal(id).count
        let gap = try Runbook.run(["note", "x", "--at", "2026-03-08 02:30"], home: home.path, env: ny)
        #expect(gap.status != 0)
        #expect(gap.stderr.hasPrefix("runbook: error:") && gap.stderr.contains("does not exist") && gap.stderr.contains("02:00 to 03:00"), "\(gap.stderr)")
        #expect(gap.stderr.split(separator: "\n").count == 1, "one line: \(gap.stderr)")
        let twice = try Runbook.run(["note", "x", "--at", "2026-11-01 01:30"], home: home.path, env: ny)
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("EDT or EST") && twice.stderr.contains("-04:00 or -05:00"), "\(twice.stderr)")
        #expect(try home.journal(id).count == before, "nothing written on a refusal")
        let est = try Runbook.run(["note", "the later 01:30", "--at", "2026-11-01 01:30 EST"], home: home.path, env: ny)
        #expect(est.status == 0, "\(est.stderr)")
        #expect(try home.journal(id).last?["at"] as? String == "2026-11-01T06:30:00.000Z")
        let edt = try Runbook.run(["note", "the first 01:30", "--at", "2026-11-01 01:30 -04:00"], home: home.path, env: ny)
        #expect(edt.status == 0, "\(edt.stderr)")
        #expect(try home.journal(id).last?["at"] as? String == "2026-11-01T05:30:00.000Z")
    }

    /// Look-alike names of EHR through `runbook system`: one system in `status --json`.
    @Test func lookAlikeSystemNamesAreOneSystem() throws {
        let home = TempHome()
        _ = try home.newIncident()
        for name in ["EHR", "E\u{2060}HR", "E\u{AD}HR", "EHR\u{A0}system", "ＥＨＲ", "\u{415}\u{41D}R"] {
            let r = try Runbook.run(["system", name, "down"], home: home.path)
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
        let mixed = try Runbook.run(["system", "Bed b\u{43E}ard", "down"], home: home.path)  // Cyrillic о
        #expect(mixed.status != 0 && mixed.stderr.contains("Cyrillic"), "\(mixed.stderr)")
        // A look-alike of a system the playbook lists is that system (occi lists PACS).
        let pacs = try Runbook.run(["system", "PA\u{421}S", "down"], home: home.path)  // Cyrillic С
        #expect(pacs.status == 0, "\(pacs.stderr)")
        let status = try Runbook.run(["status", "--json"], home: home.path)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let systems = (doc["systems"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(systems == ["EHR", "PACS"], "\(String(describing: systems))")
    }

    /// `extends:` naming a shell profile: refused in one finding, without its contents.
    @Test func extendsOfAShellProfileIsRefusedWithoutItsKeys() throws {
        let home = TempHome()
        let profile = home.path + "/profile.sh"
        try "export API_TOKEN=hunter2\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let pb = home.path + "/mine.yaml"
        try "id: mine\ntitle: Mine\nversion: \"1\"\nextends: \(profile)\n".write(toFile: pb, atomically: true, encoding: .utf8)
        let r = try Runbook.run(["playbooks", "check", pb], home: home.path)
        #expect(r.status != 0)
        let all = r.stdout + r.stderr
        #expect(all.contains("is not a playbook file"), "\(all)")
        #expect(!all.contains("hunter2") && !all.contains("API_TOKEN"), "\(all)")
    }

    /// A clock a day ahead of the last entry: refused, then recorded with --force, saying so.
    @Test func aClockADayAheadNeedsForce() throws {
        let home = TempHome()
        let id = try home.newIncident()
        // Entry 1 as if recorded two days ago: rewrite its time and hash as a writer would have.
        let path = home.journalPath(id)
        let script = """
        import hashlib, json, re, sys
        p = sys.argv[1]
        line = open(p, 'rb').read().rstrip(b'\\n')
        line = re.sub(rb'"time":"[^"]*"', b'"time":"2000-01-01T00:00:00.000Z"', line, count=1)
        body = line[:line.rindex(b',"hash":"')]
        h = hashlib.sha256(body + b'}').hexdigest()
        open(p, 'wb').write(body + b',"hash":"' + h.encode() + b'"}\\n')
        """
        let py = try Runbook.runProcess("/usr/bin/python3", ["-c", script, path])
        #expect(py.status == 0, "\(py.stderr)")
        let refused = try Runbook.run(["note", "after a long time"], home: home.path)
        #expect(refused.status != 0 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try home.journal(id).count == 1)
        let forced = try Runbook.run(["note", "after a long time", "--force"], home: home.path)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect((try home.journal(id).last?["clockAhead"] as? String)?.contains("after the previous entry") == true)
    }

    /// A command post with `note` WAITING behind another process's lock (held `seconds`), and
    /// `q` pressed: the question about the waiting action is on the screen.
    static func quitAskedWhileWaiting(note: String, seconds: Double) throws -> (TempHome, String, Tmux, Process) {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        let holder = try JournalLockEndToEndTests.holdLock(home.journalPath(id), seconds: seconds)
        try CommandPostJournalHazardsTests.note(t, note)
        try t.waitFor("WAITING")
        try t.keys("q")
        try t.waitFor("1 action not recorded yet")
        return (home, id, t, holder)
    }

    /// `q` while a note waits for another process's lock asks; `d` discards and quits.
    @Test func quitWhileANoteWaitsAsks() throws {
        let (home, id, t, holder) = try Self.quitAskedWhileWaiting(note: "radio log 02:10", seconds: 6)
        defer { holder.terminate() }
        try t.keys("d")
        _ = try t.waitForExit()
        #expect(try home.journal(id).count == 1)
    }

    /// `w`: the screen stays until the lock is freed, records the note, then quits by itself.
    @Test func quitWhileANoteWaitsCanWaitForIt() throws {
        let (home, id, t, holder) = try Self.quitAskedWhileWaiting(note: "keep this one", seconds: 2)
        defer { holder.terminate() }
        try t.keys("w")
        holder.waitUntilExit()
        _ = try t.waitForExit(timeout: 6)
        #expect(try home.journal(id).last?["note"] as? String == "keep this one")
    }
}
