import Foundation
import RunbookKit
import Testing

/// Issue 9, defects 1, 3, 7, 8, 9 and 10: hostile paths, homes, clocks, playbooks and argv,
/// driven through the real binary.
@Suite("hostile input end to end", .timeLimit(.minutes(3)))
struct HostileInputTests {
    /// Runs the binary like `Runbook.run`, but kills it (by its own pid) after `timeout` seconds:
    /// a command that hangs on a FIFO fails the test instead of hanging the suite.
    static func runTimed(_ args: [String], home: String, env extra: [String: String] = [:],
                         timeout: TimeInterval = 10) throws -> (result: Runbook.Result, hung: Bool) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Runbook.path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_ACTOR"] = "tester"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        env["RUNBOOK_HOME"] = home
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-out-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        var hung = false
        while p.isRunning {
            if Date() > deadline { hung = true; kill(p.processIdentifier, SIGKILL); break }
            usleep(20_000)
        }
        p.waitUntilExit()
        try out.close(); try err.close()
        let o = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (Runbook.Result(status: p.terminationStatus, stdout: o, stderr: e), hung)
    }

    /// One `runbook: error:` line, with no control character but its final newline.
    static func isOneCleanErrorLine(_ stderr: String) -> Bool {
        guard stderr.hasPrefix("runbook: error: "), stderr.hasSuffix("\n") else { return false }
        let body = stderr.dropLast()
        return !body.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
            || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func mode(_ path: String) -> Int? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return Int(st.st_mode & 0o7777)
    }

    // MARK: defect 1 — report --output

    /// The report never lands on the journal, the playbook copy or anything inside an incident
    /// directory; a FIFO, a directory or a symlink as the target is refused; a regular file
    /// is replaced whole by a rename, private.
    @Test func reportRefusesIncidentFilesAndOddTargets() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Report target")
        #expect(try Runbook.run(["note", "pharmacy on paper"], home: home.path).status == 0)
        let dir = home.path + "/incidents/" + id
        let journalBefore = Self.bytes(dir + "/journal.jsonl")
        let playbookBefore = Self.bytes(dir + "/playbook.yaml")
        for target in [dir + "/journal.jsonl", dir + "/playbook.yaml", dir + "/report.md", dir + "/../" + id + "/journal.jsonl"] {
            let r = try Self.runTimed(["report", "--format", "md", "--output", target], home: home.path).result
            #expect(r.status != 0, "\(target) was written")
            #expect(Self.isOneCleanErrorLine(r.stderr), "\(target): \(r.stderr)")
            #expect(r.stderr.contains("incident"), "\(r.stderr)")
        }
        #expect(Self.bytes(dir + "/journal.jsonl") == journalBefore)
        #expect(Self.bytes(dir + "/playbook.yaml") == playbookBefore)
        #expect(!FileManager.default.fileExists(atPath: dir + "/report.md"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["journal.jsonl", "playbook.yaml"])
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)

        let out = home.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(mkfifo(out + "/fifo.md", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: out + "/adir.md", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out + "/link.md", withDestinationPath: dir + "/journal.jsonl")
        for (target, why) in [(out + "/fifo.md", "not a regular file"), (out + "/adir.md", "folder"), (out + "/link.md", "link"),
                              ("/dev/null", "not a regular file")] {
            let (r, hung) = try Self.runTimed(["report", "--output", target], home: home.path)
            #expect(!hung, "report --output \(target) hung")
            #expect(r.status != 0, "\(target) was accepted")
            #expect(Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains(target) && r.stderr.contains(why), "\(target): \(r.stderr)")
        }
        #expect(Self.bytes(dir + "/journal.jsonl") == journalBefore)

        // A journal copied out for the investigation is not overwritten either.
        let copy = out + "/evidence.jsonl"
        try journalBefore.map { try $0.write(to: URL(fileURLWithPath: copy)) }
        let c = try Self.runTimed(["report", "--output", copy, "--format", "md"], home: home.path).result
        #expect(c.status != 0 && c.stderr.contains("journal"), "\(c.stderr)")
        #expect(Self.bytes(copy) == journalBefore)

        // An ordinary old report is replaced by a new file renamed into place, mode 0600.
        let old = out + "/old.md"
        _ = FileManager.default.createFile(atPath: old, contents: Data("old report\n".utf8), attributes: [.posixPermissions: 0o644])
        var before = stat()
        _ = stat(old, &before)
        let w = try Self.runTimed(["report", "--output", old], home: home.path).result
        #expect(w.status == 0, "\(w.stderr)")
        var after = stat()
        _ = stat(old, &after)
        #expect(after.st_ino != before.st_ino, "the report was written in place, not renamed into place")
        #expect(Self.mode(old) == 0o600)
        #expect(String(decoding: Self.bytes(old) ?? Data(), as: UTF8.self).hasPrefix("# After-action"))
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left behind: \(left)")
    }

    // MARK: defect 3 — the home

    /// A home others can write to is refused with the exact fix and never changed, by every
    /// command, read-only ones included (runbook makes its own folders 0700 and tightens no
    /// other); one owned by someone else is refused with the exact chown fix, and nothing is written.
    @Test func unsafeHomeIsRefusedNeverChanged() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Home check")
        let before = Self.bytes(home.journalPath(id))
        for path in [home.path, home.path + "/incidents"] {
            #expect(chmod(path, 0o777) == 0)
            for args in [["note", "a note"], ["status"], ["board", "--once"], ["verify"]] {
                let r = try Runbook.run(args, home: home.path)
                #expect(r.status != 0, "\(args): a home others can write to was used")
                #expect(Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains("chmod 700 \(path)") && r.stderr.contains("another --home"), "\(args): \(r.stderr)")
                #expect(Self.mode(path) == 0o777, "\(args) changed \(path)")
            }
            #expect(chmod(path, 0o700) == 0)
        }
        #expect(Self.bytes(home.journalPath(id)) == before)
        #expect(try Runbook.run(["note", "a note"], home: home.path).status == 0)

        guard getuid() == 0 else { return }  // only root can give a directory to another user
        let journal = Self.bytes(home.journalPath(id))
        for path in [home.path, home.path + "/incidents"] {
            #expect(chown(path, 65534, 65534) == 0)
            let n = try Runbook.run(["note", "a second note"], home: home.path)
            #expect(n.status != 0, "a home owned by another user was used")
            #expect(Self.isOneCleanErrorLine(n.stderr) && n.stderr.contains("chown") && n.stderr.contains(path), "\(n.stderr)")
            #expect(Self.bytes(home.journalPath(id)) == journal)
            let v = try Runbook.run(["verify"], home: home.path)
            #expect(v.status != 0 && v.stderr.contains("chown"), "\(v.stderr)")
            #expect(chown(path, 0, 0) == 0)
        }
        // Writable by a group we cannot vouch for, after being given back: refused, not changed.
        #expect(chmod(home.path + "/incidents", 0o770) == 0)
        #expect(try Runbook.run(["note", "third"], home: home.path).status != 0)
        #expect(Self.mode(home.path + "/incidents") == 0o770)
    }

    /// `--incident` takes only an incident id: no path, no leading dot, no `..`; a symlinked
    /// incident directory is refused, and never chosen by default.
    @Test func incidentIDsAreCheckedAndSymlinksRefused() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Real one")
        let outside = TempHome()
        let other = try outside.newIncident(name: "Elsewhere")
        for bad in ["../..", "../../x", ".hidden", "a/b", "..", "x..y/z", "/etc"] {
            let r = try Runbook.run(["--incident", bad, "note", "should not land"], home: home.path)
            #expect(r.status != 0, "--incident \(bad) accepted")
            #expect(Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains("incident"), "\(bad): \(r.stderr)")
        }
        #expect(try home.journal(id).count == 1)
        // A link in incidents/ pointing at an incident elsewhere (newer than ours).
        try FileManager.default.createSymbolicLink(atPath: home.path + "/incidents/29991231-2359-planted",
                                                   withDestinationPath: outside.path + "/incidents/" + other)
        let named = try Runbook.run(["--incident", "29991231-2359-planted", "note", "x"], home: home.path)
        #expect(named.status != 0 && Self.isOneCleanErrorLine(named.stderr) && named.stderr.contains("link"), "\(named.stderr)")
        let byDefault = try Runbook.run(["note", "goes to the real incident"], home: home.path)
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(try home.journal(id).count == 2)
        #expect(try outside.journal(other).count == 1)
    }

    // MARK: defect 7 — times the reader would reject

    /// A shared library that moves the wall clock to `seconds` since the epoch.
    static func clockShim(seconds: Int64) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-clock-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let c = """
        #define _GNU_SOURCE
        #include <time.h>
        #include <sys/time.h>
        int clock_gettime(clockid_t id, struct timespec *ts) {
            (void)id; ts->tv_sec = (time_t)\(seconds)LL; ts->tv_nsec = 0; return 0;
        }
        int gettimeofday(struct timeval *tv, void *tz) {
            (void)tz; tv->tv_sec = (time_t)\(seconds)LL; tv->tv_usec = 0; return 0;
        }
        time_t time(time_t *t) { if (t) *t = (time_t)\(seconds)LL; return (time_t)\(seconds)LL; }
        """
        try c.write(toFile: dir + "/clock.c", atomically: true, encoding: .utf8)
        try spawnQuietly(["cc", "-shared", "-fPIC", "-o", dir + "/clock.so", dir + "/clock.c"])
        guard FileManager.default.fileExists(atPath: dir + "/clock.so") else { throw HarnessError("cannot build the clock shim with cc") }
        return dir + "/clock.so"
    }

    /// With the clock past year 9999 or before year 0, nothing is acknowledged: the writer
    /// refuses what its reader would call damage.
    @Test func clockOutsideTheReadersRangeIsRefused() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Clock")
        let journal = Self.bytes(home.journalPath(id))
        for secs: Int64 in [253_402_300_800 + 86_400, -62_167_219_200 - 86_400] {
            let shim = try Self.clockShim(seconds: secs)
            defer { try? FileManager.default.removeItem(atPath: (shim as NSString).deletingLastPathComponent) }
            let r = try Runbook.run(["note", "written with a broken clock"], home: home.path, env: ["LD_PRELOAD": shim])
            #expect(r.status != 0, "a note was acknowledged at clock \(secs)")
            #expect(Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains("clock"), "\(r.stderr)")
            #expect(Self.bytes(home.journalPath(id)) == journal)
            let n = try Runbook.run(["new", "--playbook", "occi", "--name", "Broken clock"], home: home.path, env: ["LD_PRELOAD": shim])
            #expect(n.status != 0 && n.stderr.contains("clock"), "\(n.stderr)")
        }
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents").count == 1)
    }

    /// `--at` before 2000, more than a year before discovery, or with an offset beyond ±14:00
    /// is refused; within the bounds it is recorded.
    @Test func atBoundsAndOffsets() throws {
        let home = TempHome()
        let now = Timestamp.now()
        let discovered = now.adding(seconds: -3 * 86_400)
        let id = try home.newIncident(name: "Bounds", extra: ["--discovered", discovered.rfc3339])
        let journal = Self.bytes(home.journalPath(id))
        let tooEarly = discovered.adding(seconds: -400 * 86_400).rfc3339
        for at in ["1999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", tooEarly, "2026-11-29T10:00:00+14:30", "2026-11-29T10:00:00-15:00",
                   "2026-11-29T10:00:00+99:00"] {
            let r = try Runbook.run(["note", "late entry", "--at", at], home: home.path)
            #expect(r.status != 0, "--at \(at) accepted")
            #expect(Self.isOneCleanErrorLine(r.stderr), "\(at): \(r.stderr)")
        }
        #expect(Self.bytes(home.journalPath(id)) == journal)
        let within = discovered.adding(seconds: -300 * 86_400).rfc3339
        // Within the year's reach, but before discovery: recorded only with --force, as a deviation.
        let unforced = try Runbook.run(["note", "from last year's audit", "--at", within], home: home.path)
        #expect(unforced.status != 0 && unforced.stderr.contains("before the incident was discovered"), "\(unforced.stderr)")
        let ok = try Runbook.run(["note", "from last year's audit", "--at", within, "--force"], home: home.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        let fourteen = try Runbook.run(["note", "offset at the limit", "--at", Timestamp.now().adding(seconds: -3600).rfc3339.replacingOccurrences(of: "Z", with: "+00:00")], home: home.path)
        #expect(fourteen.status == 0, "\(fourteen.stderr)")
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    /// Entry 1 records the incident id and when it was discovered; `new --discovered` takes
    /// the `--at` forms and refuses a time after activation or in the future.
    @Test func entryOneRecordsIncidentAndDiscovered() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Plain")
        let e1 = try home.journal(id)[0]
        #expect(e1["incident"] as? String == id)
        #expect(e1["discovered"] as? String == e1["time"] as? String)

        let id2 = try home.newIncident(name: "Found earlier", extra: ["--discovered", "-3h", "--at", "-1h"])
        let f = try home.journal(id2)[0]
        #expect(f["incident"] as? String == id2)
        let d = Timestamp(rfc3339: f["discovered"] as? String ?? ""), at = Timestamp(rfc3339: f["at"] as? String ?? "")
        #expect(d != nil && at != nil && at!.millis - d!.millis == 2 * 3_600_000, "\(f)")

        for (extra, why) in [(["--discovered", "-1h", "--at", "-2h"], "after"), (["--discovered", "+1h"], "time"),
                             (["--discovered", Timestamp.now().adding(seconds: 7200).rfc3339], "future")] {
            let r = try Runbook.run(["new", "--playbook", "occi", "--name", "Bad discovery"] + extra, home: home.path)
            #expect(r.status != 0 && Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains(why), "\(extra): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents").count == 2)
    }

    /// A journal moved into another incident's directory fails `verify`; one written before
    /// entry 1 carried `incident` is accepted without complaint.
    @Test func verifyChecksTheIncidentIdOfEntryOne() throws {
        let home = TempHome()
        let a = try home.newIncident(name: "Alpha")
        let b = try home.newIncident(name: "Bravo")
        let da = home.path + "/incidents/" + a, db = home.path + "/incidents/" + b
        for f in ["journal.jsonl", "playbook.yaml"] {
            try FileManager.default.removeItem(atPath: db + "/" + f)
            try FileManager.default.copyItem(atPath: da + "/" + f, toPath: db + "/" + f)
        }
        let v = try Runbook.run(["verify", "--incident", b], home: home.path)
        #expect(v.status == 1, "\(v.stdout)")
        #expect(Self.isOneCleanErrorLine(v.stderr) && v.stderr.contains(a) && v.stderr.contains(b), "\(v.stderr)")
        #expect(try Runbook.run(["verify", "--journal", db + "/journal.jsonl"], home: home.path).status == 1)
        #expect(try Runbook.run(["verify", "--incident", a], home: home.path).status == 0)

        // An older journal: entry 1 without `incident` (or `discovered`).
        let c = try home.newIncident(name: "Charlie")
        let dc = home.path + "/incidents/" + c
        let sha = try #require(home.journal(c)[0]["playbookSHA256"] as? String)
        let draft = EntryDraft(type: .incidentOpened, actor: "tester", fields: [
            ("name", .string("Charlie")), ("playbook", .string("occi")), ("playbookTitle", .string("t")),
            ("playbookVersion", .string("1")), ("playbookSHA256", .string(sha)), ("exercise", .bool(false)),
        ])
        let line = JournalLine.encodeBytes(draft, seq: 1, time: Timestamp.now(), prev: JournalLine.zeroHash) + [0x0A]
        try Data(line).write(to: URL(fileURLWithPath: dc + "/journal.jsonl"))
        let old = try Runbook.run(["verify", "--incident", c], home: home.path)
        #expect(old.status == 0 && old.stderr.isEmpty, "\(old.stderr)")
        #expect(try Runbook.run(["--incident", c, "note", "still works"], home: home.path).status == 0)
    }

    // MARK: defect 8 — control characters in playbooks

    /// Escape codes, BEL and text-direction overrides in a playbook's text are refused with the
    /// position of the offending character; tabs and newlines in `detail` are fine.
    @Test func playbookControlCharactersAreRefused() throws {
        let home = TempHome()
        let dir = home.path + "/pb"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = """
        id: evil
        title: Good
        version: "1"
        source: test
        roles:
          - {id: ic, title: IC}
        phases:
          - {id: now, title: Now, from: 0h}
        tasks:
          - id: t1
            title: First
            role: ic
            phase: now
            detail: |
              line one
              line\ttwo

        """
        try good.write(toFile: dir + "/good.yaml", atomically: true, encoding: .utf8)
        let ok = try Runbook.run(["playbooks", "check", dir + "/good.yaml"], home: home.path)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        // (replacement in the good file, expected line, expected column)
        let cases: [(String, String, Int, Int)] = [
            ("title: Good", "title: \"Evil \\e[31mred\"", 2, 14),
            ("title: Good", "title: \"Ring \\a\"", 2, 14),
            ("title: First", "title: \"A \u{202E}gnp.exe\"", 11, 15),
            ("title: First", "title: A \u{202E}gnp.exe", 11, 14),
            ("title: First", "title: \"two\\nlines\"", 11, 16),
            ("  - {id: ic, title: IC}", "  - {id: ic, title: \"I\\x1bC\"}", 6, 23),
            ("line one", "line \\e one \u{2066}", 15, 19),
        ]
        for (i, (from, to, line, column)) in cases.enumerated() {
            let path = dir + "/bad\(i).yaml"
            try good.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
            let r = try Runbook.run(["playbooks", "check", path], home: home.path)
            #expect(r.status != 0, "case \(i) passed: \(to)")
            let all = r.stdout + r.stderr
            #expect(all.contains("\(path):\(line):\(column): "), "case \(i) \(to): \(all)")
            #expect(all.contains("control") || all.contains("direction"), "case \(i): \(all)")
            #expect(!all.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "case \(i) echoed the raw character")
            let n = try Runbook.run(["new", "--playbook", path, "--name", "Evil"], home: home.path)
            #expect(n.status != 0 && Self.isOneCleanErrorLine(n.stderr), "case \(i): \(n.stderr)")
        }
        let made = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")) ?? []
        #expect(made.isEmpty, "an incident was started on a playbook with control characters: \(made)")
    }

    // MARK: defect 9 — errors echo input escaped, on one line

    @Test func errorsShowInputEscapedOnOneLine() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "Echo")
        let evil = "x\n\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}y"
        let runs: [[String]] = [
            ["note", "hello", "--at", evil],
            ["do", evil, "done"],
            ["do", "ic-activate-command", evil],
            ["decide", evil, "yes"],
            ["decide", "extended-downtime", evil],
            ["assign", evil, "Dr Who"],
            ["--incident", evil, "status"],
            ["--incident", "20260101-0000-" + evil, "status"],
            ["new", "--playbook", evil, "--name", "x"],
            ["new", "--playbook", "/nowhere/" + evil + ".yaml", "--name", "x"],
            ["verify", "--journal", "/nowhere/" + evil],
            ["report", "--format", evil],
            ["system", "EHR", evil],
            ["help", evil],
            ["log", "--type", evil],
        ]
        for args in runs {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0, "\(args) succeeded")
            #expect(Self.isOneCleanErrorLine(r.stderr), "\(args.map { $0.debugDescription }): \(r.stderr.debugDescription)")
            if args.contains(evil) || args.contains(where: { $0.contains(evil) }) {
                // The value is shown, escaped, unless the message does not echo it at all.
                #expect(!r.stderr.contains("pwned") || r.stderr.contains("\\u{1B}]0;pwned\\u{07}"), "\(r.stderr)")
            }
        }
    }

    // MARK: defect 10 — FIFOs and devices

    /// A FIFO or device where a journal or playbook copy should be never blocks a command.
    @Test func fifosAndDevicesNeverBlock() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Real")
        // A planted incident whose journal is a FIFO, newest by name.
        let planted = home.path + "/incidents/29991231-2359-fifo"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        #expect(mkfifo(planted + "/journal.jsonl", 0o600) == 0)
        let (note, hung) = try Self.runTimed(["note", "still recorded"], home: home.path)
        #expect(!hung, "a FIFO journal in another incident hung 'runbook note'")
        #expect(note.status == 0, "\(note.stderr)")
        #expect(try home.journal(id).count == 2)
        for args in [["verify", "--journal", planted + "/journal.jsonl"], ["verify", "--journal", "/dev/zero"],
                     ["--incident", "29991231-2359-fifo", "status"], ["--incident", "29991231-2359-fifo", "note", "x"],
                     ["--incident", "29991231-2359-fifo", "verify"]] {
            let (r, hung) = try Self.runTimed(args, home: home.path)
            #expect(!hung, "\(args) hung")
            #expect(r.status != 0 && Self.isOneCleanErrorLine(r.stderr) && r.stderr.contains("not a regular file"), "\(args): \(r.stderr)")
        }
        // The playbook copy replaced by a FIFO: refused or shown read-only, never a hang.
        let dir = home.path + "/incidents/" + id
        try FileManager.default.removeItem(atPath: dir + "/playbook.yaml")
        #expect(mkfifo(dir + "/playbook.yaml", 0o600) == 0)
        for args in [["--incident", id, "note", "x"], ["--incident", id, "status"], ["--incident", id, "verify"],
                     ["--incident", id, "report"]] {
            let (r, hung) = try Self.runTimed(args, home: home.path)
            #expect(!hung, "\(args) hung on a FIFO playbook copy")
            #expect(r.status != 0 && r.stderr.contains("not a regular file"), "\(args): \(r.stderr)")
        }
        let (p, phung) = try Self.runTimed(["playbooks", "check", planted + "/journal.jsonl"], home: home.path)
        #expect(!phung && p.status != 0, "\(p.stderr)")
    }
}
