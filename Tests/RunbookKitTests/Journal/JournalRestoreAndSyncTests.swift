import Foundation
import Testing
@testable import RunbookKit

/// A journal written over in place by an older copy (`cp old journal.jsonl`, `rsync --inplace`,
/// `cat >`: same inode, shorter file), and a sync tool's copy-and-rename landing while a writer
/// writes: nothing is acknowledged that the file at the path does not hold, and an intact
/// journal is never called damaged.
@Suite("journal restored in place, or synced under a writer")
struct JournalRestoreAndSyncTests {
    /// The first `count` lines of the journal at `path`.
    static func firstLines(_ path: String, _ count: Int) throws -> [UInt8] {
        let bytes = try JournalFixture.bytes(path)
        return Array(bytes[..<JournalFixture.lineEnds(bytes)[count - 1]])
    }

    /// A writer that read 5 entries, after the file was written over in place with its first 3,
    /// refuses, says why, and writes nothing (no line past the end, no NUL bytes between).
    @Test func writerRefusesAJournalWrittenOverInPlace() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b", "c", "d"])
        let screen = try Journal(path: dir.journal)
        try screen.readNew()
        let old = try Self.firstLines(dir.journal, 3)
        JournalReplacedAndLockedTests.overwriteInPlace(old, dir.journal)
        do {
            _ = try screen.append(now: JournalFixture.clock(from: 1_797_000_000_000)) { _ in JournalFixture.note("Recorded #6?") }
            Issue.record("an entry was acknowledged past the end of a journal written over in place")
        } catch let e as RunbookError {
            guard case .refused = e else { Issue.record("not a refusal: \(e)"); return }
            #expect(e.description.contains("in place") && e.description.contains("entry 5"), "\(e)")
        }
        #expect(try JournalFixture.bytes(dir.journal) == old)
        #expect(try JournalVerifier.verify(path: dir.journal).intact)
        // A fresh writer carries on the restored chain.
        let cli = try Journal(path: dir.journal)
        #expect(try cli.append(now: JournalFixture.clock(from: 1_798_000_000_000)) { _ in JournalFixture.note("after") }.seq == 4)
    }

    /// The same restore with a different last line of the same length: the length alone would
    /// not tell; the hash of the last entry read, where it ended, does.
    @Test func writerSeesADifferentLastEntryOfTheSameLength() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let screen = try Journal(path: dir.journal)
        try screen.readNew()
        // Another history from entry 2 on, with lines of the same lengths.
        let two = try Self.firstLines(dir.journal, 1)
        try JournalFixture.write(two, to: dir.path + "/other.jsonl")
        let other = try Journal(path: dir.path + "/other.jsonl")
        try other.readNew()
        for n in ["x", "y"] { _ = try other.append(now: JournalFixture.clock(from: 1_796_500_000_000)) { _ in JournalFixture.note(n) } }
        let forged = try JournalFixture.bytes(dir.path + "/other.jsonl")
        #expect(forged.count == (try JournalFixture.bytes(dir.journal)).count)
        JournalReplacedAndLockedTests.overwriteInPlace(forged, dir.journal)
        #expect(throws: RunbookError.self) { try screen.append { _ in JournalFixture.note("on the wrong chain?") } }
        #expect(try JournalFixture.bytes(dir.journal) == forged)
    }

    /// A reader (board, `log --follow`, command post) that read 5 entries, after an in-place
    /// restore to 3 and two more entries from another writer, says the journal was replaced;
    /// it does not read the middle of a line and call the intact journal damaged.
    @Test func readerSaysReplacedNotDamaged() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b", "c", "d"])
        let board = try Journal(path: dir.journal, writable: false)
        try board.readNew()
        JournalReplacedAndLockedTests.overwriteInPlace(try Self.firstLines(dir.journal, 3), dir.journal)
        let cli = try Journal(path: dir.journal)
        let clock = JournalFixture.clock(from: 1_798_000_000_000)
        for n in ["after one", "after two, a longer note so the file grows past where the board read"] {
            _ = try cli.append(now: clock) { _ in JournalFixture.note(n) }
        }
        do {
            try board.readNew()
            Issue.record("a reader read on across an in-place restore")
        } catch let e as RunbookError {
            guard case .refused = e else { Issue.record("not a refusal: \(e)"); return }
            #expect(e.description.contains("in place"), "\(e)")
        }
        #expect(board.damage == nil)
        #expect(board.replaced != nil)
        #expect(try JournalVerifier.verify(path: dir.journal).intact)
    }

    /// A restore in place that keeps every entry read (and adds some) is simply read on.
    @Test func anInPlaceCopyHoldingEverythingIsReadOn() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let screen = try Journal(path: dir.journal)
        try screen.readNew()
        try JournalFixture.make(at: dir.path + "/longer.jsonl", notes: ["a", "b", "c"])
        JournalReplacedAndLockedTests.overwriteInPlace(try JournalFixture.bytes(dir.path + "/longer.jsonl"), dir.journal)
        #expect(try screen.readNew() == 1)
        #expect(try screen.append(now: JournalFixture.clock(from: 1_797_000_000_000)) { _ in JournalFixture.note("d") }.seq == 5)
    }

    /// `cp journal.jsonl tmp && mv tmp journal.jsonl` landing between a writer's read and its
    /// write: the line goes into the old, unlinked file. The writer sees after its fsync that
    /// the path holds another file, and records the entry again there before acknowledging.
    @Test func syncToolRenamingACopyMidAppendLosesNothing() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let fs = HookFileSystem()
        let screen = try Journal(path: dir.journal, files: fs)
        var warnings: [String] = []
        screen.onWarning = { warnings.append($0) }
        try screen.readNew()
        let path = dir.journal
        fs.onceBeforeWrite(to: "journal.jsonl") { _ in
            try? JournalReplacedAndLockedTests.replaceWithCopy(path)
        }
        var drafts = 0
        let e = try screen.append(now: JournalFixture.clock(from: 1_797_000_000_000)) { _ in
            drafts += 1
            return JournalFixture.note("acknowledged")
        }
        #expect(e.seq == 4)
        #expect(drafts == 2)
        let read = try JournalFixture.readAll(dir.journal)
        #expect(read.entries.map(\.seq) == [1, 2, 3, 4])
        #expect(read.entries.last?.note == "acknowledged")
        #expect(read.entries.last?.hash == e.hash)
        #expect(warnings.contains { $0.contains("written again") }, "\(warnings)")
        #expect(try JournalVerifier.verify(path: dir.journal).intact)
    }

    /// The same, with a second writer appending to the new file before the first one looks:
    /// the entry is drafted again against what the new file holds (the chain is re-checked).
    @Test func syncToolRaceWithAnotherWriterRedraftsOnTheNewFile() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let fs = HookFileSystem()
        let screen = try Journal(path: dir.journal, files: fs)
        screen.onWarning = { _ in }
        try screen.readNew()
        let path = dir.journal
        // Read by the screen under the lock, before its write: not to be handed on twice.
        _ = try Journal(path: path).append(now: JournalFixture.clock(from: 1_797_000_000_000)) { _ in JournalFixture.note("earlier") }
        fs.onceBeforeWrite(to: "journal.jsonl") { _ in
            try? JournalReplacedAndLockedTests.replaceWithCopy(path)
            // Another terminal records into the new file (the old one is locked by the screen).
            let other = try? Journal(path: path)
            _ = try? other?.append(now: JournalFixture.clock(from: 1_797_500_000_000)) { _ in JournalFixture.note("other terminal") }
        }
        var seen: [[Int]] = []
        let e = try screen.append(now: JournalFixture.clock(from: 1_798_000_000_000)) { fresh in
            seen.append(fresh.map(\.seq))
            return JournalFixture.note("mine")
        }
        #expect(seen == [[3], [4]])
        #expect(e.seq == 5)
        let read = try JournalFixture.readAll(dir.journal)
        #expect(read.entries.map { $0.note ?? "" } == ["", "a", "earlier", "other terminal", "mine"])
        #expect(try JournalVerifier.verify(path: dir.journal).intact)
    }
}
