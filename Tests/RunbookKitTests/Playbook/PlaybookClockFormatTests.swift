import Foundation
import Testing
@testable import RunbookKit

/// The task keys for clocks and landmarks: `deadline`, `milestone` (and, below, relative `due`
/// and `per: system`): parsed, checked with FILE:LINE:COLUMN, written back, shown.
@Suite("Playbook clocks and milestones")
struct PlaybookClockFormatTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] {
        do { _ = try loader.load(text: text, name: "t.yaml"); return [] } catch let RunbookError.playbook(lines) { return lines } catch {
            return ["\(error)"]
        }
    }

    /// A small playbook; `extra` is added as further keys of task `t` (6 spaces in).
    static func mini(_ extra: String = "", more: String = "") -> String {
        """
        id: m
        title: M
        version: "1"
        roles: [{id: ic, title: IC}]
        phases: [{id: p, title: P, from: 0h}]
        decisions:
          - {id: notify, question: Notify?, options: [notify, hold]}
        tasks:
          - id: declare
            title: Declare
            role: ic
            phase: p
          - id: t
            title: T
            role: ic
            phase: p
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        \(more)
        """
    }

    @Test func deadlineAndMilestoneAreReadAndDefaultToFalse() throws {
        let pb = try loader.load(text: Self.mini("deadline: true\nmilestone: yes"), name: "t.yaml")
        #expect(pb.task("t")?.deadline == true)
        #expect(pb.task("t")?.milestone == true)
        #expect(pb.task("declare")?.deadline == false)
        #expect(pb.task("declare")?.milestone == false)
    }

    @Test(arguments: ["deadline", "milestone"])
    func aFlagThatIsNotTrueOrFalseIsNamedWhereItIsWritten(_ key: String) {
        let f = findings(Self.mini("\(key): soon"))
        #expect(f == ["t.yaml:17:\(key.count + 7): \(key) must be true or false, not 'soon'"])
    }

    @Test func aMisspeltFlagGetsAHint() {
        let f = findings(Self.mini("milestne: true"))
        #expect(f.count == 1 && f[0].hasPrefix("t.yaml:17:5: unknown key 'milestne' in task — did you mean milestone?"), "\(f)")
    }

    @Test func flagsRoundTripThroughTheFrozenCopy() throws {
        let pb = try loader.load(text: Self.mini("deadline: true\nmilestone: true"), name: "t.yaml")
        let text = PlaybookWriter.yaml(pb)
        #expect(text.contains("    deadline: true\n    milestone: true\n"))
        let back = try loader.load(text: text, name: "frozen.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
        #expect(PlaybookWriter.yaml(back) == text)
    }

    @Test func showAndPaperNameThem() throws {
        let pb = try loader.load(text: Self.mini("deadline: true\nmilestone: true"), name: "t.yaml")
        let shown = PlaybookText.show(pb)
        #expect(shown.contains("t — T [ic] DEADLINE MILESTONE"), "\(shown)")
        #expect(!shown.contains("declare — Declare [ic] DEADLINE"))
        #expect(PlaybookText.paper(pb).contains("[ ] T (DEADLINE) (MILESTONE)"))
    }
}
