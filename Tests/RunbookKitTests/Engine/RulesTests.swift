import Foundation
import Testing
@testable import RunbookKit

/// The rules in `Engine/Rules`: availability for every action, refusals as values with the
/// same words as before, one close confirmation, one back-dated rule, the header's counts.
@Suite struct RulesTests {
    /// Every action gets an answer, and it is what `draft` does: allowed drafts; refused throws
    /// that very error (a value naming the rule and its facts).
    @Test func availabilityAnswersEveryActionAsDraftDoes() throws {
        let f = try EngineFixture(engineRulesYAML)
        let noted = try f.act(.note("first", tag: nil))
        try f.act(.correct(noted.seq, reason: "wrong incident"))
        let now = f.now
        let cases: [(Action, Availability)] = [
            (.correct(1, reason: "x"), .refused(.refused(.entryOpensIncident))),
            (.correct(noted.seq, reason: "x"), .refused(.refused(.alreadyCorrected(seq: noted.seq, by: noted.seq + 1)))),
            (.correct(99, reason: "x"), .refused(.notFound("no entry 99: this journal has entries 1 to \(f.state.entryCount)"))),
            (.assign("ic", "Dr A"), .allowed),
            (.decide("downtime", "yes"), .allowed),
            (.system("EHR", .down), .allowed),
            (.note("x", tag: nil), .allowed),
            (.period, .allowed),
            (.close, .allowed),
            (.task("activate", .done), .needsForce(.waiting(task: "activate", on: ["declare"]))),
        ]
        for (action, expected) in cases {
            let answer = f.engine.availability(action, now: now)
            #expect(answer == expected, "\(action)")
            let drafted = Result(catching: { try f.engine.draft(action, ActionContext(actor: "a"), now: now) })
            switch answer {
            case .allowed: #expect((try? drafted.get()) != nil, "\(action)")
            case .needsForce(let r): #expect(throws: RunbookError.refused(r)) { try drafted.get() }
            case .refused(let e): #expect(throws: e) { try drafted.get() }
            }
        }
        // An empty decision asks whether any decision can be recorded (the menu's question).
        #expect(f.engine.availability(.decide("", ""), now: now) == .allowed)
        // Names that are not there are the draft's own errors, not refusals.
        if case .refused(let e) = f.engine.availability(.assign("scrib", "Sam"), now: now) { #expect(e.isNotFound) } else { Issue.record("unknown role allowed") }
        if case .refused(let e) = f.engine.availability(.decide("downtime", "maybe"), now: now) { #expect(e.isNotFound) } else { Issue.record("unknown option allowed") }
        // A closed incident: every action is refused with the closed rule and its facts.
        #expect(f.engine.recording == .allowed)
        try f.act(.close)
        let closedAt = try #require(f.state.closed)
        for action in cases.map(\.0) {
            #expect(f.engine.availability(action, now: now) == .refused(.refused(.closed(name: f.state.name, at: closedAt, seq: f.state.facts.closedSeq))), "\(action)")
        }
        #expect(f.engine.recording.refusal == .closed(name: f.state.name, at: closedAt, seq: f.state.facts.closedSeq))
    }

    /// A refusal is a value; its words are the ones the command line always printed.
    @Test func refusalsCarryFactsAndKeepTheirWords() throws {
        let f = try EngineFixture(engineRulesYAML)
        let waiting = try #require(f.refuse(.task("staff", .done)))
        #expect(waiting.refusal == .waiting(task: "staff", on: ["activate", "declare"]))
        #expect(waiting.message == "task staff is waiting on activate, declare; those come first, or add --force to record it out of order (noted as a deviation)")
        try f.act(.task("declare", .done))
        let done = try #require(f.refuse(.task("declare", .start)))
        guard case .alreadyDone(task: "declare", at: _)? = done.refusal else { Issue.record("\(done)"); return }
        #expect(done.message.hasPrefix("task declare is already done ("))
        let early = try #require(f.refuse(.note("x", tag: nil), at: f.state.discovered.adding(seconds: -60)))
        guard case .outOfOrder(.beforeDiscovery)? = early.refusal else { Issue.record("\(early)"); return }
        #expect(early.message.hasSuffix("; if that is really so, add --force to record it anyway (noted as a deviation)"))
        #expect(early.refusal?.words(on: .commandPost).hasSuffix("; if that is really so, record it on the command line with --force (noted as a deviation)") == true)
        #expect(Refusal.closeNotConfirmed(typed: "").words() == "not closed: nothing was typed")
        #expect(Refusal.closeNotConfirmed(typed: "nope").words() == "not closed: “nope” is neither the incident's name nor CLOSE")
        // The file layer's refusals are data too, worded in one place.
        let link = RunbookError.refused(.file(.exportIsLink(path: "/tmp/r.md")))
        #expect(link.refusal == .file(.exportIsLink(path: "/tmp/r.md")))
        #expect(link.description == "will not write /tmp/r.md: it is a link to another file; give the path of a real file or a new name")
        #expect(FileRefusal.journalLoose(journal: "/h/j l", mode: "0644").words.hasSuffix("run 'chmod 600 '/h/j l''"))
    }

    /// One confirmation of closing for the command line and the screen: CLOSE, the id, or the
    /// name in any case, spaces around ignored.
    @Test func closingIsConfirmedByCloseTheIdOrTheNameInAnyCase() {
        let ok = ["CLOSE", "inc-7", "  Ransomware Drill ", "ransomware drill", "RANSOMWARE DRILL"]
        for typed in ok { #expect(ActionRules.confirmsClose(typed, id: "inc-7", name: "Ransomware Drill"), "\(typed)") }
        for typed in ["", "close", "Ransomware", "inc-8", "y"] {
            #expect(!ActionRules.confirmsClose(typed, id: "inc-7", name: "Ransomware Drill"), "\(typed)")
        }
    }

    /// Back-dated: `at` given, a minute or more before the entry was recorded.
    @Test func backDatedIsAMinuteOrMoreLate() throws {
        let f = try EngineFixture(engineRulesYAML)
        f.clock.advance(minutes: 10)
        let plain = try f.act(.note("now", tag: nil))
        let close = try f.act(.note("just now", tag: nil), at: f.now.adding(seconds: -59))
        let late = try f.act(.note("earlier", tag: nil), at: f.now.adding(seconds: -60))
        #expect(!plain.isBackDated && !close.isBackDated && late.isBackDated)
        #expect(!EntryText.timelineLine(close, playbook: nil, counts: true).contains("[recorded"))
        #expect(EntryText.timelineLine(late, playbook: nil, counts: true).contains("[recorded"))
    }

    /// The header's counts: each piece of work once, as the board counts it.
    @Test func countsArePiecesOfWork() throws {
        let f = try EngineFixture(engineRulesYAML)
        try f.act(.task("declare", .done))
        try f.act(.decide("downtime", "no"))
        let c = f.engine.counts(now: f.now)
        let views = f.engine.taskViews(now: f.now).flatMap(\.turns)
        #expect(c.finished == 1)
        #expect(c.applicable == views.filter { $0.status != .inapplicable }.count)
        #expect(c.applicable < views.count, "a task ruled out by the decision does not count")
        #expect(c.ready == views.filter { $0.status == .ready }.count)
    }
}
