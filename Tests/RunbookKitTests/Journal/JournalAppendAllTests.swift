import Foundation
import Testing
@testable import RunbookKit

/// `Journal.appendAll`: the entries of one action (a decision and the task it completes) are
/// written together, flushed once, or not at all (issue 22, part 2).
@Suite("journal append of several entries")
struct JournalAppendAllTests {
    static func opened(in tmp: JournalTempDir) throws -> (Journal, FaultyFileSystem) {
        _ = try JournalFixture.make(at: tmp.journal, notes: ["one"])
        let fs = FaultyFileSystem()
        let j = try Journal(path: tmp.journal, files: fs)
        j.onWarning = { _ in }
        try j.readNew()
        return (j, fs)
    }

    @Test func twoEntriesAreChainedAndFlushedOnce() throws {
        let tmp = JournalTempDir()
        let (j, fs) = try Self.opened(in: tmp)
        let start = fs.callCount
        let written = try j.appendAll(now: JournalFixture.clock(from: 1_796_000_100_000)) { _ in
            [JournalFixture.note("the decision"), JournalFixture.note("its task")]
        }
        #expect(written.map(\.seq) == [3, 4])
        #expect(written[1].prevHash == written[0].lineHash)
        let calls = fs.calls.dropFirst(start).filter { $0.path == tmp.journal }
        #expect(calls.filter { $0.call == .fsync }.count == 1, "\(calls)")
        #expect(calls.filter { $0.call == .pwrite }.count == 1, "\(calls)")
        let verified = try JournalVerifier.verify(path: tmp.journal)
        #expect(verified.entries == 4)
        // The writer carries on after both.
        #expect(try j.append { _ in JournalFixture.note("next") }.seq == 5)
    }

    /// A failed flush takes both lines back: neither is acknowledged, the file is as it was.
    @Test func aFailedFlushKeepsNeither() throws {
        let tmp = JournalTempDir()
        let (j, fs) = try Self.opened(in: tmp)
        let before = try JournalFixture.bytes(tmp.journal)
        fs.fail(.fsync, pathSuffix: "journal.jsonl", with: .error(EIO))
        #expect(throws: (any Error).self) {
            try j.appendAll(now: JournalFixture.clock(from: 1_796_000_100_000)) { _ in
                [JournalFixture.note("the decision"), JournalFixture.note("its task")]
            }
        }
        #expect(try JournalFixture.bytes(tmp.journal) == before)
    }
}
