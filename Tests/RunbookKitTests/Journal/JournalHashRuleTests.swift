import Foundation
import Testing
@testable import RunbookKit

/// The DESIGN.md hash rule, checked by programs that share no code with the writer.
@Suite("journal hash rule (independent check)")
struct JournalHashRuleTests {
    /// For each line: the SHA-256 of the bytes before the last `,"hash":"` plus `}`, the stored
    /// hash, the last key, seq, prev, the note as UTF-8 hex, and what follows the hash.
    static let pythonChecker = #"""
import sys, json, hashlib
data = open(sys.argv[1], 'rb').read()
assert data.endswith(b'\n'), 'no final newline'
for line in data.split(b'\n')[:-1]:
    i = line.rindex(b',"hash":"')
    computed = hashlib.sha256(line[:i] + b'}').hexdigest()
    stored = line[i + 9:i + 73].decode('ascii')
    obj = json.loads(line.decode('utf-8'))
    note = obj.get('note')
    print(computed, stored, list(obj)[-1], obj['seq'], obj['prev'],
          note.encode('utf-8').hex() if note is not None else '-', line[i + 73:].decode('ascii'))
"""#

    @Test func everyLineHashMatchesPythonAndSha256sum() throws {
        let dir = JournalTempDir()
        let notes = JournalFixture.awkwardNotes
        let written = try JournalFixture.make(at: dir.journal, notes: notes)
        let bytes = try JournalFixture.bytes(dir.journal)
        let ends = JournalFixture.lineEnds(bytes)
        #expect(ends.count == notes.count + 1)
        #expect(ends.last == bytes.count)

        let r = try JournalFixture.run("/usr/bin/python3", ["-c", Self.pythonChecker, dir.journal])
        #expect(r.status == 0, "python could not read the journal: \(r.err)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count == notes.count + 1)
        var prev = JournalLine.zeroHash
        var start = 0
        for (k, row) in rows.enumerated() {
            try #require(row.count == 7, "row \(k + 1): \(row)")
            let (computed, stored, lastKey, seq, prevField, noteHex, after) = (row[0], row[1], row[2], row[3], row[4], row[5], row[6])
            #expect(computed == stored, "line \(k + 1): stored hash is not SHA-256(prefix + '}')")
            #expect(stored == written[k].hash, "line \(k + 1): the writer returned another hash than it wrote")
            #expect(lastKey == "hash", "line \(k + 1): hash is not the last member")
            #expect(after == "\"}", "line \(k + 1): bytes after the hash")
            #expect(seq == String(k + 1))
            #expect(prevField == prev, "line \(k + 1): prev is not the previous line's hash")
            if k > 0 {
                #expect(noteHex == Array(notes[k - 1].utf8).hexString, "line \(k + 1): python decodes another note than was given")
            }
            prev = stored

            // A second, unrelated tool over the same bytes.
            let line = Array(bytes[start..<(ends[k] - 1)])
            let marker = Array(",\"hash\":\"".utf8)
            let cut = try #require(Self.lastIndex(of: marker, in: line))
            let s = try JournalFixture.run("/usr/bin/sha256sum", ["-"], input: Array(line[..<cut]) + [UInt8(ascii: "}")])
            #expect(s.out.split(separator: " ").first.map(String.init) == stored, "line \(k + 1): sha256sum disagrees")
            start = ends[k]
        }
    }

    @Test func readerReturnsTheExactTextWritten() throws {
        let dir = JournalTempDir()
        let notes = JournalFixture.awkwardNotes
        try JournalFixture.make(at: dir.journal, notes: notes)
        let (entries, torn) = try JournalFixture.readAll(dir.journal)
        #expect(torn == nil)
        try #require(entries.count == notes.count + 1)
        // Compare bytes: Swift's String == treats canonically equivalent text as equal.
        for (k, n) in notes.enumerated() {
            #expect(entries[k + 1].note.map { Array($0.utf8) } == Array(n.utf8), "note \(k + 1) changed on the way")
        }
        #expect(entries[0].actor == "Dr. Ann \"IC\" Lee")
        #expect(entries[0]["exercise"] == .bool(true))
        #expect(entries[0].string("name") == "EHR down — test")
    }

    @Test func theLineIsOneLineOfASCIIControlFreeJSON() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: JournalFixture.awkwardNotes)
        let bytes = try JournalFixture.bytes(dir.journal)
        // No raw control byte but the line ends, and no raw U+2028/U+2029 (some JSON
        // readers treat them as line ends).
        for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x7F {
            #expect(b == 0x0A, "raw control byte \(b) at \(i)")
        }
        #expect(Self.lastIndex(of: Array("\u{2028}".utf8), in: bytes) == nil)
        #expect(Self.lastIndex(of: Array("\u{2029}".utf8), in: bytes) == nil)
        #expect(String(validating: bytes, as: UTF8.self) != nil, "not valid UTF-8")
    }

    @Test func optionalMembersAndFieldsAreCoveredByTheHash() throws {
        let dir = JournalTempDir()
        let now = JournalFixture.clock()
        _ = try Journal.create(path: dir.journal, first: JournalFixture.opened, now: now())
        let j = try Journal(path: dir.journal)
        let at = Timestamp(millis: 1_795_999_000_123)
        let e = try j.append(now: now) { _ in
            EntryDraft(type: .entryCorrected, actor: "scribe ✍", at: at, actorRole: "ic", note: "n",
                       fields: [("target", .int(-7)), ("reason", .string("typo \"x\"")), ("ratio", .double(0.25)),
                                ("flag", .bool(false)), ("nothing", .null)])
        }
        #expect(e.at == at)
        #expect(e.actorRole == "ic")
        #expect(e["target"] == .int(-7))
        #expect(e["ratio"] == .double(0.25))
        #expect(e["nothing"] == .null)
        let r = try JournalFixture.run("/usr/bin/python3", ["-c", Self.pythonChecker, dir.journal])
        let rows = r.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == 2)
        for row in rows { #expect(row.count >= 2 && row[0] == row[1]) }
        // The fixture clock's first tick is 1_796_000_001_500 ms: entry 1's time.
        let text = String(decoding: try JournalFixture.bytes(dir.journal), as: UTF8.self)
        #expect(text.contains(",\"at\":\"2026-11-30T00:36:40.123Z\","))
        #expect(text.hasPrefix("{\"seq\":1,\"time\":\"2026-11-30T00:53:21.500Z\","))
    }

    @Test func hashMatchesIsFalseForAnyChangedByte() throws {
        let line = Array(JournalLine.encode(JournalFixture.note("x ü"), seq: 4, time: Timestamp(millis: 0), prev: JournalLine.zeroHash).utf8)
        #expect(line.withUnsafeBufferPointer { JournalLine.hashMatches($0) } == true)
        for i in line.indices {
            var bad = line
            bad[i] ^= 0x01
            let m = bad.withUnsafeBufferPointer { JournalLine.hashMatches($0) }
            #expect(m != true, "flipping byte \(i) went unnoticed")
        }
    }

    static func lastIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }
}
