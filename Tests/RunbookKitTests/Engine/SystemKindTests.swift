import Foundation
import Testing
@testable import RunbookKit

/// Systems by kind: the playbook's known systems and aliases, the kind each system has
/// (recorded, else the playbook's, else other), per-system tasks for some kinds only, and a
/// system reported up whose go-live was not recorded.
@Suite("Systems by kind")
struct SystemKindTests {
    static let yaml = """
    id: kinds
    title: Kinds
    version: "1"
    roles: [{id: ic, title: IC}, {id: ops, title: Ops}]
    phases: [{id: p, title: P, from: 0h}]
    systems:
      kinds: [clinical-record, lab, communications, infrastructure, business]
      known:
        - {name: EHR, kind: clinical-record, aliases: [Epic, Cerner]}
        - {name: Lab system, kind: lab, aliases: [LIS]}
        - {name: Phones, kind: communications}
        - {name: Email, kind: communications}
        - {name: Payroll, kind: business}
    tasks:
      - {id: restore, title: Restore the system, role: ops, phase: p, per: system}
      - {id: go-live, title: Take it live, role: ops, phase: p, per: system, kinds: [clinical-record, lab], milestone: true, after: [restore]}
      - {id: back-entry, title: Back-enter paper records, role: ops, phase: p, per: system, kinds: [clinical-record, lab], milestone: true, after: [go-live]}
      - {id: all-clear, title: All clear, role: ic, phase: p, after: [back-entry]}

    """

    /// The replayed outage: Email, Internet, Phones and Payroll down give no back-entry; the EHR does.
    @Test func backEntryOnlyForRecordSystems() throws {
        let f = try EngineFixture(Self.yaml)
        for s in ["Email", "Internet", "Phones", "Payroll"] { try f.act(.system(s, .down)) }
        #expect(f.view("restore").instances.map(\.id) == ["restore@Email", "restore@Internet", "restore@Phones", "restore@Payroll"])
        #expect(f.view("back-entry").instances.isEmpty)
        #expect(f.engine.systemKind("Internet") == "other")
        #expect(f.engine.systemKind("phones") == "communications")
        try f.act(.system("Epic", .down))
        #expect(f.view("back-entry").instances.map(\.id) == ["back-entry@EHR"])
        #expect(f.view("go-live").instances.map(\.id) == ["go-live@EHR"])
        let refused = f.refuse(.task("back-entry@Phones", .done))
        #expect(refused?.refusal == .kindNotForTask(task: "back-entry", system: "Phones", kind: "communications", kinds: ["clinical-record", "lab"]))
        // The all-clear waits on the EHR's back-entry only.
        try f.act(.task("restore@EHR", .done))
        try f.act(.task("go-live@EHR", .done))
        try f.act(.task("back-entry@EHR", .done))
        #expect(f.status("all-clear") == .ready)
    }

    /// An alias is recorded as the playbook's name, case not counting; the notice says so.
    @Test func anAliasIsRecordedAsThePlaybooksName() throws {
        let f = try EngineFixture(Self.yaml)
        let e = try f.act(.system("epic", .down))
        #expect(e.string("system") == "EHR")
        #expect(e["kind"] == nil)
        let report = try f.state.facts.systemReport("lis", kind: nil, catalog: f.engine.playbook.systems)
        #expect(report.name == "Lab system")
        #expect(report.notices == [.aliasOf(typed: "lis", name: "Lab system")])
        #expect(SystemNotice.aliasOf(typed: "Epic", name: "EHR").words() == "Epic is EHR in this playbook: recorded as EHR")
    }

    /// A kind must be one of the playbook's or other; an unknown one is refused, nothing written.
    @Test func anUnknownKindIsRefusedNamingTheKinds() throws {
        let f = try EngineFixture(Self.yaml)
        let e = f.refuse(.system("Internet", .down, kind: "infrastucture"))
        #expect(e?.refusal == .unknownSystemKind(kind: "infrastucture", valid: ["clinical-record", "lab", "communications", "infrastructure", "business", "other"]))
        #expect(e?.message.contains("did you mean infrastructure?") == true, "\(e?.message ?? "")")
        let ok = try f.act(.system("Internet", .down, kind: "other"))
        #expect(ok.string("kind") == "other")
    }

    /// A system the playbook does not know, first reported without a kind, is noticed; not
    /// once it was reported, nor a known system.
    @Test func aNewSystemWithoutKindIsNoticed() throws {
        let f = try EngineFixture(Self.yaml)
        let catalog = f.engine.playbook.systems
        #expect(try f.state.facts.systemReport("Internet", kind: nil, catalog: catalog).notices
                == [.kindNotGiven(system: "Internet", kinds: catalog.validKinds)])
        #expect(try f.state.facts.systemReport("Phones", kind: nil, catalog: catalog).notices.isEmpty)
        #expect(try f.state.facts.systemReport("Internet", kind: "infrastructure", catalog: catalog).notices.isEmpty)
        try f.act(.system("Internet", .down))
        #expect(try f.state.facts.systemReport("internet", kind: nil, catalog: catalog).notices.isEmpty)
        let words = SystemNotice.kindNotGiven(system: "Internet", kinds: catalog.validKinds).words()
        #expect(words.contains("--kind KIND (clinical-record, lab, communications, infrastructure, business, other)"), "\(words)")
    }

    /// A later report's kind is the kind from then on: a system given a record kind gets the
    /// instance; changed away, an instance already acted on keeps its history and no longer
    /// applies, and nothing waits on it.
    @Test func aKindChangedLaterAddsAndRemovesInstances() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.system("Bed board", .down))
        #expect(f.view("go-live").instances.isEmpty)
        try f.act(.system("Bed board", .down, kind: "clinical-record"))
        #expect(f.view("go-live").instances.map(\.id) == ["go-live@Bed board"])
        try f.act(.task("go-live@Bed board", .start), force: true)
        try f.act(.system("bed board", .down, kind: "business"))
        let v = f.view("go-live")
        #expect(v.instances.map(\.id) == ["go-live@Bed board"], "the instance acted on stays")
        #expect(v.instances.first?.status == .inapplicable)
        #expect(v.instances.first?.record.history.count == 1)
        #expect(f.view("back-entry").instances.isEmpty, "one never acted on goes")
        #expect(f.status("all-clear") == .ready)
    }

    /// The kind fold follows the order things happened, not the order typed.
    @Test func theKindFollowsTheOrderThingsHappened() throws {
        let f = try EngineFixture(Self.yaml)
        f.clock.advance(minutes: 30)
        try f.act(.system("Bed board", .down, kind: "business"))
        // Typed later, happened earlier: the business kind stays the latest.
        try f.act(.system("Bed board", .down, kind: "clinical-record"), at: engineBase.adding(seconds: 600))
        #expect(f.engine.systemKind("Bed board") == "business")
        #expect(f.view("go-live").instances.isEmpty)
        // `status --json` says each system's kind, by the same rule.
        try f.act(.system("Epic", .down))
        let kinds = StatusJSON.document(f.engine, now: f.now).systems.map { "\($0.name)=\($0.kind ?? "")" }
        #expect(kinds == ["Bed board=business", "EHR=clinical-record"])
    }

    /// A system reported up whose go-live was not recorded is one engine fact, for the board
    /// and the report; not for a system whose kind the go-live task is not for.
    @Test func upWithoutGoLiveIsFlagged() throws {
        let f = try EngineFixture(Self.yaml)
        #expect(f.engine.playbook.goLiveTask?.id == "go-live")
        try f.act(.system("EHR", .down))
        try f.act(.system("Phones", .down))
        f.clock.advance(minutes: 60)
        try f.act(.system("EHR", .up))
        try f.act(.system("Phones", .up))
        let gaps = f.engine.goLiveNotRecorded(now: f.now)
        #expect(gaps.map(\.system) == ["EHR"])
        #expect(gaps.first?.words == "EHR: reported up \(f.now.localWeekdayDateClock); go-live not recorded")
        #expect(BoardFacts(f.engine, now: f.now).goLiveNotRecorded.map(\.system) == ["EHR"])
        // The report says it in the systems table and its JSON, in place of the restored time.
        let m = ReportModel.build(f.engine)
        #expect(m.systems.first { $0.name == "EHR" }?.goLiveNotRecorded?.system == "EHR")
        #expect(m.systems.first { $0.name == "Phones" }?.goLiveNotRecorded == nil)
        let md = Reports.text(.md, engine: f.engine)
        #expect(md.contains("**reported up \(m.clock.dateTime(f.now)); go-live not recorded**"), "\(md)")
        #expect(Reports.text(.json, engine: f.engine).contains("\"goLiveNotRecorded\" : true"))
        // The go-live milestone's row says the same, not "not reached".
        let row = md.split(separator: "\n").first { $0.hasPrefix("| Take it live: EHR |") } ?? ""
        #expect(row.contains("go-live not recorded") && !row.contains("not reached"), "\(row)")
        try f.act(.task("restore@EHR", .done))
        try f.act(.task("go-live@EHR", .done))
        #expect(f.engine.goLiveNotRecorded(now: f.now).isEmpty)
        #expect(!Reports.text(.md, engine: f.engine).contains("go-live not recorded"))
    }

    /// The shipped occi: the replayed outage gets back-entry and identity reconciliation for
    /// the record systems only, and the EHR by its vendor's name.
    @Test func occiBackEntryForRecordSystemsOnly() throws {
        let f = try EngineFixture(BuiltinPlaybook.named("built-in:occi.yaml")?.text ?? "")
        for s in ["Email", "Internet", "Phones", "Payroll"] { try f.act(.system(s, .down)) }
        #expect(f.view("ops-back-entry").instances.isEmpty)
        #expect(f.view("ops-identity-reconcile").instances.isEmpty)
        #expect(f.view("intel-restore").instances.count == 4)
        let e = try f.act(.system("Epic", .down))
        #expect(e.string("system") == "EHR")
        #expect(f.view("ops-back-entry").instances.map(\.id) == ["ops-back-entry@EHR"])
        #expect(f.view("ops-identity-reconcile").instances.map(\.id) == ["ops-identity-reconcile@EHR"])
        #expect(f.engine.playbook.goLiveTask?.id == "ops-clinical-golive")
    }
}
