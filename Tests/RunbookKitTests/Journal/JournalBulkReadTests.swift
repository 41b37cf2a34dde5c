import Foundation
import Testing
@testable import RunbookKit

/// A long unread stretch is read on several cores at once; whatever the file holds, the answer
/// must be exactly what one reader going line by line gives.
@Suite("journal read on several cores")
struct JournalBulkReadTests {
    /// A journal of 300 entries with awkward notes and some tagged ones, and its line ends.
    static func journal(_ dir: JournalTempDir) throws -> (entries: [JournalEntry], bytes: [UInt8], ends: [Int]) {
        var notes: [String] = []
        for k in 0..<299 { notes.append(JournalFixture.awkwardNotes[k % JournalFixture.awkwardNotes.count] + " #\(k)") }
        let entries = try JournalFixture.make(at: dir.journal, notes: notes)
        let bytes = try JournalFixture.bytes(dir.journal)
        return (entries, bytes, JournalFixture.lineEnds(bytes))
    }

    /// Everything a scan reports, as text, so two scans can be compared whole.
    static func scan(_ path: String, parts: Int, mode: JournalScanner.Mode, wanted: [EntryType] = []) throws -> String {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var scanner = JournalScanner(fd: fd)
        scanner.bulkThreshold = parts > 1 ? 1 : .max
        scanner.bulkParts = parts
        scanner.wantedTypes = wanted.map { Array($0.rawValue.utf8) }
        var cursor = ChainCursor()
        var seen: [String] = []
        let onEntry: (JournalEntry) -> Void = { e in
            seen.append("\(e.seq) \(e.type) \(e.actor) \(e.time.millis) \(e.note ?? "-") \(e.fields.map { "\($0.0)=\($0.1)" }) \(e.prev) \(e.hash) @\(e.offset)")
        }
        var outcome: String
        do {
            let torn = try scanner.scan(from: &cursor, mode: mode, onEntry)
            outcome = "ok torn=\(torn.map { "\($0.offset)+\($0.length)" } ?? "-")"
        } catch let d as JournalDamage {
            outcome = "damage \(d)"
        }
        return "\(outcome) cursor=\(cursor.seq)/\(cursor.hash)/\(cursor.offset)/\(cursor.time?.millis ?? -1)\n" + seen.joined(separator: "\n")
    }

    @Test func theCoresReallyShareTheWork() throws {
        let dir = JournalTempDir()
        let (entries, bytes, _) = try Self.journal(dir)
        let fd = open(dir.journal, O_RDONLY)
        defer { close(fd) }
        var scanner = JournalScanner(fd: fd)
        scanner.bulkParts = 3
        let bulk = try #require(scanner.bulk(from: ChainCursor(), size: Int64(bytes.count), mode: .entries))
        // Every line but the last, which is left to the careful reader.
        #expect(scanner.partBounds(from: 0, size: Int64(bytes.count))?.count == 4)
        #expect(bulk.parts.count == 1, "every entry built: one array, never copied part by part")
        #expect(bulk.parts.joined().map(\.seq) == Array(1..<entries.count))
        #expect(bulk.parts.joined().map(\.hash) == entries.dropLast().map(\.hash))
        #expect(bulk.cursor.seq == entries.count - 1)
        #expect(bulk.cursor.hash == entries[entries.count - 2].hash)
        // A light read: the wanted entries (entry 1 here), a part at a time for a short stretch,
        // in one array for a long one.
        scanner.wantedTypes = [Array("incident.opened".utf8)]
        let light = try #require(scanner.bulk(from: ChainCursor(), size: Int64(bytes.count), mode: .verifyOnly))
        #expect(light.parts.map { $0.map(\.seq) } == [[1], [], []])
        #expect(light.cursor == bulk.cursor)
        scanner.slotsThreshold = 0
        let long = try #require(scanner.bulk(from: ChainCursor(), size: Int64(bytes.count), mode: .verifyOnly))
        #expect(long.parts.map { $0.map(\.seq) } == [[1]])
        #expect(long.cursor == bulk.cursor)
        // Verifying: nothing built.
        scanner.wantedTypes = []
        let verified = try #require(scanner.bulk(from: ChainCursor(), size: Int64(bytes.count), mode: .verifyOnly))
        #expect(verified.parts.joined().isEmpty)
        #expect(verified.cursor == bulk.cursor)
    }

    /// Two part counts in the quick tier (few seams, many), four in the full one.
    @Test(arguments: TestTier.pick(quick: [2, 8], full: [2, 3, 5, 8]))
    func sameAnswerAsOneReaderWhateverTheFileHolds(parts: Int) throws {
        let src = JournalTempDir()
        let (_, full, ends) = try Self.journal(src)
        var variants: [(String, [UInt8])] = [("whole", full), ("torn last line", Array(full[..<(full.count - 9)])),
                                             ("no final newline", Array(full.dropLast()))]
        var rng = SplitMix64(seed: 0xB0_1C)
        // Damage on lines spread over the file, the parts' seams included wherever they fall.
        for line in [1, 2, 37, 75, 76, 100, 150, 151, 200, 226, 299, 300] + (0..<6).map({ _ in rng.int(1...300) }) {
            var flipped = full
            let start = line == 1 ? 0 : ends[line - 2]
            flipped[rng.int(start...(ends[line - 1] - 2))] ^= 0x02
            variants.append(("byte flipped in line \(line)", flipped))
        }
        // At each seam between parts: the lines either side taken out, repeated or damaged.
        let fd = open(src.journal, O_RDONLY)
        var splitter = JournalScanner(fd: fd)
        splitter.bulkParts = parts
        let bounds = try #require(splitter.partBounds(from: 0, size: Int64(full.count)))
        close(fd)
        #expect(bounds.count == parts + 1)
        for seam in bounds.dropFirst().dropLast() {
            let after = try #require(ends.firstIndex(of: Int(seam))) + 2  // 1-based line starting at the seam
            for line in [after - 1, after] {
                let s = line == 1 ? 0 : ends[line - 2], e = ends[line - 1]
                variants.append(("line \(line) at a seam removed", Array(full[..<s] + full[e...])))
                variants.append(("line \(line) at a seam repeated", Array(full[..<e] + full[s..<e] + full[e...])))
                var flipped = full
                flipped[s + 3] ^= 0x01
                variants.append(("seq of line \(line) at a seam changed", flipped))
                // Absurd seqs, with the hash left stale and with it recomputed (a forger's line).
                for seq in ["-9223372036854775808", "9223372036854775807", "0", "-1"] {
                    let text = String(decoding: full[s..<(e - 1)], as: UTF8.self)
                    guard let comma = text.firstIndex(of: ",") else { continue }
                    var forged = Array(("{\"seq\":" + seq + text[comma...]).utf8)
                    variants.append(("seq \(seq) at a seam, stale hash", Array(full[..<s] + forged + [0x0A] + full[e...])))
                    let cut = forged.count - JournalLine.tailLength
                    let hash = JournalLine.hashHex(of: forged[..<cut])
                    forged.replaceSubrange((cut + 9)..<(cut + 73), with: Array(hash.utf8))
                    variants.append(("seq \(seq) at a seam, hash recomputed", Array(full[..<s] + forged + [0x0A] + full[e...])))
                }
            }
        }
        // A line taken out, a line repeated, two lines swapped.
        let l = 120
        variants.append(("line \(l) removed", Array(full[..<ends[l - 2]] + full[ends[l - 1]...])))
        variants.append(("line \(l) repeated", Array(full[..<ends[l - 1]] + full[ends[l - 2]..<ends[l - 1]] + full[ends[l - 1]...])))
        variants.append(("lines \(l) and \(l + 1) swapped",
                         Array(full[..<ends[l - 2]] + full[ends[l - 1]..<ends[l]] + full[ends[l - 2]..<ends[l - 1]] + full[ends[l]...])))
        let dir = JournalTempDir()
        for (name, bytes) in variants {
            try JournalFixture.write(bytes, to: dir.journal)
            for mode in [JournalScanner.Mode.entries, .verifyOnly] {
                let one = try Self.scan(dir.journal, parts: 1, mode: mode, wanted: [.note])
                let many = try Self.scan(dir.journal, parts: parts, mode: mode, wanted: [.note])
                #expect(many == one, "\(name), \(mode), \(parts) parts")
            }
        }
    }

    /// The journal as the engine reads it: a bulk read then more lines appended later.
    @Test func laterReadsCarryOnFromTheBulkRead() throws {
        let dir = JournalTempDir()
        let (entries, _, _) = try Self.journal(dir)
        let j = try Journal(path: dir.journal)
        j.bulkThreshold = 1
        var got: [JournalEntry] = []
        try j.readNew { got.append($0) }
        let more = try j.append(now: JournalFixture.clock(from: 1_799_000_000_000)) { _ in JournalFixture.note("after") }
        let again = try Journal(path: dir.journal)
        again.bulkThreshold = 1
        var all: [JournalEntry] = []
        try again.readNew { all.append($0) }
        #expect(got.map(\.hash) == entries.map(\.hash))
        #expect(all.map(\.hash) == entries.map(\.hash) + [more.hash])
        #expect(try JournalVerifier.verify(path: dir.journal).entries == entries.count + 1)
    }
}
