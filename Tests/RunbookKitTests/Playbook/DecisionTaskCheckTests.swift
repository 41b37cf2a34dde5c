import Foundation
import Testing
@testable import RunbookKit

/// A decision's `task:` (issue 22, part 2): the task that records it is data, checked by
/// `playbooks check` at the `task:` value's FILE:LINE:COLUMN.
@Suite("A decision names the task that records it")
struct DecisionTaskCheckTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] {
        do { _ = try loader.load(text: text, name: "t.yaml"); return [] } catch let RunbookError.playbook(lines) { return lines } catch {
            return ["\(error)"]
        }
    }

    /// Line 8 is the decision; its `task:` value starts at column 70. The
    /// tasks: `decide-x` (ic, done once), `pio-x` (another role), `round` (recurs), `each`
    /// (per system), `on-x` (applies only on an answer of x).
    static func text(_ task: String, second: String = "") -> String {
        """
        id: m
        title: M
        version: "1"
        roles: [{id: ic, title: IC}, {id: pio, title: PIO}]
        phases: [{id: p, title: P, from: 0h}]
        decisions:
          - {id: y, question: Q?, options: [a, b], role: ic\(second)}
          - {id: x, question: Decide X?, options: [yes, no], role: ic, task: \(task)}
        tasks:
          - {id: decide-x, title: Decide X, role: ic, phase: p}
          - {id: pio-x, title: Announce X, role: pio, phase: p}
          - {id: round, title: Review X, role: ic, phase: p, every: 4h}
          - {id: each, title: Check X per system, role: ic, phase: p, per: system}
          - {id: on-x, title: Act on X, role: ic, phase: p, when: x = yes}

        """
    }

    @Test func theTaskItNamesIsReadAndLinksBothWays() throws {
        let pb = try loader.load(text: Self.text("decide-x"), name: "t.yaml")
        #expect(pb.decision("x")?.task == "decide-x")
        #expect(pb.decision("y")?.task == nil)
        #expect(pb.decisionsByTask == ["decide-x": "x"])
    }

    @Test func aMissingTaskIsRefusedWithTheNearestOne() {
        #expect(findings(Self.text("decide-z")) == ["t.yaml:8:70: decision 'x' is recorded by task 'decide-z', which is not a task; did you mean decide-x?"])
    }

    @Test func aTaskOfAnotherRoleIsRefused() {
        #expect(findings(Self.text("pio-x")) == ["t.yaml:8:70: decision 'x' (role ic) is recorded by task 'pio-x', which is role pio's: name a task of role ic, or give the decision role pio"])
    }

    @Test func aRecurringTaskIsRefused() {
        #expect(findings(Self.text("round")) == ["t.yaml:8:70: decision 'x' is recorded by task 'round', which recurs (every 4h): a decision is recorded by a task done once"])
    }

    @Test func aPerSystemTaskIsRefused() {
        #expect(findings(Self.text("each")) == ["t.yaml:8:70: decision 'x' is recorded by task 'each', which is done per system: a decision is recorded by a task done once"])
    }

    @Test func aTaskThatAppliesOnlyOnItsOwnAnswerIsRefused() {
        #expect(findings(Self.text("on-x")) == ["t.yaml:8:70: decision 'x' is recorded by task 'on-x', which applies only when x = yes: the task that records a decision must apply whatever the answer"])
    }

    @Test func twoDecisionsNamingOneTaskAreRefusedAtTheSecond() {
        #expect(findings(Self.text("decide-x", second: ", task: decide-x")) == ["t.yaml:8:70: task 'decide-x' already records decision 'y' (line 7): one task records one decision"])
    }

    /// No `task:` (a hospital's own older playbook): no task records the decision. Nothing is
    /// guessed from titles, not even a task called "Decide …" (the old heuristic is gone).
    @Test func withoutTaskNothingIsInferred() throws {
        let text = Self.text("decide-x").replacingOccurrences(of: ", task: decide-x", with: "")
        let pb = try loader.load(text: text, name: "t.yaml")
        #expect(pb.decision("x")?.task == nil)
        #expect(pb.decisionsByTask.isEmpty)
    }

    /// Written back (a tailored playbook's frozen copy), `task:` survives; a tailoring file may
    /// give a decision of the playbook it extends its task.
    @Test func theTaskIsWrittenBackAndTailored() throws {
        let pb = try loader.load(text: Self.text("decide-x"), name: "t.yaml")
        let again = try loader.load(text: try PlaybookWriter.yaml(pb), name: "w.yaml")
        #expect(again.decision("x")?.task == "decide-x")
        #expect(try PlaybookWriter.yaml(pb).contains("task: \"decide-x\""))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-dt-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.text("decide-x").replacingOccurrences(of: ", task: decide-x", with: "").write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        id: mine
        title: Mine
        version: "1"
        extends: ./base.yaml
        decisions:
          - {id: x, task: decide-x}

        """.write(toFile: dir + "/mine.yaml", atomically: true, encoding: .utf8)
        let tailored = try loader.load(path: dir + "/mine.yaml").playbook
        #expect(tailored.decision("x")?.task == "decide-x")
        #expect(tailored.decision("x")?.question == "Decide X?")
        // And checked there, at the tailoring file's line.
        try """
        id: mine
        title: Mine
        version: "1"
        extends: ./base.yaml
        decisions:
          - {id: x, task: pio-x}

        """.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = loader.check(path: dir + "/bad.yaml").map(\.description)
        #expect(bad == ["\(dir)/bad.yaml:6:19: decision 'x' (role ic) is recorded by task 'pio-x', which is role pio's: name a task of role ic, or give the decision role pio"])
    }

    /// The shipped playbooks give every decision that a task records its task: the two
    /// that the "Decide …" title rule missed among them.
    @Test func theShippedPlaybooksNameTheirTasks() throws {
        let occi = try loader.load(path: PlaybookFixtures.builtinPath("occi")).playbook
        let hic = try loader.load(path: PlaybookFixtures.builtinPath("hic-tcr")).playbook
        #expect(occi.decision("network-isolation")?.task == "ic-decide-isolation")
        #expect(occi.decision("ambulance-diversion")?.task == "ic-decide-diversion")
        #expect(occi.decision("extended-downtime")?.task == "ic-decide-downtime")
        #expect(occi.decision("elective-deferral")?.task == "ic-decide-electives")
        #expect(occi.decision("law-enforcement")?.task == "ic-decide-law-enforcement")
        #expect(occi.decision("regulator-notification")?.task == "privacy-decide-breach")
        #expect(occi.decision("vendor-origin")?.task == "ic-decide-vendor-origin")
        #expect(occi.decision("circia-applies")?.task == "liaison-circia-check")
        // Two decisions that nothing prompted (no task, so no clock) got their task.
        #expect(occi.decision("recovery-site")?.task == "ic-decide-recovery-site")
        #expect(occi.decision("sec-materiality")?.task == "ic-decide-sec-materiality")
        // Facts learned as they come are recorded by a task that asks for them (issue 25).
        #expect(occi.decision("extortion-demand")?.task == "ic-record-extortion-demand")
        #expect(occi.decision("breach-size")?.task == "privacy-count-affected")
        #expect(occi.decision("publicly-traded")?.task == "ic-record-publicly-traded")
        #expect(occi.decision("serious-harm")?.task == "safety-record-serious-harm")
        #expect(hic.decision("active-compromise")?.task == "ciso-assess-compromise")
        #expect(hic.decision("emergency-policies")?.task == "lead-decide-policies")
        #expect(hic.decision("surge-support")?.task == "ciso-decide-surge")
        // Every "-decide-" task of the shipped playbooks records a decision.
        for pb in [occi, hic] {
            for t in pb.tasks where t.id.contains("-decide-") && t.every == nil {
                #expect(pb.decisionsByTask[t.id] != nil, "\(pb.id): \(t.id) records no decision")
            }
        }
    }
}
