import Foundation
import Testing
import RunbookKit

/// `per: system`: one instance of a task per affected system, addressed `TASK@SYSTEM`, each
/// with its own status, due time and history.
@Suite("Per-system tasks")
struct PerSystemTaskTests {
    static let yaml = """
    id: ps
    title: Per system
    version: "1"
    roles: [{id: ic, title: IC}, {id: intel, title: IT}, {id: ops, title: Ops}]
    phases: [{id: p, title: P, from: 0h}]
    tasks:
      - {id: approve, title: Approve phased restoration, role: ic, phase: p}
      - {id: restore, title: Restore from clean backup, role: intel, phase: p, per: system}
      - {id: validate, title: Validate the restored system, role: intel, phase: p, per: system, after: [restore]}
      - {id: go-live, title: Clinical go-live, role: ops, phase: p, per: system, after: [validate, approve], due: 24h after validate, milestone: true}
      - {id: all-clear, title: All clear, role: ic, phase: p, after: [go-live], due: 12h after go-live}

    """

    @Test func instancesAppearAsSystemsAreReportedDown() throws {
        let f = try EngineFixture(Self.yaml)
        #expect(f.view("validate").instances.isEmpty)
        #expect(f.status("validate") == .waiting)
        #expect(f.view("validate").waitingOn.contains("a system reported down or degraded"))
        let none = f.refuse(.task("validate", .done))
        #expect(none?.message.contains("no system has been reported down or degraded yet") == true)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .degraded))
        try f.act(.system("Phones", .up))  // never affected: no instance
        try f.act(.system("ehr ", .down))  // the same EHR
        #expect(f.view("restore").instances.map(\.id) == ["restore@EHR", "restore@PACS"])
        #expect(f.view("restore").instances.map(\.status) == [.ready, .ready])
        #expect(f.view("validate").instances.map(\.status) == [.waiting, .waiting])
        #expect(f.view("validate@EHR").waitingOn == ["restore@EHR"], "an instance waits on the same system's instance")
        #expect(f.status("restore") == .ready)
    }

    /// `runbook status` counts what is acted on, as the command post and the board do: each
    /// system's turn, and a per-system task with no affected system yet once.
    @Test func statusCountsEachSystemsTurn() throws {
        let f = try EngineFixture(Self.yaml)
        func tasksLine() -> String? { StatusText.lines(f.engine, now: f.now).map(\.text).first { $0.hasPrefix("Tasks: ") } }
        #expect(tasksLine() == "Tasks: 4 waiting, 1 ready", "\(tasksLine() ?? "")")
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        // approve; restore, validate and go-live for EHR and PACS; all-clear.
        #expect(tasksLine() == "Tasks: 5 waiting, 3 ready", "\(tasksLine() ?? "")")
        let text = StatusText.lines(f.engine, now: f.now).map(\.text)
        #expect(text.contains("Ready (3):"))
        #expect(text.contains { $0.hasPrefix("  restore@PACS — ") })
    }

    @Test func theTaskIdAloneIsRefusedListingTheInstances() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        let e = f.refuse(.task("restore", .done))
        #expect(e?.message == "task restore is done once for each affected system: name one, e.g. restore@EHR (its instances: restore@EHR, restore@PACS)")
        #expect(f.engine.availability(.task("restore", .done), now: f.now) == e.map(Availability.refused))
        let wrong = f.refuse(.task("restore@Pacs viewer", .done))
        #expect(wrong?.message.hasPrefix("no affected system 'Pacs viewer' for task restore") == true, "\(wrong?.message ?? "")")
        #expect(wrong?.message.contains("PACS") == true)
        // Case, spacing and a trailing "system" do not count: this is the PACS instance.
        #expect(f.engine.taskView("restore@pacs  System", now: f.now)?.id == "restore@PACS")
        let once = f.refuse(.task("approve@EHR", .done))
        #expect(once?.message == "task approve is done once, not per system: use 'approve' without '@EHR'")
        let typo = f.refuse(.task("restor@EHR", .done))
        #expect(typo?.message.contains("no task 'restor'") == true)
    }

    /// A note about one system's turn (the command post's `t` on a ↳ EHR row) is recorded with
    /// `task` and `system`, as the task entries are, and joins that instance's history; a note
    /// naming a task the playbook does not have is refused.
    @Test func aNoteAboutAnInstanceJoinsThatInstancesHistory() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        let c = f.clock
        let e = try f.session.perform(.note("vendor call at 14:00", tag: nil), ActionContext(actor: "alice", task: "restore@ehr"), now: { c.now })
        #expect(e.string("task") == "restore")
        #expect(e.string("system") == "EHR")
        #expect(f.view("restore@EHR").record.history == [e.seq])
        #expect(f.view("restore@PACS").record.history.isEmpty)
        #expect(throws: RunbookError.self) {
            try f.session.perform(.note("x", tag: nil), ActionContext(actor: "alice", task: "restor"), now: { c.now })
        }
        #expect(throws: RunbookError.self) {
            try f.session.perform(.note("x", tag: nil), ActionContext(actor: "alice", task: "restore@Phones"), now: { c.now })
        }
        #expect(try f.reopened().engine.taskView("restore@EHR", now: f.now)?.record.history == [e.seq])
    }

    @Test func anInstanceIsRecordedWithTaskAndSystemAndKeepsItsOwnHistory() throws {
        let f = try EngineFixture(Self.yaml)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        let e = try f.act(.task("restore@ehr", .start))
        #expect(e.string("task") == "restore")
        #expect(e.string("system") == "EHR", "the name as first reported")
        #expect(EntryText.describe(e, playbook: f.engine.playbook) == "started: Restore from clean backup for EHR [restore@EHR]")
        #expect(f.view("restore@EHR").status == .started)
        #expect(f.view("restore@PACS").status == .ready)
        #expect(f.view("restore@EHR").record.history == [e.seq])
        #expect(f.status("restore") == .started, "the task sums up its instances")
        let json = StatusJSON.document(f.engine, now: f.now)
        let task = try #require(json.tasks.first { $0.id == "restore" })
        #expect(task.instances?.map(\.id) == ["restore@EHR", "restore@PACS"])
        #expect(task.instances?.map(\.system) == ["EHR", "PACS"])
        #expect(task.instances?.map(\.status) == ["started", "ready"])
        #expect(json.tasks.first { $0.id == "approve" }?.instances == nil)
        // Entered in error: the instance is as before.
        try f.act(.correct(e.seq, reason: "wrong system"))
        #expect(f.view("restore@EHR").status == .ready)
    }

    /// Three systems restored on different days: each instance moves on its own, go-live comes
    /// due 24 h after that system's validation, and the all-clear waits for the last go-live.
    @Test func threeSystemsRestoredOnDifferentDays() throws {
        let f = try EngineFixture(Self.yaml)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        for s in ["EHR", "PACS", "Pharmacy"] { try f.act(.system(s, .down)) }
        try f.act(.task("approve", .done))
        let day: Int = 86_400
        var validated: [String: Timestamp] = [:]
        for (n, s) in ["PACS", "EHR", "Pharmacy"].enumerated() {
            f.clock.set(engineBase.adding(seconds: (n + 2) * day))
            try f.act(.task("restore@\(s)", .done))
            #expect(f.view("validate@\(s)").status == .ready)
            #expect(f.view("go-live@\(s)").due == nil, "go-live's clock starts at validation")
            f.clock.advance(minutes: 180)
            try f.act(.task("validate@\(s)", .done))
            validated[s] = f.now
            #expect(f.view("go-live@\(s)").due == f.now.adding(seconds: day))
            #expect(f.view("go-live@\(s)").status == .ready)
        }
        // Day 4 + 2 h: PACS, validated on day 2, is overdue for go-live; EHR (day 3) and Pharmacy are not.
        f.clock.set(engineBase.adding(seconds: 4 * day + 2 * 3600))
        #expect(f.view("go-live@PACS").overdue)
        #expect(!f.view("go-live@EHR").overdue && !f.view("go-live@Pharmacy").overdue)
        #expect(f.view("go-live").overdue, "the task is late when one of its instances is")
        #expect(f.view("go-live").due == validated["PACS"]!.adding(seconds: day), "the earliest open instance's due time")
        #expect(StatusText.render(f.engine, now: f.now).contains("go-live@PACS — Clinical go-live (ops) — OVERDUE"))
        try f.act(.task("go-live@PACS", .done))
        try f.act(.task("go-live@EHR", .done))
        #expect(f.status("go-live") == .started)
        #expect(f.status("all-clear") == .waiting)
        #expect(f.view("all-clear").due == nil, "12h after go-live means after the last system's")
        f.clock.advance(minutes: 60)
        try f.act(.task("go-live@Pharmacy", .done))
        #expect(f.status("go-live") == .done)
        #expect(f.status("all-clear") == .ready)
        #expect(f.view("all-clear").due == f.now.adding(seconds: 12 * 3600))
        // A system reported down later reopens the per-system work for it alone.
        try f.act(.system("Phones", .down))
        #expect(f.status("go-live") == .waiting || f.status("go-live") == .started)
        #expect(f.view("go-live@Phones").status == .waiting)
        #expect(f.view("go-live@EHR").status == .done)
        // A fresh fold of the file agrees.
        let fresh = try f.reopened()
        #expect(StatusJSON.render(fresh.engine, now: f.now) == StatusJSON.render(f.engine, now: f.now))
    }
}
