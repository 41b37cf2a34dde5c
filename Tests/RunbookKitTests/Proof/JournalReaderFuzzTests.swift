import Foundation
import Testing
@testable import RunbookKit

/// The journal reader against random edits of valid journals (`Tests/Fuzz/journal/*.jsonl`, with
/// `at`, corrections, paper entries and an amended entry 1, and one long enough for the bulk
/// reader): byte flips, inserted bytes and lines, deleted ranges, repeated lines, cuts at any
/// offset, huge lines, invalid UTF-8 and NULs. Whatever the file holds, the reader never
/// crashes or hangs and gives either every complete line as a good chain, or the good chain up
/// to a named damaged entry (`RunbookError.damagedJournal`, "entry N") — and the one-core
/// reader, the several-core reader and `verify` say the same.
@Suite("journal reader fuzzing", .serialized)
struct JournalReaderFuzzTests {
    /// What one reader made of a file: the entries' seq, hash and offset, and how it ended.
    struct Outcome: Equatable, CustomStringConvertible {
        var entries: [(seq: Int, prev: String, hash: String, offset: Int64)] = []
        var damagedAt: Int?
        var torn: TornTail?
        var other: String?
        static func == (a: Outcome, b: Outcome) -> Bool {
            a.entries.map { "\($0.seq) \($0.prev) \($0.hash) \($0.offset)" } == b.entries.map { "\($0.seq) \($0.prev) \($0.hash) \($0.offset)" }
                && a.damagedAt == b.damagedAt && a.torn == b.torn && a.other == b.other
        }
        var description: String {
            "\(entries.count) entries, " + (damagedAt.map { "damaged at entry \($0)" } ?? other ?? "intact, torn \(torn.map { "\($0.offset)+\($0.length)" } ?? "none")")
        }
    }

    /// Reads `path` whole with a fresh journal whose bulk reader starts at `bulkThreshold` bytes.
    static func read(_ path: String, bulkThreshold: Int64) -> Outcome {
        var o = Outcome()
        do {
            let j = try Journal(path: path, writable: false)
            j.bulkThreshold = bulkThreshold
            j.onWarning = { _ in }
            let keep: (JournalEntry) -> Void = { e in o.entries.append((e.seq, "\(e.prev)", "\(e.hash)", e.offset)) }
            do {
                try j.readNew(keep, onBulk: { $0.forEach(keep) })
                o.torn = j.tornTail
            } catch RunbookError.damagedJournal(let message) {
                guard let d = j.damage else { o.other = "damagedJournal without a finding: \(message)"; return o }
                o.damagedAt = d.line
                if !message.contains("entry \(d.line) ") { o.other = "the message does not name entry \(d.line): \(message)" }
            }
        } catch { o.other = "\(error)" }
        return o
    }

    /// The rules `bytes` (as read into `a`, `b` and by `verify`) broke.
    static func problems(_ bytes: [UInt8], _ a: Outcome, _ b: Outcome, _ v: Result<JournalVerifier.Report, Error>) -> [String] {
        var out: [String] = []
        if let other = a.other { out.append("reader: \(other)") }
        if a != b { out.append("the one-core reader (\(a)) and the several-core reader (\(b)) differ") }
        // Every entry handed on is the next link of a good chain, at its own line of the file.
        var starts = [0]
        for (i, c) in bytes.enumerated() where c == 0x0A { starts.append(i + 1) }
        let completeLines = starts.count - 1
        var prev = JournalLine.zeroHash
        for (i, e) in a.entries.enumerated() {
            guard e.seq == i + 1, e.prev == prev, i < completeLines, e.offset == Int64(starts[i]) else {
                out.append("entry #\(i + 1) (seq \(e.seq) at \(e.offset)) is not the next link of the chain at line \(i + 1)"); break
            }
            let ok = bytes[starts[i]..<(starts[i + 1] - 1)].withUnsafeBufferPointer { JournalLine.hashMatches($0) }
            if ok != true { out.append("entry \(e.seq)'s line does not hash to its hash") }
            if !(Array(bytes[starts[i]..<(starts[i + 1] - 1)]).withUnsafeBufferPointer { $0.count >= 64 && String(decoding: $0, as: UTF8.self).hasSuffix("\"hash\":\"\(e.hash)\"}") }) {
                out.append("entry \(e.seq)'s hash is not its line's")
            }
            prev = e.hash
        }
        if a.other == nil {
            if let at = a.damagedAt {
                if at != a.entries.count + 1 { out.append("damage named at entry \(at) after \(a.entries.count) good entries") }
            } else {
                // Intact: every complete line was a good entry, and only the bytes after the last newline are torn.
                if a.entries.count != completeLines { out.append("intact with \(a.entries.count) entries of \(completeLines) complete lines") }
                let tornBytes = bytes.count - starts[completeLines]
                if (a.torn?.length ?? 0) != Int64(tornBytes) { out.append("torn \(String(describing: a.torn)) where \(tornBytes) bytes follow the last newline") }
            }
        }
        switch v {
        case .success(let r):
            if r.entries != a.entries.count || r.intact != (a.damagedAt == nil) {
                out.append("verify says \(r.entries) entries, intact \(r.intact); the reader \(a)")
            }
        case .failure(let e): out.append("verify threw \(e)")
        }
        return out
    }

    /// The edits, by name.
    static let editNames = ["flip", "insert-bytes", "insert-line", "delete-range", "duplicate-line", "truncate", "huge-line",
                            "bad-utf8", "nul", "swap-lines", "cut-newline", "junk-tail"]

    /// One to three edits of a journal's bytes, and their names.
    static func edit(_ source: [UInt8], _ rng: inout SplitMix64) -> ([UInt8], [String]) {
        var b = source
        var names: [String] = []
        for _ in 0..<rng.int(1...3) {
            let op = rng.int(0...(editNames.count - 1))
            names.append(editNames[op])
            func pos() -> Int { b.isEmpty ? 0 : rng.int(0...b.count) }
            var lines: [[UInt8]] { b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
            switch op {
            case 0: if !b.isEmpty { let i = rng.int(0...(b.count - 1)); b[i] ^= UInt8(1 << rng.int(0...7)) }
            case 1: b.insert(contentsOf: rng.bytes(rng.int(1...16), alphabet: Array("{}\",:\\\n0123456789abcdef ".utf8)), at: pos())
            case 2:
                var ls = lines
                let junk = rng.pick([Array("{}".utf8), [], Array("{\"seq\":1}".utf8), rng.pick(ls)])
                ls.insert(junk, at: rng.int(0...ls.count))
                b = Array(ls.joined(separator: [0x0A]))
            case 3: if !b.isEmpty { let i = rng.int(0...(b.count - 1)); b.removeSubrange(i..<min(b.count, i + rng.int(1...400))) }
            case 4:
                var ls = lines
                let i = rng.int(0...(ls.count - 1))
                ls.insert(ls[i], at: rng.int(0...ls.count))
                b = Array(ls.joined(separator: [0x0A]))
            case 5: b = Array(b.prefix(pos()))
            case 6: b.insert(contentsOf: [UInt8](repeating: rng.pick(Array("a\"{ ".utf8)), count: rng.int(70_000...1_100_000)), at: pos())
            case 7: b.insert(contentsOf: rng.pick([[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]), at: pos())
            case 8: b.insert(contentsOf: [UInt8](repeating: 0, count: rng.int(1...4)), at: pos())
            case 9:
                var ls = lines
                ls.swapAt(rng.int(0...(ls.count - 1)), rng.int(0...(ls.count - 1)))
                b = Array(ls.joined(separator: [0x0A]))
            case 10: if let i = b.indices.filter({ b[$0] == 0x0A }).randomElement(using: &rng) { b.remove(at: i) }
            default: b += rng.bytes(rng.int(1...300), alphabet: Array("{\"seq\":,}\n".utf8))
            }
        }
        return (b, names)
    }

    /// The corpus journals, and one written here long enough (over 512 KiB) for the bulk reader.
    static func sources(_ scratch: JournalTempDir) throws -> [(name: String, bytes: [UInt8])] {
        var out = FuzzCorpus.files("journal", ext: "jsonl").map { ($0.name, [UInt8]($0.data)) }
        let long = scratch.path + "/long.jsonl"
        let notes = (0..<140).map { "note \($0) " + JournalFixture.awkwardNotes[$0 % JournalFixture.awkwardNotes.count] + String(repeating: " padding ✓", count: 400) }
        try JournalFixture.make(at: long, notes: notes)
        out.append(("long (bulk)", try JournalFixture.bytes(long)))
        return out
    }

    /// Runs one file through both readers and verify, under a watchdog.
    static func judge(_ bytes: [UInt8], dir: JournalTempDir, seconds: Double = 180) throws -> [String] {
        try JournalFixture.write(bytes, to: dir.journal)
        let path = dir.journal
        let result = Handed<[String]>()
        let finished = finishesWithin(seconds) {
            let a = read(path, bulkThreshold: JournalScanner.defaultBulkThreshold)
            let b = read(path, bulkThreshold: 1)
            let v = Result { try JournalVerifier.verify(path: path, onWarning: { _ in }) }
            result.value = problems(bytes, a, b, v)
        }
        return finished ? (result.value ?? ["no result"]) : ["did not finish in \(Int(seconds)) s (a hang)"]
    }

    @Test func theCorpusJournalsAreReadAsTheyAre() throws {
        let files = FuzzCorpus.files("journal", ext: "jsonl")
        #expect(files.count >= 3, "Tests/Fuzz/journal not found at \(FuzzCorpus.dir.path)")
        let dir = JournalTempDir()
        for f in files {
            let p = try Self.judge([UInt8](f.data), dir: dir)
            #expect(p.isEmpty, "\(f.name): \(p)")
        }
        // The valid ones are what the mutations start from, and hold what the brief names.
        let valid = files.filter { !$0.name.hasPrefix("broken-") }
        let text = valid.map { String(decoding: $0.data, as: UTF8.self) }.joined()
        for member in ["\"at\":", "\"paper\":", "entry.corrected", "incident.amended"] {
            #expect(text.contains(member), "no corpus journal holds \(member)")
        }
        for f in valid {
            try JournalFixture.write([UInt8](f.data), to: dir.journal)
            #expect(try JournalVerifier.verify(path: dir.journal, onWarning: { _ in }).intact, "\(f.name) is not a valid journal")
        }
    }

    /// 150 edited journals in the quick tier (about a tenth from the long one), 3,000 in the full.
    @Test(.timeLimit(.minutes(60)))
    func editedJournalsGiveAGoodPrefixOrANamedError() throws {
        let plan = FuzzPlan(test: "editedJournalsGiveAGoodPrefixOrANamedError", seed: 0x70_41_2A1, quick: 150, full: 3_000)
        let scratch = JournalTempDir()
        let sources = try Self.sources(scratch).filter { !$0.name.hasPrefix("broken-") }
        try #require(sources.count >= 2)
        var failures: [String] = []
        var damaged = 0, intact = 0
        for (n, caseSeed) in plan.caseSeeds.enumerated() {
            var rng = SplitMix64(seed: caseSeed)
            let source = rng.chance(0.1) ? sources[sources.count - 1] : rng.pick(Array(sources.dropLast()))
            let (bytes, names) = Self.edit(source.bytes, &rng)
            let dir = JournalTempDir()
            let p = try Self.judge(bytes, dir: dir)
            if !p.isEmpty {
                failures.append("\(plan.tag(n, caseSeed)) from \(source.name) by \(names): \(p)")
                if p.contains(where: { $0.contains("hang") }) { break }
            } else if let v = try? JournalVerifier.verify(path: dir.journal, onWarning: { _ in }) {
                if v.intact { intact += 1 } else { damaged += 1 }
            }
            if failures.count >= 10 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        if plan.replay == nil { #expect(damaged > plan.cases / 4 && intact > 0, "\(damaged) damaged, \(intact) intact: the edits test little") }
    }
}
