import Foundation
import Testing
@testable import RunbookKit

/// A small playbook for the clock rule: tasks switched on by decisions, compound conditions,
/// conditional deadlines from discovery, and per-system instances.
let conditionClockYAML = """
id: clocks
title: Clocks
version: "1"
roles:
  - {id: ic, title: Incident Commander}
  - {id: ops, title: Operations}
phases:
  - {id: now, title: Now, from: 0h}
decisions:
  - {id: diversion, question: Divert ambulances?, options: [divert, partial, no-divert], role: ic}
  - {id: notify, question: Start breach notification?, options: [yes, no], role: ic}
  - {id: size, question: How large is the breach?, options: [large, small], role: ic}
tasks:
  - id: divert
    title: Put diversion in place
    role: ops
    phase: now
    due: 2h
    when: diversion = divert
  - id: screen
    title: Screen every arrival
    role: ops
    phase: now
    due: 2h
    when: diversion != no-divert
  - id: hhs
    title: Notify HHS of a large breach
    role: ic
    phase: now
    due: 60d after discovery
    deadline: true
    when: {all: [notify = yes, size = large]}
  - id: annual
    title: Log a small breach
    role: ic
    phase: now
    due: 60d after discovery
    deadline: true
    when: {all: [notify = yes, size = small]}
  - id: state
    title: State notice
    role: ic
    phase: now
    due: 72h after discovery
    deadline: true
    when: {any: [notify = yes, size = large]}
  - id: insurer
    title: Insurer notice
    role: ic
    phase: now
    due: 24h after discovery
    deadline: true
  - id: golive
    title: Bring the system back
    role: ops
    phase: now
    due: 4h
    per: system
  - id: golive-diverted
    title: Tell EMS the system is back
    role: ops
    phase: now
    due: 1h
    per: system
    when: diversion = divert
"""

@Suite("Clocks that start when a task starts to matter")
struct ConditionClockTests {
    let day = 86_400

    func fixture(discovered: Timestamp? = nil) throws -> EngineFixture {
        let f = try EngineFixture(conditionClockYAML, discovered: discovered)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        return f
    }

    @Test func aDecisionOnDay3StartsItsTasksClocksThen() throws {
        let f = try fixture()
        #expect(f.view("divert").due == nil, "no clock before anyone decided to divert")
        #expect(!f.view("divert").overdue && f.view("divert").conditional == .equals(decision: "diversion", option: "divert"))
        f.clock.advance(minutes: 3 * 24 * 60)
        let decided = try f.act(.decide("diversion", "divert"))
        for id in ["divert", "screen"] {
            #expect(f.view(id).due == decided.when.adding(seconds: 2 * 3600), "\(id): 2h after the decision, not after activation")
            #expect(!f.view(id).overdue, "\(id) is not overdue the moment it appears")
            #expect(f.view(id).conditional == nil)
        }
        f.clock.advance(minutes: 121)
        #expect(f.view("divert").overdue && f.view("screen").overdue, "2 h after the decision it is late")
    }

    @Test func aBackDatedDecisionCountsFromWhenItHappened() throws {
        let f = try fixture()
        f.clock.advance(minutes: 4 * 24 * 60)
        let decided = try f.act(.decide("diversion", "divert"), at: f.now.adding(seconds: -day))
        #expect(f.view("divert").due == decided.when.adding(seconds: 2 * 3600))
        #expect(decided.when == engineBase.adding(seconds: 3 * day))
    }

    @Test func aChangedDecisionCountsFromTheChange() throws {
        let f = try fixture()
        f.clock.advance(minutes: 24 * 60)
        try f.act(.decide("diversion", "no-divert"))
        #expect(f.status("divert") == .inapplicable && f.status("screen") == .inapplicable)
        #expect(f.view("divert").due == nil)
        f.clock.advance(minutes: 2 * 24 * 60)
        let divert = try f.act(.decide("diversion", "divert"))
        #expect(f.view("divert").due == divert.when.adding(seconds: 2 * 3600), "counts from the change, not from day 1")
        #expect(f.view("screen").due == divert.when.adding(seconds: 2 * 3600))
        #expect(!f.view("divert").overdue && !f.view("screen").overdue)
        // Full to partial diversion: screening has applied all along, so its clock holds.
        f.clock.advance(minutes: 60)
        try f.act(.decide("diversion", "partial"))
        #expect(f.status("divert") == .inapplicable)
        #expect(f.view("screen").due == divert.when.adding(seconds: 2 * 3600), "still counting from the divert decision")
        // No diversion, then diversion again: a new clock from the new answer.
        f.clock.advance(minutes: 30)
        try f.act(.decide("diversion", "no-divert"))
        f.clock.advance(minutes: 5 * 60)
        let again = try f.act(.decide("diversion", "divert"))
        #expect(f.view("screen").due == again.when.adding(seconds: 2 * 3600))
        #expect(!f.view("screen").overdue)
        // Read again from the journal: the same clocks.
        let fresh = try f.reopened()
        #expect(fresh.engine.taskView("screen", now: f.now)?.due == again.when.adding(seconds: 2 * 3600))
    }

    @Test func whenABecameTrueReadsTheAnswersInTheOrderTheyHappened() throws {
        let f = try fixture()
        f.clock.advance(minutes: 600)
        let notify = try f.act(.decide("notify", "yes"))
        f.clock.advance(minutes: 60)
        let size = try f.act(.decide("size", "large"))
        let all = Playbook.Condition.all([.equals(decision: "notify", option: "yes"), .equals(decision: "size", option: "large")])
        let any = Playbook.Condition.any([.equals(decision: "notify", option: "yes"), .equals(decision: "size", option: "large")])
        #expect(f.engine.conditionBecameTrue(all) == size.when, "all: when its last part came true")
        #expect(f.engine.conditionBecameTrue(any) == notify.when, "any: since its first part came true")
        // A decision typed later but back-dated before the others is folded in its place.
        let early = try f.act(.decide("diversion", "partial"), at: engineBase.adding(seconds: 60))
        let ne = Playbook.Condition.differs(decision: "diversion", option: "no-divert")
        #expect(f.engine.conditionBecameTrue(ne) == early.when)
        #expect(f.engine.conditionBecameTrue(.equals(decision: "diversion", option: "divert")) == nil)
        // The same answer given again does not restart the clock.
        f.clock.advance(minutes: 60)
        try f.act(.decide("notify", "yes"))
        #expect(f.engine.conditionBecameTrue(.equals(decision: "notify", option: "yes")) == notify.when)
    }

    @Test func aPerSystemInstanceCountsFromItsSystemsFirstDownOrDegradedReport() throws {
        let f = try fixture()
        f.clock.advance(minutes: 60)
        let ehr = try f.act(.system("EHR", .down))
        f.clock.advance(minutes: 2 * 24 * 60)
        let pacs = try f.act(.system("PACS", .degraded))
        #expect(f.view("golive@EHR").due == ehr.when.adding(seconds: 4 * 3600))
        #expect(f.view("golive@PACS").due == pacs.when.adding(seconds: 4 * 3600), "4 h after PACS went down, not after activation")
        #expect(!f.view("golive@PACS").overdue, "not overdue the moment PACS is reported")
        #expect(f.view("golive@EHR").overdue)
        // Up and down again: the first report still starts the clock.
        f.clock.advance(minutes: 60)
        try f.act(.system("PACS", .up))
        f.clock.advance(minutes: 60)
        try f.act(.system("PACS", .down))
        #expect(f.view("golive@PACS").due == pacs.when.adding(seconds: 4 * 3600))
        // A per-system task with a condition counts from the later of the two.
        f.clock.advance(minutes: 60)
        let divert = try f.act(.decide("diversion", "divert"))
        #expect(f.view("golive-diverted@EHR").due == divert.when.adding(seconds: 3600))
        f.clock.advance(minutes: 60)
        let lab = try f.act(.system("Lab", .down))
        #expect(f.view("golive-diverted@Lab").due == lab.when.adding(seconds: 3600))
    }

    /// Discovery 70 days ago: the 60-day breach clocks and the 72-hour notice have passed.
    @Test func undecidedDeadlinesAreConditionalAndTheOtherWayTheyAreGone() throws {
        let discovered = engineBase.adding(seconds: -70 * day)
        let f = try fixture(discovered: discovered)
        f.clock.advance(minutes: 60)
        let all = "notify = yes and size = large"
        let hhs = f.view("hhs")
        #expect(hhs.due == discovered.adding(seconds: 60 * day) && !hhs.overdue)
        #expect(hhs.conditional?.description == all)
        #expect(StatusText.dueWords(hhs, now: f.now)?.hasPrefix("if \(all): due ") == true, "\(StatusText.dueWords(hhs, now: f.now) ?? "")")
        #expect(f.view("insurer").overdue, "an unconditional clock that passed is overdue")
        // status --json: due kept, overdue false, the condition named.
        let doc = StatusJSON.document(f.engine, now: f.now)
        let row = try #require(doc.tasks.first { $0.id == "hhs" })
        #expect(row.conditional == all && !row.overdue && row.due == discovered.adding(seconds: 60 * day).rfc3339)
        #expect(doc.tasks.first { $0.id == "insurer" }?.conditional == nil)
        #expect(StatusJSON.render(f.engine, now: f.now).contains("\"conditional\" : \"\(all)\""))
        // The report: never missed while undecided.
        try f.act(.note("the picture at T+1h", tag: nil))
        var deadlines = ReportModel.build(f.engine, clock: ReportClock(utc: true)).deadlines
        #expect(deadlines.first { $0.taskID == "hhs" }?.met == nil)
        #expect(deadlines.first { $0.taskID == "hhs" }?.conditional == all)
        #expect(deadlines.filter { $0.met == false }.map(\.taskID) == ["insurer"])
        // Breach notification declined: both size clocks can no longer apply; the state notice
        // still may (a large breach), so it stays conditional.
        try f.act(.decide("notify", "no"))
        for id in ["hhs", "annual"] { #expect(f.status(id) == .inapplicable, "\(id)") }
        #expect(f.view("state").conditional?.description == "notify = yes or size = large")
        let board = BoardFacts(f.engine, now: f.now)
        #expect(board.deadlines.map(\.id) == ["insurer", "state"] || board.deadlines.map(\.id) == ["state", "insurer"], "\(board.deadlines.map(\.id))")
        #expect(board.deadlines.filter(\.overdue).map(\.id) == ["insurer"])
        deadlines = ReportModel.build(f.engine, clock: ReportClock(utc: true)).deadlines
        #expect(Set(deadlines.map(\.taskID)) == ["state", "insurer"])
        #expect(deadlines.filter { $0.met == false }.map(\.taskID) == ["insurer"])
        // A large breach after all: the state notice applies, and its 72 hours have passed.
        try f.act(.decide("size", "large"))
        #expect(f.view("state").conditional == nil && f.view("state").overdue)
        deadlines = ReportModel.build(f.engine, clock: ReportClock(utc: true)).deadlines
        #expect(Set(deadlines.filter { $0.met == false }.map(\.taskID)) == ["insurer", "state"])
    }

    @Test func actingOnATaskACompoundConditionRulesOutNamesTheAnswer() throws {
        let f = try fixture()
        try f.act(.decide("notify", "yes"))
        try f.act(.decide("size", "small"))
        let err = f.refuse(.task("hhs", .start))
        #expect(err?.message.contains("only for notify = yes and size = large, and size was answered small") == true, "\(err?.message ?? "")")
    }
}
