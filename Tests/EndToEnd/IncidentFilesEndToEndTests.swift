import Foundation
import Testing
@testable import RunbookKit

/// The incident's files as the real binary meets them: a playbook copy missing beside a
/// journal given by path, a journal that is a link, several `runbook new` at once, and a
/// journal written over in place under `log --follow`.
@Suite("incident files, end to end")
struct IncidentFilesEndToEndTests {
    /// `verify --journal PATH` fails as `verify` does when the playbook copy beside it is gone.
    @Test func verifyJournalFailsWithoutThePlaybookCopy() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Seal")
        let journal = home.journalPath(id)
        #expect(try Runbook.run(["verify", "--journal", journal], home: home.path).status == 0)
        try FileManager.default.removeItem(atPath: home.path + "/incidents/\(id)/playbook.yaml")
        for args in [["verify"], ["verify", "--journal", journal]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 1 && r.stderr.contains("playbook copy") && r.stderr.contains("missing"), "\(args): \(r.stderr)")
        }
    }

    /// A journal.jsonl that is a link, in the default incident: refused, never followed.
    @Test func symlinkedJournalOfTheDefaultIncidentIsRefused() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Linked")
        let elsewhere = home.path + "/elsewhere.jsonl"
        #expect(rename(home.journalPath(id), elsewhere) == 0)
        #expect(symlink(elsewhere, home.journalPath(id)) == 0)
        let before = FileManager.default.contents(atPath: elsewhere)
        for args in [["note", "through the link?"], ["status"], ["verify"], ["--incident", id, "note", "x"], ["--incident", id, "status"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status != 0, "\(args) used a linked journal")
        }
        #expect(FileManager.default.contents(atPath: elsewhere) == before)
    }

    /// Several `runbook new` with the same name at once: every one succeeds, ids distinct.
    @Test func concurrentNewWithTheSameName() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "First")  // the home exists, as at a command post
        nonisolated(unsafe) var results: [Runbook.Result?] = Array(repeating: nil, count: 4)
        let lock = NSLock()
        let threads = (0..<4).map { i in
            Thread {
                let r = try? Runbook.run(["new", "--playbook", "occi", "--name", "Same name"], home: home.path)
                lock.withLock { results[i] = r }
            }
        }
        threads.forEach { $0.start() }
        while lock.withLock({ results.contains { $0 == nil } }) { usleep(20_000) }
        let ids = results.compactMap { $0 }.map(\.lastLine)
        for r in results.compactMap({ $0 }) { #expect(r.status == 0, "\(r.stderr)") }
        #expect(Set(ids).count == 4, "\(ids)")
        for id in ids { #expect(try Runbook.run(["--incident", id, "verify"], home: home.path).status == 0, "\(id)") }
    }

    /// `log --follow` across an in-place restore (`cp old journal.jsonl`) and a new entry: it
    /// says the journal was written over, never that the intact journal is damaged.
    @Test func logFollowAcrossAnInPlaceRestore() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Restore")
        let journal = home.journalPath(id)
        let old = try #require(FileManager.default.contents(atPath: journal))
        for n in ["one", "two", "three"] { #expect(try Runbook.run(["note", n], home: home.path).status == 0) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Runbook.path)
        p.arguments = ["log", "--follow"]
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_HOME"] = home.path
        env["RUNBOOK_ACTOR"] = "tester"
        p.environment = env
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        usleep(1_000_000)
        // cp old journal.jsonl: same inode, shorter file.
        let fh = try #require(FileHandle(forWritingAtPath: journal))
        try fh.truncate(atOffset: 0)
        try fh.write(contentsOf: old)
        try fh.close()
        #expect(try Runbook.run(["note", "after the restore, a longer note so the file grows past where log read"], home: home.path).status == 0)
        #expect(try Runbook.run(["note", "and another one to be sure"], home: home.path).status == 0)
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { p.terminate() }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!text.contains("damaged"), "\(text)")
        #expect(text.contains("in place"), "\(text)")
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }
}
