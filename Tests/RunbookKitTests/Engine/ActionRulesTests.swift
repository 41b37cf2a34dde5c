import Foundation
import Testing
@testable import RunbookKit

/// A playbook where one person can hold two roles, listed in an order that differs from both
/// the order they are assigned in and their alphabetical order.
let twoHatsYAML = """
id: hats
title: Two hats
version: "1"
roles:
  - {id: ic, title: Incident Commander}
  - {id: safety, title: Safety Officer}
  - {id: pio, title: Public Information Officer}
phases:
  - {id: now, title: Now, from: 0h}
tasks:
  - id: declare
    title: Declare
    role: ic
    phase: now
"""

@Suite("Action rules")
struct ActionRulesTests {
    /// The light state a one-line command folds for `action`, read from the real journal with
    /// only the entry types the action's rule names.
    static func lightState(_ f: EngineFixture, for action: Action) throws -> LightState {
        guard case .only(let types) = action.reads else {
            Issue.record("\(action) is not a light action")
            return LightState()
        }
        let journal = try Journal(path: f.store.journalPath(f.id), writable: false)
        journal.lightTypes = types
        var light = LightState()
        try journal.readNew({ light.apply($0) }, onBulk: { for e in $0 { light.apply(e) } })
        return light
    }

    /// A draft as the bytes it would be written as, at a fixed place in a fixed chain.
    static func bytes(_ d: EntryDraft) -> [UInt8] {
        JournalLine.encodeBytes(d, seq: 99, time: engineBase, prev: JournalLine.zeroHash)
    }

    // MARK: the role an action is recorded in

    /// The defect of issue 8: a person holding safety and pio was "safety" from the command
    /// post (playbook order) and "pio" from `runbook note` (alphabetical). Now both say the
    /// role taken last, whichever order the playbook lists them in.
    @Test func twoHatsAreRecordedInTheRoleTakenLast() throws {
        for (first, second) in [("safety", "pio"), ("pio", "safety")] {
            let f = try EngineFixture(twoHatsYAML)
            try f.act(.assign(first, "Pat"))
            f.clock.advance(minutes: 5)
            try f.act(.assign(second, "Pat"))
            let note = Action.note("press briefing at 10:00", tag: nil)
            let ctx = ActionContext(actor: "Pat")
            let full = try f.engine.draft(note, ctx, now: f.now)
            let light = try Self.lightState(f, for: note).draft(note, ctx, now: f.now)
            #expect(full.actorRole == second)
            #expect(Self.bytes(full) == Self.bytes(light), "full and light sessions drafted different entries")
            #expect(try f.act(note, actor: "Pat").actorRole == second)
        }
    }

    /// Losing the role taken last falls back to the other one still held; an assignment entered
    /// in error gives nothing, in the full and in the light state alike.
    @Test func theRoleFollowsHandOversAndCorrections() throws {
        let f = try EngineFixture(twoHatsYAML)
        try f.act(.assign("safety", "Pat"))
        try f.act(.assign("pio", "Pat"))
        try f.act(.assign("pio", "Sam"))
        #expect(f.engine.role(of: "Pat") == "safety")
        #expect(f.engine.role(of: "Sam") == "pio")
        try f.act(.assign("ic", "Pat"))
        #expect(f.engine.role(of: "Pat") == "ic")
        let wrong = try f.act(.assign("ic", "Pat"), note: "said twice")
        try f.act(.correct(wrong.seq, reason: "recorded twice"))
        #expect(f.engine.role(of: "Pat") == "ic")
        let ic = try #require(f.state.entries.first { $0.kind == .roleAssigned && $0.string("role") == "ic" })
        try f.act(.correct(ic.seq, reason: "Pat never took command"))
        let note = Action.note("still here", tag: nil)
        let light = try Self.lightState(f, for: note)
        #expect(f.engine.role(of: "Pat") == "safety")
        #expect(light.facts.role(of: "Pat") == "safety")
        #expect(light.facts.role(of: "Sam") == "pio")
    }

    /// The role at a moment, and the role a back-dated entry carries: the one held when it
    /// happened; before any of their roles was recorded, the first role they were given (the
    /// OCCI scenario's declare by the IC before the scribe recorded who is IC carries "ic").
    @Test func theRoleAtAMomentAndTheRoleABackDatedEntryCarries() throws {
        let f = try EngineFixture(twoHatsYAML)
        f.clock.advance(minutes: 60)
        try f.act(.assign("safety", "Pat"), at: engineBase.adding(seconds: 10 * 60))
        try f.act(.assign("pio", "Pat"), at: engineBase.adding(seconds: 30 * 60))
        try f.act(.assign("pio", "Sam"), at: engineBase.adding(seconds: 50 * 60))
        let facts = f.state.facts
        #expect(facts.role(of: "Pat", at: engineBase.adding(seconds: 5 * 60)) == "safety", "before any assignment: the first role given")
        #expect(facts.role(of: "Sam", at: engineBase.adding(seconds: 40 * 60)) == nil, "pio was Pat's then: a hand-over is not back-dated")
        #expect(facts.role(of: "Pat", at: engineBase.adding(seconds: 20 * 60)) == "safety")
        #expect(facts.role(of: "Pat", at: engineBase.adding(seconds: 40 * 60)) == "pio")
        #expect(facts.role(of: "Pat", at: engineBase.adding(seconds: 55 * 60)) == "safety")
        #expect(facts.role(of: "Pat") == "safety")
        #expect(facts.role(of: "Sam") == "pio")
        let late = try f.act(.note("as pio, back then", tag: nil), at: engineBase.adding(seconds: 40 * 60), actor: "Pat")
        #expect(late.actorRole == "pio", "recorded in the role held when it happened")
    }

    // MARK: light and full sessions

    /// Every incident-wide action drafts the same bytes from the light state as from the full
    /// engine, on a history with roles, systems, periods and corrections.
    @Test func lightAndFullSessionsDraftIdenticalEntries() throws {
        let f = try EngineFixture(engineRulesYAML)
        try f.act(.assign("ic", "Dr A"))
        try f.act(.assign("ops", "Dr A"))
        try f.act(.system("EHR", .down))
        try f.act(.period)
        let wrong = try f.act(.system("Phones", .down))
        try f.act(.correct(wrong.seq, reason: "phones were fine"))
        try f.act(.task("declare", .done))
        f.clock.advance(minutes: 30)
        let actions: [Action] = [
            .note("Lab results by runner", tag: nil), .note("Paper forms ran out", tag: "lesson"),
            .system(" ehr ", .up), .system("Phones", .degraded), .period, .close,
        ]
        for action in actions {
            for ctx in [ActionContext(actor: "Dr A"), ActionContext(actor: "Dr A", at: engineBase.adding(seconds: 60), note: "late entry"),
                        ActionContext(actor: "nobody")] {
                let full = try f.engine.draft(action, ctx, now: f.now)
                let light = try Self.lightState(f, for: action).draft(action, ctx, now: f.now)
                #expect(Self.bytes(full) == Self.bytes(light), "\(action) by \(ctx.actor)")
            }
        }
        #expect(try f.engine.draft(.system(" ehr ", .up), ActionContext(actor: "x"), now: f.now).fields.first?.1 == .string("EHR"))
        #expect(try f.engine.draft(.period, ActionContext(actor: "x"), now: f.now).fields.first?.1 == .int(3))
        // The same refusals too: closed, and an --at in the future.
        let future = ActionContext(actor: "Dr A", at: f.now.adding(seconds: 3600))
        for action in actions {
            #expect(throws: RunbookError.self) { try Self.lightState(f, for: action).draft(action, future, now: f.now) }
            #expect(throws: RunbookError.self) { try f.engine.draft(action, future, now: f.now) }
        }
        try f.act(.close)
        let closed = RunbookError.refused(try #require(ActionRules.closedRefusal(f.state.facts)))
        for action in actions {
            let light = try Self.lightState(f, for: action)
            #expect(ActionRules.closedRefusal(light.facts).map(RunbookError.refused) == closed)
            #expect(throws: closed) { try light.draft(action, ActionContext(actor: "x"), now: f.now) }
            #expect(throws: closed) { try f.engine.draft(action, ActionContext(actor: "x"), now: f.now) }
        }
    }

    /// The light state only takes incident-wide actions; the others say what they read.
    @Test func actionsDeclareWhatTheyRead() throws {
        #expect(Action.task("declare", .done).reads == .everything)
        #expect(Action.correct(2, reason: "x").reads == .everything)
        guard case .only(let note) = Action.note("x", tag: nil).reads, case .only(let system) = Action.system("EHR", .up).reads else {
            Issue.record("notes and systems should be light")
            return
        }
        #expect(!note.contains(.systemStatus) && !note.contains(.taskDone))
        #expect(system.contains(.systemStatus) && system.contains(.roleAssigned))
        #expect(throws: RunbookError.self) { try LightState().draft(.task("declare", .done), ActionContext(actor: "x"), now: engineBase) }
    }

    // MARK: availability

    /// `availability` is the rule `draft` applies: allowed records, needs-force records only
    /// with force, refused never records, for every verb on tasks in every status.
    @Test func availabilityIsWhatDraftDoes() throws {
        let f = try EngineFixture(engineRulesYAML)
        try f.act(.task("declare", .start))
        try f.act(.decide("downtime", "no"))
        try f.act(.task("recheck", .block), note: "no phones")
        try f.act(.task("declare", .done))
        try f.act(.task("census", .skip), note: "no staff")
        try f.act(.task("activate", .skip), note: "not needed")
        var seen: Set<String> = []
        for view in f.engine.taskViews(now: f.now) {
            for verb in Action.TaskVerb.allCases {
                let answer = f.engine.availability(verb, view)
                #expect(answer == f.engine.availability(.task(view.def.id, verb), now: f.now))
                let note = verb == .skip || verb == .block ? "why" : nil
                let plain = Result(catching: { try f.engine.draft(.task(view.def.id, verb), ActionContext(actor: "a", note: note), now: f.now) })
                let forced = Result(catching: { try f.engine.draft(.task(view.def.id, verb), ActionContext(actor: "a", note: note, force: true), now: f.now) })
                switch answer {
                case .allowed:
                    seen.insert("allowed")
                    #expect((try? plain.get()) != nil, "\(view.def.id) \(verb)")
                case .needsForce(let why):
                    seen.insert("force")
                    #expect(throws: RunbookError.refused(why)) { try plain.get() }
                    #expect((try? forced.get())?.fields.contains { $0.0 == "deviation" } == true, "\(view.def.id) \(verb)")
                case .refused(let why):
                    seen.insert("refused")
                    #expect(throws: why) { try plain.get() }
                    #expect(throws: why) { try forced.get() }
                }
            }
        }
        #expect(seen == ["allowed", "force", "refused"])
        try f.act(.close)
        #expect(f.engine.availability(.task("staff", .done), now: f.now) == .refused(.refused(try #require(ActionRules.closedRefusal(f.state.facts)))))
    }

    /// The `--at` rule: a minute of clock skew is allowed, later is the future; a year before
    /// discovery is the earliest.
    @Test func atMayNotBeInTheFuture() throws {
        try ActionRules.checkAt(engineBase.adding(seconds: 60), now: engineBase, discovered: engineBase)
        try ActionRules.checkAt(engineBase.adding(seconds: -86_400), now: engineBase, discovered: engineBase)
        #expect(throws: RunbookError.self) { try ActionRules.checkAt(engineBase.adding(seconds: 61), now: engineBase, discovered: engineBase) }
        #expect(throws: RunbookError.self) { try ActionRules.checkAt(engineBase.adding(seconds: -367 * 86_400), now: engineBase, discovered: engineBase) }
    }
}
