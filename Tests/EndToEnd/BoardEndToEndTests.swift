import Foundation
import Testing

/// The executive board and the timeline with the real binary: `board --once` through a pipe,
/// the live board in tmux following another process, changing nothing, on a read-only copy;
/// `log` with its filters, jsonl and --follow.
@Suite("board and log end to end", .serialized, .timeLimit(.minutes(3)))
struct BoardEndToEndTests {
    static func env(_ home: String) -> [String: String] {
        ["RUNBOOK_HOME": home, "RUNBOOK_ACTOR": "exec", "LANG": "C.UTF-8", "TERM": "screen"]
    }

    /// An OCCI incident with a system down and its estimate moved, a decision and a blocked task.
    static func scripted(_ home: TempHome) throws -> String {
        let id = try home.newIncident(name: "Board drill", extra: ["--at", "-3h"])
        for args in [["assign", "ic", "Dr. Lee"], ["system", "EHR", "down", "--eta", "+6h", "--at", "-170m"],
                     ["system", "EHR", "down", "--eta", "+36h", "--note", "vendor rebuilding"],
                     ["system", "PACS", "degraded"], ["do", "ic-declare", "done"],
                     ["decide", "ambulance-diversion", "divert"]] {
            let r = try Runbook.run(args, home: home.path)
            guard r.status == 0 else { throw HarnessError("\(args): \(r.stderr)") }
        }
        return id
    }

    /// Issue 22/23: three days after activation every screen says `T+3d 00:0…`, the one way
    /// elapsed time is written from 48 hours, on the wall board (block letters too), `--once`,
    /// the command post's header, `status` and `log`.
    @Test func anIncidentOfDaysReadsInDays() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Long outage", extra: ["--at", "-3d"])
        let note = try Runbook.run(["note", "still on paper"], home: home.path)
        #expect(note.status == 0, "\(note.stderr)")
        let t = try Tmux([Runbook.path, "board"], width: 120, height: 40, env: Self.env(home.path))
        let board = try t.waitFor("chain verified")
        print("board at 120x40, 3 days in:\n\(board)")
        let lines = board.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.contains("Long outage  ·  T+3d 00:0") == true, "\(board)")
        // The block-letter clock writes the same: T, +, 3, then the `d` (its stem on top, its bowl below).
        #expect(lines[0].hasPrefix(" ███     ████    █ ") && lines[4].hasPrefix("  █      ████ ████ "), "\(board)")
        #expect(!board.contains("T+72") && !board.contains("3 days"), "\(board)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        let once = try Runbook.run(["board", "--once"], home: home.path, env: ["COLUMNS": "80"])
        #expect(once.stdout.contains("Long outage  ·  T+3d 00:0"), "\(once.stdout)")
        let status = try Runbook.run(["status"], home: home.path)
        #expect(status.stdout.contains(" · T+3d 00:0") && status.stdout.contains(" · period 1"), "\(status.stdout)")
        let log = try Runbook.run(["log"], home: home.path)
        #expect(log.stdout.contains("  T+00:00  ") && log.stdout.contains("  T+3d 00:0"), "\(log.stdout)")
        var env = Self.env(home.path)
        env["RUNBOOK_ACTOR"] = "scribe"
        let cp = try Tmux([Runbook.path, "open"], width: 80, height: 24, env: env)
        let screen = try cp.waitFor("✓ journal")
        print("command post at 80x24, 3 days in:\n\(screen)")
        #expect(screen.split(separator: "\n").first?.contains("T+3d 00:0") == true, "\(screen)")
        #expect(screen.contains(" · Period 1 · "), "\(screen)")
        try cp.keys("q")
        #expect(try cp.waitForExit() == 0)
        _ = id
    }

    @Test func onceFitsColumnsWithoutEscapes() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        for (columns, width) in [(nil, 80), ("120", 120), ("60", 60)] as [(String?, Int)] {
            var env: [String: String] = [:]
            if let columns { env["COLUMNS"] = columns }
            var r = try Runbook.run(["board", "--once"], home: home.path, env: env)
            if columns == nil {
                // COLUMNS unset: 80.
                var e = ProcessInfo.processInfo.environment
                e.removeValue(forKey: "COLUMNS")
                e["RUNBOOK_HOME"] = home.path
                e["RUNBOOK_ACTOR"] = "tester"
                r = try Runbook.runProcess(Runbook.path, ["board", "--once"], env: e)
            }
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdout.contains("\u{1B}"), "escape bytes in piped output")
            for line in r.stdout.split(separator: "\n") {
                #expect(line.count <= width, "COLUMNS \(columns ?? "unset"): \(line.count) > \(width): \(line)")
            }
            for panel in ["SYSTEMS — 1 DOWN · 1 DEGRADED", "— back ", "moved 1 time", "DECISIONS — 1 made", "DEADLINES", "PROGRESS", "ROLES", "LAST ENTRIES", "✓ chain verified"] {
                #expect(r.stdout.contains(panel), "\(panel) missing at \(width)")
            }
            #expect(r.stdout.range(of: "witness #[0-9]+ [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}", options: .regularExpression) != nil)
        }
    }

    @Test func liveBoardFollowsAnotherProcessWithinASecond() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        let t = try Tmux([Runbook.path, "board"], width: 120, height: 40, env: Self.env(home.path))
        try t.waitFor("chain verified")
        #expect(try t.capture().contains("SYSTEMS — 1 DOWN · 1 DEGRADED"))
        let r = try Runbook.run(["system", "Phones", "down", "--eta", "+2h"], home: home.path)
        #expect(r.status == 0)
        let start = Date()
        try t.waitFor("2 DOWN", timeout: 1.5)
        #expect(Date().timeIntervalSince(start) < 1.0, "the board took \(Date().timeIntervalSince(start)) s")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func everyPrintableKeyAndEnterLeaveTheJournalAlone() throws {
        let home = TempHome()
        let id = try Self.scripted(home)
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        let t = try Tmux([Runbook.path, "board"], width: 80, height: 24, env: Self.env(home.path))
        try t.waitFor("chain verified")
        for v in 33..<127 {
            let c = String(UnicodeScalar(UInt8(v)))
            if c == "q" { continue }
            try t.type(c)
            try t.keys("Enter")
        }
        try t.type(" y n x s d ")
        try t.keys("Enter", "Tab", "Escape")
        // Keys are taken in order: once the help that the last key opens is up, every key before
        // it has been handled, and once it is closed the board is back as it was.
        try t.keys("?")
        try t.waitFor("Board — help")
        try t.keys("Escape")
        try t.waitUntil("the board without its help, read-only") { screen in
            !screen.contains("Board — help") && (screen.contains("READ-ONLY") || screen.contains("read-only"))
        }
        #expect(try t.exitStatus() == nil, "the board ended on a key")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before)
    }

    /// A journal replaced under the live board (a restore tool's copy) is said on its hint
    /// line; nothing is written to stderr over the curses screen.
    @Test func aWarningIsSaidOnTheHintLineNotOverTheScreen() throws {
        let home = TempHome()
        let id = try Self.scripted(home)
        let t = try Tmux([Runbook.path, "board"], width: 120, height: 40, env: Self.env(home.path))
        try t.waitFor("chain verified")
        let path = home.journalPath(id)
        try FileManager.default.copyItem(atPath: path, toPath: path + ".restored")
        #expect(rename(path + ".restored", path) == 0)
        let screen = try t.waitFor("Warning: the journal file was replaced", timeout: 3)
        // On the last row, the hint line; the board above it whole, from its first row.
        let lines = screen.split(separator: "\n")
        #expect(lines.last?.contains("Warning: the journal file was replaced") == true, "\(screen)")
        #expect(!screen.contains("runbook: warning"), "a warning was written over the screen:\n\(screen)")
        #expect(lines.first?.contains("Board drill  ·  T+03:0") == true, "\(screen)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// While another process holds the journal's lock over a line the board must re-read under
    /// it, the board's keys still answer at once (it used to wait up to 30 s), and the line is
    /// judged once the lock is let go.
    @Test func keysAnswerWhileAnotherProcessHoldsTheLock() throws {
        let home = TempHome()
        let id = try Self.scripted(home)
        let t = try Tmux([Runbook.path, "board"], width: 100, height: 30, env: Self.env(home.path))
        try t.waitFor("chain verified")
        let writer = open(home.journalPath(id), O_RDWR | O_APPEND)
        #expect(writer >= 0)
        defer { close(writer) }
        #expect(flock(writer, LOCK_EX) == 0)
        let bad = Array("{\"seq\":999,\"hash\":\"00\"}\n".utf8)
        #expect(write(writer, bad, bad.count) == bad.count)
        usleep(600_000)  // two ticks of the board meet the lock
        let start = Date()
        try t.keys("?")
        try t.waitFor("READ-ONLY: nothing can be recorded", timeout: 2)
        #expect(Date().timeIntervalSince(start) < 1.5, "the help took \(Date().timeIntervalSince(start)) s")
        try t.keys("Escape")
        #expect(flock(writer, LOCK_UN) == 0)
        try t.waitFor("NOT VERIFIED", timeout: 3)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func runsOnAReadOnlyCopyOpeningNothingForWriting() throws {
        let home = TempHome()
        let id = try Self.scripted(home)
        let copy = TempHome()
        let r = try Runbook.runProcess("/bin/cp", ["-a", home.path + "/incidents", copy.path + "/"])
        #expect(r.status == 0)
        _ = try Runbook.runProcess("/bin/chmod", ["-R", "a-w", copy.path + "/incidents"])
        defer { _ = try? Runbook.runProcess("/bin/chmod", ["-R", "u+w", copy.path + "/incidents"]) }
        let once = try Runbook.run(["board", "--once"], home: copy.path)
        #expect(once.status == 0, "\(once.stderr)")
        #expect(once.stdout.contains("SYSTEMS"))
        let t = try Tmux([Runbook.path, "board"], width: 100, height: 30, env: Self.env(copy.path))
        try t.waitFor("chain verified")
        // Even where permissions do not stop it (root), the board holds no descriptor open for
        // writing on the incident, and no lock.
        let pid = try #require(try t.pid(of: "board"))
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        for fd in fds {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                  target.hasPrefix(copy.path) else { continue }
            let info = (try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)) ?? ""
            let flags = info.split(separator: "\n").first { $0.hasPrefix("flags:") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces) } ?? "0"
            let mode = (Int(flags, radix: 8) ?? 0) & 3
            #expect(mode == 0, "\(target) is open with flags \(flags)")
        }
        let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
        #expect(!locks.split(separator: "\n").contains { $0.split(separator: " ").contains(Substring(String(pid))) }, "the board holds a lock")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        _ = id
    }

    @Test func severalOpenIncidentsOfferAChoice() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "North campus")
        _ = try home.newIncident(name: "South campus")
        let t = try Tmux([Runbook.path, "board"], width: 100, height: 30, env: Self.env(home.path))
        let screen = try t.waitFor("2 incidents are open")
        #expect(screen.contains("North campus") && screen.contains("South campus"))
        try t.keys("Down", "Enter")
        let board = try t.waitFor("chain verified")
        #expect(board.contains("North campus"), "\(board)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        // --once cannot ask: it says which it shows and how to choose.
        let once = try Runbook.run(["board", "--once"], home: home.path)
        #expect(once.status == 0)
        #expect(once.stderr.contains("2 incidents are open") && once.stderr.contains("--incident"))
    }

    @Test func logFiltersCorrectionsAndJSONL() throws {
        let home = TempHome()
        let id = try Self.scripted(home)
        let bad = try Runbook.run(["do", "ic-activate-command", "done"], home: home.path)
        #expect(bad.status == 0)
        let seq = bad.stdout.split(separator: " ").dropFirst().first.map { String($0.dropFirst()) } ?? ""
        #expect(try Runbook.run(["correct", seq, "--reason", "wrong task ticked"], home: home.path).status == 0)
        let text = try Runbook.run(["log"], home: home.path)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("#3 ") && $0.contains("[recorded ") && $0.contains("T+") }, "back-dated entry shows both times")
        #expect(lines.contains { $0.hasPrefix("#\(seq) ") && $0.contains("ENTERED IN ERROR — corrected by #\(Int(seq)! + 1): wrong task ticked") })
        #expect(lines.contains { $0.contains("exec (ic)") || $0.contains("tester") })
        let systems = try Runbook.run(["log", "--type", "system"], home: home.path)
        #expect(systems.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains("system: ") })
        #expect(systems.stdout.split(separator: "\n").count == 4)
        let done = try Runbook.run(["log", "--type", "task.done"], home: home.path)
        // ic-declare, ic-decide-diversion (done by its decision) and the corrected one.
        #expect(done.stdout.split(separator: "\n").count == 4)
        let role = try Runbook.run(["log", "--role", "ic"], home: home.path)
        #expect(role.stdout.contains("Dr. Lee") && !role.stdout.contains("PACS"))
        let since = try Runbook.run(["log", "--since", "-1m"], home: home.path)
        #expect(!since.stdout.contains("#3 ") && since.stdout.contains("#\(seq) "))
        let jsonl = try Runbook.run(["log", "--format", "jsonl"], home: home.path)
        let journal = try String(contentsOfFile: home.journalPath(id), encoding: .utf8)
        #expect(jsonl.stdout == journal)
        let jsonlSystems = try Runbook.run(["log", "--format", "jsonl", "--type", "system.status"], home: home.path)
        #expect(jsonlSystems.stdout.split(separator: "\n").count == 3)
        for args in [["log", "--type", "sytem"], ["log", "--role", "icc"], ["log", "--format", "xml"], ["log", "--since", "soon"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0 && r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("runbook: error:"), "\(args): \(r.stderr)")
        }
    }

    @Test func logFollowPrintsAnEntryFromAnotherProcessWithinASecond() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        for format in ["text", "jsonl"] {
            let t = try Tmux([Runbook.path, "log", "--follow", "--format", format], width: 200, height: 30, env: Self.env(home.path))
            try t.waitFor("ic-declare")
            let r = try Runbook.run(["note", "generator", "2", "on", "fuel", "\(format)"], home: home.path)
            #expect(r.status == 0)
            let start = Date()
            try t.waitFor("generator 2 on fuel \(format)", timeout: 1.5)
            #expect(Date().timeIntervalSince(start) < 1.0)
            try t.keys("C-c")
        }
    }
}
