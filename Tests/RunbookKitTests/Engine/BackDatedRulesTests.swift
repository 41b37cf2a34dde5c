import Foundation
import Testing
import RunbookKit

/// Issue 10's back-dated entries: what happened before the incident was known, a task done
/// before it began or before its prerequisite, periods out of time order, and the role an
/// entry carries being the one held when it happened. Each is refused with its reason and the
/// journal untouched, or recorded with --force as a deviation.
@Suite struct BackDatedRulesTests {
    /// Activated at engineBase + 1 h, discovered at engineBase, now engineBase + 3 h.
    func fixture() throws -> EngineFixture {
        try EngineFixture(engineRulesYAML, now: engineBase.adding(seconds: 3 * 3600), at: engineBase.adding(seconds: 3600),
                          discovered: engineBase)
    }
    func t(_ minutes: Int) -> Timestamp { engineBase.adding(seconds: minutes * 60) }

    @Test func beforeDiscoveryIsRefusedAndForcedIsADeviation() throws {
        let f = try fixture()
        let err = f.refuse(.note("EHR slow", tag: nil), at: t(-60 * 24 * 14))
        #expect(err?.isRefused == true)
        #expect(err?.message.contains("before the incident was discovered") == true, "\(String(describing: err))")
        #expect(err?.message.contains("--force") == true)
        // Between discovery and activation is normal: no deviation.
        let normal = try f.act(.system("EHR", .down), at: t(10))
        #expect(normal["force"] == nil)
        let forced = try f.act(.note("first odd login", tag: nil), force: true, at: t(-120))
        #expect(forced["force"]?.bool == true)
        #expect(forced.string("deviation")?.contains("before the incident was discovered") == true)
        #expect(f.state.deviations.contains(forced.seq))
        // Tasks too, through the same rule.
        #expect(f.refuse(.task("declare", .done), at: t(-5))?.isRefused == true)
    }

    @Test func doneBeforeItsStartIsRefused() throws {
        let f = try fixture()
        try f.act(.task("declare", .start), at: t(150))
        let err = f.refuse(.task("declare", .done), at: t(130))
        #expect(err?.message.contains("was started at") == true, "\(String(describing: err))")
        let e = try f.act(.task("declare", .done), force: true, at: t(130))
        #expect(e.string("deviation")?.contains("done before it was started") == true)
        // The fold goes by when things happened: the start at 02:30 came after the done at
        // 02:10, so the task stands started, with the forced done in its history.
        #expect(f.status("declare") == .started)
        #expect(f.view("declare").record.history.contains(e.seq))
    }

    @Test func doneBeforeItsPrerequisiteWasDoneIsRefused() throws {
        let f = try fixture()
        try f.act(.task("declare", .done), at: t(120))
        #expect(f.status("activate") == .ready)
        let err = f.refuse(.task("activate", .done), at: t(100))
        #expect(err?.message.contains("prerequisite declare was done at") == true, "\(String(describing: err))")
        #expect(f.refuse(.task("activate", .start), at: t(119))?.isRefused == true)
        try f.act(.task("activate", .done), at: t(121))
        // Forced: one entry, both deviations named when it waits and is out of time order.
        let g = try fixture()
        try g.act(.task("declare", .done))
        let e = try g.act(.task("staff", .done), force: true, at: t(100))
        #expect(e.string("deviation")?.contains("waiting on activate") == true)
        #expect(e.string("deviation")?.contains("before its prerequisite declare") == true)
    }

    @Test func blockingIsAlwaysAllowed() throws {
        let f = try fixture()
        #expect(f.status("activate") == .waiting)
        let e = try f.act(.task("activate", .block), note: "command center room has no power")
        #expect(e["force"] == nil, "a block is information, not a deviation")
        #expect(f.status("activate") == .blocked)
        // A block is not a way round the prerequisite: starting, finishing or skipping the
        // blocked task while declare is not done is still out of order.
        #expect(f.view("activate").waitingOn == ["declare"])
        #expect(f.refuse(.task("activate", .start))?.message.contains("waiting on declare") == true)
        #expect(f.refuse(.task("activate", .done))?.message.contains("--force") == true)
        #expect(f.refuse(.task("activate", .skip), note: "n/a")?.message.contains("--force") == true)
        let forced = try f.act(.task("activate", .start), force: true)
        #expect(forced.string("deviation")?.contains("waiting on declare") == true)
        try f.act(.decide("downtime", "yes"))
        #expect(f.status("recheck") == .inapplicable)
        try f.act(.task("recheck", .block), note: "no one to do it")
        #expect(f.refuse(.task("recheck", .done))?.message.contains("--force") == true)
    }

    @Test func periodsAreInTimeOrder() throws {
        let f = try fixture()
        #expect(f.refuse(.period, at: t(30))?.message.contains("before the incident was activated") == true)
        #expect(f.refuse(.period, force: true, at: t(30))?.isRefused == true, "period 1 begins at activation, forced or not")
        let p2 = try f.act(.period, at: t(150))
        #expect(p2["period"]?.int == 2)
        let err = f.refuse(.period, at: t(120))
        #expect(err?.message.contains("period 2 began at") == true, "\(String(describing: err))")
        // Forced, it takes its place in time: it is period 2, and the one at 150 becomes 3.
        let early = try f.act(.period, force: true, at: t(120))
        #expect(early["period"]?.int == 2)
        #expect(early.string("deviation")?.contains("numbered in time order") == true)
        #expect(f.state.period == 3)
        #expect(f.state.periodStarted == t(150))
        // The timeline says so: the start at 150, recorded as period 2, is period 3 now.
        let later = EntryText.timelineText(p2, state: f.state, playbook: f.engine.playbook, withDate: false)
        #expect(later.contains("operational period 3 begins (recorded as period 2"), "\(later)")
        #expect(EntryText.timelineText(early, state: f.state, playbook: f.engine.playbook, withDate: false).contains("operational period 2 begins"))
        #expect(!EntryText.timelineText(early, state: f.state, playbook: f.engine.playbook, withDate: false).contains("recorded as"))
        #expect(f.state.facts.period(at: t(130)) == 2)
        #expect(f.state.facts.period(at: t(160)) == 3)
        #expect(f.state.facts.period(at: t(70)) == 1)
        let folded = try f.reopened()
        #expect(folded.state.period == 3)
        #expect(folded.state.periodStarted == t(150))
    }

    @Test func theRoleIsTheOneHeldWhenItHappened() throws {
        let f = try fixture()
        // Ann is the first IC; she acts before the scribe records it: her declare is the IC's.
        try f.act(.assign("ic", "Ann"), at: t(70))
        let declare = try f.act(.task("declare", .done), at: t(65), actor: "Ann")
        #expect(declare.actorRole == "ic")
        // Bob takes over at 150; his back-dated note from 100 is not the IC's, Ann's is.
        try f.act(.assign("ic", "Bob"), at: t(150))
        let bobEarly = try f.act(.note("saw the ransom note", tag: nil), at: t(100), actor: "Bob")
        #expect(bobEarly.actorRole == nil)
        let annEarly = try f.act(.note("called the CEO", tag: nil), at: t(110), actor: "Ann")
        #expect(annEarly.actorRole == "ic")
        // Now Bob is the IC, Ann no longer.
        #expect(try f.act(.note("briefing", tag: nil), actor: "Bob").actorRole == "ic")
        #expect(try f.act(.note("going home", tag: nil), actor: "Ann").actorRole == nil)
        // Ann moves to ops at 160: later entries carry ops.
        try f.act(.assign("ops", "Ann"), at: t(160))
        #expect(try f.act(.note("ops now", tag: nil), actor: "Ann").actorRole == "ops")
        #expect(try f.act(.note("as ic", tag: nil), at: t(120), actor: "Ann").actorRole == "ic")
    }

    @Test func systemNamesMatchWhateverTheCaseSpacingOrTheWordSystem() throws {
        let f = try fixture()
        try f.act(.system("Lab system", .down))
        let b = try f.act(.system("lab", .degraded))
        let c = try f.act(.system("LAB  System", .up))
        #expect(b.string("system") == "Lab system")
        #expect(c.string("system") == "Lab system")
        #expect(f.state.systems.count == 1)
        try f.act(.system("Lab interface", .down))
        #expect(f.state.systems.count == 2, "another word is another system")
        #expect(SystemRecord.sameSystem("Phone systems", "phone"))
        #expect(!SystemRecord.sameSystem("System", "Lab"))
    }
}

/// The report's operational periods follow the engine's time order, a forced earlier period
/// included (the review saw "#2 12:00–12:00" and "period 2" twice in the HICS 214).
@Suite struct ReportPeriodOrderTests {
    @Test func aPeriodForcedInEarlierTakesItsPlaceInTheReport() throws {
        let f = try EngineFixture(engineRulesYAML, now: engineBase.adding(seconds: 6 * 3600), at: engineBase)
        func t(_ minutes: Int) -> Timestamp { engineBase.adding(seconds: minutes * 60) }
        try f.act(.period, at: t(240))
        try f.act(.period, force: true, at: t(120))
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(m.periods.map(\.number) == [1, 2, 3])
        #expect(m.periods.map(\.from) == [engineBase, t(120), t(240)])
        #expect(m.periods[0].to == t(120) && m.periods[1].to == t(240))
    }
}

/// One system's turn of a per-system task cannot be back-dated to before the system was reported.
@Suite struct PerSystemTimeOrderTests {
    @Test func anInstanceIsNotDoneBeforeItsSystemWasReported() throws {
        let f = try EngineFixture(PerSystemTaskTests.yaml, now: engineBase.adding(seconds: 4 * 3600), at: engineBase)
        try f.act(.system("EHR", .down), at: engineBase.adding(seconds: 3600))
        let err = f.refuse(.task("restore@EHR", .done), at: engineBase.adding(seconds: 1800))
        #expect(err?.message.contains("EHR was first reported at") == true, "\(String(describing: err))")
        let e = try f.act(.task("restore@EHR", .done), force: true, at: engineBase.adding(seconds: 1800))
        #expect(e.string("deviation")?.contains("before EHR was first reported") == true)
        try f.act(.task("validate@EHR", .done), at: engineBase.adding(seconds: 2 * 3600))
    }
}
