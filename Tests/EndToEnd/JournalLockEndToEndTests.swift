import Foundation
import Testing

/// The real binary against a journal another process holds locked, or caught mid-write.
@Suite("journal lock and mid-write, end to end", .serialized)
struct JournalLockEndToEndTests {
    /// Another process (python, as a stuck runbook would) holds the journal's lock for
    /// `seconds`; returns it once the lock is taken.
    static func holdLock(_ path: String, seconds: Double, corruptWith bad: [UInt8]? = nil, restore good: [UInt8]? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let script = """
        import fcntl, os, sys, time
        f = open(sys.argv[1], "r+b")
        fcntl.flock(f, fcntl.LOCK_EX)
        bad, good = sys.argv[3], sys.argv[4]
        if bad:
            f.seek(0); f.truncate(); f.write(bytes.fromhex(bad)); f.flush()
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        if good:
            f.seek(0); f.truncate(); f.write(bytes.fromhex(good)); f.flush()
        """
        func hex(_ b: [UInt8]?) -> String { b.map { $0.map { String(format: "%02x", $0) }.joined() } ?? "" }
        p.arguments = ["-c", script, path, String(seconds), hex(bad), hex(good)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let line = out.fileHandleForReading.readData(ofLength: 7)
        guard String(decoding: line, as: UTF8.self) == "locked\n" else { throw HarnessError("the lock holder did not start") }
        return p
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test(.timeLimit(.minutes(2)))
    func noteGivesUpAfterThirtySecondsAndSaysWhy() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let journal = home.journalPath(id)
        let holder = try Self.holdLock(journal, seconds: 45)
        defer { holder.terminate() }
        let before = try Self.bytes(journal)
        let started = Date()
        let r = try Runbook.run(["note", "EHR still down"], home: home.path)
        let took = Date().timeIntervalSince(started)
        #expect(r.status != 0)
        #expect(r.stderr.contains("waiting for another runbook process to finish writing"))
        #expect(r.stderr.contains("runbook: error:") && r.stderr.contains("nothing was recorded"))
        #expect(took >= 29 && took < 40, "gave up after \(took) s")
        #expect(try Self.bytes(journal) == before)
    }

    @Test(.timeLimit(.minutes(2)))
    func noteWaitsForAShortLockThenRecords() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let holder = try Self.holdLock(home.journalPath(id), seconds: 2.5)
        defer { holder.terminate() }
        let r = try Runbook.run(["note", "waited for the lock"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("waiting for another runbook process"))
        #expect(try home.journal(id).last?["note"] as? String == "waited for the lock")
    }

    /// A reader that sees what a writer mid-recovery leaves for an instant re-checks under a
    /// shared lock, and calls an intact journal intact.
    @Test(.timeLimit(.minutes(2)))
    func verifyDuringAWriteIsNotFooledIntoDamage() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["note", "one"], home: home.path).status == 0)
        let journal = home.journalPath(id)
        let good = [UInt8](try Self.bytes(journal))
        let joined = good + Array("{\"seq\":3,\"ti".utf8) + Array("me half of another line\n".utf8)
        let holder = try Self.holdLock(journal, seconds: 1.5, corruptWith: joined, restore: good)
        defer { holder.terminate() }
        let r = try Runbook.run(["verify"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("intact: 2 entries"))
        holder.waitUntilExit()
        // With nobody writing, real damage is reported at once.
        var bad = good
        bad[bad.count - 10] ^= 1
        try Data(bad).write(to: URL(fileURLWithPath: journal))
        let d = try Runbook.run(["verify"], home: home.path)
        #expect(d.status == 1 && d.stderr.contains("entry 2"))
    }

    /// The README's auditor snippet, run as printed there, agrees with `verify`.
    @Test func readmeSnippetAgreesWithVerify() throws {
        let readme = try String(contentsOf: Runbook.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let open = readme.range(of: "```python\n"), let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no python snippet")
            return
        }
        let snippet = String(readme[open.upperBound..<close.lowerBound])
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["note", "a note"], home: home.path).status == 0)
        let dir = home.path + "/incidents/" + id
        func python() throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            p.arguments = ["-c", snippet]
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try python() == 0)
        // A torn tail: both accept it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/journal.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{\"seq\":3,\"time\":\"20".utf8))
        try handle.close()
        #expect(try python() == 0)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
        // A changed byte in a complete line: both refuse it.
        var bytes = [UInt8](try Self.bytes(dir + "/journal.jsonl"))
        let firstNewline = try #require(bytes.firstIndex(of: 0x0A))
        bytes[firstNewline + 30] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/journal.jsonl"))
        #expect(try python() != 0)
        #expect(try Runbook.run(["verify"], home: home.path).status == 1)
    }
}

/// `--at HH:MM` for a time more than 12 hours later than now on the clock is last night's (up
/// to 12 hours ahead it is a slow clock, refused: TypedTimesEndToEndTests).
@Suite("--at across midnight, end to end")
struct AtAcrossMidnightEndToEndTests {
    @Test(arguments: ["America/Chicago", "Asia/Kolkata", "Pacific/Auckland"])
    func aLaterClockTimeIsYesterdays(zone: String) throws {
        let home = TempHome()
        // Discovered a day ago, so last night's time is within the incident.
        let id = try home.newIncident(extra: ["--discovered", "-1500m"])
        // Fourteen hours ahead on the clock of TZ: that time today has not come, so it is yesterday's.
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = try #require(TimeZone(identifier: zone))
        let ahead = cal.dateComponents([.hour, .minute], from: Date().addingTimeInterval(14 * 3_600))
        let hhmm = String(format: "%02d:%02d", ahead.hour ?? 0, ahead.minute ?? 0)
        let r = try Runbook.run(["note", "logged late", "--at", hhmm], home: home.path, env: ["TZ": zone])
        #expect(r.status == 0, "\(r.stderr)")
        let at = try #require(home.journal(id).last?["at"] as? String)
        let when = try #require(ISO8601DateFormatter().date(from: at.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)))
        let ago = Date().timeIntervalSince(when)
        #expect(ago > 9 * 3600 && ago < 11 * 3600, "--at \(hhmm) was read as \(at)")
    }
}
