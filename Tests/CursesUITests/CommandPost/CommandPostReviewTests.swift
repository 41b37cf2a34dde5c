import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// What a hands-on review of the merged command post found: per-system rows counted twice,
/// a note on a ↳ system row recorded under a task id the journal does not know.
@Suite("command post review findings")
struct CommandPostReviewTests {
    init() { TextWidth.ensureUTF8Locale() }

    static let perSystem = ScreenFixture.playbookText + """

      - id: restore
        title: Restore from clean backup
        role: ops
        phase: later
        per: system
        detail: Rebuild from a known-good image.
    """

    func last(_ f: ScreenFixture) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data((try f.journalLines().last ?? "{}").utf8)) as? [String: Any] ?? [:]
    }

    func summary(_ f: ScreenFixture, _ p: CommandPost) -> String {
        String(f.screen(p, 120, 40).split(separator: "\n", omittingEmptySubsequences: false)[1])
    }

    /// The summary counts each piece of work once: a per-system task is its instances, not
    /// its instances and the task above them.
    @Test func perSystemRowsAreCountedOnceInTheSummary() throws {
        let f = try ScreenFixture(playbook: Self.perSystem)
        let s = try f.session()
        for sys in ["EHR", "PACS"] { try s.perform(.system(sys, .down), ActionContext(actor: "it"), now: { f.now }) }
        let p = try f.post()
        // declare, activate, paper, divert-ems (waiting on its decision), restore@EHR, restore@PACS.
        #expect(summary(f, p).hasSuffix("Done 0/6"), "\(summary(f, p))")
        try s.perform(.task("restore@EHR", .done), ActionContext(actor: "it"), now: { f.now })
        try s.perform(.task("restore@PACS", .done), ActionContext(actor: "it"), now: { f.now })
        let after = try f.post()
        #expect(summary(f, after).hasSuffix("Done 2/6"), "\(summary(f, after))")
    }

    /// `t` on a ↳ EHR row: the note carries `task` and `system`, and joins that row's history.
    @Test func aNoteOnASystemRowIsRecordedForThatSystem() throws {
        let f = try ScreenFixture(playbook: Self.perSystem)
        let s = try f.session()
        try s.perform(.system("EHR", .down), ActionContext(actor: "it"), now: { f.now })
        let p = try f.post()
        p.press(.char("G"))
        #expect(p.selectedTaskID == "restore@EHR", "\(p.selectedTaskID ?? "nil")")
        p.press(.char("t"))
        p.type("vendor on site 14:00")
        p.press(.enter)
        let e = try last(f)
        #expect(e["type"] as? String == "note")
        #expect(e["task"] as? String == "restore")
        #expect(e["system"] as? String == "EHR")
        #expect(p.engine.taskView("restore@EHR", now: f.now)?.record.history.count == 1)
    }
}

extension CommandPostReviewTests {
    /// The decision menu at 80 columns: a long question is cut, never whether it was answered.
    @Test func theDecisionMenuShowsTheAnswerBeforeAQuestionItMayCut() throws {
        var text = ScreenFixture.playbookText
        text = text.replacingOccurrences(of: "question: Divert ambulances?",
                                         with: "question: Divert ambulances away from the emergency department to the neighbouring hospitals for now?")
        let f = try ScreenFixture(playbook: text)
        let p = try f.post()
        p.press(.enter, .char("d"))
        let screen = f.screen(p, 80, 24)
        #expect(screen.contains("not decided · Divert ambulances"), "\(screen)")
    }
}

extension CommandPostReviewTests {
    /// Esc at a decision's optional reason cancels the decision, even after its y: nothing is
    /// recorded and the status line says so; Enter on an empty reason records it without one.
    @Test func escapeOnADecisionsReasonRecordsNothingAndEnterRecordsWithoutOne() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let before = try f.journalLines().count
        p.press(.enter, .char("d"), .enter, .char("y"), .char("y"))
        #expect(f.screen(p, 80, 24).contains("Why → yes?"))
        p.press(.escape)
        #expect(try f.journalLines().count == before, "Esc at the reason records nothing")
        #expect(p.modal == .none)
        #expect(p.message?.text.contains("NOT recorded") == true, "\(String(describing: p.message))")
        // Typed text is asked about first; y throws it away, still recording nothing.
        p.press(.enter, .char("d"), .enter, .char("y"), .char("y"))
        p.type("because")
        p.press(.escape)
        guard case .confirm = p.modal else { Issue.record("\(p.modal)"); return }
        p.press(.char("y"))
        #expect(try f.journalLines().count == before)
        p.press(.enter, .char("d"), .enter, .char("y"), .char("y"))
        p.press(.enter)
        let e = try last(f)
        #expect(e["type"] as? String == "decision.made", "\(e)")
        #expect(e["option"] as? String == "yes")
        #expect(e["note"] == nil)
    }
}

extension CommandPostReviewTests {
    /// j and k move to the row below and above on the screen, whatever order the playbook
    /// lists its tasks in (OCCI lists them by role; the screen groups them by phase).
    @Test func movingFollowsTheRowsOnTheScreen() throws {
        let text = ScreenFixture.playbookText + """

          - id: radio
            title: Test the backup radios
            role: ops
            phase: immediate
            due: 1h
        """
        let f = try ScreenFixture(playbook: text)
        let p = try f.post()
        var order: [String] = []
        for _ in 0..<5 {
            order.append(p.selectedTaskID ?? "")
            p.press(.char("j"))
        }
        #expect(order == ["declare", "activate", "paper", "radio", "divert-ems"])
        p.press(.char("k"))
        #expect(p.selectedTaskID == "radio")
        p.press(.char("G"))
        #expect(p.selectedTaskID == "divert-ems")
        p.press(.char("g"))
        #expect(p.selectedTaskID == "declare")
    }
}

extension CommandPostReviewTests {
    func promptError(_ f: ScreenFixture, _ p: CommandPost, width: Int) -> String {
        // The error's first line: the one after the question's last (it ends with "cancels)").
        let lines = f.screen(p, width, 24).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines.lastIndex { $0.hasSuffix("cancels)") } ?? 20
        return lines[title + 1]
    }

    /// A reason typed while another terminal finished the task: the prompt says at once that it
    /// can no longer be recorded, with the key to leave first so a cut line keeps it.
    @Test func aReasonPromptForATaskDoneMeanwhileSaysItCannotBeRecorded() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down, .char("b"))
        p.type("no forms in stock")
        _ = try f.session().perform(.task("paper", .done), ActionContext(actor: "nurse"), now: { f.now })
        p.press(.enter)
        let line = promptError(f, p, width: 80)
        #expect(line.hasPrefix("Esc: stop — it can no longer be marked blocked."), "\(line)")
        #expect(!line.contains("go ahead"))
    }

    /// Still possible (the task was only started meanwhile): Enter and Esc lead the line.
    @Test func aReasonPromptForATaskChangedMeanwhileLeadsWithTheKeys() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down, .char("b"))
        p.type("no forms in stock")
        _ = try f.session().perform(.task("paper", .start), ActionContext(actor: "nurse"), now: { f.now })
        p.press(.enter)
        let line = promptError(f, p, width: 80)
        #expect(line.hasPrefix("Enter: block it anyway · Esc: stop — CHANGED while this was open by nurse"), "\(line)")
        p.press(.enter)
        #expect(try last(f)["type"] as? String == "task.blocked")
    }
}

extension CommandPostReviewTests {
    /// x in the menu on a task still waiting: the item is dimmed, and pressing its key says so
    /// instead of doing nothing without a word.
    @Test func theKeyOfADimmedMenuItemSaysItIsNotPossible() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .enter)  // activate: waiting on declare
        guard case .menu = p.modal else { Issue.record("\(p.modal)"); return }
        p.press(.char("x"))
        guard case .menu = p.modal else { Issue.record("menu closed: \(p.modal)"); return }
        #expect(p.message?.text.hasPrefix("Not possible now: “Mark done”") == true, "\(String(describing: p.message))")
        #expect(try f.journalLines().count == 1)
    }
}

extension CommandPostReviewTests {
    /// At 60 columns a refusal under a prompt wraps instead of losing the time and the reason.
    /// "Done at 07:10", before the fixture's incident was discovered: refused under the prompt.
    static func refusedDoneAt(_ f: ScreenFixture) throws -> (post: CommandPost, error: String)? {
        let p = try f.post()
        p.press(.down, .down, .char("@"))
        p.type("07:10")
        p.press(.enter)
        guard case .prompt(let prompt) = p.modal else { Issue.record("\(p.modal)"); return nil }
        return (p, try #require(prompt.error))
    }

    @Test func aPromptsErrorWrapsAtSixtyColumns() throws {
        let f = try ScreenFixture()
        guard let (p, error) = try Self.refusedDoneAt(f) else { return }
        #expect(error.contains("07:10"), "\(error)")
        let screen = f.screen(p, 60, 15)
        let joined = screen.split(separator: "\n").suffix(6).joined(separator: " ")
        #expect(joined.contains("07:10") && joined.contains("discovered"), "\(screen)")
        #expect(screen.contains("> 07:10"))
    }
}

extension CommandPostReviewTests {
    /// The screen has no --force key: a time out of order says where --force is.
    @Test func aRefusalOnScreenDoesNotOfferAKeyThatIsNotThere() throws {
        let f = try ScreenFixture()
        guard let (_, error) = try Self.refusedDoneAt(f) else { return }
        #expect(!error.contains("add --force"), "\(error)")
        #expect(error.contains("on the command line with --force"), "\(error)")
    }
}

extension CommandPostReviewTests {
    /// One task whose due is still a rule ("due 12 h after …") must not cut every other row's
    /// due time or "overdue" at 120 columns.
    @Test func aLongDueRuleDoesNotCutTheOtherRowsTimes() throws {
        let text = ScreenFixture.playbookText + """

          - id: insurer-claim-documentation
            title: Start the insurance claim file
            role: ops
            phase: immediate
            due: 12h after activate
        """
        let f = try ScreenFixture(playbook: text)
        let p = try f.post()
        for (w, h) in [(120, 40), (80, 24), (60, 15)] {
            let screen = f.screen(p, w, h)
            #expect(screen.contains("overdue 5 min"), "\(w)x\(h): \(screen)")
            #expect(screen.contains("due 08:30"), "\(w)x\(h): \(screen)")
        }
    }
}

extension CommandPostReviewTests {
    /// A decision whose task is still waiting: the confirmation says the task stays open (the
    /// engine's decide rule, as `runbook decide` without --force), and y records the decision
    /// alone, the task still waiting on its prerequisite.
    @Test func aDecisionWhoseDecideTaskIsWaitingLeavesItOpen() throws {
        let text = ScreenFixture.playbookText.replacingOccurrences(
            of: "options: [yes, no], role: ic}", with: "options: [yes, no], role: ic, task: ic-decide-divert}") + """

          - id: ic-decide-divert
            title: Decide on ambulance diversion
            role: ic
            phase: immediate
            after: [declare]
        """
        let f = try ScreenFixture(playbook: text)
        let p = try f.post()
        p.press(.enter, .char("d"), .enter, .char("y"))
        guard case .confirm(let c) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(c.details.first == "Its task “Decide on ambulance diversion” stays open: it still waits on declare; mark it done once that is done.", "\(c.details)")
        #expect(c.alternative == nil)
        p.press(.char("y"), .enter)
        let lines = try f.journalLines()
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"type\":\"decision.made\"") && !lines[1].contains("\"force\""))
    }
}
