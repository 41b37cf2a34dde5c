import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// x and @ on a task that records a decision not made yet (issue 21, point 2): they open the
/// decision's answers and never mark the task done without one.
@Suite("keys on a task that records a decision")
struct DecisionTaskKeysTests {
    func types(_ f: ScreenFixture) throws -> [String] {
        try f.journalLines().map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String ?? ""
        }
    }

    /// The command post, with the "Decide on ambulance diversion" task selected (by a search).
    func atTheDecideTask(_ f: ScreenFixture) throws -> CommandPost {
        let p = try f.post()
        p.press(.char("/"))
        p.type("Decide on")
        p.press(.enter)
        #expect(p.model.selectedTaskID == "ic-decide-divert")
        return p
    }

    @Test(arguments: [Character("x"), Character("@")])
    func theKeyOpensTheAnswersAndEscRecordsNothing(_ key: Character) throws {
        let f = try ScreenFixture(playbook: ScreenFixture.playbookWithDecideTask)
        let p = try atTheDecideTask(f)
        p.press(.char(key))
        guard case .menu(let m) = p.modal else {
            Issue.record("\(key) did not open the answers: \(p.modal), \(p.message?.text ?? "")")
            return
        }
        #expect(m.title == "Divert ambulances?")
        #expect(m.items.map(\.label) == ["yes", "no"])
        p.press(.escape)
        #expect(try types(f) == ["incident.opened"])
        #expect(p.engine.taskView("ic-decide-divert", now: f.now)?.status == .ready)
    }

    @Test func choosingAnAnswerRecordsTheDecisionAndTheTaskDone() throws {
        let f = try ScreenFixture(playbook: ScreenFixture.playbookWithDecideTask)
        let p = try atTheDecideTask(f)
        p.press(.char("x"), .char("y"))
        #expect(f.screen(p, 80, 24).contains("y also marks DONE: “Decide on ambulance diversion”"))
        p.press(.char("y"))
        p.type("ED cannot read CT")
        p.press(.enter)
        #expect(try types(f) == ["incident.opened", "decision.made", "task.done"])
        #expect(p.engine.state.decisions["divert"]?.option == "yes")
        #expect(p.engine.taskView("ic-decide-divert", now: f.now)?.status == .done)
    }
}
