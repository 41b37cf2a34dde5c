import Foundation
import Testing
@testable import RunbookKit

/// Random tampering of a journal: every edit of a complete line — the last one and its
/// newline included — is caught by `verify`; the only edits that pass are the ones a crash
/// could have made (a cut inside the bytes after the last complete line) and whole lines
/// removed from the end, which the file alone cannot show (README, "What the file alone
/// cannot show").
@Suite("journal random tampering")
struct JournalTamperTests {
    enum Edit: CaseIterable {
        case flipByte, flipByteInLastLine, removeFinalNewline, changeFinalNewline, insertByte, deleteByte,
             swapLines, repeatLine, deleteMiddleLine, appendJunkLine, joinLastTwoLines
    }

    @Test func randomEditsAreAllCaught() throws {
        let src = JournalTempDir()
        let notes = (0..<40).map { "note \($0) " + JournalFixture.awkwardNotes[$0 % JournalFixture.awkwardNotes.count].prefix(80) }
        try JournalFixture.make(at: src.journal, notes: notes)
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        let starts = [0] + ends.dropLast()
        var rng = SplitMix64(seed: 0x7A3_9E11)
        var misses: [String] = []
        var tried = 0
        for round in 0..<600 {
            let edit = Edit.allCases[Int(rng.next() % UInt64(Edit.allCases.count))]
            var bad = full
            let line = Int(rng.next() % UInt64(ends.count))
            switch edit {
            case .flipByte:
                let i = Int(rng.next() % UInt64(full.count))
                bad[i] ^= UInt8(1 << (rng.next() % 8))
            case .flipByteInLastLine:
                let i = starts[ends.count - 1] + Int(rng.next() % UInt64(ends[ends.count - 1] - starts[ends.count - 1]))
                bad[i] ^= UInt8(1 << (rng.next() % 8))
            case .removeFinalNewline:
                bad.removeLast()
            case .changeFinalNewline:
                bad[bad.count - 1] = [0x20, 0x0D, 0x00, 0x7D][Int(rng.next() % 4)]
            case .insertByte:
                let i = Int(rng.next() % UInt64(full.count))
                bad.insert([0x20, 0x30, 0x0A, 0x22][Int(rng.next() % 4)], at: i)
            case .deleteByte:
                // Not the final newline: that is removeFinalNewline's.
                bad.remove(at: Int(rng.next() % UInt64(full.count - 1)))
            case .swapLines:
                let other = (line + 1 + Int(rng.next() % UInt64(ends.count - 1))) % ends.count
                let (a, b) = (min(line, other), max(line, other))
                let la = Array(full[starts[a]..<ends[a]]), lb = Array(full[starts[b]..<ends[b]])
                bad = Array(full[..<starts[a]]) + lb + Array(full[ends[a]..<starts[b]]) + la + Array(full[ends[b]...])
            case .repeatLine:
                bad.insert(contentsOf: full[starts[line]..<ends[line]], at: ends[line])
            case .deleteMiddleLine:
                let k = min(line, ends.count - 2)
                bad.removeSubrange(starts[k]..<ends[k])
            case .appendJunkLine:
                bad += Array("{}\n".utf8)
            case .joinLastTwoLines:
                bad.remove(at: ends[ends.count - 2] - 1)
            }
            if bad == full { continue }
            tried += 1
            let dir = JournalTempDir()
            try JournalFixture.write(bad, to: dir.journal)
            let report = try JournalVerifier.verify(path: dir.journal)
            if report.intact { misses.append("round \(round): \(edit) passed verify (\(report.entries) entries)") }
        }
        #expect(tried > 500)
        #expect(misses.isEmpty, "\(misses.count) of \(tried) edits passed: \(misses.prefix(5))")
    }

    /// What a crash can do — cut the file inside the bytes after the last complete line — and
    /// whole lines removed from the end pass, with the entries that remain exactly the original.
    @Test func cutsAndRemovedLastLinesPassWithTheOriginalEntries() throws {
        let src = JournalTempDir()
        let original = try JournalFixture.make(at: src.journal, notes: ["a", "b", "c", "d"])
        let full = try JournalFixture.bytes(src.journal)
        let ends = JournalFixture.lineEnds(full)
        for keep in 1...ends.count {
            let dir = JournalTempDir()
            try JournalFixture.write(Array(full[..<ends[keep - 1]]), to: dir.journal)
            let report = try JournalVerifier.verify(path: dir.journal)
            #expect(report.intact && report.entries == keep && report.head == original[keep - 1].hash)
        }
    }
}
