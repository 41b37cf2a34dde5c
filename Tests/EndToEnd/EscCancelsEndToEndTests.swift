import Foundation
import Testing

/// Issue 23, part A, in a real terminal: Esc cancels at every prompt (the journal read after),
/// no false alarm about a waiting action, the undo key, and `x` on a decision's task.
@Suite("Esc cancels, undo, decisions from their task, end to end", .serialized, .timeLimit(.minutes(3)))
struct EscCancelsEndToEndTests {
    /// Esc at each prompt, the optional follow-ups too (closing note, briefing note, a
    /// decision's reason after its y): nothing is ever recorded, and the status line says so.
    @Test func escAtEveryPromptRecordsNothing() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "EHR outage")
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 30)
        // A note, nothing typed.
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.keys("Escape")
        try t.waitFor("Cancelled: nothing was recorded.")
        // A note with text: asked first; y throws it away.
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("radio log")
        try t.keys("Escape")
        try t.waitFor("Throw away what you typed")
        try t.keys("y")
        try t.waitFor("Cancelled: nothing was recorded.")
        // The close: its name confirmed, then Esc at the optional note.
        try t.keys("Enter", "C")
        try t.waitFor("Type its name or CLOSE")
        try t.type("EHR outage")
        try t.keys("Enter")
        try t.waitFor("Closing note (optional)")
        try t.keys("Escape")
        try t.waitFor("the incident is NOT closed")
        // A new period: confirmed, then Esc at the optional briefing note.
        try t.keys("Enter", "p")
        try t.waitFor("Start operational period 2 now?")
        try t.keys("y")
        try t.waitFor("Briefing note for period 2")
        try t.keys("Escape")
        try t.waitFor("no new operational period was started")
        // A decision: its answer confirmed with y, then Esc at the optional reason.
        try t.keys("Enter", "d")
        try t.waitFor("Record a decision")
        try t.keys("Enter", "Enter")
        try t.waitFor("DECIDE →")
        try t.keys("y")
        try t.waitFor("Why →")
        try t.keys("Escape")
        try t.waitFor("was NOT recorded")
        // A correction's reason, and a role's name.
        try t.keys("Enter", "c")
        try t.waitFor("Number of the entry in error")
        try t.keys("Escape")
        try t.waitFor("Cancelled: nothing was recorded.")
        try t.keys("Enter", "a")
        try t.waitFor("Assign a role")
        try t.keys("Enter")
        try t.waitFor("(name)")
        try t.keys("Escape")
        try t.waitFor("Cancelled: nothing was recorded.")
        Thread.sleep(forTimeInterval: 0.3)
        let journal = try home.journal(id)
        #expect(journal.count == 1, "Esc recorded something: \(journal.map { $0["type"] as? String ?? "" })")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// An action waited on another process's lock, then was written: Esc after "Recorded #2"
    /// says nothing about a waiting action (nothing waits any more).
    @Test func escAfterAWaitedActionWasRecordedRaisesNoFalseAlarm() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        let holder = try JournalLockEndToEndTests.holdLock(home.journalPath(id), seconds: 1.5)
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type("lab on paper")
        try t.keys("Enter")
        try t.waitFor("WAITING")
        holder.waitUntilExit()
        try t.waitFor("Recorded #2")
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.4)
        let screen = try t.capture()
        #expect(!screen.contains("Given up"), "a false alarm: \(screen)")
        #expect(try home.journal(id).count == 2)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// `z` right after an action, offered on the status line, marks it entered in error with
    /// the reason "undone at once"; a decision and its task done are both undone.
    @Test func theUndoKeyMarksTheLastActionEnteredInError() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 30)
        try t.keys("n")
        try t.type("wrong incident")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        try t.waitFor("z: undo #2")
        try t.keys("z")
        try t.waitFor("Recorded #3")
        var journal = try home.journal(id)
        #expect(journal.count == 3)
        #expect(journal[2]["type"] as? String == "entry.corrected")
        #expect((journal[2]["target"] as? NSNumber)?.intValue == 2)
        #expect(journal[2]["reason"] as? String == "undone at once")
        // No undo of the undo: z now says there is nothing to undo, and records nothing.
        try t.keys("z")
        try t.waitFor("Nothing to undo")
        // A decision with its task: both entries undone.
        #expect(try Runbook.run(["do", "ic-declare", "done"], home: home.path).status == 0)
        try t.keys("/")
        try t.type("status and ambulance diversion")
        try t.keys("Enter")
        try t.waitFor("Showing what matches")
        try t.keys("x")
        try t.waitFor("Divert ambulances away from the emergency department?")
        try t.keys("d")
        try t.waitFor("y also marks DONE")
        try t.keys("y")
        try t.waitFor("Why → divert?")
        try t.keys("Enter")
        try t.waitFor("Recorded #5 and #6")
        try t.waitFor("z: undo #5 and #6")
        try t.keys("z")
        try t.waitFor("Recorded #7 and #8")
        journal = try home.journal(id)
        #expect(journal.count == 8)
        let targets = journal[6...].map { ($0["target"] as? NSNumber)?.intValue ?? 0 }
        #expect(targets == [6, 5], "the task done first, then the decision")
        #expect(journal[6...].allSatisfy { $0["reason"] as? String == "undone at once" })
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    /// `x` on a decision's task whose decision was answered (the task reopened): the answers,
    /// with "done, keeping the answer"; changing the answer asks a question that says the
    /// whole hospital is told.
    @Test func xOnADecidedDecisionsOpenTask() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["do", "ic-declare", "done"], home: home.path).status == 0)
        #expect(try Runbook.run(["decide", "ambulance-diversion", "divert"], home: home.path).status == 0)
        let reopened = try Runbook.run(["do", "ic-decide-diversion", "reopen"], home: home.path)
        #expect(reopened.status == 0, "\(reopened.stderr)")
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 30)
        try t.keys("/")
        try t.type("status and ambulance diversion")
        try t.keys("Enter")
        try t.waitFor("Showing what matches")
        try t.keys("x")
        try t.waitFor("Mark done, keeping the answer → divert")
        // Changing it: ending diversion tells the whole hospital.
        try t.keys("n")
        try t.waitFor("CHANGE DIVERT → NO-DIVERT")
        try t.keys("n")
        try t.waitFor("Cancelled")
        let before = try home.journal(id).count
        try t.keys("x")
        try t.waitFor("Mark done, keeping the answer → divert")
        try t.keys("x")
        try t.waitFor("Recorded #\(before + 1)")
        let last = try home.journal(id).last
        #expect(last?["type"] as? String == "task.done")
        #expect(last?["task"] as? String == "ic-decide-diversion")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}
