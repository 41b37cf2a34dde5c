import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 20, point 7: an action waiting for the journal's lock is never dropped silently, and
/// point 8 on the screen: a clock more than a day past the last entry asks before recording.
@Suite("command post: waiting actions and the clock")
struct CommandPostWaitingTests {
    init() { TextWidth.ensureUTF8Locale() }

    /// Another process's lock on the journal, held until `release`.
    final class HeldLock {
        let fd: Int32
        init(_ path: String) throws {
            fd = open(path, O_RDONLY)
            guard fd >= 0, flock(fd, LOCK_EX) == 0 else { throw RunbookError.io(.internalError("cannot lock \(path)")) }
        }
        func release() { flock(fd, LOCK_UN); close(fd) }
    }

    static func note(_ post: CommandPost, _ text: String) {
        post.press(.char("n"))
        post.type(text)
        post.press(.enter)
    }

    static func menuTitle(_ post: CommandPost) -> String? {
        if case .menu(let m) = post.modal { return m.title }
        return nil
    }

    /// Attack: a note waits on the lock and `q` is pressed. It quit at once and dropped the note;
    /// now it asks, and `d` discards (nothing written) and quits.
    @Test func quitWhileWaitingAsksAndDiscardQuits() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        let lock = try HeldLock(f.store.journalPath(f.id))
        defer { lock.release() }
        Self.note(post, "radio log 02:10")
        #expect(post.model.waiting != nil)
        post.press(.char("q"))
        #expect(!post.wantsToQuit, "q must not drop a waiting action silently")
        let title = try #require(Self.menuTitle(post))
        #expect(title.contains("1 action not recorded yet") && title.contains("w wait / d discard"), "\(title)")
        #expect(title.contains("radio log 02:10"))
        post.press(.char("d"))
        #expect(post.wantsToQuit)
        #expect(try f.journalLines().count == 1)
    }

    /// `w`: waits, and quits once the action is written (the lock freed, the next tick).
    @Test func quitWhileWaitingCanWaitForTheWrite() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        let lock = try HeldLock(f.store.journalPath(f.id))
        Self.note(post, "keep me")
        post.press(.char("q"))
        post.press(.char("w"))
        #expect(!post.wantsToQuit)
        post.tick()
        #expect(!post.wantsToQuit, "still locked: still waiting")
        lock.release()
        post.tick()
        #expect(post.wantsToQuit)
        #expect(try f.journalLines().count == 2)
        #expect(try f.journalLines().last?.contains("keep me") == true)
    }

    /// Attack: a second note typed while the first waits was thrown away. Now it is refused with
    /// its text kept in the prompt, and recorded after the first once Enter is pressed again.
    @Test func aSecondActionKeepsItsText() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        let lock = try HeldLock(f.store.journalPath(f.id))
        Self.note(post, "first")
        Self.note(post, "second")
        guard case .prompt(let p) = post.modal else { Issue.record("the second note's prompt was closed: \(post.modal)"); lock.release(); return }
        #expect(p.editor.text == "second")
        #expect(p.error?.contains("still waiting") == true)
        #expect(post.model.waiting.map { "\($0.action)" }?.contains("first") == true)
        lock.release()
        post.tick()
        post.press(.enter)
        let notes = try f.journalLines().dropFirst().map { $0.contains("\"note\":\"first\"") ? "first" : $0.contains("\"note\":\"second\"") ? "second" : "?" }
        #expect(notes == ["first", "second"])
    }

    /// The day-ahead clock rule on the screen: asks, and yes records it as a deviation.
    @Test func aClockADayAheadAsks() throws {
        let f = try ScreenFixture()
        f.now = ScreenFixture.activation.adding(seconds: 3 * 86_400)
        let post = try f.post()
        Self.note(post, "after the weekend")
        guard case .confirm(let c) = post.modal else { Issue.record("no question: \(post.modal)"); return }
        #expect(c.question.contains("more than a day after the last entry"), "\(c.question)")
        #expect(try f.journalLines().count == 1)
        // Enter is no (a wrong clock is not confirmed by accident): back to the text typed.
        post.press(.enter)
        guard case .prompt(let p) = post.modal else { Issue.record("what was typed is gone: \(post.modal)"); return }
        #expect(p.editor.text == "after the weekend")
        #expect(try f.journalLines().count == 1)
        post.press(.enter)
        post.press(.char("y"))
        let lines = try f.journalLines()
        #expect(lines.count == 2)
        #expect(lines.last?.contains("\"clockAhead\":\"recorded 3 days after the previous entry") == true, "\(lines.last ?? "")")
        #expect(lines.last?.contains("\"force\"") == false, "not a deviation: nothing was done out of order")
        #expect(lines.last?.contains("after the weekend") == true)
    }
}
