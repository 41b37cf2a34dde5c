import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 21, point 4 on the screen: any action back-dated (`@` off the checklist, `h` in the
/// menu), the preview under every time prompt, a slow clock refused, far back confirmed.
@Suite struct BackDatingFromTheScreenTests {
    func entries(_ f: ScreenFixture) throws -> [[String: Any]] {
        try f.journalLines().map { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) ?? [:] }
    }

    /// A decision and the "Decide …" task done with it both carry the time typed; it is used once.
    @Test func aDecisionAndItsTaskCarryTheTimeTyped() throws {
        let f = try ScreenFixture(playbook: ScreenFixture.playbookWithDecideTask)
        let p = try f.post()
        p.press(.tab)  // the board
        p.press(.char("@"))
        p.type("08:05")
        #expect(f.screen(p, 100, 30).contains("= Sun 29 Nov 08:05, 15 min ago"))
        p.press(.enter)
        #expect(p.model.happenedAt == Timestamp(rfc3339: "2026-11-29T08:05:00Z"))
        #expect(f.screen(p, 100, 30).contains("NEXT ENTRY AT Sun 29 Nov 08:05"))
        p.press(.enter, .char("d"), .enter, .char("y"), .char("y"))
        p.type("CT down")
        p.press(.enter)
        let e = try entries(f)
        #expect(e.suffix(2).map { $0["type"] as? String } == ["decision.made", "task.done"])
        #expect(e.suffix(2).map { $0["at"] as? String } == ["2026-11-29T08:05:00.000Z", "2026-11-29T08:05:00.000Z"])
        #expect(p.model.happenedAt == nil)
        p.press(.char("n"))
        p.type("later, now")
        p.press(.enter)
        #expect(try entries(f).last?["at"] == nil, "used once")
    }

    /// The menu's h, then an assignment; an empty time clears what was set.
    @Test func theMenuDatesAnAssignmentAndAnEmptyTimeClears() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("h"))
        p.type("-10m")
        p.press(.enter)
        #expect(p.model.happenedAt == f.now.adding(seconds: -600))
        p.press(.enter, .char("a"), .enter)
        p.type("Dr Osei")
        p.press(.enter)
        let l = try #require(try entries(f).last)
        #expect(l["type"] as? String == "role.assigned")
        #expect(l["at"] as? String == f.now.adding(seconds: -600).rfc3339)
        p.press(.enter, .char("h"))
        p.type("-5m")
        p.press(.enter)
        #expect(p.model.happenedAt != nil)
        p.press(.enter, .char("h"), .enter)
        #expect(p.model.happenedAt == nil)
    }

    /// At 08:20, "08:25" is refused in the prompt as it is typed and on Enter; nothing is set.
    @Test func fiveMinutesAheadIsRefusedInThePrompt() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let before = try f.journalLines()
        p.press(.tab, .char("@"))
        p.type("08:25")
        #expect(f.screen(p, 100, 30).contains("08:25 is 5 min from now"))
        p.press(.enter)
        #expect(p.model.happenedAt == nil)
        guard case .prompt(let prompt) = p.model.modal else { Issue.record("the prompt closed"); return }
        #expect(prompt.error?.contains("clock is slow") == true)
        #expect(try f.journalLines() == before)
        // The same under @ on a task.
        p.press(.escape, .tab, .tab, .tab, .char("@"))
        p.type("08:25")
        p.press(.enter)
        guard case .prompt(let again) = p.model.modal else { Issue.record("the prompt closed"); return }
        #expect(again.error?.contains("5 min from now") == true)
        #expect(try f.journalLines() == before)
    }

    /// More than 12 hours back asks first; n goes back to the time typed.
    @Test func farBackIsConfirmed() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.tab, .char("@"))
        p.type("-13h")
        p.press(.enter)
        guard case .confirm(let c) = p.model.modal else { Issue.record("not asked"); return }
        #expect(c.question.contains("more than 12 hours"))
        p.press(.char("n"))
        guard case .prompt(let back) = p.model.modal else { Issue.record("not back to the time"); return }
        #expect(back.editor.text == "-13h")
        p.press(.enter, .char("y"))
        #expect(p.model.happenedAt == f.now.adding(seconds: -13 * 3600))
    }
}
