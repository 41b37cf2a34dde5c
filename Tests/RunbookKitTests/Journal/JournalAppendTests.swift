import Foundation
import Testing
@testable import RunbookKit

/// Appends from several open journals (several terminals) and refusals.
@Suite("journal append")
struct JournalAppendTests {
    struct Refused: Error {}

    @Test func eachWriterSeesTheOthersEntriesBeforeItWrites() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: [])
        let a = try Journal(path: dir.journal), b = try Journal(path: dir.journal)
        try a.readNew()
        try b.readNew()
        var seenByB: [Int] = []
        _ = try a.append { _ in JournalFixture.note("from a 1") }
        _ = try a.append { _ in JournalFixture.note("from a 2") }
        let e = try b.append { fresh in
            seenByB = fresh.map(\.seq)
            return JournalFixture.note("from b")
        }
        #expect(seenByB == [2, 3])
        #expect(e.seq == 4)
        var seenByA: [String?] = []
        _ = try a.append { fresh in
            seenByA = fresh.map(\.note)
            return JournalFixture.note("from a 3")
        }
        #expect(seenByA == ["from b"])
        #expect(try JournalVerifier.verify(path: dir.journal).entries == 5)
    }

    /// A refused action writes nothing, and does not even set a torn tail aside.
    @Test func refusalLeavesTheFileByteIdentical() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a"])
        for tail in [[], Array("{\"seq\":3,\"tor".utf8)] as [[UInt8]] {
            let before = try JournalFixture.bytes(dir.journal) + tail
            try JournalFixture.write(before, to: dir.journal)
            let j = try Journal(path: dir.journal)
            j.onWarning = { _ in }
            #expect(throws: Refused.self) { try j.append { _ in throw Refused() } }
            #expect(try JournalFixture.bytes(dir.journal) == before)
            #expect(dir.tornFiles().isEmpty)
            // The journal object is still usable afterwards.
            #expect(try j.append { _ in JournalFixture.note("b") }.seq == 3)
            try JournalFixture.write(Array(before.prefix(before.count - tail.count)), to: dir.journal)
            for f in dir.tornFiles() { try FileManager.default.removeItem(atPath: dir.path + "/" + f) }
        }
    }

    /// A reader that saw a torn tail, then another writer set it aside and appended: the
    /// reader carries on with the new entry and sees no damage.
    @Test func readerCarriesOnAfterAnotherWriterRepairsTheTail() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: ["a", "b"])
        let good = try JournalFixture.bytes(dir.journal)
        try JournalFixture.write(good + Array("{\"seq\":4,\"time\":\"2026-11-29T0".utf8), to: dir.journal)
        let reader = try Journal(path: dir.journal, writable: false)
        #expect(try reader.readNew() == 3)
        #expect(reader.tornTail != nil)
        let writer = try Journal(path: dir.journal)
        writer.onWarning = { _ in }
        _ = try writer.append { _ in JournalFixture.note("a long note that is longer than the torn bytes were, by some way") }
        var got: [String?] = []
        #expect(try reader.readNew { got.append($0.note) } == 1)
        #expect(got == ["a long note that is longer than the torn bytes were, by some way"])
        #expect(reader.tornTail == nil && reader.damage == nil)
    }

    /// Threads in one process, each with its own open journal, appending at once.
    @Test func threadsWithTheirOwnJournalsNeverFork() throws {
        let dir = JournalTempDir()
        try JournalFixture.make(at: dir.journal, notes: [])
        let path = dir.journal
        let threads = 4, each = 50
        let group = DispatchGroup()
        let errors = ErrorBox()
        for t in 0..<threads {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let j = try Journal(path: path)
                    for i in 0..<each { _ = try j.append { _ in JournalFixture.note("t\(t)-\(i)") } }
                } catch {
                    errors.add("\(error)")
                }
            }.start()
        }
        group.wait()
        #expect(errors.all.isEmpty, "\(errors.all)")
        let (entries, torn) = try JournalFixture.readAll(path)
        #expect(torn == nil)
        #expect(entries.map(\.seq) == Array(1...(threads * each + 1)))
        #expect(Set(entries.dropFirst().compactMap(\.note)).count == threads * each)
    }

    final class ErrorBox: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
    }
}
