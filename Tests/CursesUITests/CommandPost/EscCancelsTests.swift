import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 23: Esc cancels at every prompt (nothing recorded), and Esc speaks of a waiting
/// action only when one waits.
@Suite("command post: Esc cancels, no false alarms")
struct EscCancelsTests {
    init() { TextWidth.ensureUTF8Locale() }

    func model(_ f: ScreenFixture) throws -> CommandPostModel {
        CommandPostModel(engine: try f.session().engine, actor: "scribe", now: f.now)
    }

    /// A note that waited on the lock, then was written: Esc after "Recorded #2" must not say
    /// an action was given up (the user would enter it twice). Driven by messages on the model.
    @Test func escAfterAWaitingActionWasRecordedSaysNothingWasLost() throws {
        let f = try ScreenFixture()
        var m = try model(f)
        _ = m.update(.key(.char("n")))
        for c in "radio log" { _ = m.update(.key(.char(c))) }
        let effects = m.update(.key(.enter))
        guard effects.count == 1, case .record(let action, let ctx) = effects[0] else { Issue.record("\(effects)"); return }
        _ = m.update(.busy(action, ctx))
        #expect(m.waiting != nil)
        // Tried again and written.
        let retry = m.update(.retryWaiting)
        #expect(retry.count == 1)
        let session = try f.session()
        let entries = try session.performAll(action, ctx, now: { f.now })
        _ = m.update(.recorded(entries, session.engine))
        #expect(m.waiting == nil)
        #expect(m.message?.text.hasPrefix("Recorded #2") == true, "\(String(describing: m.message))")
        _ = m.update(.key(.escape))
        #expect(m.message?.text.contains("Given up") != true, "a false alarm: \(String(describing: m.message))")
        #expect(m.message?.text.hasPrefix("Recorded #2") == true)
    }

    /// Giving up with nothing waiting says nothing (the old code said an action was lost).
    @Test func givingUpWithNothingWaitingSaysNothing() throws {
        let f = try ScreenFixture()
        var m = try model(f)
        m.message = ("Recorded #3: note", false)
        m.perform(.cancelWaiting, now: f.now)
        #expect(m.message?.text == "Recorded #3: note")
    }

    /// What really waited is named when it is given up, and is not written afterwards.
    @Test func escGivesUpTheWaitingActionNamingIt() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        let lock = try CommandPostWaitingTests.HeldLock(f.store.journalPath(f.id))
        CommandPostWaitingTests.note(post, "radio log 02:10")
        #expect(post.model.waiting != nil)
        post.press(.escape)
        #expect(post.message?.text.contains("Given up: note “radio log 02:10” was NOT recorded") == true, "\(String(describing: post.message))")
        lock.release()
        post.tick()
        #expect(try f.journalLines().count == 1)
    }

    /// The period's briefing note: Esc starts no period; Enter on nothing starts it without a note.
    @Test func escAtThePeriodNoteStartsNoPeriod() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.enter, .char("p"), .char("y"))
        guard case .prompt(let p) = post.modal, p.purpose == .periodNote else { Issue.record("\(post.modal)"); return }
        #expect(p.title.contains("Esc cancels, no period started"), "\(p.title)")
        post.press(.escape)
        #expect(try f.journalLines().count == 1)
        #expect(post.engine.state.period == 1)
        #expect(post.message?.text.contains("no new operational period") == true, "\(String(describing: post.message))")
        post.press(.enter, .char("p"), .char("y"), .enter)
        #expect(try f.journalLines().count == 2)
        #expect(post.engine.state.period == 2)
    }

    /// No prompt's hint bar offers Esc as "without it" any more.
    @Test func theFollowUpHintSaysEnterRecordsWithoutAndEscCancels() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.enter, .char("p"), .char("y"))
        let hints = CommandPostModel.keyTable(.prompt).hints(post.model).map { "\($0.key) \($0.label)" }
        #expect(hints.contains("Esc cancel"), "\(hints)")
        #expect(hints.contains("Enter record (empty: without a note)"), "\(hints)")
        #expect(!hints.contains { $0.contains("without it") })
    }
}

/// Issue 23: the undo key, what tells the whole hospital asked with y, a decision from its task.
@Suite("command post: undo, hospital-wide confirmations, decisions from their task")
struct UndoAndConfirmScreenTests {
    init() { TextWidth.ensureUTF8Locale() }

    func last(_ f: ScreenFixture) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data((try f.journalLines().last ?? "{}").utf8)) as? [String: Any] ?? [:]
    }

    @Test func zUndoesTheLastActionForAMinuteShownOnTheStatusLine() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        #expect(post.model.undoOffer == nil)
        CommandPostWaitingTests.note(post, "wrong incident")
        #expect(post.model.undoOffer == "z: undo #2 (60 s)")
        #expect(f.screen(post, 100, 24).contains("z: undo #2 (60 s)"))
        f.now = f.now.adding(seconds: 20)
        post.press(.char("z"))
        let e = try last(f)
        #expect(e["type"] as? String == "entry.corrected", "\(e)")
        #expect((e["target"] as? NSNumber)?.intValue == 2)
        #expect(e["reason"] as? String == "undone at once")
        #expect(post.model.undoOffer == nil, "an undo is not undone with z")
    }

    @Test func zAfterTheMinuteRefusesPlainlyAndRecordsNothing() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        CommandPostWaitingTests.note(post, "radio check")
        f.now = f.now.adding(seconds: 61)
        post.press(.char("z"))
        #expect(try f.journalLines().count == 2)
        #expect(post.message?.text.contains("more than a minute ago") == true, "\(String(describing: post.message))")
    }

    /// Another terminal acted on the same task after it: z refuses, naming that entry.
    @Test func zRefusesWhenALaterEntryDependsOnIt() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.down, .down)
        #expect(post.selectedTaskID == "paper")
        post.press(.char("s"))
        #expect(try last(f)["type"] as? String == "task.started")
        _ = try f.session().perform(.task("paper", .block), ActionContext(actor: "bob", note: "no forms"), now: { f.now })
        post.tick()
        post.press(.char("z"))
        #expect(try f.journalLines().count == 3)
        #expect(post.message?.text.hasPrefix("Not undone: #3 (bob)") == true, "\(String(describing: post.message))")
    }

    /// Undoing the close reopens, confirmed by the name as the reopen rule asks.
    @Test func zOnACloseAsksTheNameToReopen() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.enter, .char("C"))
        post.type("CLOSE")
        post.press(.enter, .enter)
        #expect(post.engine.state.closed != nil)
        post.press(.char("z"))
        guard case .prompt(let p) = post.modal, case .reopenName = p.purpose else { Issue.record("\(post.modal)"); return }
        post.type("REOPEN")
        post.press(.enter)
        #expect(post.engine.state.closed == nil)
        #expect(try last(f)["reason"] as? String == "undone at once")
    }

    /// Marking a system UP asks y first, saying the whole hospital is told; n records nothing.
    @Test func markingASystemUpAsksFirst() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        _ = try f.session().perform(.system("EHR", .down), ActionContext(actor: "scribe"), now: { f.now })
        post.tick()
        post.press(.enter, .char("y"))
        guard case .menu(let m) = post.modal else { Issue.record("\(post.modal)"); return }
        let i = try #require(m.items.firstIndex { $0.label.hasPrefix("EHR") })
        for _ in 0..<i { post.press(.down) }
        post.press(.enter, .char("u"))
        guard case .confirm(let c) = post.modal else { Issue.record("UP was not asked: \(post.modal)"); return }
        #expect(c.question.contains("the whole hospital is told"), "\(c.question)")
        post.press(.char("n"))
        #expect(try f.journalLines().count == 2)
        // Down again is not news: recorded at once.
        post.press(.enter, .char("y"))
        for _ in 0..<i { post.press(.down) }
        post.press(.enter, .char("g"))
        #expect(try last(f)["state"] as? String == "degraded")
    }

    /// `x` on a decision's task already answered (the task reopened) opens the answers, with
    /// done keeping the answer; the decide picker selects the selected task's decision.
    @Test func xOnADecidedTaskAndThePickerFollowTheTask() throws {
        // A second decision listed first: the picker must move to the task's own.
        let text = ScreenFixture.playbookWithDecideTask.replacingOccurrences(
            of: "decisions:\n", with: "decisions:\n  - {id: lockdown, question: Lock down the campus?, options: [lock, open], role: ic}\n")
        let f = try ScreenFixture(playbook: text)
        let s = try f.session()
        _ = try s.performAll(.decide("divert", "yes"), ActionContext(actor: "scribe"), now: { f.now })
        _ = try s.perform(.task("ic-decide-divert", .reopen), ActionContext(actor: "scribe"), now: { f.now })
        let post = try f.post()
        while post.selectedTaskID != "ic-decide-divert" { post.press(.down) }
        post.press(.char("x"))
        guard case .menu(let m) = post.modal else { Issue.record("\(post.modal)"); return }
        #expect(m.items.first?.label == "Mark done, keeping the answer → yes", "\(m.items.map(\.label))")
        // Changing the standing answer says the whole hospital is told.
        post.press(.char("n"))
        guard case .confirm(let c) = post.modal else { Issue.record("\(post.modal)"); return }
        #expect(c.question.hasPrefix("CHANGE YES → NO"), "\(c.question)")
        post.press(.char("n"))
        post.press(.char("x"), .char("x"))
        #expect(try last(f)["type"] as? String == "task.done")
        // The picker: the task's decision is the one selected.
        post.press(.enter, .char("d"))
        guard case .menu(let picker) = post.modal else { Issue.record("\(post.modal)"); return }
        #expect(picker.selected == 1)
        #expect(picker.items[picker.selected].label.contains("Divert ambulances?"), "\(picker.items.map(\.label))")
    }
}
