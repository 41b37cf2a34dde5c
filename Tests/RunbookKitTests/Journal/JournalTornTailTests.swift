import Foundation
import Testing
@testable import RunbookKit

/// A crash mid-write leaves a torn last line: readers skip it, the next writer sets it aside.
@Suite("journal torn tail")
struct JournalTornTailTests {
    static let notes = ["first ü", "second 🚑 \"q\"\nline two", "third — last but one ✓ \u{01}", "fourth, the last 日本語 \\"]

    /// Truncates at every byte offset from the start of the last-but-one entry to the end.
    @Test func truncatedAtEveryOffsetOfTheLastTwoEntries() throws {
        let src = JournalTempDir()
        let original = try JournalFixture.make(at: src.journal, notes: Self.notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        try #require(ends.count == Self.notes.count + 1 && ends.last == full.count)
        let from = ends[ends.count - 3]
        let clock = JournalFixture.clock(from: 1_797_000_000_000)
        var tornCases = 0

        for cut in from...full.count {
            let dir = JournalTempDir()
            try JournalFixture.write(Array(full[..<cut]), to: dir.journal)
            let boundary = ends.last(where: { $0 <= cut }) ?? 0
            let complete = ends.filter { $0 <= cut }.count
            let tornLength = cut - boundary
            if ends.contains(cut + 1) && cut + 1 > boundary {
                // Everything of a line but its newline: a crash cannot leave that (the line and
                // its newline are one write), so it is damage, and nothing is appended.
                let report = try JournalVerifier.verify(path: dir.journal)
                #expect(report.damage?.problem == .unterminated, "cut \(cut)")
                #expect(report.entries == complete, "cut \(cut)")
                let j = try Journal(path: dir.journal)
                #expect(throws: RunbookError.self) { try j.append(now: clock) { _ in JournalFixture.note("x") } }
                #expect(try JournalFixture.bytes(dir.journal) == Array(full[..<cut]), "cut \(cut)")
                continue
            }
            if tornLength > 0 { tornCases += 1 }

            // The verifier: intact, every complete entry, the torn bytes named.
            let report = try JournalVerifier.verify(path: dir.journal)
            #expect(report.intact, "cut \(cut): \(String(describing: report.damage))")
            #expect(report.entries == complete, "cut \(cut)")
            #expect(report.head == original[complete - 1].hash, "cut \(cut)")
            #expect(report.torn?.offset == (tornLength > 0 ? Int64(boundary) : nil), "cut \(cut)")
            #expect(report.torn?.length == (tornLength > 0 ? Int64(tornLength) : nil), "cut \(cut)")

            // The reader: the same entries, byte-identical, and the torn tail.
            let j = try Journal(path: dir.journal)
            var warnings: [String] = []
            j.onWarning = { warnings.append($0) }
            var got: [JournalEntry] = []
            try j.readNew { got.append($0) }
            #expect(got.map(\.seq) == Array(1...complete), "cut \(cut)")
            #expect(got.map(\.hash) == original.prefix(complete).map(\.hash), "cut \(cut)")
            #expect(got.map(\.note) == original.prefix(complete).map(\.note), "cut \(cut)")
            #expect(j.cursor.offset == Int64(boundary), "cut \(cut)")
            #expect(j.tornTail?.offset == (tornLength > 0 ? Int64(boundary) : nil), "cut \(cut)")
            #expect(j.tornTail?.length == (tornLength > 0 ? Int64(tornLength) : nil), "cut \(cut)")
            #expect(warnings.isEmpty, "reading alone must not move anything")
            #expect(dir.tornFiles().isEmpty)

            // The next append: torn bytes saved aside, cut off, the new line appended.
            let e = try j.append(now: clock) { fresh in
                #expect(fresh.isEmpty)
                return JournalFixture.note("after cut \(cut)")
            }
            #expect(e.seq == complete + 1, "cut \(cut)")
            #expect(e.prev == original[complete - 1].hash, "cut \(cut)")
            let torn = dir.tornFiles()
            if tornLength == 0 {
                #expect(torn.isEmpty, "cut \(cut): nothing was torn but \(torn) appeared")
                #expect(warnings.isEmpty)
            } else {
                try #require(torn.count == 1, "cut \(cut): torn files \(torn)")
                #expect(torn[0].range(of: #"^journal\.torn-\d{8}T\d{6}\.\d{3}Z$"#, options: .regularExpression) != nil, "\(torn[0])")
                let saved = try JournalFixture.bytes(dir.path + "/" + torn[0])
                #expect(saved == Array(full[boundary..<cut]), "cut \(cut): the torn file does not hold the cut-off bytes")
                #expect(warnings.count == 1)
                #expect(warnings.first?.contains(torn[0]) == true)
            }
            let after = try JournalFixture.bytes(dir.journal)
            #expect(Array(after.prefix(boundary)) == Array(full.prefix(boundary)), "cut \(cut): earlier bytes changed")
            #expect(after.count > boundary && after.last == 0x0A)
            #expect(JournalFixture.lineEnds(after).count == complete + 1)

            let again = try JournalVerifier.verify(path: dir.journal)
            #expect(again.intact && again.torn == nil && again.entries == complete + 1, "cut \(cut)")
            #expect(again.head == e.hash)
            let reread = try JournalFixture.readAll(dir.journal)
            #expect(reread.entries.map(\.seq) == Array(1...(complete + 1)))
            #expect(reread.entries.last?.note == "after cut \(cut)")
        }
        // Every cut but the three at line ends (from, the last line's start, the end) and the
        // two just before a newline is torn.
        #expect(tornCases == full.count - from + 1 - 3 - 2)
    }

    /// DESIGN.md: a complete line that fails its checks is damage wherever it is, the last one
    /// too; changing its newline leaves a complete entry with something after it, which no
    /// crash can. Either way `verify` fails and no writer throws the entry away.
    @Test func changedByteInTheLastCompleteLineIsDamage() throws {
        let src = JournalTempDir()
        let original = try JournalFixture.make(at: src.journal, notes: Self.notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        let lastStart = ends[ends.count - 2]
        let n = original.count
        let clock = JournalFixture.clock(from: 1_798_000_000_000)
        for i in lastStart..<full.count {
            let dir = JournalTempDir()
            var bad = full
            bad[i] ^= 0x01
            try JournalFixture.write(bad, to: dir.journal)
            let report = try JournalVerifier.verify(path: dir.journal)
            #expect(!report.intact, "byte \(i)")
            #expect(report.damage?.line == n, "byte \(i)")
            #expect(report.damage?.offset == Int64(lastStart), "byte \(i)")
            #expect(report.entries == n - 1, "byte \(i)")

            let j = try Journal(path: dir.journal)
            j.onWarning = { _ in }
            #expect(throws: RunbookError.self, "byte \(i)") { try j.append(now: clock) { _ in JournalFixture.note("replacement") } }
            #expect(dir.tornFiles().isEmpty, "byte \(i)")
            #expect(try JournalFixture.bytes(dir.journal) == bad, "byte \(i)")
        }
    }

    /// A complete last line with a good hash but the wrong seq is not a crash: it is damage.
    @Test func lastLineWithGoodHashButWrongChainIsDamage() throws {
        let dir = JournalTempDir()
        let original = try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        var bytes = try JournalFixture.bytes(dir.journal)
        let forged = JournalLine.encode(JournalFixture.note("forged"), seq: 5, time: Timestamp(millis: 0), prev: original[2].hash) + "\n"
        bytes += Array(forged.utf8)
        try JournalFixture.write(bytes, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(!report.intact)
        #expect(report.damage?.line == 4)
        #expect(report.entries == 3)
        let j = try Journal(path: dir.journal)
        #expect(throws: RunbookError.self) { try j.append { _ in JournalFixture.note("more") } }
        #expect(try JournalFixture.bytes(dir.journal) == bytes)
    }

    /// Bytes after the last entry with no newline: a beginning of a line, torn, set aside.
    @Test(arguments: [Array("{\"seq\":4,\"ti".utf8), [0, 0, 0, 0], Array("garbage".utf8), [0x7B]] as [[UInt8]])
    func oddTornTails(_ tail: [UInt8]) throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let good = try JournalFixture.bytes(dir.journal)
        try JournalFixture.write(good + tail, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(report.intact && report.entries == 3)
        #expect(report.torn?.offset == Int64(good.count) && report.torn?.length == Int64(tail.count))
        let j = try Journal(path: dir.journal)
        j.onWarning = { _ in }
        let e = try j.append(now: JournalFixture.clock()) { _ in JournalFixture.note("c") }
        #expect(e.seq == 4)
        let torn = dir.tornFiles()
        try #require(torn.count == 1)
        #expect(try JournalFixture.bytes(dir.path + "/" + torn[0]) == tail)
        let after = try JournalFixture.bytes(dir.journal)
        #expect(Array(after.prefix(good.count)) == good)
        #expect(try JournalVerifier.verify(path: dir.journal).entries == 4)
    }

    /// A complete line after the last entry — an empty one, garbage, zeros — is no crash: damage.
    @Test(arguments: [[0x0A], Array("garbage\n".utf8), [0, 0, 0x0A]] as [[UInt8]])
    func completeJunkLinesAreDamage(_ tail: [UInt8]) throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let good = try JournalFixture.bytes(dir.journal)
        try JournalFixture.write(good + tail, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(!report.intact && report.entries == 3 && report.damage?.line == 4)
        let j = try Journal(path: dir.journal)
        #expect(throws: RunbookError.self) { try j.append(now: JournalFixture.clock()) { _ in JournalFixture.note("c") } }
        #expect(try JournalFixture.bytes(dir.journal) == good + tail)
    }

    /// Two torn tails set aside at the same clock reading do not overwrite each other.
    @Test func secondTornFileAtTheSameMomentGetsItsOwnName() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let fixed: () -> Timestamp = { Timestamp(millis: 1_799_000_000_000) }
        for k in 0..<3 {
            let good = try JournalFixture.bytes(dir.journal)
            try JournalFixture.write(good + Array("torn \(k)".utf8), to: dir.journal)
            let j = try Journal(path: dir.journal)
            j.onWarning = { _ in }
            _ = try j.append(now: fixed) { _ in JournalFixture.note("n\(k)") }
        }
        let torn = dir.tornFiles()
        #expect(torn.count == 3)
        let contents = try Set(torn.map { String(decoding: try JournalFixture.bytes(dir.path + "/" + $0), as: UTF8.self) })
        #expect(contents == ["torn 0", "torn 1", "torn 2"])
        #expect(try JournalVerifier.verify(path: dir.journal).entries == 5)
    }

    /// A writer killed while saving a torn end leaves a hidden partial copy; the next writer that
    /// saves a torn end removes it (its bytes are that same torn end) but never a live writer's.
    @Test func partialCopiesOfDeadWritersAreCleared() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = dir.path + "/.journal.torn-partial-\(dead.processIdentifier)"
        let live = dir.path + "/.journal.torn-partial-\(getppid())"
        for p in [stale, live] { try JournalFixture.write(Array("tor".utf8), to: p) }
        let good = try JournalFixture.bytes(dir.journal)
        try JournalFixture.write(good + Array("torn".utf8), to: dir.journal)
        let j = try Journal(path: dir.journal)
        j.onWarning = { _ in }
        _ = try j.append(now: JournalFixture.clock(from: 1_799_000_000_000)) { _ in JournalFixture.note("after") }
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(dir.tornFiles().count == 1)
        #expect(try JournalVerifier.verify(path: dir.journal).entries == 3)
    }

    /// The streaming scanner gives the same answer whatever its chunk size (lines split across
    /// chunks, chunks smaller than a line).
    @Test func scannerAgreesAcrossChunkSizes() throws {
        let src = JournalTempDir()
        try JournalFixture.make(at: src.journal, notes: JournalFixture.awkwardNotes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        var middle = full
        middle[ends[3] + 10] ^= 0x04
        var lastFlipped = full
        lastFlipped[full.count - 5] ^= 0x04
        let variants: [(String, [UInt8])] = [
            ("whole", full), ("cut in last", Array(full[..<(full.count - 7)])),
            ("cut at boundary", Array(full[..<ends[5]])), ("damage in line 5", middle),
            ("bad hash on last line", lastFlipped), ("cut in long line", Array(full[..<(ends[ends.count - 2] + 3000)])),
        ]
        let dir = JournalTempDir()
        for (name, bytes) in variants {
            try JournalFixture.write(bytes, to: dir.journal)
            var answers: [String] = []
            for chunk in [1, 2, 3, 7, 64, 75, 76, 77, 200, 4096, 1 << 20] {
                for mode in [JournalScanner.Mode.entries, .verifyOnly] {
                    answers.append(try Self.scan(dir.journal, chunk: chunk, mode: mode))
                }
            }
            #expect(Set(answers).count == 1, "\(name): \(Set(answers))")
        }
    }

    static func scan(_ path: String, chunk: Int, mode: JournalScanner.Mode) throws -> String {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var cursor = ChainCursor()
        do {
            let torn = try JournalScanner(fd: fd, chunkSize: chunk).scan(from: &cursor, mode: mode) { _ in }
            return "ok seq=\(cursor.seq) hash=\(cursor.hash) at=\(cursor.offset) torn=\(torn.map { "\($0.offset)+\($0.length)" } ?? "-")"
        } catch let d as JournalDamage {
            return "damage line=\(d.line) at=\(d.offset) seq=\(cursor.seq)"
        }
    }
}
