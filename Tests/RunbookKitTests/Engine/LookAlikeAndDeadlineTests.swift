import Foundation
import Testing
@testable import RunbookKit

/// Issue 20, point 10 (engine parts): look-alike system names are one system or refused;
/// per-system deadlines read done when every turn is done and late only when one was; a
/// bare `--from-paper` and `--from-paper true` store the same thing.
@Suite("Look-alike systems and per-system deadlines")
struct LookAlikeAndDeadlineTests {
    /// Attack: "EHR" with a word joiner, a soft hyphen, a zero-width space, a no-break space
    /// before "system", fullwidth letters, Cyrillic Е and Н, Greek Η. Each is the EHR already
    /// reported, recorded under its name: never a second "EHR".
    @Test func lookAlikesAreTheSameSystem() throws {
        let f = try EngineFixture(twoHatsYAML)
        try f.act(.system("EHR", .down))
        let variants = ["E\u{2060}HR", "E\u{AD}HR", "EH\u{200B}R", "EHR\u{A0}system", "ＥＨＲ", "\u{415}\u{41D}R", "E\u{397}R", "\u{FEFF}EHR", "ehr\u{3000}system"]
        for v in variants {
            let e = try f.act(.system(v, .degraded))
            #expect(e.string("system") == "EHR", "\(v.unicodeScalars.map { String($0.value, radix: 16) })")
            try f.act(.system(v, .down))
        }
        #expect(f.state.systems.map(\.name) == ["EHR"])
        #expect(try f.reopened().state.systems.map(\.name) == ["EHR"])
    }

    /// A new name is recorded without its invisible characters; one mixing Latin with Cyrillic
    /// or Greek letters is refused, saying so; one in a single other alphabet is a system.
    @Test func newNamesAreCleanedOrRefused() throws {
        let f = try EngineFixture(twoHatsYAML)
        let first = try f.act(.system("PA\u{2060}CS\u{AD}", .down))
        #expect(first.string("system") == "PACS")
        let mixed = f.refuse(.system("\u{415}HR", .down))
        #expect(mixed?.isUsage == true)
        #expect(mixed?.message.contains("Cyrillic") == true)
        #expect(f.refuse(.system("\u{2060}\u{AD}", .down))?.isUsage == true, "only invisible characters is an empty name")
        let cyrillic = try f.act(.system("\u{41B}\u{430}\u{431}", .down))  // Лаб: a lab, in Cyrillic
        #expect(cyrillic.string("system") == "\u{41B}\u{430}\u{431}")
        #expect(f.state.systems.count == 2)
        // The key rule itself, for the screen's "which system?" matching.
        #expect(SystemRecord.sameSystem("ＰＡＣＳ system", "pacs"))
        #expect(!SystemRecord.sameSystem("EHR", "EHS"))
    }

    static let deadlineYAML = """
    id: psd
    title: Per-system deadline
    version: "1"
    roles: [{id: ic, title: IC}]
    phases: [{id: p, title: P, from: 0h}]
    tasks:
      - {id: attest, title: Attest each system to the insurer, role: ic, phase: p, per: system, deadline: true, due: 2h}

    """

    static func row(_ f: EngineFixture) throws -> ReportModel.DeadlineRow? {
        ReportModel.build(try f.reopened().engine).deadlines.first { $0.taskID == "attest" }
    }

    /// Every turn done in time: done (at the last turn), met, even once the report runs past
    /// the due time. It read "not done, missed" before.
    @Test func perSystemDeadlineDoneWhenEveryTurnIs() throws {
        let f = try EngineFixture(Self.deadlineYAML)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        f.clock.advance(minutes: 30)
        try f.act(.task("attest@EHR", .done))
        #expect(try Self.row(f)?.done == nil, "one turn of two is not done")
        #expect(try Self.row(f)?.met == nil, "open and not yet due")
        f.clock.advance(minutes: 30)
        try f.act(.task("attest@PACS", .done))
        f.clock.advance(minutes: 120)
        try f.act(.note("later", tag: nil))
        let r = try #require(try Self.row(f))
        #expect(r.done == Timestamp(millis: engineBase.millis + 60 * 60_000))
        #expect(r.met == true)
    }

    /// Late only when a turn was: one turn still open past its due time is missed.
    @Test func perSystemDeadlineLateWhenOneTurnIs() throws {
        let f = try EngineFixture(Self.deadlineYAML)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        f.clock.advance(minutes: 30)
        try f.act(.task("attest@EHR", .done))
        f.clock.advance(minutes: 150)
        try f.act(.note("past due", tag: nil))
        #expect(try Self.row(f)?.met == false)
        try f.act(.task("attest@PACS", .done))
        let r = try #require(try Self.row(f))
        #expect(r.met == false)
        #expect(r.done == f.now)
    }

    /// `--from-paper` alone and `--from-paper true` are the same entry.
    @Test func paperTrueIsABarePaperMark() throws {
        let f = try EngineFixture(twoHatsYAML)
        let bare = try f.engine.draft(.note("n", tag: nil), ActionContext(actor: "a", paper: .unreferenced), now: f.now)
        for typed in ["true", "TRUE", " true "] {
            let t = try f.engine.draft(.note("n", tag: nil), ActionContext(actor: "a", paper: .reference(typed)), now: f.now)
            #expect(t.fields.last?.1 == .bool(true))
            #expect(t.fields.last?.1 == bare.fields.last?.1)
        }
        let ref = try f.engine.draft(.note("n", tag: nil), ActionContext(actor: "a", paper: .reference("ICS 214 p3")), now: f.now)
        #expect(ref.fields.last?.1 == .string("ICS 214 p3"))
    }
}
