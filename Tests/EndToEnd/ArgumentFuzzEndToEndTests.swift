import Foundation
import Testing

/// Every command's arguments, fuzzed through the real binary: lists drawn from each
/// subcommand's own flags (read from its `--help`) and values, plus junk — unknown flags,
/// empty strings, 100 kB strings, control characters and invalid UTF-8 passed as raw bytes —
/// and the lists of `Tests/Fuzz/args.txt`. Each run ends with status 0, or one
/// `runbook: error:` line; never a signal, never a hang; and every journal in the home still
/// verifies afterwards.
@Suite("argument fuzzing end to end", .serialized)
struct ArgumentFuzzEndToEndTests {
    static let corpusDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// How a run ended: its exit status, or the signal that killed it, or a hang.
    struct Run {
        var status: Int32 = 0
        var signal: Int32 = 0
        var hung = false
        var stdout = Data()
        var stderr = Data()
        var errText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs the binary with `args` as raw bytes (invalid UTF-8 reaches argv as it is) in `cwd`,
    /// with stdin empty and at most `timeout` seconds, then kills it by its own pid.
    static func spawn(_ args: [[UInt8]], home: String, cwd: String, timeout: Double = 30) throws -> Run {
        let outPath = cwd + "/.out-\(UUID().uuidString.prefix(6))", errPath = cwd + "/.err-\(UUID().uuidString.prefix(6))"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // The shell changes directory and execs the binary: its death by a signal is the binary's.
        let argv: [[UInt8]] = [Array("/bin/sh".utf8), Array("-c".utf8), Array("cd \"$0\" && exec \"$@\"".utf8), Array(cwd.utf8),
                               Array(Runbook.path.utf8)] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { bytes in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b == 0 ? 0x30 : b) }
            p[bytes.count] = 0
            return p
        } + [nil]
        defer { for a in cargs { a?.deallocate() } }
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_HOME"] = home
        env["RUNBOOK_ACTOR"] = "tester"
        env["COLUMNS"] = "100"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        var cenv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in cenv { free(e) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, &cargs, &cenv)
        guard rc == 0 else { throw HarnessError("cannot start the binary: \(String(cString: strerror(rc)))") }
        var run = Run()
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if Date() > deadline {
                run.hung = true
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        // WIFSIGNALED / WEXITSTATUS, written out: the macros are not imported.
        if !run.hung {
            if status & 0x7F != 0 { run.signal = status & 0x7F } else { run.status = (status >> 8) & 0xFF }
        }
        run.stdout = FileManager.default.contents(atPath: outPath) ?? Data()
        run.stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        return run
    }

    /// The rules a run broke.
    static func problems(_ run: Run, args: [[UInt8]]) -> [String] {
        if run.hung { return ["hung"] }
        if run.signal != 0 { return ["killed by signal \(run.signal): \(run.errText.prefix(600))"] }
        let text = run.errText
        if text.contains("Fatal error") || text.contains("Stack dump") { return ["crashed: \(text.prefix(600))"] }
        guard run.status != 0 else { return [] }
        // `playbooks check` lists every finding, one a line: that is its output.
        if args.count >= 2, args[0] == Array("playbooks".utf8), args[1] == Array("check".utf8) { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { !$0.hasPrefix("runbook: warning: ") }
        if lines.count != 1 || !lines[0].hasPrefix("runbook: error: ") || !text.hasSuffix("\n") {
            return ["status \(run.status) without one 'runbook: error:' line: \(text.prefix(600).debugDescription)"]
        }
        return []
    }

    /// Every incident journal in `home` verifies, and every line is one JSON object.
    static func journalsVerify(home: String, cwd: String) throws -> [String] {
        let incidents = (try? FileManager.default.contentsOfDirectory(atPath: home + "/incidents")) ?? []
        var out: [String] = []
        for id in incidents {
            let path = home + "/incidents/\(id)/journal.jsonl"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let v = try spawn([Array("verify".utf8), Array("--journal".utf8), Array(path.utf8)], home: home, cwd: cwd)
            if v.status != 0 || v.signal != 0 || v.hung { out.append("verify \(id): status \(v.status): \(v.errText.prefix(300))") }
            let data = FileManager.default.contents(atPath: path) ?? Data()
            for line in data.split(separator: 0x0A) where (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] == nil {
                out.append("\(id): a line that is not a JSON object: \(String(decoding: line.prefix(200), as: UTF8.self))")
            }
        }
        return out
    }

    /// Each subcommand's flags, as its `--help` lists them.
    static func flags(of sub: [String], home: String, cwd: String) throws -> [String] {
        let r = try spawn(sub.map { Array($0.utf8) } + [Array("--help".utf8)], home: home, cwd: cwd)
        let text = String(decoding: r.stdout, as: UTF8.self)
        let regex = try NSRegularExpression(pattern: "(?<![\\w-])--[a-z][a-z0-9-]*")
        let found = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        // Flags that wait by design (follow a journal, page a wall) are not fuzzed here.
        return Array(Set(found)).filter { !["--follow", "--wall", "--help", "--generate-completion-script"].contains($0) }.sorted()
    }

    static let subcommands: [[String]] = [["new"], ["board", "--once"], ["do"], ["decide"], ["assign"], ["system"], ["note"], ["correct"],
                                          ["amend"], ["period"], ["close"], ["status"], ["log"], ["verify"], ["report"], ["playbooks", "list"],
                                          ["playbooks", "check"], ["playbooks", "show"], ["playbooks", "print"], ["station"], ["station", "name"]]

    static let big = Array(String(repeating: "long ✓ text ", count: 8_600).utf8)

    /// A value for a flag or a place: one that reads, or junk.
    static func value(_ rng: inout SplitMix64, incident: String) -> [UInt8] {
        let good = ["-5m", "-2h", "14:05", "+2h", "Tue 14:00", "2026-11-29T14:05:00Z", "md", "html", "csv", "json", "jsonl", "text",
                    "ics214", "ic", "lesson", "person", "yes", "no", "EHR", "down", "up", "degraded", "start", "done", "skip",
                    "block", "reopen", "1", "2", "3", "occi", "hic-tcr", "a note", "out.md", "Dr. Lee", incident]
        let junk: [[UInt8]] = [[], Array("-".utf8), Array("--".utf8), Array("-1".utf8), Array("0".utf8), Array("99999999999999999999".utf8),
                               Array("\u{1}\u{1B}[31m\u{7}".utf8), Array("a\nb".utf8), Array("\u{202E}evil".utf8), Array(" ".utf8),
                               [0xFF, 0xFE], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], Array("--unknown-flag".utf8), Array("-z".utf8),
                               Array("日本語 🚑".utf8), Array("%s%n%x".utf8), Array("$(id)".utf8)]
        switch rng.int(0...9) {
        case 0...4: return Array(rng.pick(good).utf8)
        case 5: return rng.chance(0.2) ? big : rng.bytes(rng.int(1...40), alphabet: Array("abc-:+ 0123456789".utf8))
        default: return rng.pick(junk)
        }
    }

    /// One argument list: a subcommand, some of its flags with values, places, junk, and
    /// sometimes a global option first.
    static func arguments(_ rng: inout SplitMix64, flags: [String: [String]], incident: String) -> [[UInt8]] {
        var args: [[UInt8]] = []
        if rng.chance(0.15) { args += [Array(rng.pick(["--incident", "--actor"]).utf8), value(&rng, incident: incident)] }
        let sub = rng.pick(subcommands)
        args += sub.map { Array($0.utf8) }
        let own = flags[sub.joined(separator: " ")] ?? []
        for _ in 0..<rng.int(0...5) {
            switch rng.int(0...5) {
            case 0...2 where !own.isEmpty:
                args.append(Array(rng.pick(own).utf8))
                if rng.chance(0.8) { args.append(value(&rng, incident: incident)) }
            case 3: args.append(Array(rng.pick(["--unknown", "-q", "--at=", "--note=x", "--format=", "---", "-", "--home"]).utf8))
            default: args.append(value(&rng, incident: incident))
            }
        }
        // `close` and `new` change what the rest can do: not too often.
        if sub == ["close"] || sub == ["new"], rng.chance(0.5) { return [Array("status".utf8)] }
        return args
    }

    /// The corpus's lists, with @INCIDENT and @BIG put in.
    static func corpus(incident: String) -> [[[UInt8]]] {
        guard let data = FileManager.default.contents(atPath: corpusDir.appendingPathComponent("args.txt").path) else { return [] }
        return data.split(separator: 0x0A).compactMap { raw -> [[UInt8]]? in
            guard raw.first != UInt8(ascii: "#") else { return nil }
            return raw.split(separator: 0x09, omittingEmptySubsequences: false).map { a in
                let u = unescape(Array(a))
                if u == Array("@INCIDENT".utf8) { return Array(incident.utf8) }
                if u == Array("@BIG".utf8) { return big }
                return u
            }
        }
    }

    static func unescape(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            guard s[i] == 0x5C, i + 1 < s.count else { out.append(s[i]); i += 1; continue }
            let map: [UInt8: UInt8] = [UInt8(ascii: "t"): 9, UInt8(ascii: "n"): 10, UInt8(ascii: "r"): 13, UInt8(ascii: "0"): 0,
                                       UInt8(ascii: "e"): 0x1B, 0x5C: 0x5C]
            if let m = map[s[i + 1]] { out.append(m); i += 2 } else if s[i + 1] == UInt8(ascii: "x"), i + 3 < s.count,
                let b = UInt8(String(decoding: s[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) { out.append(b); i += 4 } else { out.append(s[i]); i += 1 }
        }
        return out
    }

    static func label(_ args: [[UInt8]]) -> String {
        args.map { $0.count > 40 ? "<\($0.count) bytes>" : String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: " ")
    }

    @Test(.timeLimit(.minutes(20)))
    func theCorpusListsEndCleanly() throws {
        let home = TempHome(), cwd = TempHome()
        let id = try home.newIncident(name: "Argument corpus")
        let lists = Self.corpus(incident: id)
        #expect(lists.count > 40, "Tests/Fuzz/args.txt not found at \(Self.corpusDir.path)")
        var failures: [String] = []
        for args in lists {
            let p = Self.problems(try Self.spawn(args, home: home.path, cwd: cwd.path), args: args)
            if !p.isEmpty { failures.append("\(Self.label(args)): \(p)") }
        }
        failures += try Self.journalsVerify(home: home.path, cwd: cwd.path)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// About 30 s in the quick tier (120 lists), 2,000 lists in the full one; a fresh home every 40.
    /// `RUNBOOK_FUZZ_SEED`, `RUNBOOK_FUZZ_CASES` and `RUNBOOK_FUZZ_REPLAY` as the unit fuzzers.
    @Test(.timeLimit(.minutes(60)))
    func randomArgumentListsEndCleanly() throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["RUNBOOK_FUZZ_SEED"].flatMap { UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) } ?? 0xA465_F022
        let cases = env["RUNBOOK_FUZZ_CASES"].flatMap { Int($0) } ?? TestTier.pick(quick: 120, full: 2_000)
        let replay = env["RUNBOOK_FUZZ_REPLAY"].flatMap { UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) }
        var master = SplitMix64(seed: seed)
        let caseSeeds = replay.map { [$0] } ?? (0..<cases).map { _ in master.next() }
        let cwd = TempHome()
        var home = TempHome()
        var id = try home.newIncident(name: "Argument fuzz")
        var flags: [String: [String]] = [:]
        for sub in Self.subcommands { flags[sub.joined(separator: " ")] = try Self.flags(of: sub, home: home.path, cwd: cwd.path) }
        #expect(flags["note"]?.contains("--at") == true, "no flags read from --help: \(flags)")
        var failures: [String] = []
        var ok = 0, refused = 0
        for (n, caseSeed) in caseSeeds.enumerated() {
            if n > 0 && n % 40 == 0 {
                failures += try Self.journalsVerify(home: home.path, cwd: cwd.path)
                home = TempHome()
                id = try home.newIncident(name: "Argument fuzz")
            }
            var rng = SplitMix64(seed: caseSeed)
            let args = Self.arguments(&rng, flags: flags, incident: id)
            let run = try Self.spawn(args, home: home.path, cwd: cwd.path)
            if run.status == 0 && run.signal == 0 { ok += 1 } else { refused += 1 }
            let p = Self.problems(run, args: args)
            if !p.isEmpty {
                failures.append("case #\(n) of seed \(String(seed, radix: 16)) (replay: RUNBOOK_FUZZ_REPLAY=\(String(caseSeed, radix: 16)) --filter randomArgumentListsEndCleanly): \(Self.label(args)): \(p)")
            }
            if failures.count >= 10 { break }
        }
        failures += try Self.journalsVerify(home: home.path, cwd: cwd.path)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        if replay == nil { #expect(ok > 0 && refused > 0, "\(ok) ran, \(refused) refused") }
    }
}
