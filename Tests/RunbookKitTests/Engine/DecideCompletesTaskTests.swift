import Foundation
import Testing
import RunbookKit

/// `decide` completes the task that records the decision (issue 22, part 2): one engine rule
/// (`Engine.drafts`), two entries written together, the task's done with the decision's time.
@Suite("Deciding completes the task that records it")
struct DecideCompletesTaskTests {
    /// The journal's entries from `from` on.
    func entries(_ f: EngineFixture, from: Int) -> [JournalEntry] { Array(f.state.entries.dropFirst(from - 1)) }

    @Test func oneDecideWritesTheDecisionAndItsTaskDoneTogether() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        f.clock.advance(minutes: 30)
        let at = f.now.adding(seconds: -600)
        let written = try f.session.performAll(.decide("ambulance-diversion", "divert"),
                                               ActionContext(actor: "alice", at: at, note: "CT down", paper: .reference("ICS 214 p2"), forWhom: "Dr Chen"),
                                               now: { f.clock.now })
        #expect(written.map(\.kind) == [.decisionMade, .taskDone])
        #expect(written.map(\.seq) == [3, 4])
        #expect(written[1].prevHash == written[0].lineHash)
        #expect(written[1].string("task") == "ic-decide-diversion")
        // The same moment, paper and person; the reason stays on the decision.
        #expect(written.map(\.at) == [at, at])
        #expect(written.map { $0["paper"]?.string } == ["ICS 214 p2", "ICS 214 p2"])
        #expect(written.map(\.forPerson) == ["Dr Chen", "Dr Chen"])
        #expect(written.map(\.note) == ["CT down", nil])
        #expect(f.status("ic-decide-diversion") == .done)
        #expect(f.view("ic-decide-diversion").record.since == at)
        #expect(f.status("liaison-tell-ems") == .ready)
        // Both are in the journal, chained, and read back the same.
        let again = try IncidentSession(store: f.store, id: f.id)
        #expect(again.state.entryCount == 4)
        #expect(again.engine.taskView("ic-decide-diversion", now: f.now)?.status == .done)
    }

    /// A decision changed later is recorded alone: its task is already done.
    @Test func aChangedDecisionDoesNotCompleteTheTaskAgain() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        try f.act(.decide("ambulance-diversion", "divert"))
        let doneAt = f.view("ic-decide-diversion").record.since
        f.clock.advance(minutes: 90)
        let written = try f.session.performAll(.decide("ambulance-diversion", "no-divert"), ActionContext(actor: "alice"), now: { f.clock.now })
        #expect(written.map(\.kind) == [.decisionMade])
        #expect(f.view("ic-decide-diversion").record.since == doneAt)
        #expect(f.state.entries.filter { $0.kind == .taskDone && $0.string("task") == "ic-decide-diversion" }.count == 1)
        #expect(f.engine.decisionTaskOutcome("ambulance-diversion", "divert", ActionContext(actor: "alice"), now: f.now)
                == .stays(task: "ic-decide-diversion", status: .done))
    }

    /// Its task still waiting on a prerequisite: the task rule of `do TASK done` holds the done
    /// back, so the decision is recorded alone (the IC's answer is never refused for the
    /// paperwork before it) and the task stays open, said in one line naming the way forward;
    /// with --force both are recorded, the task's done noting the deviation.
    @Test func aWaitingTaskStaysOpenUnlessForced() throws {
        let f = try EngineFixture(decisionTaskYAML)
        let waiting = Refusal.waiting(task: "ic-decide-diversion", on: ["ic-declare"])
        #expect(f.engine.decisionTaskOutcome("ambulance-diversion", "divert", ActionContext(actor: "alice"), now: f.now)
                == .heldBack(task: "ic-decide-diversion", waiting))
        let alone = try f.session.performAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "alice"), now: { f.clock.now })
        #expect(alone.map(\.kind) == [.decisionMade])
        #expect(f.state.decisions["ambulance-diversion"]?.option == "divert")
        #expect(f.status("ic-decide-diversion") == .waiting)
        let open = try #require(f.engine.decisionTaskLeftOpen("ambulance-diversion", now: f.now))
        #expect(open.task == "ic-decide-diversion" && open.why == waiting)
        let words = open.why.decisionTaskLeftOpenWords(task: open.task)
        #expect(words == "ic-decide-diversion is not marked done: it still waits on ic-declare; 'runbook do ic-decide-diversion done' once that is done, or now with --force (noted as a deviation)", "\(words)")

        let forced = try EngineFixture(decisionTaskYAML)
        let written = try forced.session.performAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "alice", force: true), now: { forced.clock.now })
        #expect(written.map(\.kind) == [.decisionMade, .taskDone])
        #expect(written[0]["force"] == nil)
        #expect(written[1]["force"]?.bool == true)
        #expect(written[1].string("deviation") == "acted while waiting on ic-declare")
        #expect(forced.state.decisions["ambulance-diversion"]?.option == "divert")
        #expect(forced.engine.decisionTaskLeftOpen("ambulance-diversion", now: forced.now) == nil)
    }

    /// A skipped task stays skipped: the decision is recorded alone.
    @Test func aSkippedTaskStaysSkipped() throws {
        let f = try EngineFixture(decisionTaskYAML)
        try f.act(.task("ic-declare", .done))
        try f.act(.task("ic-decide-diversion", .skip), note: "decided at the regional call")
        let written = try f.session.performAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "alice"), now: { f.clock.now })
        #expect(written.map(\.kind) == [.decisionMade])
        #expect(f.status("ic-decide-diversion") == .skipped)
    }

    /// A decision no task records (no `task:`) is one entry, as before.
    @Test func aDecisionWithoutATaskIsOneEntry() throws {
        let f = try EngineFixture(decisionTaskYAML.replacingOccurrences(of: ", task: ic-decide-diversion", with: ""))
        let written = try f.session.performAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "alice"), now: { f.clock.now })
        #expect(written.map(\.kind) == [.decisionMade])
        #expect(f.engine.decisionTaskOutcome("ambulance-diversion", "divert", ActionContext(actor: "alice"), now: f.now) == .noTask)
    }

    /// The case: "Approve network isolation" was missed by the title rule, so after
    /// network-isolation = full the critical "Disconnect the network" stayed waiting. Now one
    /// decide completes ic-decide-isolation and intel-internet-full is ready; HIC-TCR's
    /// compromise decision likewise lets soc-contain go.
    @Test func theShippedPlaybooksMoveOnAfterOneDecide() throws {
        let occi = try EngineFixture(try PlaybookFixtures.text(PlaybookFixtures.builtinPath("occi")))
        try occi.act(.task("ic-declare", .done))
        try occi.act(.decide("network-isolation", "full"))
        #expect(occi.status("ic-decide-isolation") == .done)
        #expect(occi.status("intel-internet-full") == .ready)

        let hic = try EngineFixture(try PlaybookFixtures.text(PlaybookFixtures.builtinPath("hic-tcr")))
        try hic.act(.decide("active-compromise", "confirmed"))
        #expect(hic.status("ciso-assess-compromise") == .done)
        #expect(hic.status("soc-contain") == .ready)
    }
}
