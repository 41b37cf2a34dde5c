import Foundation
import Testing

/// The corpora under `Tests/Fuzz/`: inputs that are interesting or once broke something, read
/// by the fuzz tests on every run (found from this file, so any working directory will do).
enum FuzzCorpus {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// The lines of `Tests/Fuzz/<name>` that are not blank or `#` comments, with `\t`, `\n`,
    /// `\r`, `\0`, `\e`, `\\` and `\xHH` (a byte, which may be invalid UTF-8) read as escapes.
    static func lines(_ name: String) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else { return [] }
        return data.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { raw in
            let line = Array(raw)
            if line.first == UInt8(ascii: "#") || line.allSatisfy({ $0 == 0x20 }) { return nil }
            return unescape(line)
        }
    }

    /// The corpus lines as text (invalid UTF-8 repaired, as a Swift String must be).
    static func strings(_ name: String) -> [String] { lines(name).map { String(decoding: $0, as: UTF8.self) } }

    static func unescape(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            guard s[i] == UInt8(ascii: "\\"), i + 1 < s.count else { out.append(s[i]); i += 1; continue }
            switch s[i + 1] {
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "0"): out.append(0x00); i += 2
            case UInt8(ascii: "e"): out.append(0x1B); i += 2
            case UInt8(ascii: "\\"): out.append(0x5C); i += 2
            case UInt8(ascii: "x") where i + 3 < s.count:
                if let b = UInt8(String(decoding: s[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) { out.append(b); i += 4 } else { out.append(s[i]); i += 1 }
            default: out.append(s[i]); i += 1
            }
        }
        return out
    }

    /// The files of `Tests/Fuzz/<sub>` ending in `.ext`, sorted, with their bytes.
    static func files(_ sub: String, ext: String) -> [(name: String, data: Data)] {
        let d = dir.appendingPathComponent(sub)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).filter { $0.hasSuffix("." + ext) }.sorted()
        return names.compactMap { n in FileManager.default.contents(atPath: d.appendingPathComponent(n).path).map { (n, $0) } }
    }
}

/// How many cases a fuzz test runs and from which seed: the quick or full tier's count from the
/// test's fixed seed, or what `RUNBOOK_FUZZ_SEED` / `RUNBOOK_FUZZ_CASES` say; and
/// `RUNBOOK_FUZZ_REPLAY` (a case seed a failure printed, hex) runs that one case alone.
struct FuzzPlan {
    let test: String
    let seed: UInt64
    let cases: Int
    let replay: UInt64?

    init(test: String, seed defaultSeed: UInt64, quick: Int, full: Int) {
        let env = ProcessInfo.processInfo.environment
        self.test = test
        seed = env["RUNBOOK_FUZZ_SEED"].flatMap { UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) } ?? defaultSeed
        cases = env["RUNBOOK_FUZZ_CASES"].flatMap { Int($0) } ?? TestTier.pick(quick: quick, full: full)
        replay = env["RUNBOOK_FUZZ_REPLAY"].flatMap { UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) }
    }

    /// Each case's own seed: a case replays from it alone.
    var caseSeeds: [UInt64] {
        if let replay { return [replay] }
        var rng = SplitMix64(seed: seed)
        return (0..<cases).map { _ in rng.next() }
    }

    /// What a failure prints so it replays.
    func tag(_ n: Int, _ caseSeed: UInt64) -> String {
        "case #\(n) of seed \(String(seed, radix: 16)) (replay: RUNBOOK_FUZZ_REPLAY=\(String(caseSeed, radix: 16)) --filter '\(test)')"
    }
}

/// Runs `body` on a thread of its own with a large stack and waits at most `seconds`: a hang
/// is reported (true) instead of hanging the suite, and no wall-clock assertion judges speed.
func finishesWithin(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = ManagedFlag()
    let t = Thread { body(); done.set() }
    t.stackSize = 8 << 20
    t.start()
    let deadline = Date().addingTimeInterval(seconds)
    while !done.isSet && Date() < deadline { usleep(2_000) }
    return done.isSet
}

/// A flag set by one thread and read by another.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// A value handed back from a thread.
final class Handed<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

extension SplitMix64 {
    /// Random bytes, often from `alphabet`.
    mutating func bytes(_ count: Int, alphabet: [UInt8] = []) -> [UInt8] {
        (0..<count).map { _ in !alphabet.isEmpty && chance(0.7) ? pick(alphabet) : UInt8(truncatingIfNeeded: next()) }
    }
}
