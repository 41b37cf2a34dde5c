import Foundation
import Testing
@testable import RunbookKit


/// Mutation fuzzing of the playbook loader, seeded from the shipped playbooks. The loader must
/// return findings or a playbook for every input: never crash, never hang, and agree with itself.
public enum PlaybookFuzz {
    public struct Report: Sendable, CustomStringConvertible {
        public var cases = 0
        public var loaded = 0
        public var rejected = 0
        /// Inputs that broke a rule: seed, case number and what went wrong.
        public var failures: [String] = []
        /// The slowest single case, in seconds, and its number.
        public var slowest: (seconds: Double, caseNumber: Int) = (0, -1)
        public var description: String {
            "\(cases) cases: \(loaded) loaded, \(rejected) rejected, \(failures.count) failures; slowest case #\(slowest.caseNumber) took \(String(format: "%.3f", slowest.seconds))s"
        }
    }

    /// The shipped playbooks and a tailored one, as bytes to mutate.
    public static func seeds() -> [(name: String, data: Data)] {
        let paths = [PlaybookFixtures.builtinPath("occi"), PlaybookFixtures.builtinPath("hic-tcr"),
                     PlaybookFixtures.tailoredPath("st-elsewhere.yaml"),
                     PlaybookFixtures.fixtures.appendingPathComponent("valid-mini.yaml").path]
        return paths.compactMap { p in FileManager.default.contents(atPath: p).map { ((p as NSString).lastPathComponent, $0) } }
            + FuzzCorpus.files("playbooks", ext: "yaml").map { ("Fuzz/playbooks/" + $0.name, $0.data) }
    }

    /// Runs `cases` mutated inputs from `seed`. Each is written to a scratch file (beside the
    /// tailored fixtures' base, so `extends: occi` still resolves through the library) and fed to
    /// `check(path:)`, `load(path:)` and, when it is UTF-8, `load(text:name:)`.
    /// A benchmark can call this with 10,000.
    /// `replay`, a case seed a failure printed, runs that one case alone.
    public static func run(cases: Int, seed: UInt64 = 0x5EED_0F_0CC1, maxSecondsPerCase: Double = 10, replay: UInt64? = nil) -> Report {
        let loader = PlaybookFixtures.loader
        let sources = seeds()
        var report = Report()
        guard !sources.isEmpty else { report.failures.append("no seed playbooks found"); return report }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-fuzz-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: seed)
        for n in 0..<(replay == nil ? cases : 1) {
            let caseSeed = replay ?? rng.next()
            var caseRNG = SplitMix64(seed: caseSeed)
            let source = sources[Int(caseRNG.next() % UInt64(sources.count))]
            let (bytes, ops) = mutate(source.data, rng: &caseRNG)
            let path = dir.appendingPathComponent("case-\(n).yaml").path
            let tag = "case #\(n) (seed \(String(caseSeed, radix: 16)), from \(source.name), \(ops.joined(separator: ", "))); replay: RUNBOOK_FUZZ_REPLAY=\(String(caseSeed, radix: 16)) --filter mutatedShippedPlaybooksNeverCrashOrHang"
            guard FileManager.default.createFile(atPath: path, contents: bytes) else {
                report.failures.append("\(tag): cannot write \(path)"); continue
            }
            let start = Date()
            let problems = exercise(loader: loader, path: path, bytes: bytes, loaded: &report.loaded, rejected: &report.rejected)
            let took = Date().timeIntervalSince(start)
            if took > report.slowest.seconds { report.slowest = (took, n) }
            if took > maxSecondsPerCase { report.failures.append("\(tag): took \(took)s") }
            report.failures += problems.map { "\(tag): \($0)" }
            try? FileManager.default.removeItem(atPath: path)
            report.cases += 1
        }
        return report
    }

    /// One input through every entry point; the rules it broke.
    static func exercise(loader: PlaybookLoader, path: String, bytes: Data, loaded: inout Int, rejected: inout Int) -> [String] {
        var problems: [String] = []
        let findings = loader.check(path: path)
        for f in findings {
            if f.file.isEmpty || f.line < 1 || f.column < 1 || f.message.isEmpty { problems.append("malformed finding \(f)") }
            if f.message.contains("\n") { problems.append("finding spans lines: \(f.description.debugDescription)") }
        }
        do {
            let l = try loader.load(path: path)
            loaded += 1
            if !findings.isEmpty { problems.append("loaded although check found \(findings.count)") }
            // What loads must freeze and load back the same.
            do {
                let back = try loader.load(text: l.frozenText, name: "frozen.yaml")
                if !samePlaybook(back, l.playbook) { problems.append("frozen copy differs: \(firstDifference(back, l.playbook))") }
            } catch { problems.append("frozen copy does not load: \(error)") }
        } catch let RunbookError.playbook(lines) {
            rejected += 1
            if lines.isEmpty { problems.append("rejected with no findings") }
            if findings.isEmpty { problems.append("rejected, but check found nothing: \(lines)") }
        } catch {
            problems.append("unexpected error \(error)")
        }
        if let text = String(data: bytes, encoding: .utf8), !text.contains("\0"), !text.contains("extends") {
            do { _ = try loader.load(text: text, name: "x.yaml") } catch RunbookError.playbook(let lines) {
                if lines.isEmpty { problems.append("load(text:) rejected with no findings") }
            } catch { problems.append("load(text:) threw \(error)") }
        }
        return problems
    }

    /// One to four edits of the bytes, and their names.
    static func mutate(_ data: Data, rng: inout SplitMix64) -> (Data, [String]) {
        var bytes = [UInt8](data)
        var ops: [String] = []
        let count = 1 + Int(rng.next() % 4)
        for _ in 0..<count {
            let op = Int(rng.next() % 17)
            ops.append(["flip", "delete", "insert", "nul", "bad-utf8", "delete-line", "duplicate-line", "swap-lines",
                        "indent", "dedent", "splice", "nest", "huge-scalar", "anchor-alias", "tab", "bom", "structure"][op])
            func pos() -> Int { bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count)) }
            switch op {
            case 0:  // flip a bit
                if !bytes.isEmpty { let i = pos(); bytes[i] ^= UInt8(1 << (rng.next() % 8)) }
            case 1:  // delete a run of bytes
                if !bytes.isEmpty { let i = pos(); bytes.removeSubrange(i..<min(bytes.count, i + 1 + Int(rng.next() % 16))) }
            case 2:  // insert random bytes, often YAML's own punctuation
                let punct: [UInt8] = Array(":-[]{}#&*!|>'\"%@`,?\t\n ".utf8)
                let n = 1 + Int(rng.next() % 8)
                let ins = (0..<n).map { _ in rng.next() % 2 == 0 ? punct[Int(rng.next() % UInt64(punct.count))] : UInt8(truncatingIfNeeded: rng.next()) }
                bytes.insert(contentsOf: ins, at: pos())
            case 3:  // a zero byte
                bytes.insert(0, at: pos())
            case 4:  // invalid UTF-8: a lone continuation byte, an overlong form, a cut-off sequence
                let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xFF], [0xED, 0xA0, 0x80]]
                bytes.insert(contentsOf: bad[Int(rng.next() % UInt64(bad.count))], at: pos())
            case 11:  // deep nesting, flow or block, dropped in anywhere
                let depth = 1 + Int(rng.next() % 3_000)
                let kind = rng.next() % 3
                let ins: String = kind == 0 ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth * Int(rng.next() % 2))
                    : kind == 1 ? String(repeating: "{a: ", count: depth) : "\n" + (1...min(depth, 400)).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
                bytes.insert(contentsOf: Array(ins.utf8), at: pos())
            case 12:  // a huge scalar, plain or quoted
                let n = 1 + Int(rng.next() % 400_000)
                let q = ["", "\"", "'"][Int(rng.next() % 3)]
                bytes.insert(contentsOf: Array((q + String(repeating: "x", count: n) + q).utf8), at: pos())
            case 13:  // an anchor or an alias, known or not, as a key or a value
                let ins = ["&a ", "*a", "*a: 1\n", "? *a\n: 1\n", "<<: *a\n", "&a [*a]", "*undefined", "&a &b ", "!!binary ", "!tag "][Int(rng.next() % 10)]
                bytes.insert(contentsOf: Array(ins.utf8), at: pos())
            case 14:  // a tab where YAML wants spaces
                bytes.insert(0x09, at: pos())
            case 15:  // a byte order mark, at the start or elsewhere
                bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: rng.next() % 2 == 0 ? 0 : pos())
            case 16:  // YAML structure: a document marker, a directive, a flow mapping or sequence opened or closed
                let ins = ["---\n", "...\n", "%YAML 1.1\n", "{", "}", "[", "]", "- ", ": ", "? ", "|\n", ">-\n"][Int(rng.next() % 12)]
                bytes.insert(contentsOf: Array(ins.utf8), at: pos())
            default:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                guard !lines.isEmpty else { continue }
                let i = Int(rng.next() % UInt64(lines.count))
                let j = Int(rng.next() % UInt64(lines.count))
                switch op {
                case 5: lines.remove(at: i)
                case 6: lines.insert(lines[i], at: j)
                case 7: lines.swapAt(i, j)
                case 8: lines[i] = [UInt8](repeating: 0x20, count: 1 + Int(rng.next() % 4)) + lines[i]
                case 9: lines[i] = Array(lines[i].drop { $0 == 0x20 }.prefix(lines[i].count))
                default:  // splice: a line from elsewhere, with another line's indentation
                    let body = lines[j].drop { $0 == 0x20 }
                    lines[i] = Array(lines[i].prefix { $0 == 0x20 }) + body
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            }
        }
        return (Data(bytes), ops)
    }

    /// Texts nested deeper than any parser should recurse: each must get a finding, not a crash.
    public static func deepInputs() -> [(name: String, text: String)] {
        let head = "id: deep\ntitle: Deep\nversion: \"1\"\n"
        return [
            ("10,000 [", head + "tasks: " + String(repeating: "[", count: 10_000) + "\n"),
            ("10,000 [ closed", head + "tasks: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"),
            ("999 [ closed", head + "tasks: " + String(repeating: "[", count: 999) + String(repeating: "]", count: 999) + "\n"),
            ("10,000 {", head + "tasks: " + String(repeating: "{a: ", count: 10_000) + "\n"),
            ("999 { closed", String(repeating: "{a: ", count: 999) + "1" + String(repeating: "}", count: 999) + "\n"),
            ("10,000 - on a line", head + "tasks:\n  " + String(repeating: "- ", count: 10_000) + "x\n"),
            ("999 - on a line", head + "tasks:\n  " + String(repeating: "- ", count: 999) + "x\n"),
            ("2,000 indented mappings", head + "tasks:\n" + (1..<2_000).map { String(repeating: " ", count: $0) + "a:\n" }.joined()),
            ("mixed [ and {", head + "tasks: " + String(repeating: "[{a: ", count: 5_000) + "\n"),
        ]
    }
}

@Suite("Playbook loader fuzzing")
struct PlaybookFuzzTests {
    /// 100 cases in the quick tier, 300 in the full one; `PLAYBOOK_FUZZ_CASES` and
    /// `PLAYBOOK_FUZZ_SEED` (hex) run more or others.
    @Test(.timeLimit(.minutes(60)))
    func mutatedShippedPlaybooksNeverCrashOrHang() {
        let env = ProcessInfo.processInfo.environment
        let cases = env["PLAYBOOK_FUZZ_CASES"].flatMap { Int($0) } ?? TestTier.pick(quick: 100, full: 300)
        let seed = env["PLAYBOOK_FUZZ_SEED"].flatMap { UInt64($0, radix: 16) } ?? 0x5EED_0F_0CC1
        let replay = env["RUNBOOK_FUZZ_REPLAY"].flatMap { UInt64($0, radix: 16) }
        let report = PlaybookFuzz.run(cases: cases, seed: seed, replay: replay)
        if replay != nil { #expect(report.failures.isEmpty, "\(report.failures)"); return }
        #expect(report.cases == cases)
        #expect(report.failures.isEmpty, "\(report)\n\(report.failures.prefix(20).joined(separator: "\n"))")
        // The mutations must exercise both outcomes, or they test nothing.
        #expect(report.rejected > cases / 3, "\(report)")
        #expect(report.loaded > 0, "\(report)")
    }

    /// Every file of `Tests/Fuzz/playbooks` (inputs that are interesting or once broke the
    /// loader) loads or gets `file:line` findings, as the mutated ones must.
    @Test(.timeLimit(.minutes(10)))
    func theCorpusPlaybooksLoadOrGetFindings() throws {
        let files = FuzzCorpus.files("playbooks", ext: "yaml")
        #expect(files.count >= 8, "Tests/Fuzz/playbooks not found at \(FuzzCorpus.dir.path)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-corpus-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in files {
            let path = dir.appendingPathComponent(f.name).path
            try f.data.write(to: URL(fileURLWithPath: path))
            let problems = Handed<[String]>()
            let finished = finishesWithin(120) { [loader = PlaybookFixtures.loader] in
                var l = 0, r = 0
                problems.value = PlaybookFuzz.exercise(loader: loader, path: path, bytes: f.data, loaded: &l, rejected: &r)
            }
            #expect(finished, "\(f.name): did not finish (a hang)")
            #expect(problems.value == [], "\(f.name): \(problems.value ?? [])")
        }
    }

    @Test func theGeneratorIsSeededAndStable() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        // The reference value of SplitMix64 for seed 0.
        var z = SplitMix64(seed: 0)
        #expect(z.next() == 0xE220_A839_7B1D_CDAF)
        var r1 = SplitMix64(seed: 7), r2 = SplitMix64(seed: 7)
        let m1 = PlaybookFuzz.mutate(Data("id: x\ntitle: y\n".utf8), rng: &r1)
        let m2 = PlaybookFuzz.mutate(Data("id: x\ntitle: y\n".utf8), rng: &r2)
        #expect(m1.0 == m2.0 && m1.1 == m2.1)
    }

    @Test(arguments: PlaybookFuzz.deepInputs().map(\.name))
    func deepNestingIsAFindingNotACrash(_ name: String) throws {
        let text = try #require(PlaybookFuzz.deepInputs().first { $0.name == name }?.text)
        let loader = PlaybookFixtures.loader
        #expect(throws: RunbookError.self) { try loader.load(text: text, name: "deep.yaml") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-deep-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("deep.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let findings = loader.check(path: path)
        #expect(findings.count == 1, "\(findings.map(\.description))")
        let f = try #require(findings.first)
        #expect(f.file == path)
        #expect(f.message.contains("nested") || f.message.contains("nesting"), "\(f)")
        // It points into the nesting, not at the top of the file.
        #expect(f.line >= (name.hasPrefix("999 {") ? 1 : 4), "\(f)")
    }

    /// Yams builds its node tree recursively: 999 levels overflowed a 1 MB stack before the
    /// loader parsed on a thread of its own. A caller on a small stack must still get findings.
    @Test func deepInputsAreSafeFromASmallStack() throws {
        let inputs = PlaybookFuzz.deepInputs() + [
            ("998 indented mappings", "id: x\ntitle: t\nversion: \"1\"\ntasks:\n" + (1..<998).map { String(repeating: " ", count: $0) + "a:\n" }.joined()),
        ]
        let outcomes = ResultBox<[String]>()
        let thread = Thread {
            outcomes.value = inputs.map { name, text in
                do { _ = try PlaybookFixtures.loader.load(text: text, name: "d.yaml"); return "\(name): loaded" } catch { return "\(name): \(error)" }
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
        let deadline = Date().addingTimeInterval(120)
        while !thread.isFinished && Date() < deadline { usleep(10_000) }
        let results = try #require(outcomes.value, "the parsing thread did not finish")
        #expect(results.count == inputs.count)
        for r in results { #expect(r.contains(": d.yaml:"), "\(r.prefix(300))") }
    }

    /// "Billion laughs": ten anchors of ten aliases each. As a value it is harmless (aliases are
    /// shared); as a key Yams would hash all 10^10 nodes, so such keys are refused up front.
    static func laughs(_ tail: String) -> String {
        var lines = ["id: laughs", "title: Laughs", "version: \"1\"", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
        var prev = "a"
        for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            lines.append("\(n): &\(n) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]")
            prev = n
        }
        return lines.joined(separator: "\n") + "\n" + tail
    }

    // The 5-second check inside the body is the real limit: it times the parse itself. The
    // time limit is only a backstop against a hang, and is generous because in a full
    // `make test` on a loaded 2-core machine a test can wait over a minute for a thread
    // (these bodies take milliseconds alone but were cut off at 1 minute while queued).
    @Test(.timeLimit(.minutes(10)), arguments: [
        ("? *j\n: 1\n", 14, 1), ("*j : 1\n", 14, 1), ("[*j]: 1\n", 14, 4), ("z: {? *j : 1}\n", 14, 5),
        ("z: [? *j : 1]\n", 14, 5), ("z: {?*j : 1}\n", 14, 5), ("{*j: 1}: 2\n", 14, 2), ("z:\n  *j: 1\n", 15, 3),
    ])
    func aliasesAsKeysAreRefusedNotHashedForever(_ tail: String, _ line: Int, _ column: Int) {
        let start = Date()
        do {
            _ = try PlaybookFixtures.loader.load(text: Self.laughs(tail), name: "laughs.yaml")
            Issue.record("loaded")
        } catch let RunbookError.playbook(lines) {
            #expect(lines == ["laughs.yaml:\(line):\(column): bad YAML: a file with anchors (&name) may not use '? ', '[…]:', '{…}:' or '*name:' keys; a playbook's keys are plain words"])
        } catch { Issue.record("\(error)") }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test(.timeLimit(.minutes(10)))
    func aliasesAsValuesAreFine() throws {
        let start = Date()
        let f = (try? PlaybookFixtures.loader.load(text: Self.laughs("tasks: [*j]\n"), name: "laughs.yaml")).map { _ in [String]() }
        #expect(f == nil, "a list of lists is not a task")
        #expect(Date().timeIntervalSince(start) < 5)
        // A playbook may share a value through an anchor, with '?' and '[x]:' in its prose.
        let text = """
        id: shared
        title: "Shared detail? yes [really]: it works"
        version: "1"
        roles: [{id: ic, title: IC}]
        phases: [{id: p, title: P, from: 0h}]
        tasks:
          - id: a
            title: A
            role: ic
            phase: p
            detail: &standard Use the downtime forms in the red binder.
          - id: b
            title: B
            role: ic
            phase: p
            detail: *standard
        """
        let pb = try PlaybookFixtures.loader.load(text: text, name: "shared.yaml")
        #expect(pb.task("b")?.detail == "Use the downtime forms in the red binder.")
    }

    @Test func nestingAPlaybookNeedsIsAccepted() throws {
        // Ordinary depth, written every way YAML allows, is not mistaken for an attack.
        let text = """
        id: nest
        title: Nest
        version: "1"
        roles: [{id: ic, title: "IC [lead] {x}"}]
        phases:
          - {id: p, title: 'P [0-2h] {a}', from: 0h}
        decisions: []
        tasks:
          - id: t
            title: T [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{ it's "fine"
            role: ic
            phase: p
            detail: |
              [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
              {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
            refs: ['[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[', "don't [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]
        """
        let pb = try PlaybookFixtures.loader.load(text: text, name: "nest.yaml")
        #expect(pb.tasks.first?.detail.hasPrefix("[[[") == true)
        #expect(pb.tasks.first?.refs.count == 2)
        #expect(pb.tasks.first?.title.hasSuffix("{{{ it's \"fine\"") == true)
    }
}
