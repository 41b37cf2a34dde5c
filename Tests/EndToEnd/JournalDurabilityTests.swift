import Foundation
import Testing
import RunbookKit

/// The real binary never loses or silently changes a recorded action: concurrent writers,
/// kill -9 at random moments, torn tails, damage, file modes.
@Suite("journal durability (real binary)", .timeLimit(.minutes(5)))
struct JournalDurabilityTests {
    // MARK: helpers

    /// Starts `runbook args…` with stdio on /dev/null, by posix_spawn so that the pid stays ours
    /// (a zombie, not reaped by anyone else) until `reap` waits for it: kill never hits a reused pid.
    static func spawn(_ args: [String], home: String) throws -> pid_t {
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_ACTOR"] = "tester"
        env["RUNBOOK_HOME"] = home
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        let argv = ([Runbook.path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, Runbook.path, &actions, nil, argv, envp)
        guard rc == 0 else { throw HarnessError("posix_spawn failed: \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid`; true if it exited normally with status 0.
    static func reap(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        return exited && ((status >> 8) & 0xFF) == 0
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func tornFiles(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("journal.torn-") }.sorted()
    }

    static func mode(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_mode & 0o7777)
    }

    /// Appends raw bytes as a writer that crashed mid-line would: under the journal's lock, and
    /// only after a complete line (a real writer sets an earlier torn tail aside first).
    /// Returns false, writing nothing, if the file does not end in a newline.
    @discardableResult
    static func appendUnderLock(_ path: String, _ data: [UInt8]) throws -> Bool {
        let fd = open(path, O_RDWR)
        guard fd >= 0 else { throw HarnessError("open \(path)") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HarnessError("flock") }
        defer { flock(fd, LOCK_UN) }
        let end = lseek(fd, 0, SEEK_END)
        var last: UInt8 = 0
        guard end > 0, pread(fd, &last, 1, end - 1) == 1, last == 0x0A else { return false }
        let n = data.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, end) }
        guard n == data.count, fsync(fd) == 0 else { throw HarnessError("write") }
        return true
    }

    /// The journal as parsed objects, one per line (every line must be complete JSON).
    static func entries(_ path: String) throws -> [[String: Any]] {
        try String(decoding: bytes(path), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map {
                guard let o = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else { throw HarnessError("not an object: \($0)") }
                return o
            }
    }

    /// Checks seq 1…n without gaps and the prev chain, from the parsed objects alone.
    static func expectChain(_ es: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        var prev = String(repeating: "0", count: 64)
        for (k, e) in es.enumerated() {
            #expect(e["seq"] as? Int == k + 1, "line \(k + 1) seq \(String(describing: e["seq"]))", sourceLocation: sourceLocation)
            #expect(e["prev"] as? String == prev, "line \(k + 1) prev", sourceLocation: sourceLocation)
            prev = e["hash"] as? String ?? ""
        }
    }

    /// `runbook verify` for the incident: exit status and the entry count it prints.
    static func verify(_ home: TempHome) throws -> (status: Int32, entries: Int?, result: Runbook.Result) {
        let r = try Runbook.run(["verify"], home: home.path)
        let n = r.stdout.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return (r.status, r.stdout.hasPrefix("intact: ") ? n : nil, r)
    }

    /// Milliseconds one uncontended `runbook note` takes here.
    static func timeOneNote(_ home: TempHome, _ id: String) throws -> Double {
        var best = Double.infinity
        for k in 0..<3 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let pid = try spawn(["note", "timing \(k)", "--incident", id], home: home.path)
            guard reap(pid) else { throw HarnessError("timing note failed") }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        return best
    }

    final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var failures: [String] = []
        var acknowledged: [String] = []
        var recordedSeq: [String: Int] = [:]
        var attempted = 0
        func add(_ body: (Collected) -> Void) { lock.lock(); body(self); lock.unlock() }
    }

    // MARK: tests

    /// 4 writers x 100 `runbook note` at once (x 30 in the quick tier): no entry lost, none
    /// doubled, no fork in the chain.
    @Test(.timeLimit(.minutes(3)))
    func concurrentWritersNeverLoseOrForkEntries() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Concurrent writers")
        let writers = 4, perWriter = TestTier.pick(quick: 30, full: 100)
        let collected = Collected()
        let group = DispatchGroup()
        let homePath = home.path
        for w in 0..<writers {
            group.enter()
            let t = Thread {
                for i in 0..<perWriter {
                    let text = "w\(w)-n\(i) ü \"q\""
                    do {
                        let r = try Runbook.run(["note", text, "--incident", id], home: homePath)
                        let seq = r.stdout.split(separator: " ").dropFirst().first.flatMap { Int($0.dropFirst()) }
                        collected.add {
                            if r.status == 0, let seq { $0.acknowledged.append(text); $0.recordedSeq[text] = seq }
                            else { $0.failures.append("\(text): exit \(r.status) \(r.stderr)") }
                        }
                    } catch {
                        collected.add { $0.failures.append("\(text): \(error)") }
                    }
                }
                group.leave()
            }
            t.start()
        }
        group.wait()
        #expect(collected.failures.isEmpty, "\(collected.failures.prefix(5))")
        #expect(collected.acknowledged.count == writers * perWriter)

        let es = try Self.entries(home.journalPath(id))
        #expect(es.count == writers * perWriter + 1)
        Self.expectChain(es)
        let v = try Self.verify(home)
        #expect(v.status == 0, "\(v.result.stderr)")
        #expect(v.entries == writers * perWriter + 1)
        #expect(v.result.stderr.isEmpty)

        var count: [String: Int] = [:]
        var seqOf: [String: Int] = [:]
        for e in es.dropFirst() {
            let n = e["note"] as? String ?? "<none>"
            count[n, default: 0] += 1
            seqOf[n] = e["seq"] as? Int
        }
        for w in 0..<writers {
            var last = 0
            for i in 0..<perWriter {
                let text = "w\(w)-n\(i) ü \"q\""
                #expect(count[text] == 1, "\(text) is in the journal \(count[text] ?? 0) times")
                #expect(seqOf[text] == collected.recordedSeq[text], "\(text): printed #\(collected.recordedSeq[text] ?? -1), journal has \(seqOf[text] ?? -1)")
                // One writer's notes, each acknowledged before the next began, keep their order.
                let s = seqOf[text] ?? 0
                #expect(s > last, "\(text) is out of order")
                last = s
            }
        }
        #expect(count.count == writers * perWriter, "unexpected notes: \(Set(count.keys).subtracting(collected.acknowledged).prefix(5))")
        #expect(Self.tornFiles(home.path + "/incidents/" + id).isEmpty)
    }

    /// kill -9 at random moments (two lanes at once, so some die holding or waiting for the
    /// lock), with simulated crashes mid-line: every acknowledged note survives exactly once.
    @Test(.timeLimit(.minutes(2)))
    func killNineLoopLosesNothingAcknowledged() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Kill loop")
        let path = home.journalPath(id)
        let dir = home.path + "/incidents/" + id
        // Spread kills over a whole run of the binary, at least 0-30 ms, so they land in
        // startup, while waiting for the lock, around the write and around the fsync.
        let typical = try Self.timeOneNote(home, id)
        let window = max(30.0, typical * 1.3)
        let lanes = 2, perLane = TestTier.pick(quick: 40, full: 100)
        let collected = Collected()
        let injected = Collected()
        let group = DispatchGroup()
        let deadline = DispatchTime.now().uptimeNanoseconds + 30_000_000_000
        let homePath = home.path
        for lane in 0..<lanes {
            group.enter()
            let t = Thread {
                var rng = SystemRandomNumberGenerator()
                for i in 0..<perLane {
                    let text = "n\(lane)-\(i)"
                    // On a slow or busy machine, stop early rather than run long; at least
                    // 60 runs are required below.
                    if DispatchTime.now().uptimeNanoseconds > deadline { break }
                    do {
                        if lane == 0 && i % 8 == 5 {
                            // A writer that died mid-line: a partial line, no newline, under the lock.
                            let fragment = "{\"seq\":999,\"time\":\"2026-01-01T00:00:00.000Z\",\"actor\":\"ghost\",\"type\":\"note\",\"note\":\"TORN-\(i)"
                            if try Self.appendUnderLock(path, Array(fragment.utf8)) {
                                injected.add { $0.acknowledged.append(fragment) }
                            }
                        }
                        let pid = try Self.spawn(["note", text, "--incident", id], home: homePath)
                        // One run in 7 finishes; half the kills land anywhere in a run, half
                        // near its end, where the lock, the write and the fsync are.
                        switch Int.random(in: 0..<14, using: &rng) {
                        case 0, 1: break
                        case 2..<8:
                            usleep(UInt32(Double.random(in: 0..<window, using: &rng) * 1000))
                            kill(pid, SIGKILL)
                        default:
                            usleep(UInt32(Double.random(in: (0.7 * typical)..<(1.2 * typical), using: &rng) * 1000))
                            kill(pid, SIGKILL)
                        }
                        let ok = Self.reap(pid)
                        collected.add {
                            $0.attempted += 1
                            if ok { $0.acknowledged.append(text) }
                        }
                    } catch {
                        collected.add { $0.failures.append("\(text): \(error)") }
                    }
                }
                group.leave()
            }
            t.start()
        }
        group.wait()
        #expect(collected.failures.isEmpty, "\(collected.failures)")
        #expect(collected.attempted >= 60, "only \(collected.attempted) runs in the time allowed")

        // Mid-way state: intact; a torn tail may only be the final line.
        let before = try Self.verify(home)
        #expect(before.status == 0, "\(before.result.stderr)")

        // The next write sets any torn tail aside; then the whole journal is clean.
        let final = try Runbook.run(["note", "final", "--incident", id], home: home.path)
        #expect(final.status == 0, "\(final.stderr)")
        let after = try Self.verify(home)
        #expect(after.status == 0, "\(after.result.stderr)")
        #expect(after.result.stderr.isEmpty, "a torn tail survived the next write: \(after.result.stderr)")

        let es = try Self.entries(path)
        Self.expectChain(es)
        #expect(after.entries == es.count)
        var count: [String: Int] = [:]
        for e in es.dropFirst() { count[e["note"] as? String ?? "<none>", default: 0] += 1 }
        let tried = Set((0..<lanes).flatMap { l in (0..<perLane).map { "n\(l)-\($0)" } } + ["final", "timing 0", "timing 1", "timing 2"])
        for text in collected.acknowledged + ["final"] {
            #expect(count[text] == 1, "acknowledged \(text) is in the journal \(count[text] ?? 0) times")
        }
        for (text, n) in count {
            #expect(n == 1, "\(text) recorded \(n) times")
            #expect(tried.contains(text), "\(text) was never attempted")
        }
        // Every simulated crash was set aside, byte for byte, and none became an entry.
        let torn = Self.tornFiles(dir).map { String(decoding: (try? Self.bytes(dir + "/" + $0)) ?? [], as: UTF8.self) }
        for fragment in injected.acknowledged {
            #expect(torn.contains(fragment), "the torn line \(fragment.suffix(8)) was not kept aside")
        }
        #expect(!count.keys.contains { $0.hasPrefix("TORN-") })
        // Anything else set aside is one partial line of a writer killed mid-write (a writer
        // killed between saving a torn tail and cutting it off leaves a second copy, which is fine).
        for t in torn where !injected.acknowledged.contains(t) {
            #expect(t.hasPrefix("{\"seq\":") && !t.contains("\n"), "set aside: \(t.debugDescription)")
        }
        let killed = collected.attempted - collected.acknowledged.count
        #expect(collected.acknowledged.count > 0 && killed > 0, "the loop must both kill and let finish (\(killed) killed)")
    }

    /// Every offset in a sample across the last two entries: the binary keeps what was whole,
    /// saves the cut-off bytes aside and carries on — except a cut that leaves a whole entry
    /// without its newline, which no crash makes.
    @Test func truncatedJournalIsRepairedByTheNextNote() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Truncation")
        for text in ["before ü", "last but one — 🚑 \"q\"", "the last\nof all"] {
            #expect(try Runbook.run(["note", text], home: home.path).status == 0)
        }
        let path = home.journalPath(id)
        let dir = home.path + "/incidents/" + id
        let full = try Self.bytes(path)
        let ends = full.indices.filter { full[$0] == 0x0A }.map { $0 + 1 }
        let from = ends[ends.count - 3]
        var cuts = Array(stride(from: from, through: full.count, by: 11))
        cuts += [from + 1, ends[ends.count - 2] - 1, ends[ends.count - 2], ends[ends.count - 2] + 1, full.count - 1, full.count]
        for cut in Set(cuts).sorted() {
            try Data(full[..<cut]).write(to: URL(fileURLWithPath: path))
            for f in Self.tornFiles(dir) { try FileManager.default.removeItem(atPath: dir + "/" + f) }
            let boundary = ends.last { $0 <= cut } ?? 0
            let complete = ends.filter { $0 <= cut }.count
            if ends.contains(cut + 1) {
                // A whole entry but its newline: no crash leaves that, so it is damage and the
                // binary refuses to write (the journal tests pin this byte for byte).
                let v = try Self.verify(home)
                #expect(v.status == 1 && v.result.stderr.contains("end-of-line was removed"), "cut \(cut): \(v.result.stderr)")
                #expect(try Runbook.run(["note", "after \(cut)"], home: home.path).status != 0, "cut \(cut)")
                #expect(try Self.bytes(path) == Array(full[..<cut]), "cut \(cut)")
                continue
            }
            let v = try Self.verify(home)
            #expect(v.status == 0 && v.entries == complete, "cut \(cut): \(v.result.stderr)")
            #expect(v.result.stderr.contains("warning") == (cut != boundary), "cut \(cut)")
            let r = try Runbook.run(["note", "after \(cut)"], home: home.path)
            #expect(r.status == 0, "cut \(cut): \(r.stderr)")
            #expect(r.stdout.hasPrefix("recorded #\(complete + 1) "), "cut \(cut): \(r.stdout)")
            let torn = Self.tornFiles(dir)
            if cut == boundary {
                #expect(torn.isEmpty && r.stderr.isEmpty, "cut \(cut)")
            } else {
                try #require(torn.count == 1, "cut \(cut)")
                #expect(try Self.bytes(dir + "/" + torn[0]) == Array(full[boundary..<cut]), "cut \(cut)")
                #expect(r.stderr.contains("runbook: warning:") && r.stderr.contains(torn[0]), "cut \(cut): \(r.stderr)")
            }
            let after = try Self.bytes(path)
            #expect(Array(after.prefix(boundary)) == Array(full.prefix(boundary)), "cut \(cut)")
            let again = try Self.verify(home)
            #expect(again.status == 0 && again.entries == complete + 1 && again.result.stderr.isEmpty, "cut \(cut)")
        }
    }

    /// A changed byte in any entry but the last: verify fails naming it, and no action is taken.
    @Test func damageInTheMiddleStopsTheBinary() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Damage")
        for k in 1...4 { #expect(try Runbook.run(["note", "note \(k)"], home: home.path).status == 0) }
        let path = home.journalPath(id)
        let dir = home.path + "/incidents/" + id
        let full = try Self.bytes(path)
        let ends = full.indices.filter { full[$0] == 0x0A }.map { $0 + 1 }
        var start = 0
        for (k, end) in ends.dropLast().enumerated() {
            // One byte inside the line's text, one in its hash.
            for i in [start + (end - start) / 3, end - 20] {
                var bad = full
                bad[i] ^= 0x02
                try Data(bad).write(to: URL(fileURLWithPath: path))
                let v = try Self.verify(home)
                #expect(v.status == 1, "entry \(k + 1) byte \(i)")
                #expect(v.result.stderr.hasPrefix("runbook: error:") && v.result.stderr.contains("entry \(k + 1) "), "\(v.result.stderr)")
                let r = try Runbook.run(["note", "must not be written"], home: home.path)
                #expect(r.status != 0)
                #expect(r.stderr.contains("damaged"), "\(r.stderr)")
                let d = try Runbook.run(["do", "ic-activate-command", "start", "--force"], home: home.path)
                #expect(d.status != 0)
                #expect(try Self.bytes(path) == bad, "entry \(k + 1): the binary changed a damaged journal")
                #expect(Self.tornFiles(dir).isEmpty)
            }
            start = end
        }
    }

    /// A journal emptied, cut to a torn first line, or whose entry 1 is no longer JSON: the
    /// incident is still found (not "no open incident"), every writer refuses, verify names
    /// entry 1, and nothing is written — never a new chain starting at seq 1.
    @Test func journalWithoutAGoodEntryOneIsRefusedNotRestarted() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Wiped")
        #expect(try Runbook.run(["note", "before"], home: home.path).status == 0)
        let path = home.journalPath(id)
        let full = try Self.bytes(path)
        let firstEnd = try #require(full.firstIndex(of: 0x0A))
        var notJSON = full
        notJSON[try #require(full.firstIndex(of: UInt8(ascii: ":")))] = UInt8(ascii: ";")
        let cases: [(String, [UInt8])] = [("emptied", []), ("torn first line", Array(full[..<(firstEnd - 10)])),
                                          ("entry 1 not JSON", notJSON)]
        for (name, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for args in [["note", "must not be written"], ["do", "ic-activate-command", "start", "--force"],
                         ["system", "EHR", "down"], ["close", "--yes"]] {
                let r = try Runbook.run(args, home: home.path)
                #expect(r.status != 0, "\(name): \(args)")
                #expect(r.stderr.hasPrefix("runbook: error:") && r.stderr.contains("damaged") && r.stderr.contains("entry 1 "),
                        "\(name): \(r.stderr)")
                #expect(try Self.bytes(path) == bytes, "\(name): \(args) changed the journal")
            }
            let v = try Self.verify(home)
            #expect(v.status == 1, "\(name)")
            #expect(v.result.stderr.contains("entry 1 "), "\(name): \(v.result.stderr)")
        }
    }

    /// The frozen playbook.yaml is sealed by entry 1's playbookSHA256: once changed, nothing is
    /// recorded, verify fails, and readers warn.
    @Test func changedPlaybookCopyIsRefused() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Sealed")
        let playbook = home.path + "/incidents/" + id + "/playbook.yaml"
        let original = try Self.bytes(playbook)
        let text = String(decoding: original, as: UTF8.self)
        try Data(text.replacingOccurrences(of: "title:", with: "title: Changed").utf8).write(to: URL(fileURLWithPath: playbook))
        let journal = try Self.bytes(home.journalPath(id))
        let r = try Runbook.run(["note", "must not be written"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("playbook copy") && r.stderr.contains("changed"), "\(r.stderr)")
        #expect(try Runbook.run(["do", "ic-activate-command", "start", "--force"], home: home.path).status != 0)
        #expect(try Self.bytes(home.journalPath(id)) == journal)
        let v = try Self.verify(home)
        #expect(v.status == 1)
        #expect(v.result.stderr.contains("playbook copy"), "\(v.result.stderr)")
        let s = try Runbook.run(["status"], home: home.path)
        #expect(s.stderr.contains("runbook: warning:") && s.stderr.contains("playbook copy"), "\(s.stderr)")
        // Restored byte for byte: all is well again.
        try Data(original).write(to: URL(fileURLWithPath: playbook))
        #expect(try Runbook.run(["note", "after restoring"], home: home.path).status == 0)
        #expect(try Self.verify(home).status == 0)
    }

    /// The hash rule on what the binary writes, checked by Python alone.
    @Test func binaryLinesPassAnIndependentChecker() throws {
        let home = TempHome()
        // `--at=-5m` with '=': `--at -5m` is read as an unknown option by the parser.
        let id = try home.newIncident(name: "Hash rule — ünïcode", extra: ["--at=-30m"])
        let notes = ["quotes \" and \\ backslash", "new\nlines\r\nand\ttabs", "🚑 日本語 e\u{301} \u{2028}", "{\"hash\":\"x\"}"]
        for n in notes { #expect(try Runbook.run(["note", n, "--tag", "lesson", "--at=-5m"], home: home.path).status == 0) }
        #expect(try Runbook.run(["system", "EHR", "down", "--note", "since 02:00 \"all\""], home: home.path).status == 0)
        let script = #"""
import sys, json, hashlib
prev = '0' * 64
for n, line in enumerate(open(sys.argv[1], 'rb').read().split(b'\n')[:-1], 1):
    i = line.rindex(b',"hash":"')
    obj = json.loads(line)
    assert line[i + 73:] == b'"}', n
    assert hashlib.sha256(line[:i] + b'}').hexdigest() == obj['hash'], ('hash', n)
    assert list(obj)[-1] == 'hash', n
    assert obj['seq'] == n and obj['prev'] == prev, ('chain', n)
    prev = obj['hash']
    if 'note' in obj: print(obj['note'].encode('utf-8').hex())
"""#
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", script, home.journalPath(id)]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(String(decoding: e, as: UTF8.self))")
        let hexes = String(decoding: o, as: UTF8.self).split(separator: "\n").map(String.init)
        let expected = (notes + ["since 02:00 \"all\""]).map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() }
        #expect(hexes == expected)
    }

    /// 0700 and 0600 even when the binary runs under umask 000, the torn file included.
    @Test func privateModesUnderPermissiveUmask() throws {
        let home = TempHome()
        func underUmask0(_ args: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "umask 000; exec \"$0\" \"$@\"", Runbook.path] + args
            var env = ProcessInfo.processInfo.environment
            env["RUNBOOK_HOME"] = home.path
            env["RUNBOOK_ACTOR"] = "tester"
            env.removeValue(forKey: "RUNBOOK_INCIDENT")
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try underUmask0(["new", "--playbook", "occi", "--name", "Umask"]) == 0)
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents").first { !$0.hasPrefix(".") })
        let dir = home.path + "/incidents/" + id
        try Self.appendUnderLock(home.journalPath(id), Array("{\"seq\":2,\"ti".utf8))
        #expect(try underUmask0(["note", "after torn"]) == 0)
        #expect(Self.mode(dir) == 0o700)
        #expect(Self.mode(home.path + "/incidents") == 0o700)
        #expect(Self.mode(dir + "/journal.jsonl") == 0o600)
        #expect(Self.mode(dir + "/playbook.yaml") == 0o600)
        let torn = Self.tornFiles(dir)
        try #require(torn.count == 1)
        #expect(Self.mode(dir + "/" + torn[0]) == 0o600)
        #expect(try Self.verify(home).entries == 2)
    }
}
