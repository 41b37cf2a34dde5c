import Foundation
import Testing
@testable import RunbookKit

/// A journal replaced under an open writer, a lock held by another process, and damage that
/// is only the shadow of a write in progress.
@Suite("journal replaced, locked, or caught mid-write")
struct JournalReplacedAndLockedTests {
    /// `cp -p J J.new && mv J.new J`, as a restore or sync tool does.
    static func replaceWithCopy(_ path: String, keeping count: Int? = nil) throws {
        var bytes = try JournalFixture.bytes(path)
        if let count {
            let ends = JournalFixture.lineEnds(bytes)
            bytes = Array(bytes[..<ends[count - 1]])
        }
        try JournalFixture.write(bytes, to: path + ".new")
        #expect(rename(path + ".new", path) == 0)
    }

    /// Rewrites the file in place (same inode), as a writer holding the lock would.
    static func overwriteInPlace(_ bytes: [UInt8], _ path: String) {
        let fd = open(path, O_WRONLY | O_TRUNC)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// A writer whose file was replaced by a copy appends to the file at the path, not to the
    /// unlinked one, and a second writer then continues the same chain (no fork).
    @Test func writerFollowsAnIdenticalCopy() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let screen = try Journal(path: dir.journal)
        var warnings: [String] = []
        screen.onWarning = { warnings.append($0) }
        try screen.readNew()
        try Self.replaceWithCopy(dir.journal)
        let e = try screen.append(now: JournalFixture.clock()) { _ in JournalFixture.note("from the screen") }
        #expect(e.seq == 4)
        #expect(warnings.contains { $0.contains("replaced") })
        let cli = try Journal(path: dir.journal)
        let f = try cli.append(now: JournalFixture.clock(from: 1_797_000_000_000)) { fresh in
            #expect(fresh.map(\.seq) == [1, 2, 3, 4])
            return JournalFixture.note("from the command line")
        }
        #expect(f.seq == 5)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(report.intact && report.entries == 5)
    }

    /// A copy that lacks an entry the writer has read is refused; nothing is written to it.
    @Test func writerRefusesACopyThatLacksWhatItRead() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let screen = try Journal(path: dir.journal)
        try screen.readNew()
        try Self.replaceWithCopy(dir.journal, keeping: 2)
        let before = try JournalFixture.bytes(dir.journal)
        var drafted = false
        do {
            _ = try screen.append(now: JournalFixture.clock()) { _ in drafted = true; return JournalFixture.note("lost?") }
            Issue.record("an append into a replaced journal was acknowledged")
        } catch let e as RunbookError {
            #expect(e.description.contains("replaced"))
        }
        #expect(!drafted)
        #expect(try JournalFixture.bytes(dir.journal) == before)
        // And it stays refused, for reading too.
        #expect(throws: RunbookError.self) { try screen.readNew() }
    }

    /// A journal moved away while open: nothing is acknowledged into a file nobody reads.
    @Test func writerRefusesAJournalThatIsGone() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let screen = try Journal(path: dir.journal)
        try screen.readNew()
        #expect(rename(dir.journal, dir.journal + ".moved") == 0)
        #expect(throws: RunbookError.self) { try screen.append { _ in JournalFixture.note("into the void") } }
        #expect(JournalFixture.lineEnds(try JournalFixture.bytes(dir.journal + ".moved")).count == 2)
    }

    /// A lock held elsewhere: the writer waits no longer than it is told, says it is busy,
    /// and writes nothing.
    @Test func heldLockGivesUpWithNothingWritten() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let holder = open(dir.journal, O_RDONLY)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX) == 0)
        let j = try Journal(path: dir.journal)
        j.lockWait = LockWait(limit: 0.3)
        let before = try JournalFixture.bytes(dir.journal)
        let started = Date()
        do {
            _ = try j.append { _ in JournalFixture.note("waiting") }
            Issue.record("appended while another process held the lock")
        } catch RunbookError.busy(let m) {
            #expect(m.contains("another runbook process"))
        }
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(try JournalFixture.bytes(dir.journal) == before)
        // The command post's way: try once, never block.
        j.lockWait = .tryOnce
        #expect(throws: RunbookError.busy("another runbook process is writing to the journal; waiting for it to finish")) {
            try j.append { _ in JournalFixture.note("now?") }
        }
    }

    /// A lock released while the writer waits: it says after a second what it waits for, then
    /// records.
    @Test func writerSaysItWaitsThenRecords() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        let holder = open(dir.journal, O_RDONLY)
        #expect(flock(holder, LOCK_EX) == 0)
        let releaser = Thread { usleep(1_400_000); close(holder) }
        releaser.start()
        let j = try Journal(path: dir.journal)
        var warnings: [String] = []
        j.onWarning = { warnings.append($0) }
        let e = try j.append(now: JournalFixture.clock()) { _ in JournalFixture.note("after the wait") }
        #expect(e.seq == 3)
        #expect(warnings.count == 1 && warnings[0].contains("waiting for another runbook process to finish writing"))
    }

    /// Damage seen while a writer holds the lock (a torn tail being set aside and a new line
    /// written) is read again under a shared lock before it is called damage.
    @Test func damageSeenMidWriteIsCheckedAgainUnderTheLock() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let good = try JournalFixture.bytes(dir.journal)
        let writer = try Journal(path: dir.journal)
        try writer.readNew()
        // What a paused reader can see: old torn bytes joined to the middle of a new line.
        let holder = open(dir.journal, O_RDWR)
        #expect(flock(holder, LOCK_EX) == 0)
        Self.overwriteInPlace(good + Array("{\"seq\":4,\"ti".utf8) + Array("me and the rest of another line\n".utf8), dir.journal)
        let reader = try Journal(path: dir.journal)
        let path = dir.journal
        let fixer = Thread {
            usleep(300_000)
            // The writer finishes: the file is whole again, then the lock goes.
            Self.overwriteInPlace(good, path)
            close(holder)
        }
        fixer.start()
        let n = try reader.readNew()
        #expect(n == 3)
        #expect(reader.damage == nil)
        #expect(try JournalVerifier.verify(path: dir.journal).intact)
    }

    /// Real damage, with nobody writing, is still damage (and not waited on).
    @Test func realDamageIsStillDamage() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        var bytes = try JournalFixture.bytes(dir.journal)
        bytes[bytes.count - 20] ^= 1
        try JournalFixture.write(bytes, to: dir.journal)
        let report = try JournalVerifier.verify(path: dir.journal)
        #expect(report.damage?.line == 3)
        #expect(report.damage?.problem == .hashMismatch)
    }

    /// A FIFO in place of a journal is refused at once, not waited on.
    @Test func fifoIsRefusedWithoutBlocking() throws {
        let dir = JournalTempDir()
        #expect(mkfifo(dir.journal, 0o600) == 0)
        #expect(throws: RunbookError.self) { try Journal(path: dir.journal) }
        #expect(throws: RunbookError.self) { try JournalVerifier.verify(path: dir.journal) }
    }
}
