import Foundation
import Testing
import RunbookKit

/// The shipped OCCI playbook walked through the engine: its deadline clocks fall at the right
/// instant from discovery or from the decision, and its restoration stages run per system.
@Suite("OCCI clocks and per-system restoration")
struct OcciClockScenarioTests {
    static func occi() throws -> String {
        try String(contentsOfFile: PlaybookFixtures.builtinPath("occi"), encoding: .utf8)
    }

    /// The answers this walk gives when a task waits on a decision.
    static let answers: [String: String] = [
        "network-isolation": "full", "extended-downtime": "yes", "ambulance-diversion": "divert",
        "elective-deferral": "defer", "law-enforcement": "yes", "regulator-notification": "yes",
        "extortion-demand": "no", "recovery-site": "in-place", "vendor-origin": "no", "breach-size": "500-or-more",
        "publicly-traded": "yes", "serious-harm": "no", "sec-materiality": "material", "circia-applies": "no",
        "ad-recovery": "restore-and-clean",
    ]

    /// Marks `id` done, first doing whatever it waits on (prerequisites, the same system's
    /// instances, decisions), as a command post working in order would.
    static func finish(_ id: String, _ f: EngineFixture, depth: Int = 0) throws {
        guard depth < 80, let v = f.engine.taskView(id, now: f.now) else { return }
        if v.status.isFinished { return }
        for w in v.waits {
            switch w {
            case .task(let p): try finish(p, f, depth: depth + 1)
            case .decision(let d): try f.act(.decide(d, answers[d] ?? "yes"))
            case .affectedSystem: break
            }
        }
        if f.engine.taskView(id, now: f.now)?.status.isFinished == true { return }
        // A task that records a decision is done by recording it.
        if let d = f.engine.playbook.decisionsByTask[id] { try f.act(.decide(d, answers[d] ?? "yes")); return }
        try f.act(.task(id, .done))
    }

    @Test func eachDeadlineClockIsDueAtTheRightInstant() throws {
        let discovered = engineBase.adding(seconds: -(2 * 86_400 + 5 * 3600))  // known 2 days 5 h before activation
        let f = try EngineFixture(try Self.occi(), discovered: discovered)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        let day = 86_400
        func due(_ id: String) -> Timestamp? { f.view(id).due }
        // From discovery, known at once, before any decision.
        #expect(due("finance-insurer-notice") == discovered.adding(seconds: day))
        #expect(due("liaison-state-notice") == discovered.adding(seconds: 3 * day))
        #expect(f.view("finance-insurer-notice").overdue, "24 h from a discovery 53 h ago is past")
        #expect(f.view("finance-insurer-notice").def.deadline)
        // Breach clocks: the HIPAA limit is 60 days from discovery, not from activation or the decision.
        for id in ["pio-breach-notice", "liaison-hhs-notice", "pio-media-notice", "liaison-hhs-annual-log"] {
            #expect(due(id) == discovered.adding(seconds: 60 * day), "\(id)")
        }
        #expect(due("liaison-state-ag-notice") == discovered.adding(seconds: 30 * day))
        // Clocks that start at a decision: none until it is made that way.
        #expect(due("finance-sec-8k") == nil)
        #expect(due("safety-fda-device-report") == nil && due("med-tech-sentinel-event") == nil)
        #expect(StatusText.dueWords(f.view("safety-fda-device-report"), now: f.now) == "due 10 days after serious-harm is decided yes")
        f.clock.advance(minutes: 6 * 60)
        try f.act(.decide("publicly-traded", "yes"))
        f.clock.advance(minutes: 30 * 60)
        let material = try f.act(.decide("sec-materiality", "material"))
        #expect(due("finance-sec-8k") == material.when.adding(seconds: 4 * day))
        let harm = try f.act(.decide("serious-harm", "yes"), at: f.now.adding(seconds: -3600))
        #expect(due("safety-fda-device-report") == harm.when.adding(seconds: 10 * day))
        #expect(due("med-tech-sentinel-event") == harm.when.adding(seconds: 45 * day))
        // CIRCIA only once its final rule is in force.
        #expect(f.view("liaison-circia").status == .waiting)
        try f.act(.decide("circia-applies", "no"))
        #expect(f.view("liaison-circia").status == .inapplicable && !f.view("liaison-circia").overdue)
        // The status JSON carries the same instants and the deadline flag.
        let doc = StatusJSON.document(f.engine, now: f.now)
        let breach = try #require(doc.tasks.first { $0.id == "pio-breach-notice" })
        #expect(breach.due == discovered.adding(seconds: 60 * day).rfc3339 && breach.deadline)
    }

    /// EHR, PACS and pharmacy go down on day 0 and come back on days 3, 5 and 9: each runs
    /// rebuild → restore → validate → restricted access → identity → back-entry → interface
    /// queue → reconnection → clinical review → go-live on its own, and the all-clear waits for
    /// the last.
    @Test func threeSystemsRestoredOnDifferentDays() throws {
        let f = try EngineFixture(try Self.occi())
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        for s in ["EHR", "PACS", "Pharmacy"] { try f.act(.system(s, .down)) }
        let stages = ["intel-rebuild", "intel-restore", "intel-validate-restored", "ops-restricted-access", "ops-identity-reconcile",
                      "ops-back-entry", "intel-interface-queue", "intel-reconnect-interfaces", "med-tech-golive-review",
                      "ops-clinical-golive"]
        #expect(f.view("ops-clinical-golive").instances.map(\.id) == ["ops-clinical-golive@EHR", "ops-clinical-golive@PACS", "ops-clinical-golive@Pharmacy"])
        var liveAt: [String: Timestamp] = [:]
        for (system, dayBack) in [("EHR", 3), ("PACS", 5), ("Pharmacy", 9)] {
            f.clock.set(engineBase.adding(seconds: dayBack * 86_400))
            for stage in stages {
                try Self.finish("\(stage)@\(system)", f)
                #expect(f.view("\(stage)@\(system)").status == .done, "\(stage)@\(system)")
                f.clock.advance(minutes: 90)
            }
            try f.act(.system(system, .up))
            liveAt[system] = f.view("ops-clinical-golive@\(system)").record.since
            // The systems not yet back have not moved.
            for other in ["EHR", "PACS", "Pharmacy"] where liveAt[other] == nil {
                #expect(f.view("ops-clinical-golive@\(other)").status != .done)
            }
            #expect(f.view("ops-clinical-golive").status == (liveAt.count == 3 ? .done : .started))
        }
        // Each go-live on its own day, recorded with its system.
        #expect(Set(liveAt.values.map { $0.localDateTime.prefix(10) }).count == 3)
        let golives = f.state.entries.filter { $0.type == "task.done" && $0.string("task") == "ops-clinical-golive" }
        #expect(golives.map { $0.string("system") ?? "" } == ["EHR", "PACS", "Pharmacy"])
        #expect(f.view("ops-back-entry").status == .done)
        // The all-clear waited for the last back-entry; now only its own other conditions remain.
        #expect(!f.view("ic-all-clear").waitingOn.contains("ops-back-entry"))
        let fresh = try f.reopened()
        #expect(StatusJSON.render(fresh.engine, now: f.now) == StatusJSON.render(f.engine, now: f.now))
    }
}
