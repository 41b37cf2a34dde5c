import Foundation
import Testing
@testable import RunbookKit

/// The file seam's own promises: an export file appears whole or not at all under every
/// injected fault and crash, I/O errors are data whose words are made in one place, and a
/// RunbookError says what failed wherever it is shown.
@Suite("file seam")
struct FileSeamTests {
    static let report = Array(String(repeating: "## After-action report\nline ✓\n", count: 200).utf8)
    static let old = Array("an older report\n".utf8)

    /// A folder to write `report.md` into (with an old one when `replacing`) and a home.
    static func setUp(replacing: Bool) throws -> (tmp: JournalTempDir, target: String, incidents: String) {
        let tmp = JournalTempDir()
        try FileManager.default.createDirectory(atPath: tmp.path + "/out", withIntermediateDirectories: false)
        let target = tmp.path + "/out/report.md"
        if replacing { try JournalFixture.write(old, to: target) }
        return (tmp, target, tmp.path + "/home/incidents")
    }

    /// The target is the old file (or absent) or the whole new one, and no aside is left.
    static func wholeOrNothing(_ target: String, replacing: Bool, wrote: Bool, _ label: String) throws {
        let now = try? JournalFixture.bytes(target)
        let isNew = now == report, isOld = now == (replacing ? old : nil)
        if wrote { #expect(isNew, "\(label): the report written is not there whole") } else {
            #expect(isNew || isOld, "\(label): the report is partial")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: (target as NSString).deletingLastPathComponent)
        #expect(left.filter { $0.hasPrefix(".") }.isEmpty, "\(label): left behind: \(left)")
    }

    @Test(arguments: [false, true])
    func exportFileEveryCallFailingInTurn(replacing: Bool) throws {
        let (rtmp, rtarget, rincidents) = try Self.setUp(replacing: replacing)
        let rfs = FaultyFileSystem()
        try ExportFile.write(Self.report, to: rtarget, incidentsDir: rincidents, files: rfs)
        withExtendedLifetime(rtmp) {}
        let calls = rfs.calls
        #expect(calls.contains { $0.call == .rename } && calls.filter { $0.call == .fsync }.count == 2)
        for call in calls {
            for fault in JournalFaultInjectionTests.faults where fault != .shortWrite || call.call == .pwrite {
                let (tmp, target, incidents) = try Self.setUp(replacing: replacing)
                let fs = FaultyFileSystem()
                fs.failCall(number: call.number, with: fault)
                let label = "\(fault) on \(call), replacing: \(replacing)"
                var wrote = false
                do {
                    try ExportFile.write(Self.report, to: target, incidentsDir: incidents, files: fs)
                    wrote = true
                } catch RunbookError.io(let failure) {
                    let words = failure.description
                    #expect(!words.contains("\n") && words.hasPrefix("cannot ") && words.contains(failure.what)
                            && failure.what.contains("/out"), "\(label): \(words)")
                } catch {
                    Issue.record("\(label): not an I/O error: \(error)")
                }
                if fault == .shortWrite { #expect(wrote, "\(label): a short write is carried on") }
                try Self.wholeOrNothing(target, replacing: replacing, wrote: wrote, label)
                withExtendedLifetime(tmp) {}
            }
        }
    }

    @Test(arguments: [false, true])
    func exportFileCrashAfterEveryCall(replacing: Bool) throws {
        let (rtmp, rtarget, rincidents) = try Self.setUp(replacing: replacing)
        let rfs = FaultyFileSystem()
        try ExportFile.write(Self.report, to: rtarget, incidentsDir: rincidents, files: rfs)
        withExtendedLifetime(rtmp) {}
        for n in 0...rfs.callCount {
            let (tmp, target, incidents) = try Self.setUp(replacing: replacing)
            let fs = FaultyFileSystem()
            fs.die(after: n)
            let wrote = (try? ExportFile.write(Self.report, to: target, incidentsDir: incidents, files: fs)) != nil
            fs.crash()
            try Self.wholeOrNothing(target, replacing: replacing, wrote: wrote, "crash after \(n), replacing: \(replacing)")
            withExtendedLifetime(tmp) {}
        }
    }

    /// Today's words, made from the values.
    @Test func ioFailureWords() {
        let cases: [(IOFailure, String)] = [
            (IOFailure(.write, "the journal", .system(errno: ENOSPC), notRecorded: true),
             "cannot write the journal: the disk is full; the action was NOT recorded"),
            (IOFailure(.flush, "the journal", .system(errno: EIO), notRecorded: true),
             "cannot flush the journal to disk: the disk reported an input/output error; the action was NOT recorded"),
            (IOFailure(.open, "the journal /x/journal.jsonl", .notRegularFile(kind: "a FIFO (named pipe)")),
             "cannot open the journal /x/journal.jsonl: it is not a regular file (it is a FIFO (named pipe))"),
            (IOFailure(.writeInto, "the journal /x/journal.jsonl", .readOnly),
             "cannot write to the journal /x/journal.jsonl: it is open for reading only (permission denied or a read-only disk)"),
            (IOFailure(.useAsFolder(folderWord: "folder"), "/h", .fileInTheWay),
             "cannot use /h as a folder: a file of that name is in the way (check --home or RUNBOOK_HOME)"),
            (IOFailure(.saveTornEnd(to: "/x/journal.torn-1"), "the torn end of the journal", .system(errno: EROFS)),
             "cannot save the torn end of the journal to /x/journal.torn-1: the disk is read-only"),
            (IOFailure(.cutTornEnd, "the journal", .system(errno: EIO)),
             "cannot cut the torn end off the journal: the disk reported an input/output error"),
            (IOFailure(.write, "/r.md", .folderUnreachable("/gone")),
             "cannot write /r.md: its folder /gone does not exist or cannot be reached"),
            (.internalError("an entry just written cannot be read back"),
             "internal error: an entry just written cannot be read back"),
        ]
        for (failure, words) in cases {
            #expect(failure.description == words)
            #expect(RunbookError.io(failure).description == words)
            #expect(RunbookError.io(failure).localizedDescription == words)
        }
        #expect(IOFailure(.open, "x", .notRegularFile(kind: "a device")).isNotRegularFile)
        #expect(IOFailure(.open, "x", .system(errno: ENOENT)).errno == ENOENT)
    }

    /// A missing playbook copy says what failed, not "The operation could not be completed".
    @Test func missingPlaybookCopySaysWhatFailed() throws {
        let tmp = JournalTempDir()
        let store = IncidentStore(home: tmp.path + "/home")
        let loaded = try IncidentFaultInjectionTests.loaded()
        let id = try store.create(loaded: loaded, name: "Copy gone", exercise: true, actor: "tester", at: nil, now: Timestamp.now()).id
        try FileManager.default.removeItem(atPath: store.playbookPath(id))
        do {
            _ = try IncidentSession.frozenPlaybook(store: store, id: id)
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "cannot read the incident's playbook copy \(store.playbookPath(id)): it does not exist")
            #expect(error.localizedDescription == "\(error)")
        }
        // A FIFO in its place is told apart by value, not by the words.
        #expect(mkfifo(store.playbookPath(id), 0o600) == 0)
        let problem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id))
        #expect(problem?.contains("is not a regular file") == true, "\(problem ?? "nil")")
    }
}
