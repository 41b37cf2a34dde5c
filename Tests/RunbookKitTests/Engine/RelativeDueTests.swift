import Foundation
import Testing
import RunbookKit

/// `due: 72h after TASK`, `due: 60d after decision D = O`, `due: 60d after discovery`: no due
/// time until the anchor happens, then counted from it; never overdue before.
@Suite("Relative due times")
struct RelativeDueTests {
    static let yaml = """
    id: rel
    title: Relative due
    version: "1"
    roles: [{id: ic, title: IC}, {id: legal, title: Counsel}]
    phases: [{id: p, title: P, from: 0h}]
    decisions:
      - {id: notify, question: Notify regulators?, options: [notify, hold]}
    tasks:
      - {id: declare, title: Declare, role: ic, phase: p, due: 15m}
      - {id: insurer, title: Notify the insurer, role: legal, phase: p, due: 72h after declare, deadline: true}
      - {id: regulator, title: Notify the regulator, role: legal, phase: p, due: "60d after decision notify = notify", deadline: true}
      - {id: individuals, title: Notify individuals, role: legal, phase: p, due: 60d after discovery, deadline: true}
      - {id: census, title: Census, role: ic, phase: p, due: 1h after declare, every: 4h}

    """

    @Test func aTaskAnchorStartsTheClockWhenItIsDone() throws {
        let f = try EngineFixture(Self.yaml)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        #expect(f.view("insurer").due == nil)
        #expect(f.view("insurer").overdue == false)
        #expect(StatusText.dueWords(f.view("insurer"), now: f.now) == "due 72 h after declare is done")
        f.clock.advance(minutes: 10)
        let done = try f.act(.task("declare", .done), at: engineBase.adding(seconds: 5 * 60))
        #expect(done.when == engineBase.adding(seconds: 300))
        #expect(f.view("insurer").due == engineBase.adding(seconds: 300 + 72 * 3600), "from when it was done (--at), not recorded")
        f.clock.set(engineBase.adding(seconds: 300 + 72 * 3600 + 60))
        #expect(f.view("insurer").overdue)
        // Reopening the anchor stops the clock again.
        try f.act(.task("declare", .reopen))
        #expect(f.view("insurer").due == nil && !f.view("insurer").overdue)
        // A skipped anchor never happened: no clock.
        try f.act(.task("declare", .skip), note: "declared on paper")
        #expect(f.view("insurer").due == nil)
    }

    @Test func aRecurringTaskAnchoredOnATaskStartsItsRoundsThere() throws {
        let f = try EngineFixture(Self.yaml)
        #expect(f.view("census").due == nil)
        f.clock.advance(minutes: 20)
        try f.act(.task("declare", .done))
        #expect(f.view("census").due == f.now.adding(seconds: 3600))
        f.clock.advance(minutes: 30)
        try f.act(.task("census", .done))
        #expect(f.view("census").due == f.now.adding(seconds: 4 * 3600), "later rounds: every after the last")
    }

    @Test func aDecisionAnchorCountsOnlyForItsOption() throws {
        let f = try EngineFixture(Self.yaml)
        #expect(StatusText.dueWords(f.view("regulator"), now: f.now) == "due 60 days after notify is decided notify")
        f.clock.advance(minutes: 90)
        try f.act(.decide("notify", "hold"))
        #expect(f.view("regulator").due == nil)
        f.clock.advance(minutes: 60)
        let d = try f.act(.decide("notify", "notify"), at: f.now.adding(seconds: -600))
        #expect(f.view("regulator").due == d.when.adding(seconds: 60 * 86_400))
        // Entered in error: the clock goes with it.
        try f.act(.correct(d.seq, reason: "wrong decision"))
        #expect(f.view("regulator").due == nil)
    }

    @Test func discoveryCountsFromEntryOneDiscoveredBeforeActivation() throws {
        let discovered = engineBase.adding(seconds: -2 * 86_400)
        let f = try EngineFixture(Self.yaml, discovered: discovered)
        #expect(f.state.discovered == discovered)
        #expect(f.view("individuals").due == discovered.adding(seconds: 60 * 86_400))
        #expect(f.view("declare").due == engineBase.adding(seconds: 15 * 60), "plain due still counts from activation")
        f.clock.set(discovered.adding(seconds: 60 * 86_400 + 1))
        #expect(f.view("individuals").overdue)
    }

    @Test func statusJSONShowsTheDueTimeOnceKnown() throws {
        let f = try EngineFixture(Self.yaml)
        var doc = StatusJSON.document(f.engine, now: f.now)
        #expect(doc.tasks.first { $0.id == "insurer" }?.due == nil)
        #expect(doc.tasks.first { $0.id == "insurer" }?.deadline == true)
        try f.act(.task("declare", .done))
        doc = StatusJSON.document(f.engine, now: f.now)
        #expect(doc.tasks.first { $0.id == "insurer" }?.due == f.now.adding(seconds: 72 * 3600).rfc3339)
        #expect(StatusText.render(f.engine, now: f.now).contains("insurer — Notify the insurer (legal) — due "))
    }
}
