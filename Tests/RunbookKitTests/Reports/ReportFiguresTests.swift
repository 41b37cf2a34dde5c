import Foundation
import Testing
@testable import RunbookKit

/// Figures that mean what they say (issue 21, point 6), each against a count worked out by hand.
@Suite("report figures that mean what they say")
struct ReportFiguresTests {
    /// Seven tasks, one role each side, one decision a task waits on.
    static let yaml = """
    id: figures
    title: Figures
    version: "1"
    source: Written for the report figure tests.
    roles:
      - {id: ic, title: Incident Commander}
      - {id: ops, title: Operations Section Chief}
    phases:
      - {id: now, title: Now, from: 0h}
    decisions:
      - {id: diversion, question: Divert ambulances?, options: [divert, no-divert], role: ic}
    tasks:
      - {id: declare, title: Declare the incident, role: ic, phase: now, due: 15m}
      - {id: ic-decide-diversion, title: Decide on ambulance diversion, role: ic, phase: now, due: 1h}
      - {id: hot-wash, title: Hold the hot wash, role: ic, phase: now}
      - {id: tell-ems, title: Tell EMS about the diversion, role: ops, phase: now, due: 10m, when: diversion = divert}
      - {id: paper, title: Start paper charting, role: ops, phase: now, due: 20m}
      - {id: census, title: Downtime census, role: ops, phase: now, due: 2h}
      - {id: wristbands, title: Print wristbands, role: ops, phase: now, due: 10m}
    """

    /// Activated 08:00; declare done 08:05, wristbands skipped 08:08, a note at 08:25 (the
    /// interim report's "as of").
    static func incident() throws -> EngineFixture {
        let f = try EngineFixture(yaml)
        f.clock.set(engineBase.adding(seconds: 5 * 60)); try f.act(.task("declare", .done))
        f.clock.set(engineBase.adding(seconds: 8 * 60)); try f.act(.task("wristbands", .skip), note: "printer down")
        f.clock.set(engineBase.adding(seconds: 25 * 60)); try f.act(.note("EHR still down", tag: nil))
        return f
    }

    static func json(_ f: EngineFixture) throws -> [String: Any] {
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        let text = ReportJSON.render(m, engine: f.engine)
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// At T+25 min, open: declare done; wristbands skipped; paper (due T+20) not done though
    /// due; tell-ems (due T+10, but only on an answer not given) waiting on a decision; the
    /// decide task (due T+1h), census (T+2h) and the hot wash (no due time) not yet due.
    /// Today all five open tasks were "never done" deviations.
    @Test func anInterimReportCountsAsNotDoneOnlyWhatWasDue() throws {
        let f = try Self.incident()
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(m.header.closed == nil)
        let ic = try #require(m.roles.first { $0.id == "ic" }), ops = try #require(m.roles.first { $0.id == "ops" })
        #expect([ic.done, ic.skipped, ic.notDone, ic.notYetDue, ic.waitingOnDecision] == [1, 0, 0, 2, 0] as [Int])
        #expect([ops.done, ops.skipped, ops.notDone, ops.notYetDue, ops.waitingOnDecision] == [0, 1, 1, 1, 1] as [Int])
        let phase = try #require(m.phases.first)
        #expect([phase.done, phase.skipped, phase.open, phase.notYetDue, phase.waitingOnDecision, phase.inapplicable] == [1, 1, 1, 3, 1, 0] as [Int])
        let missed = m.deviations.filter { $0.kind == .notDone }
        #expect(missed.map(\.taskID) == ["paper"])
        #expect(m.deviations.filter { $0.kind == .skipped }.map(\.taskID) == ["wristbands"])
        #expect(m.deviations.count == 2)
        #expect(m.improvements.count == 2, "the improvement plan lists only what was missed or skipped")
        #expect(m.summary.contains("1 task was done, none late. 1 skipped; 1 not done though due; 3 not yet due; 1 waiting on a decision."), "\(m.summary)")

        let md = AfterActionMarkdown.render(m)
        #expect(md.contains("| Role | Done | Skipped | Late | Not done | Not yet due | Waiting on a decision | Held by |"))
        #expect(md.contains("| Operations Section Chief | 0 | 1 | 0 | 1 | 1 | 1 |"), "\(md)")
    }

    /// The same in the JSON: the new keys beside `notDone`.
    @Test func theJSONCarriesTheInterimCounts() throws {
        let doc = try Self.json(try Self.incident())
        let figures = try #require(doc["figures"] as? [String: Any])
        let roles = try #require(figures["roles"] as? [[String: Any]])
        let ops = try #require(roles.first { $0["id"] as? String == "ops" })
        #expect(ops["done"] as? Int == 0)
        #expect(ops["skipped"] as? Int == 1)
        #expect(ops["notDone"] as? Int == 1)
        #expect(ops["notYetDue"] as? Int == 1)
        #expect(ops["waitingOnDecision"] as? Int == 1)
        let phases = try #require(figures["phases"] as? [[String: Any]])
        #expect(phases.first?["notDone"] as? Int == 1)
        #expect(phases.first?["notYetDue"] as? Int == 3)
        #expect(phases.first?["waitingOnDecision"] as? Int == 1)
        let deviations = try #require(figures["deviations"] as? [[String: Any]])
        #expect(deviations.filter { $0["kind"] as? String == "never done" }.map { $0["task"] as? String } == ["paper"])
    }

    /// Closed at T+40 min, what is open was never done: all five, and no interim columns.
    @Test func aClosedReportCountsEveryOpenTaskAsNeverDone() throws {
        let f = try Self.incident()
        f.clock.set(engineBase.adding(seconds: 40 * 60)); try f.act(.close)
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        let ic = try #require(m.roles.first { $0.id == "ic" }), ops = try #require(m.roles.first { $0.id == "ops" })
        #expect([ic.done, ic.skipped, ic.notDone, ic.notYetDue, ic.waitingOnDecision] == [1, 0, 2, 0, 0] as [Int])
        #expect([ops.done, ops.skipped, ops.notDone, ops.notYetDue, ops.waitingOnDecision] == [0, 1, 3, 0, 0] as [Int])
        #expect(Set(m.deviations.filter { $0.kind == .notDone }.compactMap(\.taskID)) == ["ic-decide-diversion", "hot-wash", "tell-ems", "paper", "census"])
        #expect(m.summary.contains("1 task was done, none late. 1 skipped; 5 never done."), "\(m.summary)")
        #expect(!AfterActionMarkdown.render(m).contains("Not yet due"))
    }

    /// "First system restored" is a system that was down and came back: the phones, first
    /// reported up (never lost), are not it. Today it named the phones at T+2.
    @Test func theFirstSystemRestoredWasDownFirst() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.set(engineBase.adding(seconds: 2 * 60)); try f.act(.system("Phones", .up))
        f.clock.set(engineBase.adding(seconds: 3 * 60)); try f.act(.system("EHR", .down))
        f.clock.set(engineBase.adding(seconds: 4 * 60)); try f.act(.system("PACS", .degraded))
        f.clock.set(engineBase.adding(seconds: 30 * 60)); try f.act(.system("ehr", .up))
        f.clock.set(engineBase.adding(seconds: 50 * 60)); try f.act(.system("PACS", .up))
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        let first = try #require(m.milestones.first { $0.title.hasPrefix("First system restored") })
        #expect(first.title == "First system restored (EHR)")
        #expect(first.actual == engineBase.adding(seconds: 30 * 60))
        #expect(first.seq == 5)
    }

    /// A system only ever reported up was never restored: no such milestone.
    @Test func noSystemDownNoFirstRestored() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.set(engineBase.adding(seconds: 2 * 60)); try f.act(.system("Phones", .up))
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(!m.milestones.contains { $0.title.hasPrefix("First system restored") })
    }

    /// Done counts done; skipped is its own count (the command post's header and the board's
    /// progress rows read `TaskCounts`).
    @Test func doneAndSkippedAreCountedApart() throws {
        let f = try Self.incident()
        let c = f.engine.counts(now: f.now)
        #expect(c.done == 1)
        #expect(c.skipped == 1)
        #expect(c.finished == 2)
        let board = BoardFacts(f.engine, now: f.now)
        let ops = try #require(board.roles.first { $0.id == "ops" })
        #expect([ops.done, ops.skipped, ops.finished, ops.applicable] == [0, 1, 1, 4] as [Int])
    }

    /// `status` on a closed incident measures against the close, as the board does: nothing
    /// falls overdue after it.
    @Test func aClosedIncidentIsMeasuredAtItsClose() throws {
        let f = try Self.incident()
        f.clock.set(engineBase.adding(seconds: 40 * 60)); try f.act(.close)
        let closed = engineBase.adding(seconds: 40 * 60)
        let later = engineBase.adding(seconds: 5 * 3600)
        #expect(f.engine.measuredAt(later) == closed)
        #expect(f.engine.measuredAt(engineBase.adding(seconds: 30 * 60)) == engineBase.adding(seconds: 30 * 60))
        // At the close, census (due T+2h) is not overdue; at the wall clock five hours on it was.
        let text = StatusText.render(f.engine, now: f.engine.measuredAt(later), everyTask: true)
        #expect(!text.contains("census — Downtime census (ops) — OVERDUE"), "\(text)")
        #expect(StatusText.render(f.engine, now: later, everyTask: true).contains("census — Downtime census (ops) — OVERDUE"))
        #expect(BoardFacts(f.engine, now: later).now == closed)
    }
    /// The declaration task is the shipped playbook's ic-declare (hic-tcr has none), and the
    /// test playbook's "Declare the incident".
    @Test func theDeclarationTaskIsFound() throws {
        func load(_ id: String) throws -> Playbook {
            switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath(id)) {
            case .success(let l): return l.playbook
            case .failure(let e): throw e
            }
        }
        #expect(try load("occi").declarationTask == "ic-declare")
        #expect(try load("hic-tcr").declarationTask == nil)
        #expect(try EngineFixture(Self.yaml).engine.playbook.declarationTask == "declare")
    }

    /// Activated at −50 min (entry 1 back-dated) and the declaration ticked now, without a time:
    /// the activation was the declaration, so it is not late (today: "35 min late").
    @Test func aDeclarationTickedAfterABackDatedActivationIsNotLate() throws {
        let f = try EngineFixture(Self.yaml, now: engineBase.adding(seconds: 50 * 60), at: engineBase)
        try f.act(.task("declare", .done))
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(!m.deviations.contains { $0.kind == .late }, "\(m.deviations.map(\.detail))")
        #expect(m.roles.first { $0.id == "ic" }?.late == 0)
        #expect(m.summary.contains("1 task was done, none late"), "\(m.summary)")
    }

    /// Not back-dated, the same declaration 50 minutes in is 35 minutes late; and a time given
    /// with --at counts as given, back-dated activation or not.
    @Test func aDeclarationIsLateWhenActivationWasNotItOrItsTimeWasGiven() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.set(engineBase.adding(seconds: 50 * 60))
        try f.act(.task("declare", .done))
        var late = ReportModel.build(f.engine, clock: ReportClock(utc: true)).deviations.filter { $0.kind == .late }
        #expect(late.map(\.taskID) == ["declare"])
        #expect(late.first?.detail.hasPrefix("done 35 min late") == true, "\(late.map(\.detail))")

        let g = try EngineFixture(Self.yaml, now: engineBase.adding(seconds: 50 * 60), at: engineBase)
        try g.act(.task("declare", .done), at: engineBase.adding(seconds: 40 * 60))
        late = ReportModel.build(g.engine, clock: ReportClock(utc: true)).deviations.filter { $0.kind == .late }
        #expect(late.first?.detail.hasPrefix("done 25 min late") == true, "\(late.map(\.detail))")
    }
}
