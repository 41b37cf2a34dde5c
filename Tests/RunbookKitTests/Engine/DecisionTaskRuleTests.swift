import Foundation
import Testing
import RunbookKit

/// A playbook whose decision names the task that records it (`task:`), with a task on its
/// answer (issue 21, point 2: a decision cannot vanish).
let decisionTaskYAML = """
id: decision-task
title: Decision task
version: "1"
source: Written for the decision-task rule tests.
roles:
  - {id: ic, title: Incident Commander}
  - {id: liaison, title: Liaison Officer}
phases:
  - {id: now, title: Now, from: 0h}
decisions:
  - {id: ambulance-diversion, question: Divert ambulances away from the emergency department?, options: [divert, partial, no-divert], role: ic, task: ic-decide-diversion}
tasks:
  - {id: ic-declare, title: Declare the incident, role: ic, phase: now, due: 15m}
  - {id: ic-decide-diversion, title: Decide on ambulance diversion, role: ic, phase: now, due: 1h, after: [ic-declare]}
  - {id: liaison-tell-ems, title: Tell EMS about the diversion, role: liaison, phase: now, due: 1h, when: ambulance-diversion = divert}
"""

@Suite("A task that records a decision is not done without its answer")
struct DecisionTaskRuleTests {
    /// The decision the task records comes from the decision's `task:`, read the other way.
    @Test func theReverseLookupNamesTheDecisionATaskRecords() throws {
        let f = try EngineFixture(decisionTaskYAML)
        #expect(f.engine.playbook.decisionsByTask == ["ic-decide-diversion": "ambulance-diversion"])
        #expect(f.engine.decisionRecorded(by: "ic-decide-diversion")?.id == "ambulance-diversion")
        #expect(f.engine.decisionRecorded(by: "ic-declare") == nil)
    }

    /// Today `do ic-decide-diversion done` closed the task and left diversion undecided, so the
    /// tasks waiting on the answer never appeared: refused, with the decision and its options
    /// as data, and --force does not pass it.
    @Test func doneIsRefusedWhileItsDecisionIsOpenEvenWithForce() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        let want = Refusal.undecided(task: "ic-decide-diversion", decision: "ambulance-diversion", options: ["divert", "partial", "no-divert"])
        #expect(f.engine.availability(.done, f.view("ic-decide-diversion")) == .refused(.refused(want)))
        #expect(f.refuse(.task("ic-decide-diversion", .done))?.refusal == want)
        #expect(f.refuse(.task("ic-decide-diversion", .done), force: true)?.refusal == want)
        let words = want.words()
        #expect(words.contains("runbook decide ambulance-diversion divert|partial|no-divert"), "\(words)")
        #expect(words.contains("--force cannot"), "\(words)")
        #expect(f.status("ic-decide-diversion") == .ready)
        // Starting it, and skipping it with its reason, stay allowed.
        #expect(f.engine.availability(.start, f.view("ic-decide-diversion")) == .allowed)
        #expect(f.engine.availability(.skip, f.view("ic-decide-diversion")) == .allowed)
    }

    /// Out of order (its prerequisite not done) is not a way round it either: --force passes
    /// the wait, never the missing answer.
    @Test func aWaitingDecideTaskIsStillRefusedWithForce() throws {
        let f = try EngineFixture(decisionTaskYAML)
        #expect(f.status("ic-decide-diversion") == .waiting)
        let r = f.refuse(.task("ic-decide-diversion", .done), force: true)?.refusal
        #expect(r == .undecided(task: "ic-decide-diversion", decision: "ambulance-diversion", options: ["divert", "partial", "no-divert"]))
        // With its answer it is the wait again, which --force records as a deviation.
        #expect(f.engine.availability(.done, f.view("ic-decide-diversion"), onceDecided: "ambulance-diversion") == .needsForce(.waiting(task: "ic-decide-diversion", on: ["ic-declare"])))
    }

    /// Decided, the task is done with it (the decide rule, `Engine.drafts`), and the tasks on
    /// the answer appear.
    @Test func decidedItIsDoneAndTheTasksOnTheAnswerAppear() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        #expect(f.engine.availability(.done, f.view("ic-decide-diversion"), onceDecided: "ambulance-diversion") == .allowed)
        try f.act(.decide("ambulance-diversion", "divert"))
        #expect(f.status("ic-decide-diversion") == .done)
        #expect(f.status("liaison-tell-ems") == .ready)
    }

    /// Skipped with its reason, the decision stays open, and says so where it is listed.
    @Test func skippingItIsAllowedAndLeavesTheDecisionOpen() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        try f.act(.task("ic-decide-diversion", .skip), note: "decided at the regional call")
        #expect(f.status("ic-decide-diversion") == .skipped)
        #expect(f.state.decisions["ambulance-diversion"] == nil)
        #expect(f.status("liaison-tell-ems") == .waiting)
    }
}
