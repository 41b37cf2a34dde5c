import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The real file system, but the next call of a chosen kind fails with a chosen errno once
/// armed: enough to make the command post's journal write fail in process (the full fault
/// matrix, with crashes, is RunbookKitTests' WritePathFaultMatrixTests).
final class FailingOnceFileSystem: FileSystem, @unchecked Sendable {
    enum Kind { case pwrite, fsync }
    private let real = RealFileSystem()
    private let lock = NSLock()
    private var armed: (kind: Kind, errno: Int32)?

    /// The next call of `kind` fails with `code`.
    func arm(_ kind: Kind, _ code: Int32) { lock.withLock { armed = (kind, code) } }

    private func take(_ kind: Kind) -> Int32? {
        lock.withLock {
            guard let a = armed, a.kind == kind else { return nil }
            armed = nil
            return a.errno
        }
    }

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { real.open(path, flags, mode) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int { real.pread(fd, buffer, count, offset) }
    func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int {
        if let e = take(.pwrite) { errno = e; return -1 }
        return real.pwrite(fd, buffer, count, offset)
    }
    func fsync(_ fd: Int32) -> Int32 {
        if let e = take(.fsync) { errno = e; return -1 }
        return real.fsync(fd)
    }
    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 { real.ftruncate(fd, length) }
    func flock(_ fd: Int32, _ operation: Int32) -> Int32 { real.flock(fd, operation) }
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { real.fchmod(fd, mode) }
    func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32 { real.fcntl(fd, command, argument) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
    func stat(_ path: String, _ st: inout stat) -> Int32 { real.stat(path, &st) }
    func lstat(_ path: String, _ st: inout stat) -> Int32 { real.lstat(path, &st) }
    func rename(_ from: String, _ to: String) -> Int32 { real.rename(from, to) }
    func unlink(_ path: String) -> Int32 { real.unlink(path) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { real.mkdir(path, mode) }
    func rmdir(_ path: String) -> Int32 { real.rmdir(path) }
    func chmod(_ path: String, _ mode: mode_t) -> Int32 { real.chmod(path, mode) }
}

/// A write that fails under the command post: the screen says in one line that it was NOT
/// recorded (and why), keeps what was typed, writes nothing, and goes on taking keys.
@Suite("command post when the disk fails a write")
struct CommandPostWriteFailureTests {
    static func post(_ f: ScreenFixture, _ fs: FailingOnceFileSystem) throws -> CommandPost {
        let session = try IncidentSession(store: IncidentStore(home: f.store.home, files: fs), id: f.id, onWarning: { _ in })
        return CommandPost(session: session, actor: "scribe", clock: { [unowned f] in f.now })
    }

    @Test(arguments: [(FailingOnceFileSystem.Kind.fsync, EIO, "cannot flush the journal to disk: the disk reported an input/output error; the action was NOT recorded"),
                      (FailingOnceFileSystem.Kind.pwrite, ENOSPC, "cannot write the journal: the disk is full; the action was NOT recorded")])
    func aFailedWriteIsSaidInOneLineAndTheScreenGoesOn(kind: FailingOnceFileSystem.Kind, code: Int32, words: String) throws {
        let f = try ScreenFixture()
        let fs = FailingOnceFileSystem()
        let post = try Self.post(f, fs)
        fs.arm(kind, code)
        post.press(.char("n"))
        post.type("Runner to lab")
        post.press(.enter)
        #expect(try f.journalLines().count == 1, "nothing was recorded")
        let said = try #require(post.message)
        #expect(said.isError && said.text == "NOT RECORDED — " + words)
        #expect(!said.text.contains("\n"))
        // The prompt came back with what was typed, the screen says why, and Enter tries again.
        guard case .prompt(let p) = post.modal else {
            Issue.record("the prompt did not come back: \(post.modal)")
            return
        }
        #expect(p.editor.text == "Runner to lab")
        #expect(f.screen(post, 80, 24).contains("NOT RECORDED"))
        post.press(.enter)
        let lines = try f.journalLines()
        #expect(lines.count == 2 && lines.last?.contains("\"note\":\"Runner to lab\"") == true, "\(lines.last ?? "")")
        #expect(post.message?.isError == false && post.message?.text.hasPrefix("Recorded #2") == true)
    }
}
