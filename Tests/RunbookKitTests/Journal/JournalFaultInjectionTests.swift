import Foundation
import Testing
@testable import RunbookKit

/// The journal's append under every fault the file seam can inject, in process (leveldb's
/// fault-injection tests are the model): each call of an append in turn fails with EIO,
/// ENOSPC, EINTR or a short write, and a crash after every call count drops what was never
/// fsync'd. No acknowledged entry is lost, no partial entry is accepted, a failed fsync is
/// reported as NOT recorded and not tried again, and the next append works.
@Suite("journal under injected faults")
struct JournalFaultInjectionTests {
    typealias Fault = FaultyFileSystem.Fault
    static let faults: [Fault] = [.error(EIO), .error(ENOSPC), .error(EINTR), .shortWrite]
    static let tornBytes = Array("{\"seq\":5,\"time\":\"2026-".utf8)

    /// A journal with entry 1 and three notes (all acknowledged), optionally ending in a torn
    /// line; its bytes and entries.
    static func base(torn: Bool) throws -> (bytes: [UInt8], entries: [JournalEntry]) {
        let tmp = JournalTempDir()
        let entries = try JournalFixture.make(at: tmp.journal, notes: ["one", "two", "three"])
        var bytes = try JournalFixture.bytes(tmp.journal)
        if torn { bytes += tornBytes }
        return (bytes, entries)
    }

    /// A journal holding `bytes`, opened and read through a new faulty file system.
    static func opened(_ bytes: [UInt8], in tmp: JournalTempDir) throws -> (Journal, FaultyFileSystem) {
        try JournalFixture.write(bytes, to: tmp.journal)
        let fs = FaultyFileSystem()
        let j = try Journal(path: tmp.journal, files: fs)
        j.onWarning = { _ in }
        try j.readNew()
        return (j, fs)
    }

    /// A clock after the base journal's entries.
    static func clock() -> () -> Timestamp { JournalFixture.clock(from: 1_796_000_100_000) }

    /// The torn bytes are still somewhere: at the journal's end or in a journal.torn-* file.
    static func tornBytesKept(_ tmp: JournalTempDir) throws -> Bool {
        if try JournalFixture.bytes(tmp.journal).suffix(tornBytes.count).elementsEqual(tornBytes) { return true }
        return try tmp.tornFiles().contains { try JournalFixture.bytes(tmp.path + "/" + $0) == tornBytes }
    }

    @Test(arguments: [false, true])
    func everyCallOfAnAppendFailingInTurn(torn: Bool) throws {
        let base = try Self.base(torn: torn)
        // The calls one append makes, numbered from the first after the journal was read.
        let reference = JournalTempDir()
        let (rj, rfs) = try Self.opened(base.bytes, in: reference)
        let start = rfs.callCount
        _ = try rj.append(now: Self.clock()) { _ in JournalFixture.note("four") }
        let calls = Array(rfs.calls[start...])
        #expect(calls.contains { $0.call == .pwrite } && calls.contains { $0.call == .fsync })
        let lineFsync = calls.last { $0.call == .fsync && $0.path == reference.journal }?.number
        var cases = 0
        for call in calls {
            for fault in Self.faults where fault != .shortWrite || call.call == .pwrite {
                cases += 1
                let tmp = JournalTempDir()
                let (j, fs) = try Self.opened(base.bytes, in: tmp)
                let k = call.number - start
                let label = "\(fault) on call \(k) (\(call.call.rawValue)), torn: \(torn)"
                fs.failCall(number: fs.callCount + k, with: fault)
                let first: JournalEntry?
                do {
                    first = try j.append(now: Self.clock()) { _ in JournalFixture.note("four") }
                } catch RunbookError.io(let failure) {
                    first = nil
                    let words = failure.description
                    #expect(!words.contains("\n") && words.hasPrefix("cannot ") && words.contains(failure.what), "\(label): \(words)")
                    if call.call == .pwrite && call.path == reference.journal || call.number == lineFsync {
                        #expect(failure.notRecorded, "\(label): \(words)")
                        #expect(words.hasSuffix("; the action was NOT recorded"), "\(label)")
                    }
                    if call.call == .fsync && call.path == reference.journal {
                        // Never tried again as if the data were then safe.
                        let fsyncs = fs.calls.dropFirst(start).filter { $0.call == .fsync && $0.path == tmp.journal }
                        let upToThis = calls.filter { $0.call == .fsync && $0.path == reference.journal && $0.number <= call.number }
                        #expect(fsyncs.count == upToThis.count, "\(label): the journal was fsync'd again after a failed fsync")
                    }
                } catch {
                    Issue.record("\(label): not an I/O error: \(error)")
                    continue
                }
                let retried = fault == .shortWrite || (fault == .error(EINTR) && [.open, .pread, .pwrite, .flock].contains(call.call))
                if retried { #expect(first != nil, "\(label): a short write or EINTR is carried on, not an error") }
                // What a fresh reader finds: every acknowledged entry, nothing partial.
                let read = try JournalFixture.readAll(tmp.journal)
                #expect(read.entries.prefix(4).map(\.hash) == base.entries.map(\.hash), "\(label)")
                #expect(read.entries.count == (first == nil ? 4 : 5), "\(label)")
                if let first { #expect(read.entries.last?.hash == first.hash, "\(label)") }
                #expect(read.torn == nil || read.torn?.length == Int64(Self.tornBytes.count), "\(label)")
                if torn { #expect(try Self.tornBytesKept(tmp), "\(label): the torn bytes were lost") }
                // The next append works, on the same journal, and the chain has no gap.
                let next = try j.append(now: Self.clock()) { _ in JournalFixture.note("five") }
                let again = try JournalFixture.readAll(tmp.journal)
                #expect(again.entries.map(\.seq) == Array(1...(read.entries.count + 1)), "\(label)")
                #expect(again.entries.last?.hash == next.hash && again.torn == nil, "\(label)")
            }
        }
        #expect(cases == 3 * calls.count + calls.filter { $0.call == .pwrite }.count)
    }

    @Test(arguments: [false, true])
    func crashAfterEveryCallKeepsEverythingAcknowledged(torn: Bool) throws {
        let base = try Self.base(torn: torn)
        let notes = ["a", "b", "c", "d"]
        let reference = JournalTempDir()
        let (rj, rfs) = try Self.opened(base.bytes, in: reference)
        let start = rfs.callCount
        for n in notes { _ = try rj.append(now: Self.clock()) { _ in JournalFixture.note(n) } }
        let total = rfs.callCount - start
        for n in 0...total {
            let tmp = JournalTempDir()
            var acknowledged: [JournalEntry] = []
            do {
                let (j, fs) = try Self.opened(base.bytes, in: tmp)
                fs.die(after: fs.callCount + n)
                let clock = Self.clock()
                for text in notes {
                    guard let e = try? j.append(now: clock, { _ in JournalFixture.note(text) }) else { break }
                    acknowledged.append(e)
                }
                fs.crash()
            }
            let read = try JournalFixture.readAll(tmp.journal)
            let want = base.entries.map(\.hash) + acknowledged.map(\.hash)
            #expect(read.entries.map(\.hash) == want, "crash after \(n) calls, torn: \(torn)")
            #expect(read.torn == nil || read.torn?.length == Int64(Self.tornBytes.count), "crash after \(n), torn: \(torn)")
            if torn { #expect(try Self.tornBytesKept(tmp), "crash after \(n): the torn bytes were lost") }
            // After the crash a writer carries on.
            let j = try Journal(path: tmp.journal)
            j.onWarning = { _ in }
            try j.readNew()
            _ = try j.append(now: JournalFixture.clock(from: 1_796_000_200_000)) { _ in JournalFixture.note("after") }
            #expect(try JournalFixture.readAll(tmp.journal).entries.count == want.count + 1)
        }
    }

    @Test func failedFsyncIsNotRecordedAndNotRetried() throws {
        let base = try Self.base(torn: false)
        let tmp = JournalTempDir()
        let (j, fs) = try Self.opened(base.bytes, in: tmp)
        let start = fs.callCount
        fs.fail(.fsync, ordinal: 1, with: .error(EIO))
        do {
            _ = try j.append(now: Self.clock()) { _ in JournalFixture.note("lost") }
            Issue.record("the append did not fail")
        } catch RunbookError.io(let f) {
            #expect(f.operation == .flush && f.errno == EIO && f.notRecorded)
            #expect(f.description == "cannot flush the journal to disk: the disk reported an input/output error; the action was NOT recorded")
        }
        #expect(fs.calls.dropFirst(start).filter { $0.call == .fsync }.count == 1)
        #expect(try JournalFixture.bytes(tmp.journal) == base.bytes)
        // The crash drops nothing that was acknowledged, and the next append takes seq 5.
        fs.crash()
        let next = try j.append(now: Self.clock()) { _ in JournalFixture.note("kept") }
        #expect(next.seq == 5)
        #expect(try JournalFixture.readAll(tmp.journal).entries.map(\.seq) == [1, 2, 3, 4, 5])
    }

    /// The double fault: the flush fails and the line cannot be cut off again. The line must
    /// never be read as recorded, so this journal reads and writes nothing more.
    @Test func failedWriteThatCannotBeTakenBackStopsTheJournal() throws {
        let base = try Self.base(torn: false)
        let tmp = JournalTempDir()
        let (j, fs) = try Self.opened(base.bytes, in: tmp)
        fs.fail(.fsync, ordinal: 1, with: .error(EIO))
        fs.fail(.ftruncate, ordinal: 1, with: .error(EIO))
        #expect(throws: RunbookError.io(IOFailure(.flush, "the journal", .system(errno: EIO), notRecorded: true))) {
            _ = try j.append(now: Self.clock()) { _ in JournalFixture.note("lost") }
        }
        let stopped = IOFailure(.write, "the journal \(tmp.journal)", .earlierWriteNotTakenBack(errno: EIO))
        #expect(j.untrusted == stopped)
        var next = stopped
        next.notRecorded = true
        #expect(throws: RunbookError.io(next)) {
            _ = try j.append(now: Self.clock()) { _ in JournalFixture.note("after") }
        }
        var seen: [JournalEntry] = []
        #expect(throws: RunbookError.io(stopped)) { try j.readNew { seen.append($0) } }
        #expect(seen.isEmpty && j.cursor.seq == 4)
        #expect(!"\(RunbookError.io(next))".contains("\n"))
    }

    @Test func writeErrorsAreOneLineAndSayWhatFailed() throws {
        let base = try Self.base(torn: false)
        for (errno, reason) in [(ENOSPC, "the disk is full"), (EIO, "the disk reported an input/output error")] {
            let tmp = JournalTempDir()
            let (j, fs) = try Self.opened(base.bytes, in: tmp)
            fs.fail(.pwrite, ordinal: 1, with: .error(errno))
            do {
                _ = try j.append(now: Self.clock()) { _ in JournalFixture.note("x") }
                Issue.record("the append did not fail")
            } catch {
                #expect("\(error)" == "cannot write the journal: \(reason); the action was NOT recorded")
                #expect(error.localizedDescription == "\(error)")
            }
        }
    }

    @Test func checkedLinesAreTheJournalsOwnBytesUpToWhatWasRead() throws {
        let tmp = JournalTempDir()
        try JournalFixture.make(at: tmp.journal, notes: JournalFixture.awkwardNotes)
        let bytes = try JournalFixture.bytes(tmp.journal)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        let j = try Journal(path: tmp.journal, writable: false)
        try j.readNew()
        // Another writer adds a line this journal has not read: it is not handed out.
        let other = try Journal(path: tmp.journal)
        _ = try other.append(now: JournalFixture.clock(from: 1_796_000_100_000)) { _ in JournalFixture.note("later") }
        let all = try j.checkedLines(from: 0, count: .max)
        #expect(all.lines == lines && all.end == Int64(bytes.count))
        let firstTwo = try j.checkedLines(from: 0, count: 2)
        #expect(firstTwo.lines == Array(lines.prefix(2)))
        let rest = try j.checkedLines(from: firstTwo.end, count: .max)
        #expect(firstTwo.lines + rest.lines == lines)
        try j.readNew()
        #expect(try j.checkedLines(from: all.end, count: 5).lines.count == 1)
    }
}
