import Foundation
import Testing
@testable import RunbookKit

/// Damage before the last line is an alarm: verify names the entry, nothing is appended.
@Suite("journal damage")
struct JournalDamageTests {
    static let notes = ["one", "two ü \"q\"", "three\nwith a newline", "four 🚑", "five, the last"]

    /// Checks that `bytes` is reported damaged at `line` by every reader and that append refuses
    /// without touching the file.
    static func expectDamage(_ bytes: [UInt8], line: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = JournalTempDir()
        try JournalFixture.write(bytes, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(!report.intact, "\(what): not reported", sourceLocation: sourceLocation)
        #expect(report.damage?.line == line, "\(what): damage named \(String(describing: report.damage))", sourceLocation: sourceLocation)
        #expect(report.entries == line - 1, "\(what)", sourceLocation: sourceLocation)
        #expect(report.damage.map { "\($0)".contains("entry \(line) ") } == true, "\(what)", sourceLocation: sourceLocation)

        let reader = try Journal(path: dir.journal, writable: false)
        var seen: [Int] = []
        #expect(throws: RunbookError.self, "\(what): readNew", sourceLocation: sourceLocation) { try reader.readNew { seen.append($0.seq) } }
        #expect(seen == Array(1..<line), "\(what): entries before the damage", sourceLocation: sourceLocation)
        #expect(reader.damage?.line == line, sourceLocation: sourceLocation)

        let j = try Journal(path: dir.journal)
        var warned = false
        j.onWarning = { _ in warned = true }
        var made = false
        do {
            _ = try j.append { _ in made = true; return JournalFixture.note("must not be written") }
            Issue.record("\(what): append did not refuse", sourceLocation: sourceLocation)
        } catch let e as RunbookError {
            guard case .damagedJournal(let message) = e else {
                Issue.record("\(what): append threw \(e), not damagedJournal", sourceLocation: sourceLocation)
                return
            }
            #expect(message.contains("entry \(line) "), "\(what): \(message)", sourceLocation: sourceLocation)
        }
        #expect(!made, "\(what): the action was drafted on a damaged journal", sourceLocation: sourceLocation)
        #expect(!warned, sourceLocation: sourceLocation)
        // A second try on the same object refuses too.
        #expect(throws: RunbookError.self, sourceLocation: sourceLocation) { try j.append { _ in JournalFixture.note("again") } }
        #expect(try JournalFixture.bytes(dir.journal) == bytes, "\(what): the file changed", sourceLocation: sourceLocation)
        #expect(dir.tornFiles().isEmpty, "\(what): a torn file appeared", sourceLocation: sourceLocation)
    }

    /// Every byte of every entry, the last one and its newline included, flipped in turn: by the
    /// low bit and by the high bit in the full tier, by one of them in turn in the quick one.
    @Test func everyFlippedByteIsNamed() throws {
        let src = JournalTempDir()
        try JournalFixture.make(at: src.journal, notes: Self.notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        var start = 0
        for (k, end) in ends.enumerated() {
            for i in start..<end {
                for mask: UInt8 in TestTier.pick(quick: [i % 2 == 0 ? 0x01 : 0x80], full: [0x01, 0x80]) {
                    var bad = full
                    bad[i] ^= mask
                    try Self.expectDamage(bad, line: k + 1, "byte \(i) ^ \(mask) in entry \(k + 1)")
                }
            }
            start = end
        }
    }

    /// The newline between the last two entries changed: the two become one complete line
    /// that fails its hash. Damage at the last-but-one entry; nothing is set aside or added.
    @Test func newlineOfTheLastButOneEntry() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: Self.notes)
        var bytes = try JournalFixture.bytes(dir.journal)
        let ends = JournalFixture.lineEnds(bytes)
        let joinAt = ends[ends.count - 2] - 1
        bytes[joinAt] ^= 0x01
        try JournalFixture.write(bytes, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(!report.intact)
        #expect(report.entries == ends.count - 2)
        #expect(report.damage?.offset == Int64(ends[ends.count - 3]))
        let j = try Journal(path: dir.journal)
        #expect(throws: RunbookError.self) { try j.append { _ in JournalFixture.note("next") } }
        #expect(dir.tornFiles().isEmpty)
        #expect(try JournalFixture.bytes(dir.journal) == bytes)
    }

    @Test func gapInSeq() throws {
        let now = JournalFixture.clock()
        var lines: [String] = []
        var prev = JournalLine.zeroHash
        for seq in [1, 2, 4, 5] {
            let l = JournalLine.encode(seq == 1 ? JournalFixture.opened : JournalFixture.note("n\(seq)"), seq: seq, time: now(), prev: prev)
            prev = String(l.suffix(66).prefix(64))
            lines.append(l + "\n")
        }
        try Self.expectDamage(Array(lines.joined().utf8), line: 3, "seq 2 then 4")
    }

    @Test func repeatedSeqAndRemovedOrSwappedLines() throws {
        let src = JournalTempDir()
        try JournalFixture.make(at: src.journal, notes: Self.notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        let lines = zip([0] + ends.dropLast(), ends).map { Array(full[$0..<$1]) }
        // A line removed from the middle: line 3 now holds seq 4.
        try Self.expectDamage((lines[..<2] + lines[3...]).flatMap { $0 }, line: 3, "line 3 removed")
        // A line written twice.
        try Self.expectDamage((lines[..<3] + [lines[2]] + lines[3...]).flatMap { $0 }, line: 4, "line 3 repeated")
        // Two lines swapped.
        var swapped = lines
        swapped.swapAt(2, 3)
        try Self.expectDamage(swapped.flatMap { $0 }, line: 3, "lines 3 and 4 swapped")
        // Entry 1 removed.
        try Self.expectDamage(lines.dropFirst().flatMap { $0 }, line: 1, "entry 1 removed")
    }

    @Test func wrongPrevWithAGoodHash() throws {
        let now = JournalFixture.clock()
        var text = ""
        var prev = JournalLine.zeroHash
        var hashes: [String] = []
        for seq in 1...5 {
            // Entry 3 names entry 1's hash instead of entry 2's; its own hash is correct.
            let p = seq == 3 ? hashes[0] : prev
            let l = JournalLine.encode(seq == 1 ? JournalFixture.opened : JournalFixture.note("n\(seq)"), seq: seq, time: now(), prev: p)
            prev = String(l.suffix(66).prefix(64))
            hashes.append(prev)
            text += l + "\n"
        }
        try Self.expectDamage(Array(text.utf8), line: 3, "prev of entry 3 is entry 1's hash")
        // Entry 1 with a prev that is not zeros.
        let first = JournalLine.encode(JournalFixture.opened, seq: 1, time: now(), prev: String(repeating: "1", count: 64))
        let second = JournalLine.encode(JournalFixture.note("x"), seq: 2, time: now(), prev: String(first.suffix(66).prefix(64)))
        try Self.expectDamage(Array((first + "\n" + second + "\n").utf8), line: 1, "entry 1 prev not zero")
    }

    @Test(arguments: ["not json at all", "", "{}", "[1,2,3]", "{\"seq\":3}", "   ", "\u{00}\u{00}"])
    func nonJournalLineInTheMiddle(_ intruder: String) throws {
        let src = JournalTempDir()
        try JournalFixture.make(at: src.journal, notes: Self.notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        let bad = Array(full[..<ends[1]]) + Array((intruder + "\n").utf8) + Array(full[ends[1]...])
        try Self.expectDamage(bad, line: 3, "intruder \(intruder.debugDescription) after entry 2")
    }

    /// A line with a valid hash, seq and prev but missing a required member is damage for
    /// every reader alike: `verify` must not call intact what the writer refuses.
    @Test(arguments: ["actor", "time", "type"])
    func validHashButMissingRequiredMember(_ missing: String) throws {
        let now = JournalFixture.clock()
        let l1 = JournalLine.encode(JournalFixture.opened, seq: 1, time: now(), prev: JournalLine.zeroHash)
        let h1 = String(l1.suffix(66).prefix(64))
        var body: String
        switch missing {
        case "actor": body = "{\"seq\":2,\"time\":\"\(now().rfc3339)\",\"type\":\"note\""
        case "time": body = "{\"seq\":2,\"actor\":\"a\",\"type\":\"note\""
        default: body = "{\"seq\":2,\"time\":\"\(now().rfc3339)\",\"actor\":\"a\""
        }
        body += ",\"prev\":\"\(h1)\""
        let l2 = body + ",\"hash\":\"\(JournalLine.hashHex(of: Array(body.utf8)[...]))\"}"
        let l3 = JournalLine.encode(JournalFixture.note("after"), seq: 3, time: now(), prev: String(l2.suffix(66).prefix(64)))
        try Self.expectDamage(Array((l1 + "\n" + l2 + "\n" + l3 + "\n").utf8), line: 2, "entry 2 without \(missing)")
    }

    /// Damage found by one reader stays: later reads refuse too, and so does the writer.
    @Test func damageAppearingLaterIsCaughtByAnOpenJournal() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let j = try Journal(path: dir.journal)
        #expect(try j.readNew() == 3)
        // Another program appends a line that is not a journal entry, then a good-looking one.
        let fh = try #require(FileHandle(forWritingAtPath: dir.journal))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data("oops\n{\"seq\":5}\n".utf8))
        try fh.close()
        let before = try JournalFixture.bytes(dir.journal)
        #expect(throws: RunbookError.self) { try j.readNew() }
        #expect(j.damage?.line == 4)
        #expect(throws: RunbookError.self) { try j.append { _ in JournalFixture.note("c") } }
        #expect(try JournalFixture.bytes(dir.journal) == before)
    }
}
