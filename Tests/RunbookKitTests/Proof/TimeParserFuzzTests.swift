import Foundation
import Testing
@testable import RunbookKit

/// Every time parser — `--at`, `--discovered` and `log --since` (`WhenParser.parse`), `--eta`
/// (`parseEstimate`), a playbook's relative `due` (`PlaybookDuration`), the journal's own times
/// (`Timestamp(rfc3339:)`) and witnesses (`Witness.parse`) — fed the corpus `Tests/Fuzz/times.txt`,
/// mutations of it and random text: each parses or gives its named error, never crashes, and
/// what it parses prints and parses back the same (a time the journal cannot hold is refused).
@Suite("time parser fuzzing")
struct TimeParserFuzzTests {
    static let alphabet: [UInt8] = Array("0123456789:-+TZtz .dhmsESTDTuewaoy@#".utf8)

    /// One edit of `s`: a character replaced, inserted, deleted, duplicated, a number swapped
    /// for an extreme one, or a multibyte character put in.
    static func mutate(_ s: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = s
        for _ in 0..<rng.int(1...3) {
            let i = b.isEmpty ? 0 : rng.int(0...(b.count - 1))
            switch rng.int(0...6) {
            case 0: if !b.isEmpty { b[i] = rng.pick(alphabet) }
            case 1: b.insert(rng.pick(alphabet), at: i)
            case 2: if !b.isEmpty { b.remove(at: i) }
            case 3: if !b.isEmpty { b.insert(b[i], at: i) }
            case 4: b.insert(contentsOf: Array(rng.pick(["9999", "0000", "99", "00", "-", "+", "99999999999", "60", "24", "13"]).utf8), at: i)
            case 5: b.insert(contentsOf: Array(rng.pick(["٣", "１", "\u{2212}", "\u{FEFF}", "\u{0}", "\t", "ü"]).utf8), at: i)
            default: if !b.isEmpty { b[i] = UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
        return b
    }

    /// The rules one text broke, against `now`.
    static func problems(_ text: String, now: Timestamp) -> [String] {
        var out: [String] = []
        // A time the journal cannot hold as written (a year past 9999, before 0000) may be
        // parsed, but the writer's guard (ActionTime, which --at, --discovered and the
        // estimate rule ask) must then refuse it.
        func journalCanHold(_ ts: Timestamp, _ what: String) {
            if !ActionTime.isRecordable(ts), (try? ActionTime.check(ts, now: now, discovered: now)) != nil {
                out.append("\(what) gave \(ts.millis) ms, written \(ts.rfc3339), which does not read back, and ActionTime lets it through")
            }
        }
        for (what, parse) in [("parse (--at, --discovered, --since)", { try WhenParser.parse(text, now: now) }),
                              ("parseEstimate (--eta)", { try WhenParser.parseEstimate(text, now: now) })] as [(String, () throws -> Timestamp)] {
            do {
                let ts = try parse()
                journalCanHold(ts, what)
                if ActionTime.isRecordable(ts) {
                    do {
                        let again = try WhenParser.parse(ts.rfc3339, now: now)
                        if again != ts { out.append("\(what): \(ts.rfc3339) parses again as \(again.rfc3339)") }
                    } catch { out.append("\(what): \(ts.rfc3339), printed from what it parsed, is refused: \(error)") }
                }
            } catch let e as RunbookError {
                if e.description.isEmpty { out.append("\(what): empty error") }
            } catch { out.append("\(what) threw \(error), not a RunbookError") }
        }
        // A sign says "from now": a signed text is now moved by its duration, or refused;
        // never a clock time read with the sign taken into its hour ("-0:30" as 00:30).
        let t = text.trimmingCharacters(in: .whitespaces)
        for (sign, what, parse) in [("-", "parse", { try WhenParser.parse(text, now: now) }), ("+", "parseEstimate", { try WhenParser.parseEstimate(text, now: now) }),
                                    ("+", "parse", { try WhenParser.parse(text, now: now) }), ("-", "parseEstimate", { try WhenParser.parseEstimate(text, now: now) })]
                as [(String, String, () throws -> Timestamp)] where t.hasPrefix(sign) {
            guard let ts = try? parse() else { continue }
            let d = PlaybookDuration(parsing: String(t.dropFirst()))
            let meant = d.map { now.adding(seconds: sign == "-" ? -$0.seconds : $0.seconds) }
            if ts != meant || (what == "parse") != (sign == "-") { out.append("\(what) read the signed \(t.debugDescription) as \(ts.rfc3339)") }
        }
        // Whatever a clock time holds besides ASCII digits is not read as one ("14:+5" is not 14:05).
        if let colon = t.firstIndex(of: ":"), t.count <= 5, t[..<colon].contains(where: { !$0.isASCII || !$0.isNumber }) || t[t.index(after: colon)...].contains(where: { !$0.isASCII || !$0.isNumber }),
           !t.hasPrefix("-") && !t.hasPrefix("+"), let ts = try? WhenParser.parse(text, now: now) {
            out.append("parse read \(t.debugDescription) as the clock time \(ts.rfc3339)")
        }
        if let d = PlaybookDuration(parsing: text) {
            if d.seconds < 0 { out.append("duration \(d.seconds) s is negative") }
            if PlaybookDuration(parsing: d.description) != d { out.append("duration \(d.seconds) s prints as \(d.description), which does not read back") }
        }
        if let ts = Timestamp(rfc3339: text), ActionTime.isRecordable(ts), Timestamp(rfc3339: ts.rfc3339) != ts {
            out.append("Timestamp(rfc3339:) \(ts.rfc3339) does not read back")
        }
        do {
            let w = try Witness.parse(text)
            // A hash is ASCII hex, as every hash the journal holds: anything else can only ever
            // "differ", and a witness that differs says the history was rewritten.
            if w.hash.count < Witness.shortest || w.hash.count > 64 || !w.hash.allSatisfy({ "0123456789abcdef".contains($0) }) || w.seq < 0 {
                out.append("witness \(w) out of its bounds")
            }
            if (try? Witness.parse(w.seq > 0 ? w.full : w.hash)) != w { out.append("witness \(w.full) does not read back") }
            if w.seq > 0, (try? Witness.parse(w.spoken)) != Witness(seq: w.seq, hash: String(w.hash.prefix(Witness.shortest))) {
                out.append("witness spoken \(w.spoken) does not read back")
            }
        } catch {}
        return out
    }

    static let nows: [Timestamp] = [Timestamp(rfc3339: "2026-11-29T14:05:00Z"), Timestamp(rfc3339: "2026-11-01T05:30:00Z"),
                                    Timestamp(rfc3339: "2027-03-14T07:01:00Z"), Timestamp(rfc3339: "1970-01-01T00:00:00Z")].compactMap { $0 }

    @Test func theCorpusParsesOrIsRefused() {
        let corpus = FuzzCorpus.strings("times.txt")
        #expect(corpus.count > 50, "Tests/Fuzz/times.txt not found at \(FuzzCorpus.dir.path)")
        for text in corpus {
            for now in Self.nows {
                let p = Self.problems(text, now: now)
                #expect(p.isEmpty, "\(text.debugDescription) at \(now): \(p)")
            }
        }
    }

    /// 20,000 texts in the quick tier: mutations of the corpus and random bytes.
    @Test(.timeLimit(.minutes(10)))
    func mutatedAndRandomTimesParseOrAreRefused() {
        let plan = FuzzPlan(test: "mutatedAndRandomTimesParseOrAreRefused", seed: 0x71AE_5EED, quick: 20_000, full: 200_000)
        let corpus = FuzzCorpus.lines("times.txt")
        var failures: [String] = []
        for (n, caseSeed) in plan.caseSeeds.enumerated() {
            var rng = SplitMix64(seed: caseSeed)
            let bytes = rng.chance(0.8) && !corpus.isEmpty ? Self.mutate(rng.pick(corpus), &rng) : rng.bytes(rng.int(0...24), alphabet: Self.alphabet)
            let text = String(decoding: bytes, as: UTF8.self)
            let now = rng.chance(0.5) ? rng.pick(Self.nows) : Timestamp(millis: Int64(rng.int(0...4_000_000_000)) * 1000)
            let p = Self.problems(text, now: now)
            if !p.isEmpty { failures.append("\(plan.tag(n, caseSeed)): \(text.debugDescription) at \(now.rfc3339): \(p)") }
            if failures.count >= 20 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
