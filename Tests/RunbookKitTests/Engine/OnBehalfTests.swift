import Foundation
import Testing
@testable import RunbookKit

/// Issue 21, point 3: an entry recorded on behalf of another person (`--for`) keeps the typist
/// as `actor` and the person in `for`; roles, HICS 214s, lanes and the decisions table go by
/// the person it is for.
@Suite("On behalf of (--for)")
struct OnBehalfTests {
    static let yaml = twoHatsYAML + """

decisions:
  - {id: divert, question: Divert ambulances?, options: [yes, no], role: ic}
"""

    /// Records `action` typed by `actor` for `forWhom`.
    @discardableResult
    static func record(_ f: EngineFixture, _ action: Action, actor: String, for forWhom: String?, at: Timestamp? = nil,
                       note: String? = nil) throws -> JournalEntry {
        let c = f.clock
        return try f.session.perform(action, ActionContext(actor: actor, at: at, note: note, forWhom: forWhom), now: { c.now })
    }

    @Test func theEntryKeepsTheTypistAndThePersonItIsForInTheirRole() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.assign("ic", "Dr Ng"), actor: "cmdpost")
        let e = try Self.record(f, .note("divert all stroke patients", tag: nil), actor: "cmdpost", for: "Dr Ng")
        #expect(e.actor == "cmdpost")
        #expect(e.forPerson == "Dr Ng")
        #expect(e.person == "Dr Ng")
        #expect(e.actorRole == "ic")
        // Read back from the file: `for` is a member of the line, and the chain still verifies.
        let back = try #require(try f.reopened().state.entry(e.seq))
        #expect(back.string("for") == "Dr Ng" && back.actor == "cmdpost" && back.actorRole == "ic")
        let line = try #require(String(decoding: f.journalBytes, as: UTF8.self).split(separator: "\n").last)
        #expect(line.contains("\"actor\":\"cmdpost\"") && line.contains("\"for\":\"Dr Ng\""), "\(line)")
        // Without --for the typist's own (no role): nothing else changed.
        let own = try Self.record(f, .note("coffee", tag: nil), actor: "cmdpost", for: nil)
        #expect(own.forPerson == nil && own.actorRole == nil && own.person == "cmdpost")
    }

    @Test func aRoleIdMeansWhoeverHeldItWhenItHappened() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.advance(minutes: 120)
        let t = { (m: Int) in engineBase.adding(seconds: m * 60) }
        try f.act(.assign("ic", "Dr Adams"), at: t(20), actor: "cmdpost")
        try f.act(.assign("ic", "Dr Baker"), at: t(80), actor: "cmdpost")
        try f.act(.assign("safety", "Dr Baker"), at: t(90), actor: "cmdpost")
        #expect(try Self.record(f, .note("a", tag: nil), actor: "cmdpost", for: "ic", at: t(50)).forPerson == "Dr Adams")
        // Before anyone was recorded as IC: the first given it (people act before the scribe records them).
        #expect(try Self.record(f, .note("b", tag: nil), actor: "cmdpost", for: "ic", at: t(10)).forPerson == "Dr Adams")
        // Now: Dr Baker, in the role named even though their latest role is safety.
        let now = try Self.record(f, .note("c", tag: nil), actor: "cmdpost", for: "ic")
        #expect(now.forPerson == "Dr Baker" && now.actorRole == "ic")
        // By name, the role the person held then (latest taken: safety).
        #expect(try Self.record(f, .note("d", tag: nil), actor: "cmdpost", for: "Dr Baker").actorRole == "safety")
        // A role nobody has been given is refused, and nothing is written.
        let before = f.journalBytes
        #expect(throws: RunbookError.refused(.nobodyHoldsRole(role: "pio"))) {
            try Self.record(f, .note("e", tag: nil), actor: "cmdpost", for: "pio")
        }
        #expect(f.journalBytes == before)
    }

    @Test func forYourselfRecordsNothingExtraAndANameIsCheckedLikeAnyName() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.assign("ic", "Dr Ng"))
        let mine = try Self.record(f, .note("x", tag: nil), actor: "Dr Ng", for: "Dr Ng")
        #expect(mine.forPerson == nil && mine.actorRole == "ic")
        let viaRole = try Self.record(f, .note("y", tag: nil), actor: "Dr Ng", for: "ic")
        #expect(viaRole.forPerson == nil && viaRole.actorRole == "ic")
        let before = f.journalBytes
        for bad in ["", "   ", "Dr\u{1b}[2J", String(repeating: "n", count: 500)] {
            #expect(throws: RunbookError.self) { try Self.record(f, .note("z", tag: nil), actor: "cmdpost", for: bad) }
        }
        #expect(f.journalBytes == before)
    }

    /// The one-line command path (a light read for notes) gives the same entry: `--for` reads the
    /// playbook, so a role id resolves there too.
    @Test func theOneLineCommandPathResolvesARoleToo() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.assign("ic", "Dr Ng"))
        let (e, _) = try IncidentSession.record(.note("from the radio", tag: nil), ActionContext(actor: "cmdpost", forWhom: "ic"),
                                                store: f.store, id: f.id, now: { f.clock.now })
        #expect(e.forPerson == "Dr Ng" && e.actorRole == "ic" && e.actor == "cmdpost")
    }

    /// On a shared login every HICS 214 used to say "No position recorded" and the decisions
    /// table credited the login: now both go by the person it is for.
    @Test func reportsCreditThePersonItIsFor() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.assign("ic", "Dr Ng"), actor: "cmdpost")
        try Self.record(f, .decide("divert", "yes"), actor: "cmdpost", for: "Dr Ng", note: "CT down")
        try Self.record(f, .note("called EMS", tag: nil), actor: "cmdpost", for: "ic")
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        let d = try #require(m.decisions.first { $0.id == "divert" })
        #expect(d.by == "Dr Ng" && d.role == "ic")
        let logs = ICS214.logs(m, byPerson: false)
        #expect(!logs.contains { $0.position == ICS214.noPosition && $0.rows.contains { $0.type != "role.assigned" && $0.type != "incident.opened" } },
                "\(logs.map { ($0.name, $0.position, $0.rows.map(\.type)) })")
        let ic = try #require(logs.first { $0.position == "Incident Commander" })
        #expect(ic.name == "Dr Ng" && ic.rows.count == 2)
        let byPerson = ICS214.logs(m, byPerson: true)
        #expect(byPerson.first { $0.name == "Dr Ng" }?.rows.count == 2)
        #expect(byPerson.first { $0.name == "cmdpost" }?.rows.contains { $0.type == "decision.made" } != true)
        // The timeline says both: whose it is, and who typed it.
        let row = try #require(m.timeline.first { $0.type == "decision.made" })
        #expect(row.actor == "cmdpost" && row.forPerson == "Dr Ng" && row.person == "Dr Ng" && row.role == "ic")
        let md = Reports.text(.md, engine: f.engine, options: ReportOptions(clock: ReportClock(utc: true)))
        #expect(md.contains("Dr Ng (ic), typed by cmdpost"), "\(md)")
        #expect(f.state.decisions["divert"]?.by == "Dr Ng")
    }

    /// "A person's entries before their assignment count in the first role they were given,
    /// recorded or back-dated alike": an entry typed before the assignment was recorded (no
    /// `actorRole` then) and one back-dated after it land in the same role in the report.
    @Test func entriesBeforeTheAssignmentCountInTheFirstRoleRecordedOrBackDated() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.advance(minutes: 10)
        let early = try f.act(.note("declared the incident", tag: nil), actor: "Pat")
        #expect(early.actorRole == nil, "nobody had recorded Pat's role yet")
        f.clock.advance(minutes: 10)
        try f.act(.assign("ic", "Pat"), actor: "scribe")
        f.clock.advance(minutes: 10)
        let backDated = try f.act(.note("called the CEO", tag: nil), at: engineBase.adding(seconds: 12 * 60), actor: "Pat")
        #expect(backDated.actorRole == "ic")
        // The same rule for someone it was typed for.
        let typedFor = try Self.record(f, .note("paged IT", tag: nil), actor: "scribe", for: "Pat", at: engineBase.adding(seconds: 11 * 60))
        #expect(typedFor.actorRole == "ic")
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        for seq in [early.seq, backDated.seq, typedFor.seq] {
            #expect(m.timeline.first { $0.seq == seq }?.role == "ic", "#\(seq)")
        }
        let logs = ICS214.logs(m, byPerson: false)
        #expect(logs.first { $0.position == "Incident Commander" }?.rows.map(\.seq).sorted() == [early.seq, typedFor.seq, backDated.seq].sorted())
        #expect(!logs.contains { $0.rows.contains { $0.seq == early.seq } && $0.position == ICS214.noPosition })
    }
}
