import Foundation
import Testing
@testable import RunbookKit

/// The checker's findings on playbook text named t.yaml, or none.
func clockFindings(_ text: String) -> [String] {
    do { _ = try PlaybookFixtures.loader.load(text: text, name: "t.yaml"); return [] } catch let RunbookError.playbook(lines) { return lines } catch {
        return ["\(error)"]
    }
}

/// The task keys for clocks and landmarks: `deadline`, `milestone` (and, below, relative `due`
/// and `per: system`): parsed, checked with FILE:LINE:COLUMN, written back, shown.
@Suite("Playbook clocks and milestones")
struct PlaybookClockFormatTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] { clockFindings(text) }

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
        let text = try PlaybookWriter.yaml(pb)
        #expect(text.contains("  deadline: true\n  milestone: true\n"), "\(text)")
        let back = try loader.load(text: text, name: "frozen.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
        #expect(try PlaybookWriter.yaml(back) == text)
    }

    @Test func showAndPaperNameThem() throws {
        let pb = try loader.load(text: Self.mini("deadline: true\nmilestone: true"), name: "t.yaml")
        let shown = PlaybookText.show(pb)
        #expect(shown.contains("t — T [ic] DEADLINE MILESTONE"), "\(shown)")
        #expect(!shown.contains("declare — Declare [ic] DEADLINE"))
        #expect(PlaybookText.paper(pb).contains("[ ] T (DEADLINE) (MILESTONE)"))
    }
}

/// Relative `due`: the forms, the names they point at, and the cycles that make no sense.
@Suite("Playbook relative due")
struct PlaybookRelativeDueFormatTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] { clockFindings(text) }

    @Test func theThreeFormsAreRead() throws {
        let pb = try loader.load(text: PlaybookClockFormatTests.mini("due: 72h after declare", more: """
          - {id: a, title: A, role: ic, phase: p, due: 60d after decision notify = notify}
          - {id: b, title: B, role: ic, phase: p, due: "60d after discovery"}
          - {id: c, title: C, role: ic, phase: p, due: 30m after activation}
        """), name: "t.yaml")
        #expect(pb.task("t")?.due == .init(PlaybookDuration(seconds: 72 * 3600), after: .task("declare")))
        #expect(pb.task("a")?.due == .init(PlaybookDuration(seconds: 60 * 86_400), after: .decision(.init(decision: "notify", option: "notify"))))
        #expect(pb.task("b")?.due == .init(PlaybookDuration(seconds: 60 * 86_400), after: .discovery))
        #expect(pb.task("c")?.due?.afterActivation == PlaybookDuration(seconds: 1800))
        // Written back and read again: the same.
        let text = try PlaybookWriter.yaml(pb)
        #expect(text.contains("  due: \"3d after declare\"\n"))
        #expect(text.contains("  due: \"60d after decision notify = notify\"\n"))
        let back = try loader.load(text: text, name: "frozen.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
        #expect(PlaybookText.show(pb).contains("t — T [ic] due 3d after declare"))
        #expect(PlaybookText.paper(pb).contains("[ ] A — due 60 days after notify is decided notify"))
    }

    @Test(arguments: [
        ("due: 72h after declar", "t.yaml:17:20: due counts from 'declar', which is not a task; did you mean declare?"),
        ("due: 60d after decision notfy = notify", "t.yaml:17:29: due names decision 'notfy', which is not defined; did you mean notify?"),
        ("due: 60d after decision notify = notfy", "t.yaml:17:29: decision 'notify' has no option 'notfy' (its options: notify, hold)"),
        ("due: 60d after decision notify", "t.yaml:17:29: due '60d after decision notify' must name the answer"),
        ("due: 60d after discovry", "t.yaml:17:20: due counts from 'discovry', which is not a task; did you mean discovery?"),
        ("due: soon after declare", "t.yaml:17:10: due 'soon after declare' does not start with a duration"),
        ("due: 72h before declare", "t.yaml:17:10: due '72h before declare' is not a duration"),
        ("due: 72h after declare and t", "t.yaml:17:20: due '72h after declare and t' must count from one task"),
        ("due: 1h after t", "t.yaml:17:19: task 't' is due after itself"),
        ("due: \"72h after declare\"\nevery: 0m", "every must be at least 1m"),
    ])
    func mistakesAreNamedWhereTheyAreWritten(_ extra: String, _ expected: String) {
        let f = findings(PlaybookClockFormatTests.mini(extra))
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.hasPrefix(expected) == true || f.first?.contains(expected) == true, "got \(f)")
    }

    @Test func aQuotedAnchorIsFoundInsideTheQuotes() {
        let f = findings(PlaybookClockFormatTests.mini("due: \"72h after declar\""))
        #expect(f.first?.hasPrefix("t.yaml:17:21: due counts from 'declar'") == true, "\(f)")
    }

    @Test func anAnchorThatWaitsOnTheTaskMakesNoSense() {
        let f = findings(PlaybookClockFormatTests.mini("due: 1h after later", more: """
          - {id: mid, title: Mid, role: ic, phase: p, after: [t]}
          - {id: later, title: Later, role: ic, phase: p, after: [mid]}
        """))
        #expect(f == ["t.yaml:17:19: task 't' is due after 'later', but later waits on mid waits on t: it would come due only after it is done"])
    }

    @Test func aRecurringAnchorHasNoOneDoneTime() {
        let f = findings(PlaybookClockFormatTests.mini("due: 1h after brief", more: """
          - {id: brief, title: Brief, role: ic, phase: p, every: 4h}
        """))
        #expect(f.count == 1 && f[0].contains("which recurs (every 4h)"), "\(f)")
    }

    @Test func aDecisionAnchorAgainstTheTasksOwnAnswerNeverComesDue() {
        let f = findings(PlaybookClockFormatTests.mini("when: notify = hold\ndue: 1d after decision notify = notify"))
        #expect(f.count == 1 && f[0].contains("it would never come due"), "\(f)")
    }

    @Test func relativeDueTimesMayPointAtEachOther() throws {
        // Whichever is done first starts the other's clock: that makes sense, so it is allowed.
        let pb = try loader.load(text: PlaybookClockFormatTests.mini("due: 1h after u", more: """
          - {id: u, title: U, role: ic, phase: p, due: 1h after t}
        """), name: "t.yaml")
        #expect(pb.task("u")?.due?.anchor == .task("t"))
    }
}

/// `per: system` in the file.
@Suite("Playbook per-system tasks")
struct PlaybookPerSystemFormatTests {
    let loader = PlaybookFixtures.loader

    @Test func perSystemIsReadWrittenBackAndShown() throws {
        let pb = try loader.load(text: PlaybookClockFormatTests.mini("per: system"), name: "t.yaml")
        #expect(pb.task("t")?.perSystem == true)
        #expect(pb.task("declare")?.perSystem == false)
        let text = try PlaybookWriter.yaml(pb)
        #expect(text.contains("  per: system\n"))
        let back = try loader.load(text: text, name: "frozen.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
        #expect(PlaybookText.show(pb).contains("t — T [ic] per system"))
    }

    @Test func perTakesOnlySystem() {
        do {
            _ = try loader.load(text: PlaybookClockFormatTests.mini("per: unit"), name: "t.yaml")
            Issue.record("per: unit was accepted")
        } catch let RunbookError.playbook(lines) {
            #expect(lines == ["t.yaml:17:10: per must be 'system' (one instance of the task per affected system), not 'unit'"])
        } catch { Issue.record("\(error)") }
    }
}
