import Foundation
import Testing
import RunbookKit

/// Issue 23: the undo rule (a minute, nothing later depending on it) and what an action
/// tells the whole hospital (asked with y on the command post).
@Suite("undo at once, and hospital-wide news")
struct UndoAndHospitalWideRuleTests {
    static let yaml = decisionTaskYAML + """

      - {id: all-clear, title: Declare the all-clear, role: ic, phase: now, critical: true, milestone: true}
      - {id: plain-milestone, title: Paper forms out, role: ic, phase: now, milestone: true}
    """

    @Test func anActionMayBeUndoneForAMinute() throws {
        let f = try EngineFixture(Self.yaml)
        let e = try f.act(.note("wrong incident", tag: nil))
        #expect(f.engine.undoRefusal([e.seq], now: f.now) == nil)
        f.clock.advance(seconds: 60)
        #expect(f.engine.undoRefusal([e.seq], now: f.now) == nil, "60 s still counts")
        f.clock.advance(seconds: 1)
        #expect(f.engine.undoRefusal([e.seq], now: f.now) == .undoTooLate(seqs: [e.seq]))
        #expect(Refusal.undoTooLate(seqs: [e.seq]).words(on: .commandPost).contains("more than a minute ago"))
    }

    /// A later entry about the same task (or marking it in error) holds the undo back; one about
    /// something else does not.
    @Test func aLaterEntryThatDependsOnItHoldsTheUndoBack() throws {
        let f = try EngineFixture(Self.yaml)
        let done = try f.act(.task("ic-declare", .done))
        try f.act(.note("radio check", tag: nil), actor: "bob")
        #expect(f.engine.undoRefusal([done.seq], now: f.now) == nil, "an unrelated note does not depend on it")
        let reopened = try f.act(.task("ic-declare", .reopen), actor: "bob")
        #expect(f.engine.undoRefusal([done.seq], now: f.now) == .undoAfterDependent(seqs: [done.seq], later: reopened.seq, by: "bob"))
        let words = Refusal.undoAfterDependent(seqs: [done.seq], later: reopened.seq, by: "bob").words(on: .commandPost)
        #expect(words.hasPrefix("Not undone: #\(reopened.seq) (bob)"), "\(words)")
    }

    @Test func aDecisionAndItsTaskAreUndoneTogetherThroughTheCorrectionRule() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.task("ic-declare", .done))
        let entries = try f.session.performAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "alice"), now: { f.now })
        let seqs = entries.map(\.seq)
        #expect(seqs.count == 2)
        #expect(f.engine.undoRefusal(seqs, now: f.now) == nil)
        for s in seqs.sorted(by: >) { try f.act(.correct(s, reason: Engine.undoReason)) }
        #expect(f.state.decisions["ambulance-diversion"] == nil)
        #expect(f.status("ic-decide-diversion") == .ready)
    }

    @Test func whatTellsTheWholeHospital() throws {
        let f = try EngineFixture(Self.yaml)
        // A system back up; one already up is no news.
        #expect(f.engine.hospitalWideNews(.system("EHR", .up)) == .systemBack(system: "EHR"))
        try f.act(.system("EHR", .down))
        #expect(f.engine.hospitalWideNews(.system("EHR", .down)) == nil)
        #expect(f.engine.hospitalWideNews(.system("EHR", .up)) == .systemBack(system: "EHR"))
        try f.act(.system("EHR", .up))
        #expect(f.engine.hospitalWideNews(.system("EHR", .up)) == nil)
        // A standing answer changed (ending diversion); a first answer or the same one is not.
        try f.act(.task("ic-declare", .done))
        #expect(f.engine.hospitalWideNews(.decide("ambulance-diversion", "divert")) == nil)
        try f.act(.decide("ambulance-diversion", "divert"))
        #expect(f.engine.hospitalWideNews(.decide("ambulance-diversion", "divert")) == nil)
        #expect(f.engine.hospitalWideNews(.decide("ambulance-diversion", "no-divert"))
            == .answerChanged(decision: "ambulance-diversion", from: "divert", to: "no-divert"))
        // A critical milestone done (the all-clear); a plain milestone is not.
        #expect(f.engine.hospitalWideNews(.task("all-clear", .done)) == .milestone(task: "all-clear"))
        #expect(f.engine.hospitalWideNews(.task("all-clear", .start)) == nil)
        #expect(f.engine.hospitalWideNews(.task("plain-milestone", .done)) == nil)
    }
}
