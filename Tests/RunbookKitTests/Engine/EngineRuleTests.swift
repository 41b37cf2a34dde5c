import Foundation
import Testing
import RunbookKit

/// A small playbook exercising every engine rule.
let engineRulesYAML = """
id: rules
title: Rules
version: "1"
roles:
  - {id: ic, title: Incident Commander}
  - {id: ops, title: Operations}
  - {id: scribe, title: Scribe}
phases:
  - {id: now, title: Now, from: 0h}
decisions:
  - id: downtime
    question: Declare extended downtime?
    options: [yes, no]
    role: ic
  - id: isolation
    question: Isolate the network?
    options: [full, partial, none]
tasks:
  - id: declare
    title: Declare
    role: ic
    phase: now
    due: 15m
  - id: activate
    title: Activate
    role: ic
    phase: now
    due: 30m
    after: [declare]
  - id: staff
    title: Staff
    role: ic
    phase: now
    due: 45m
    after: [activate, declare]
  - id: two-tracks
    title: Two tracks
    role: ic
    phase: now
    when: downtime = yes
  - id: recheck
    title: Recheck downtime
    role: ops
    phase: now
    due: 1h
    when: downtime = no
  - id: census
    title: Census
    role: ops
    phase: now
    due: 4h
    every: 4h
    after: [declare]
  - id: after-tracks
    title: After the two tracks
    role: ic
    phase: now
    after: [two-tracks]
  - id: briefing
    title: Briefing
    role: ic
    phase: now
    every: 12h
"""

@Suite("Engine rules")
struct EngineRuleTests {
    func fixture(at: Timestamp? = nil) throws -> EngineFixture { try EngineFixture(engineRulesYAML, now: engineBase, at: at) }

    // MARK: statuses and prerequisites

    @Test func initialStatusesFollowPrerequisitesAndDecisions() throws {
        let f = try fixture()
        let s = f.statuses()
        #expect(s["declare"] == .ready)
        #expect(s["activate"] == .waiting)
        #expect(s["staff"] == .waiting)
        #expect(s["two-tracks"] == .waiting, "a when-task waits for its decision")
        #expect(s["recheck"] == .waiting)
        #expect(s["census"] == .waiting)
        #expect(s["after-tracks"] == .waiting)
        #expect(s["briefing"] == .ready)
        #expect(f.view("activate").waitingOn == ["declare"])
        #expect(f.view("staff").waitingOn == ["activate", "declare"])
        #expect(f.view("two-tracks").waitingOn == ["decision downtime"])
        #expect(f.view("declare").round == 1)
        #expect(f.state.entryCount == 1)
        #expect(f.state.period == 1)
        #expect(f.state.name == "Engine test")
        #expect(f.state.closed == nil)
    }

    @Test func waitingBecomesReadyWhenPrerequisitesAreDoneOrSkipped() throws {
        let f = try fixture()
        try f.act(.task("declare", .start))
        #expect(f.status("declare") == .started)
        #expect(f.status("activate") == .waiting, "a started prerequisite is not finished")
        try f.act(.task("declare", .done))
        #expect(f.status("declare") == .done)
        #expect(f.status("activate") == .ready)
        #expect(f.status("census") == .ready)
        #expect(f.status("staff") == .waiting)
        #expect(f.view("staff").waitingOn == ["activate"])
        try f.act(.task("activate", .skip), note: "command center already open")
        #expect(f.status("activate") == .skipped)
        #expect(f.view("activate").record.reason == "command center already open")
        #expect(f.status("staff") == .ready, "a skipped prerequisite counts as finished")
    }

    @Test func blockedPrerequisiteKeepsDependentsWaiting() throws {
        let f = try fixture()
        try f.act(.task("declare", .block), note: "IT not reachable")
        #expect(f.status("declare") == .blocked)
        #expect(f.status("activate") == .waiting)
        try f.act(.task("declare", .done))
        #expect(f.status("activate") == .ready)
    }

    @Test func actingOnAWaitingTaskNeedsForceAndIsRecordedAsADeviation() throws {
        let f = try fixture()
        for verb in Action.TaskVerb.allCases where verb != .reopen && verb != .block {
            let err = f.refuse(.task("activate", verb), note: "n")
            #expect(err?.isRefused == true)
            #expect(err?.message.contains("waiting on declare") == true, "\(String(describing: err))")
            #expect(err?.message.contains("--force") == true)
        }
        let e = try f.act(.task("activate", .done), force: true)
        #expect(e.type == "task.done")
        #expect(e["force"]?.bool == true)
        #expect(e.string("deviation")?.contains("declare") == true)
        #expect(f.status("activate") == .done)
        #expect(f.view("activate").record.deviated)
        #expect(f.state.deviations == [e.seq])
        // Force on a task that is not waiting records no deviation.
        let d = try f.act(.task("declare", .done), force: true)
        #expect(d["force"] == nil)
        #expect(d["deviation"] == nil)
        #expect(f.state.deviations == [e.seq])
        #expect(f.view("declare").record.deviated == false)
    }

    @Test func skipAndBlockNeedAReason() throws {
        let f = try fixture()
        for verb in [Action.TaskVerb.skip, .block] {
            let none = f.refuse(.task("declare", verb))
            #expect(none?.isUsage == true)
            #expect(none?.message.contains("--note") == true)
            let blank = f.refuse(.task("declare", verb), note: "  \n ")
            #expect(blank != nil)
            // Even with --force on a waiting task.
            #expect(f.refuse(.task("activate", verb), force: true) != nil)
        }
        #expect(f.state.entryCount == 1)
        try f.act(.task("declare", .block), note: "no phones")
        #expect(f.view("declare").record.reason == "no phones")
        #expect(f.refuse(.task("declare", .block), note: "again")?.message.contains("already blocked") == true)
        try f.act(.task("declare", .start))
        #expect(f.status("declare") == .started)
        #expect(f.view("declare").record.reason == nil)
        #expect(f.refuse(.task("declare", .start)) != nil, "already started")
    }

    /// A note about a task (the command post's `t`) carries `task`, joins that task's history,
    /// and changes nothing else about it; notes and reasons keep line breaks, not other controls.
    @Test func aNoteAboutATaskJoinsItsHistory() throws {
        let f = try fixture()
        let c = f.clock
        let e = try f.session.perform(.note("forms short\non 4 West", tag: nil), ActionContext(actor: "alice", task: "declare"), now: { c.now })
        #expect(e.string("task") == "declare")
        #expect(e.note == "forms short\non 4 West")
        #expect(f.view("declare").record.history == [e.seq])
        #expect(f.status("declare") == .ready)
        let reason = try f.act(.task("declare", .block), note: "line one\r\nline two")
        #expect(reason.note == "line one\r\nline two")
        #expect(f.refuse(.note("esc \u{1B}[2J here", tag: nil)) != nil)
        #expect(f.refuse(.task("declare", .reopen), note: "bell \u{7}") != nil)
    }

    @Test func reopenReturnsATaskToWork() throws {
        let f = try fixture()
        #expect(f.refuse(.task("declare", .reopen))?.message.contains("nothing to reopen") == true)
        try f.act(.task("declare", .done))
        #expect(f.refuse(.task("declare", .done))?.message.contains("already done") == true)
        #expect(f.refuse(.task("declare", .start)) != nil)
        #expect(f.refuse(.task("declare", .skip), note: "x") != nil)
        try f.act(.task("activate", .start))
        try f.act(.task("declare", .reopen), note: "declared too early")
        #expect(f.status("declare") == .ready)
        #expect(f.status("activate") == .started, "a started dependent stays started")
        #expect(f.status("census") == .waiting, "dependents wait again")
        try f.act(.task("declare", .skip), note: "done by phone")
        #expect(f.status("declare") == .skipped)
        #expect(f.refuse(.task("declare", .done)) != nil, "skipped must be reopened first")
        try f.act(.task("declare", .reopen))
        try f.act(.task("declare", .block), note: "waiting for CEO")
        try f.act(.task("declare", .reopen))
        #expect(f.status("declare") == .ready)
        #expect(f.view("declare").record.reason == nil)
        #expect(f.view("declare").record.history.count == 6)
    }

    // MARK: decisions

    @Test func decisionsMakeWhenTasksApplicableOrNot() throws {
        let f = try fixture()
        try f.act(.decide("downtime", "yes"), note: "ransomware")
        #expect(f.state.decisions["downtime"]?.option == "yes")
        #expect(f.status("two-tracks") == .ready)
        #expect(f.status("recheck") == .inapplicable)
        #expect(f.status("after-tracks") == .waiting)
        try f.act(.decide("downtime", "no"), note: "restored sooner")
        #expect(f.state.decisions["downtime"]?.option == "no")
        #expect(f.status("two-tracks") == .inapplicable)
        #expect(f.status("recheck") == .ready)
        #expect(f.status("after-tracks") == .ready, "an inapplicable prerequisite counts as finished")
        #expect(f.view("recheck").overdue == false)
        // Acting on an inapplicable task: refused, or forced as a deviation.
        let err = f.refuse(.task("two-tracks", .done))
        #expect(err?.message.contains("does not apply") == true)
        #expect(err?.message.contains("downtime = yes") == true)
        let e = try f.act(.task("two-tracks", .done), force: true)
        #expect(e["force"]?.bool == true)
        #expect(e.string("deviation")?.contains("downtime") == true)
        #expect(f.status("two-tracks") == .done)
        // Re-deciding yes later leaves it done.
        try f.act(.decide("downtime", "yes"))
        #expect(f.status("two-tracks") == .done)
        #expect(f.status("recheck") == .inapplicable)
    }

    @Test func inapplicableTasksAreNeverOverdue() throws {
        let f = try fixture()
        try f.act(.decide("downtime", "yes"))
        f.clock.advance(minutes: 600)
        #expect(f.view("recheck").status == .inapplicable)
        #expect(f.view("recheck").overdue == false)
        #expect(f.view("declare").overdue == true)
    }

    // MARK: due and overdue

    @Test func dueIsCountedFromAnActivationInThePast() throws {
        let activated = engineBase.adding(seconds: -3 * 3600)
        let f = try fixture(at: activated)
        #expect(f.state.activated == activated)
        let declare = f.view("declare")
        #expect(declare.due == activated.adding(seconds: 15 * 60))
        #expect(declare.overdue, "15 minutes after an activation 3 hours ago")
        #expect(f.view("activate").due == activated.adding(seconds: 30 * 60))
        #expect(f.view("activate").overdue, "a waiting task past due is overdue too")
        #expect(f.view("census").due == activated.adding(seconds: 4 * 3600))
        #expect(f.view("census").overdue == false)
        #expect(f.view("briefing").due == activated.adding(seconds: 12 * 3600), "recurring with no due: first round is due one interval in")
        #expect(f.view("two-tracks").due == nil)
        #expect(f.view("two-tracks").overdue == false)
        try f.act(.task("declare", .done))
        #expect(f.view("declare").overdue == false)
        try f.act(.task("activate", .block), note: "room locked")
        #expect(f.view("activate").overdue, "blocked is not finished")
        try f.act(.task("activate", .skip), note: "room locked")
        #expect(f.view("activate").overdue == false)
        f.clock.advance(minutes: 61)
        #expect(f.view("census").overdue)
        // The same through status JSON.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatusJSON.render(f.engine, now: f.now).utf8)) as? [String: Any])
        let tasks = try #require(json["tasks"] as? [[String: Any]])
        let census = try #require(tasks.first { $0["id"] as? String == "census" })
        #expect(census["overdue"] as? Bool == true)
        #expect(census["due"] as? String == activated.adding(seconds: 4 * 3600).rfc3339)
        #expect(census["round"] as? Int == 1)
        let incident = try #require(json["incident"] as? [String: Any])
        #expect(incident["opened"] as? String == activated.rfc3339)
    }

    @Test func atInTheFutureIsRefusedButBeforeActivationIsKept() throws {
        let activated = engineBase.adding(seconds: -3600)
        let f = try EngineFixture(engineRulesYAML, now: engineBase, at: activated, discovered: activated.adding(seconds: -7200))
        let future = f.refuse(.task("declare", .done), at: f.now.adding(seconds: 3600))
        #expect(future?.isUsage == true)
        #expect(future?.message.contains("future") == true)
        #expect(f.refuse(.note("n", tag: nil), at: f.now.adding(seconds: 120)) != nil)
        #expect(f.refuse(.decide("downtime", "yes"), at: f.now.adding(seconds: 120)) != nil)
        // What happened after discovery, before the command post was activated, is recorded,
        // and sorts first.
        let early = try f.act(.system("EHR", .down), at: activated.adding(seconds: -3600))
        #expect(early.when < activated)
        #expect(EntryText.chronological(f.engine.state.entries).dropFirst(0).first?.seq == early.seq)
        // Within a minute of now is tolerated (clock skew between terminals).
        try f.act(.note("skew", tag: nil), at: f.now.adding(seconds: 30))
    }

    @Test func atIsWhenItHappenedAndTimeIsWhenRecorded() throws {
        let f = try fixture(at: engineBase.adding(seconds: -7200))
        let happened = engineBase.adding(seconds: -3600)
        let e = try f.act(.task("declare", .done), at: happened)
        #expect(e.at == happened)
        #expect(e.time == engineBase)
        #expect(e.when == happened)
        #expect(f.view("declare").record.since == happened)
        let n = try f.act(.note("now", tag: nil))
        #expect(n.at == nil)
        #expect(n.when == engineBase)
    }

    // MARK: recurring tasks

    @Test func recurringTasksComeBackAsNewRoundsDueAfterThePreviousRound() throws {
        let f = try fixture()
        try f.act(.task("declare", .done))
        #expect(f.view("census").round == 1)
        #expect(f.view("census").due == engineBase.adding(seconds: 4 * 3600))
        f.clock.advance(minutes: 60)
        let r1 = try f.act(.task("census", .done))
        #expect(r1["round"]?.int == 1)
        let v2 = f.view("census")
        #expect(v2.round == 2)
        #expect(v2.status == .ready)
        #expect(v2.due == f.now.adding(seconds: 4 * 3600), "due one interval after the previous round was done")
        #expect(v2.overdue == false)
        #expect(f.refuse(.task("census", .reopen))?.message.contains("round 2") == true)
        f.clock.advance(minutes: 5 * 60)
        #expect(f.view("census").overdue)
        // Round 2 done late with --at: round 3 counts from when it happened.
        let happened = f.now.adding(seconds: -1800)
        try f.act(.task("census", .start), at: happened.adding(seconds: -600))
        #expect(f.view("census").status == .started)
        let r2 = try f.act(.task("census", .done), at: happened)
        #expect(r2["round"]?.int == 2)
        #expect(f.view("census").round == 3)
        #expect(f.view("census").due == happened.adding(seconds: 4 * 3600))
        // A skipped round needs a reason and also moves on.
        #expect(f.refuse(.task("census", .skip)) != nil)
        try f.act(.task("census", .skip), note: "no staff this round")
        #expect(f.view("census").round == 4)
        #expect(f.view("census").due == f.now.adding(seconds: 4 * 3600))
        // A later round is not held back by its prerequisite being reopened.
        try f.act(.task("declare", .reopen))
        #expect(f.status("census") == .ready)
        #expect(f.view("census").round == 4)
    }

    @Test func correctingARoundTakesItBack() throws {
        let f = try fixture()
        try f.act(.task("declare", .done))
        let r1 = try f.act(.task("census", .done))
        #expect(f.view("census").round == 2)
        try f.act(.correct(r1.seq, reason: "census was not taken"))
        #expect(f.view("census").round == 1)
        #expect(f.view("census").due == engineBase.adding(seconds: 4 * 3600))
    }

    // MARK: clock

    @Test func aClockThatGoesBackIsFlaggedNeverFixed() throws {
        let f = try fixture()
        f.clock.advance(minutes: 30)
        try f.act(.note("first", tag: nil))
        f.clock.advance(minutes: -20)
        let back = try f.act(.note("clock went back", tag: nil))
        #expect(back.time == engineBase.adding(seconds: 600), "the recorded time is kept as the clock gave it")
        #expect(f.state.clockWarnings.count == 1)
        #expect(f.state.clockWarnings.first?.seq == back.seq && f.state.clockWarnings.first?.words.contains("entry \(back.seq)") == true)
        #expect(f.state.clockWarnings.first?.words.contains("20 min") == true)
        // Later entries in order after the jump are not flagged again.
        f.clock.advance(minutes: 1)
        try f.act(.note("after", tag: nil))
        f.clock.advance(minutes: 1)
        try f.act(.note("after again", tag: nil))
        #expect(f.state.clockWarnings.count == 1)
        // The fold from the file flags the same.
        let again = try f.reopened()
        #expect(again.state.clockWarnings == f.state.clockWarnings)
        let json = StatusJSON.render(f.engine, now: f.now)
        #expect(json.contains("clock went back"))
    }

    @Test func aClockWarningSurvivesACorrection() throws {
        let f = try fixture()
        f.clock.advance(minutes: 10)
        try f.act(.note("a", tag: nil))
        f.clock.advance(minutes: -5)
        let b = try f.act(.note("b", tag: nil))
        try f.act(.correct(b.seq, reason: "typo"))
        #expect(f.state.clockWarnings.count == 1)
    }

    // MARK: roles

    @Test func rolesKeepTheirHandOverHistory() throws {
        let f = try fixture()
        #expect(f.engine.holder(of: "ic") == nil)
        let t0 = f.now
        try f.act(.assign("ic", "Dr Adams"))
        f.clock.advance(minutes: 720)
        try f.act(.assign("ic", "Dr Baker"), note: "shift change")
        f.clock.advance(minutes: 720)
        try f.act(.assign("ic", "Dr Chen"))
        try f.act(.assign("scribe", "Sam"))
        let ic = try #require(f.state.roles["ic"])
        #expect(ic.person == "Dr Chen")
        #expect(ic.since == f.now)
        #expect(ic.previous.map { $0.person } == ["Dr Adams", "Dr Baker"])
        #expect(ic.previous.map { $0.since } == [t0, t0.adding(seconds: 720 * 60)])
        #expect(f.engine.holder(of: "scribe") == "Sam")
        // An entry by a role holder carries the role.
        let e = try f.act(.note("briefing held", tag: nil), actor: "Dr Chen")
        #expect(e.actorRole == "ic")
        let other = try f.act(.note("from the floor", tag: nil), actor: "Dr Adams")
        #expect(other.actorRole == nil, "a former holder no longer acts in the role")
        // Bad role and empty person refused.
        let bad = f.refuse(.assign("opps", "Pat"))
        #expect(bad?.isNotFound == true)
        #expect(bad?.message.contains("ops") == true)
        #expect(f.refuse(.assign("ops", "   ")) != nil)
    }

    // MARK: systems

    @Test func systemOutageTimeAddsUpAcrossStates() throws {
        let f = try fixture()
        let t0 = f.now
        try f.act(.system("EHR", .down))
        #expect(f.state.systems.first?.state == .down)
        f.clock.advance(minutes: 30)
        try f.act(.system("ehr", .degraded), note: "read-only")
        #expect(f.state.systems.count == 1, "names match without regard to case")
        #expect(f.state.systems[0].name == "EHR")
        try f.act(.system("  EHR\t", .degraded), note: "same system, typed with spaces")
        #expect(f.state.systems.count == 1, "surrounding spaces do not make a new system")
        #expect(f.state.entries.last?.string("system") == "EHR")
        f.clock.advance(minutes: 60)
        try f.act(.system("EHR", .up))
        #expect(f.state.systems[0].state == .up)
        #expect(f.state.systems[0].since == f.now)
        #expect(f.state.systems[0].outageSeconds(now: f.now) == 90 * 60)
        f.clock.advance(minutes: 20)
        #expect(f.state.systems[0].outageSeconds(now: f.now) == 90 * 60, "up time is not outage")
        try f.act(.system("EHR", .down))
        f.clock.advance(minutes: 10)
        let ehr = f.state.systems[0]
        #expect(ehr.outageSeconds(now: f.now) == 100 * 60)
        #expect(ehr.firstReported == t0)
        #expect(ehr.since == t0.adding(seconds: 110 * 60))
        // A second system is tracked separately, in the order first reported.
        try f.act(.system("PACS", .degraded), at: f.now.adding(seconds: -300))
        #expect(f.state.systems.map(\.name) == ["EHR", "PACS"])
        #expect(f.state.systems[1].outageSeconds(now: f.now) == 300)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatusJSON.render(f.engine, now: f.now).utf8)) as? [String: Any])
        let systems = try #require(json["systems"] as? [[String: Any]])
        #expect(systems.first?["outageSeconds"] as? Int == 6000)
        #expect(systems.first?["state"] as? String == "down")
    }

    @Test func correctingASystemReportRestoresTheOutageTime() throws {
        let f = try fixture()
        try f.act(.system("EHR", .down))
        f.clock.advance(minutes: 30)
        let up = try f.act(.system("EHR", .up))
        f.clock.advance(minutes: 30)
        #expect(f.state.systems[0].outageSeconds(now: f.now) == 1800)
        try f.act(.correct(up.seq, reason: "it went down again at once"))
        #expect(f.state.systems[0].state == .down)
        #expect(f.state.systems[0].outageSeconds(now: f.now) == 3600)
    }

    // MARK: periods

    @Test func operationalPeriodsCountUp() throws {
        let f = try fixture()
        #expect(f.state.period == 1)
        #expect(f.state.periodStarted == engineBase)
        f.clock.advance(minutes: 720)
        let p2 = try f.act(.period, note: "night shift")
        #expect(p2["period"]?.int == 2)
        #expect(f.state.period == 2)
        #expect(f.state.periodStarted == f.now)
        f.clock.advance(minutes: 720)
        let p3 = try f.act(.period)
        #expect(p3["period"]?.int == 3)
        #expect(f.state.period == 3)
        try f.act(.correct(p3.seq, reason: "briefing postponed"))
        #expect(f.state.period == 2)
        #expect(f.state.periodStarted == engineBase.adding(seconds: 720 * 60))
        let p3b = try f.act(.period)
        #expect(p3b["period"]?.int == 3)
    }

    // MARK: corrections

    @Test func aCorrectedEntryStopsCountingAndCorrectingTheCorrectionRestoresIt() throws {
        let f = try fixture()
        let d = try f.act(.decide("downtime", "yes"))
        #expect(f.status("two-tracks") == .ready)
        let c1 = try f.act(.correct(d.seq, reason: "the IC had not decided yet"))
        #expect(c1["target"]?.int == Int64(d.seq))
        #expect(c1.string("reason") == "the IC had not decided yet")
        #expect(f.state.decisions["downtime"] == nil)
        #expect(f.status("two-tracks") == .waiting)
        #expect(f.state.corrected == [d.seq: c1.seq])
        #expect(f.state.counts(d.seq) == false)
        #expect(f.state.entryCount == 3, "corrected entries are kept")
        // Correcting it again is refused and points at the correction.
        let twice = f.refuse(.correct(d.seq, reason: "again"))
        #expect(twice?.message.contains("entry \(c1.seq)") == true)
        let c2 = try f.act(.correct(c1.seq, reason: "the correction was itself a mistake"))
        #expect(f.state.decisions["downtime"]?.option == "yes")
        #expect(f.status("two-tracks") == .ready)
        #expect(f.state.corrected == [c1.seq: c2.seq])
        // Third level: correcting the correction of the correction takes the decision out again.
        try f.act(.correct(c2.seq, reason: "no, it was right"))
        #expect(f.state.decisions["downtime"] == nil)
    }

    @Test func correctingATaskEntryAndAForcedDeviation() throws {
        let f = try fixture()
        let forced = try f.act(.task("activate", .done), force: true)
        #expect(f.state.deviations == [forced.seq])
        let done = try f.act(.task("declare", .done))
        #expect(f.status("declare") == .done)
        try f.act(.correct(done.seq, reason: "wrong task"))
        #expect(f.status("declare") == .ready)
        #expect(f.status("activate") == .done, "a later valid entry still counts")
        try f.act(.correct(forced.seq, reason: "not really done"))
        #expect(f.status("activate") == .waiting)
        #expect(f.state.deviations.isEmpty)
        #expect(f.view("activate").record.deviated == false)
    }

    @Test func correctionsAreCheckedAndNeedAReason() throws {
        let f = try fixture()
        try f.act(.note("x", tag: "lesson"))
        #expect(f.state.lessons == [2])
        #expect(f.refuse(.correct(2, reason: " "))?.isUsage == true)
        let missing = f.refuse(.correct(99, reason: "r"))
        #expect(missing?.isNotFound == true)
        #expect(missing?.message.contains("1 to 2") == true)
        #expect(f.refuse(.correct(0, reason: "r")) != nil)
        #expect(f.refuse(.correct(1, reason: "r"))?.message.contains("opens the incident") == true)
        try f.act(.correct(2, reason: "not a lesson"))
        #expect(f.state.lessons.isEmpty)
    }

    // MARK: closing

    /// A task for a decision's option is not late while the decision is open: "overdue:
    /// divert ambulances" before anyone decided to divert would invite the wrong act. Once
    /// decided, its plain `due` counts from the decision, not from activation.
    @Test func undecidedOptionTasksAreNotOverdue() throws {
        let f = try fixture()
        f.clock.advance(minutes: 120)
        #expect(f.view("recheck").status == .waiting)
        #expect(!f.view("recheck").overdue, "due 1h, but nobody knows yet whether it applies")
        let decided = try f.act(.decide("downtime", "no"))
        #expect(f.view("recheck").status == .ready)
        #expect(f.view("recheck").due == decided.when.adding(seconds: 3600))
        #expect(!f.view("recheck").overdue, "it applies from now: its hour starts now")
        f.clock.advance(minutes: 61)
        #expect(f.view("recheck").overdue, "an hour after the decision, it is late")
    }

    @Test func closingBeforeActivationIsRefused() throws {
        let f = try fixture()
        f.clock.advance(minutes: 30)
        let err = f.refuse(.close, at: engineBase.adding(seconds: -60))
        #expect(err?.isRefused == true)
        #expect(err?.message.contains("before it was activated") == true)
        try f.act(.close, at: engineBase.adding(seconds: 60))
        #expect(f.state.closed == engineBase.adding(seconds: 60))
    }

    @Test func aClosedIncidentRefusesEveryAction() throws {
        let f = try fixture()
        let n = try f.act(.note("before close", tag: nil))
        f.clock.advance(minutes: 5)
        let c = try f.act(.close, note: "all clear")
        #expect(f.state.closed == f.now)
        #expect(c.type == "incident.closed")
        let actions: [Action] = [
            .task("declare", .done), .task("declare", .start), .task("activate", .done), .task("declare", .reopen),
            .decide("downtime", "yes"), .assign("ic", "Pat"), .system("EHR", .down),
            .note("after", tag: nil), .correct(n.seq, reason: "r"),
            .period, .close,
        ]
        for a in actions {
            for force in [false, true] {
                let err = f.refuse(a, note: "because", force: force)
                #expect(err?.isRefused == true, "\(a)")
                #expect(err?.message.contains("closed") == true)
            }
        }
        #expect(f.state.entryCount == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StatusJSON.render(f.engine, now: f.now).utf8)) as? [String: Any])
        #expect((json["incident"] as? [String: Any])?["closed"] as? String == f.now.rfc3339)
    }

    // MARK: unknown ids

    @Test func unknownIDsAreRefusedNamingTheNearestValidOnes() throws {
        let f = try fixture()
        let task = f.refuse(.task("activte", .done))
        #expect(task?.isNotFound == true)
        #expect(task?.message.contains("no task 'activte'") == true)
        #expect(task?.message.contains("activate") == true)
        // A word more than a valid id ("intel-rebuild-clean" for intel-rebuild) names it.
        #expect(Nearest.matches(for: "intel-rebuild-clean", in: ["ic-declare", "intel-rebuild", "intel-restore"]) == ["intel-rebuild"])
        #expect(Nearest.matches(for: "intel-restore-data", in: ["ic-declare", "intel-rebuild", "intel-restore"]) == ["intel-restore"])
        let task2 = f.refuse(.task("two-track", .start), force: true)
        #expect(task2?.message.contains("two-tracks") == true)
        let decision = f.refuse(.decide("downtme", "yes"))
        #expect(decision?.isNotFound == true)
        #expect(decision?.message.contains("downtime") == true)
        let option = f.refuse(.decide("isolation", "fulll"))
        #expect(option?.isNotFound == true)
        #expect(option?.message.contains("full") == true)
        #expect(option?.message.contains("partial") == true)
        let role = f.refuse(.assign("scrib", "Sam"))
        #expect(role?.isNotFound == true)
        #expect(role?.message.contains("scribe") == true)
        #expect(f.state.entryCount == 1)
    }

    // MARK: phases

    @Test func currentPhaseIsTheLatestOpenWindowWithWorkBegun() throws {
        let yaml = """
        id: phases
        title: Phases
        version: "1"
        roles:
          - {id: ic, title: IC}
        phases:
          - {id: immediate, title: Immediate, from: 0h, to: 2h}
          - {id: intermediate, title: Intermediate, from: 2h, to: 12h}
          - {id: extended, title: Extended, from: 12h}
          - {id: demob, title: Demobilization, from: 24h}
        tasks:
          - {id: a, title: A, role: ic, phase: immediate}
          - {id: d, title: D, role: ic, phase: demob}
        """
        let f = try EngineFixture(yaml)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        func phase(afterHours h: Double) -> String? {
            f.engine.currentPhase(now: engineBase.adding(seconds: Int(h * 3600)))?.id
        }
        #expect(phase(afterHours: 0) == "immediate")
        #expect(phase(afterHours: 1.99) == "immediate")
        #expect(phase(afterHours: 2) == "intermediate")
        #expect(phase(afterHours: 13) == "extended")
        #expect(phase(afterHours: 30) == "extended", "demobilization's window is open but nobody has begun it")
        #expect(phase(afterHours: -1) == nil)
        f.clock.set(engineBase.adding(seconds: 30 * 3600))
        try f.act(.task("d", .start))
        #expect(phase(afterHours: 30) == "demob", "work has begun in the later open phase")
        #expect(phase(afterHours: 13) == "extended", "a window not yet open at that time does not count")
    }

    // MARK: fold

    @Test func foldingTheWholeJournalEqualsAdvancingOneEntryAtATime() throws {
        let f = try fixture(at: engineBase.adding(seconds: -3600))
        try f.act(.assign("ic", "Dr Adams"))
        try f.act(.task("declare", .done), at: engineBase.adding(seconds: -1800))
        try f.act(.decide("downtime", "yes"))
        let s = try f.act(.system("EHR", .down))
        f.clock.advance(minutes: 30)
        try f.act(.task("census", .done))
        try f.act(.task("staff", .start), force: true)
        try f.act(.period)
        try f.act(.correct(s.seq, reason: "was PACS"))
        try f.act(.system("PACS", .down))
        f.clock.advance(minutes: -3)
        try f.act(.note("lesson: print MARs earlier", tag: "lesson"))
        let stepped = StatusJSON.render(f.engine, now: f.now)
        let folded = Engine.fold(playbook: f.engine.playbook, incidentID: f.id, entries: f.state.entries)
        #expect(StatusJSON.render(folded, now: f.now) == stepped)
        #expect(StatusJSON.render(try f.reopened().engine, now: f.now) == stepped)
        let doc = try JSONDecoder().decode(StatusJSON.Document.self, from: Data(stepped.utf8))
        #expect(doc.tasks.contains { $0.id == "staff" && $0.status == "started" })
    }

    /// Entries built by hand, as another version or a damaged-but-verified journal might hold them.
    @Test func handBuiltEntriesFoldTheSameStepwiseAndAtOnce() throws {
        let pb = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(text: engineRulesYAML, name: "rules.yaml")
        var seq = 0
        func entry(_ type: String, minutes: Int, at: Int? = nil, _ fields: [(String, JSONScalar)] = []) -> JournalEntry {
            seq += 1
            var m: [(String, JSONScalar)] = [("seq", .int(Int64(seq))), ("time", .string(engineBase.adding(seconds: minutes * 60).rfc3339)),
                                             ("actor", .string("alice")), ("type", .string(type))]
            if let at { m.append(("at", .string(engineBase.adding(seconds: at * 60).rfc3339))) }
            m += fields
            m += [("prev", .string(String(repeating: "0", count: 64))), ("hash", .string(String(format: "%064d", seq)))]
            return JournalEntry(members: m)!
        }
        let entries = [
            entry("incident.opened", minutes: 0, at: -60, [("name", .string("Hand")), ("playbook", .string("rules"))]),
            entry("task.done", minutes: 1, [("task", .string("declare"))]),
            entry("task.done", minutes: 2, [("task", .string("no-such-task"))]),
            entry("task.exploded", minutes: 3, [("task", .string("activate"))]),
            entry("decision.made", minutes: 4, [("decision", .string("downtime")), ("option", .string("yes"))]),
            entry("entry.corrected", minutes: 5, [("target", .int(9)), ("reason", .string("points ahead"))]),
            entry("entry.corrected", minutes: 3, [("target", .int(5)), ("reason", .string("r"))]),
            entry("task.done", minutes: 6, [("task", .string("census")), ("round", .int(1))]),
            entry("entry.corrected", minutes: 7, [("target", .int(7)), ("reason", .string("r"))]),
        ]
        var stepped = Engine(playbook: pb, incidentID: "hand")
        for e in entries { stepped.apply(e) }
        let folded = Engine.fold(playbook: pb, incidentID: "hand", entries: entries)
        #expect(StatusJSON.render(stepped, now: engineBase) == StatusJSON.render(folded, now: engineBase))
        #expect(stepped.state.activated == engineBase.adding(seconds: -3600), "activation is entry 1's at")
        #expect(stepped.state.entryCount == 9)
        #expect(stepped.taskView("declare", now: engineBase)?.status == .done)
        #expect(stepped.taskView("activate", now: engineBase)?.status == .ready, "an unknown entry type changes nothing")
        #expect(stepped.state.decisions["downtime"]?.option == "yes", "the correction of the correction restored it")
        #expect(stepped.state.corrected == [7: 9])
        #expect(folded.state.corrected == [7: 9])
        #expect(stepped.taskView("census", now: engineBase)?.round == 2)
        #expect(stepped.state.clockWarnings.count == 1)
        #expect(folded.state.clockWarnings == stepped.state.clockWarnings)
    }

    @Test func aSecondTerminalSeesTheFirstTerminalsEntriesBeforeChecking() throws {
        let f = try fixture()
        let other = try f.reopened()
        try f.act(.task("declare", .done))
        // `other` has not refreshed, yet its action is checked against the fresh journal.
        let e = try other.perform(.task("activate", .done), ActionContext(actor: "bob"), now: { engineBase })
        #expect(e.seq == 3)
        #expect(e["force"] == nil)
        #expect(other.engine.taskView("activate", now: engineBase)?.status == .done)
        try f.session.refresh()
        #expect(StatusJSON.render(f.engine, now: engineBase) == StatusJSON.render(other.engine, now: engineBase))
    }
}
