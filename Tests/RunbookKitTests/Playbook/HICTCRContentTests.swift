import Foundation
import Testing
@testable import RunbookKit

/// The shipped HIC-TCR playbook read as a hospital emergency manager and a healthcare CISO read
/// it, and walked through the engine: nothing urgent waits on a second tick, every clock runs
/// from the moment it really runs from (a compromise confirmed on day 10, a breach known on day
/// 12), and nothing is overdue the moment it appears.
@Suite("HIC-TCR content")
struct HICTCRContentTests {
    static let day = 86_400

    static func load() throws -> Playbook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath("hic-tcr")) {
        case .success(let l): return l.playbook
        case .failure(let e): throw e
        }
    }

    static func fixture(at activation: Timestamp = engineBase) throws -> EngineFixture {
        try EngineFixture(try PlaybookFixtures.text(PlaybookFixtures.builtinPath("hic-tcr")), now: activation)
    }

    /// The answers a walk gives when a task waits on a decision.
    static let answers: [String: String] = [
        "emergency-policies": "no", "surge-support": "retainer", "active-compromise": "none",
        "breach-known": "no", "regulator-notification": "no", "extortion-demand": "no",
        "ransom-payment": "no-payment", "circia-applies": "no",
    ]

    /// Marks `id` done, first doing whatever it waits on, as a team working in order would.
    static func finish(_ id: String, _ f: EngineFixture, answers: [String: String] = answers, depth: Int = 0) throws {
        guard depth < 60, let v = f.engine.taskView(id, now: f.now) else { return }
        if v.status.isFinished { return }
        for w in v.waits {
            switch w {
            case .task(let p): try finish(p, f, answers: answers, depth: depth + 1)
            case .decision(let d): try f.act(.decide(d, answers[d] ?? "yes"))
            case .affectedSystem: break
            }
        }
        if f.engine.taskView(id, now: f.now)?.status.isFinished == true { return }
        try f.act(.task(id, .done))
    }

    /// The tasks a decision switches on or starts the clock of: its `when:` reads it, or its due
    /// counts from it. Each must not be overdue the moment the decision makes it appear.
    static func switched(by decision: String, in pb: Playbook) -> [Playbook.TaskDef] {
        pb.tasks.filter { t in
            if t.when?.decisions.contains(decision) == true { return true }
            if case .decision(let c)? = t.due?.anchor { return c.decisions.contains(decision) }
            return false
        }
    }

    /// Records `decision` = `option`, happened `back` seconds before now, and checks that no task
    /// it switched on (or whose clock it started) is overdue at that moment.
    @discardableResult
    static func decide(_ decision: String, _ option: String, back: Int = 0, _ f: EngineFixture, _ pb: Playbook,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> JournalEntry {
        let e = try f.act(.decide(decision, option), at: back == 0 ? nil : f.now.adding(seconds: -back))
        for t in switched(by: decision, in: pb) {
            let v = f.view(t.id)
            guard v.status != .inapplicable else { continue }
            #expect(!v.overdue, "\(t.id) is overdue the moment \(decision) = \(option) makes it appear (due \(v.due.map(\.rfc3339) ?? "-"))",
                    sourceLocation: sourceLocation)
        }
        return e
    }

    /// Every overdue task, by id.
    static func overdue(_ f: EngineFixture) -> [String] {
        f.engine.taskViews(now: f.now).filter { $0.turns.contains(where: \.overdue) }.map(\.def.id)
    }

    // MARK: structure

    @Test func everyDecisionNamesAnExistingTaskOfItsRole() throws {
        let pb = try Self.load()
        #expect(pb.decisions.count >= 8)
        for d in pb.decisions {
            let id = try #require(d.task, "decision \(d.id) names no task")
            let t = try #require(pb.task(id), "decision \(d.id) names \(id), which does not exist")
            #expect(t.role == d.role, "\(d.id) (\(d.role ?? "-")) is recorded by \(id) of role \(t.role)")
            #expect(t.every == nil && !t.perSystem, "\(id) cannot record a decision")
            #expect(t.when?.decisions.contains(d.id) != true, "\(id) applies only on an answer of \(d.id)")
        }
        // The regulator decision keeps its id (journals stay valid) and asks the plain question.
        #expect(pb.decision("regulator-notification")?.question == "Is this a reportable breach?")
        #expect(pb.decision("regulator-notification")?.role == "privacy")
        // Ransom governance is the same decision as OCCI's.
        #expect(pb.decision("ransom-payment")?.options == ["no-payment", "payment-authorized"])
    }

    @Test func theLegalPrivacyOfficerOwnsTheBreachWorkAndTheFilings() throws {
        let pb = try Self.load()
        #expect(pb.roles.contains { $0.id == "privacy" && $0.title == "Legal/Privacy Officer" })
        for id in ["privacy-breach-discovery", "compliance-breach-assessment", "privacy-decide-reportable",
                   "compliance-breach-notices", "compliance-law-enforcement", "privacy-circia-check",
                   "privacy-circia-incident-report", "privacy-circia-payment-report", "privacy-sanctions-screening",
                   "privacy-ransom-negotiator"] {
            #expect(pb.task(id)?.role == "privacy", "\(id) is \(pb.task(id)?.role ?? "missing")")
        }
        for id in ["breach-known", "regulator-notification", "circia-applies"] {
            #expect(pb.decision(id)?.role == "privacy", "\(id)")
        }
    }

    @Test func everyCriticalTaskHasADue() throws {
        let pb = try Self.load()
        let critical = pb.tasks.filter(\.critical)
        #expect(critical.count >= 4)
        for t in critical { #expect(t.due != nil, "critical \(t.id) has no due") }
    }

    @Test func everyDeadlineSaysWhatItRunsFrom() throws {
        let pb = try Self.load()
        let deadlines = pb.tasks.filter(\.deadline)
        #expect(deadlines.count >= 4)
        for t in deadlines {
            let text = t.detail.replacingOccurrences(of: "\n", with: " ")
            #expect(text.contains("The due time shown is"), "\(t.id) does not say what its due time is")
            switch t.due?.anchor {
            case .decision(let c)?:
                for d in c.decisions { #expect(text.contains(d), "\(t.id) does not name \(d), the decision its clock runs from") }
            case .discovery?: #expect(text.contains("discover"), "\(t.id)")
            case .task(let a)?: #expect(text.contains(a), "\(t.id)")
            case .activation?, nil: Issue.record("\(t.id) is a clock counted from the crisis's start")
            }
            #expect(ShippedPlaybookContentTests.Clock.isTold(t.detail), "\(t.id) does not say to check state law and policy")
        }
    }

    @Test func containmentAndEscalationDoNotWaitOnTheAssessment() throws {
        let pb = try Self.load()
        let confirmed = Playbook.Condition(decision: "active-compromise", option: "confirmed")
        for id in ["soc-contain", "lead-escalate-occi", "ciso-insurer-hotline"] {
            let t = try #require(pb.task(id))
            #expect(t.critical, "\(id)")
            #expect(!ShippedPlaybookContentTests.prerequisites(of: id, in: pb).contains { $0.id == "ciso-assess-compromise" },
                    "\(id) waits on the assessment the decision already records")
            #expect(t.when == confirmed, "\(id)")
            #expect(t.due?.anchor == .decision(confirmed) && (t.due?.offset.seconds ?? .max) <= 3600, "\(id) due \(t.due.map { "\($0)" } ?? "never")")
        }
        // The insurer is called before the response firm is engaged (its consent), by the same role.
        #expect(pb.task("ciso-engage-response-firm")?.after == ["ciso-insurer-hotline"])
        #expect(pb.task("ciso-engage-response-firm")?.role == pb.task("ciso-insurer-hotline")?.role)
        // The suspected and ruled-out paths do not wait on it either.
        for id in ["soc-hunt-suspected", "lead-warn-occi-suspected", "soc-no-compromise-record"] {
            #expect(pb.task(id)?.after == [], "\(id)")
        }
    }

    @Test func wordingAPrivacyOfficerWouldSign() throws {
        let pb = try Self.load()
        let assessment = try #require(pb.task("compliance-breach-assessment")).detail.replacingOccurrences(of: "\n", with: " ")
        #expect(assessment.contains("information that ransomware encrypted"))
        #expect(!assessment.contains("encrypted health information"))
        #expect(assessment.contains("safe harbor"))
        let screening = try #require(pb.task("privacy-sanctions-screening"))
        #expect(screening.refs.contains { $0.contains("OFAC") } && screening.detail.contains("September 2021"))
        #expect(pb.task("privacy-circia-payment-report")?.detail.contains("24 hours") == true)
        #expect(pb.task("lead-decide-ransom")?.detail.contains("board") == true)
    }

    // MARK: walked through the engine

    /// The first two hours: the CISO confirms a compromise 20 minutes in (recorded 5 minutes
    /// later); the SOC contains, the crisis lead escalates and compliance calls the insurer
    /// within the hour; the team is stood up. Nothing reads overdue that is not.
    @Test func theFirstTwoHoursHaveNoFalseOverdue() throws {
        let pb = try Self.load()
        let f = try Self.fixture()
        let start = f.now
        f.clock.advance(minutes: 25)
        #expect(Self.overdue(f) == [])
        let confirmed = try Self.decide("active-compromise", "confirmed", back: 5 * 60, f, pb)
        #expect(confirmed.when == start.adding(seconds: 20 * 60))
        #expect(f.status("ciso-assess-compromise") == .done)
        for id in ["soc-contain", "lead-escalate-occi", "ciso-insurer-hotline"] {
            #expect(f.status(id) == .ready, "\(id) waits on \(f.view(id).waitingOn)")
            #expect(f.view(id).due == confirmed.when.adding(seconds: 3600), "\(id)")
        }
        #expect(f.view("compliance-law-enforcement").due == confirmed.when.adding(seconds: 2 * Self.day))
        #expect(f.view("privacy-breach-discovery").due == confirmed.when.adding(seconds: 3 * Self.day))
        #expect(f.view("soc-hunt-suspected").status == .inapplicable)
        #expect(Self.overdue(f) == [])
        f.clock.advance(minutes: 25)
        for id in ["soc-contain", "lead-escalate-occi", "ciso-insurer-hotline"] { try f.act(.task(id, .done)) }
        #expect(f.status("ciso-engage-response-firm") == .ready)
        f.clock.advance(minutes: 40)
        try f.act(.task("lead-stand-up", .done))
        f.clock.advance(minutes: 29)  // 1 h 59 min in
        #expect(Self.overdue(f) == [])
        f.clock.advance(minutes: 61)  // 3 h in: the stand-up is done, the firm is due at 4 h 20 min
        #expect(Self.overdue(f) == [])
    }

    /// A suspicion first, confirmed an hour later: the urgent tasks count from the confirmation,
    /// and the suspicion's own tasks stop applying.
    @Test func theUrgentTasksCountFromTheConfirmationNotTheSuspicion() throws {
        let pb = try Self.load()
        let f = try Self.fixture()
        f.clock.advance(minutes: 30)
        let suspected = try Self.decide("active-compromise", "suspected", f, pb)
        #expect(f.view("lead-warn-occi-suspected").due == suspected.when.adding(seconds: 4 * 3600))
        #expect(f.view("compliance-insurer-suspected").due == suspected.when.adding(seconds: Self.day))
        #expect(f.view("soc-contain").status == .inapplicable)
        f.clock.advance(minutes: 90)
        let confirmed = try Self.decide("active-compromise", "confirmed", f, pb)
        #expect(f.view("soc-contain").due == confirmed.when.adding(seconds: 3600))
        #expect(f.view("lead-escalate-occi").due == confirmed.when.adding(seconds: 3600))
        #expect(f.view("lead-warn-occi-suspected").status == .inapplicable)
        // The breach-known question applies from the suspicion, which first made it matter.
        #expect(f.view("privacy-breach-discovery").due == suspected.when.adding(seconds: 3 * Self.day))
        #expect(Self.overdue(f).filter { id in Self.switched(by: "active-compromise", in: pb).contains { $0.id == id } } == [])
    }

    /// A crisis running since day 0; a compromise confirmed on day 10 (recorded half an hour later
    /// with `--at`); health information known touched on day 12 (recorded the next morning with
    /// `--at`); the breach judged reportable on day 20. The breach clock runs 60 days from day
    /// 12, law enforcement from day 10, and nothing is overdue the moment it appears.
    @Test func theBreachClockRunsFromWhenTheBreachWasKnown() throws {
        let pb = try Self.load()
        let f = try Self.fixture()
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        let start = f.now
        func at(days: Double) -> Timestamp { start.adding(seconds: Int(days * Double(Self.day))) }

        // Before anything is known the breach clock has not started.
        #expect(f.view("compliance-breach-notices").due == nil)

        f.clock.set(at(days: 10).adding(seconds: 30 * 60))
        let confirmed = try Self.decide("active-compromise", "confirmed", back: 30 * 60, f, pb)
        #expect(confirmed.when == at(days: 10))
        #expect(f.view("compliance-law-enforcement").due == at(days: 12), "law enforcement counts from the compromise")
        #expect(f.view("compliance-insurer-notice").due == at(days: 11))
        #expect(f.view("soc-share-indicators").due == at(days: 13), "indicators within days, not at stand-down")
        #expect(f.view("compliance-breach-notices").due == nil, "no breach known yet: no breach clock")

        f.clock.set(at(days: 12.9))
        let known = try Self.decide("breach-known", "yes", back: Int(0.9 * Double(Self.day)), f, pb)
        #expect(known.when == at(days: 12))
        #expect(f.status("privacy-breach-discovery") == .done)
        #expect(f.view("compliance-breach-assessment").due == at(days: 26))
        #expect(f.view("privacy-decide-reportable").due == at(days: 33))
        // Shown as conditional on the reportable decision, never overdue meanwhile.
        let pending = f.view("compliance-breach-notices")
        #expect(pending.conditional == .init(decision: "regulator-notification", option: "yes"))
        #expect(!pending.overdue)

        f.clock.set(at(days: 20))
        try f.act(.task("compliance-breach-assessment", .done))
        try Self.decide("regulator-notification", "yes", f, pb)
        #expect(f.status("privacy-decide-reportable") == .done)
        let notices = f.view("compliance-breach-notices")
        #expect(notices.status == .ready, "\(notices.waitingOn)")
        #expect(notices.due == at(days: 72), "60 days from the breach known on day 12, not from the crisis's day 0")
        #expect(notices.due != start.adding(seconds: 60 * Self.day))
        #expect(!notices.overdue)
    }

    /// Stand-down waits on eradication and reconnection only when a compromise was confirmed;
    /// ruled out, those tasks do not apply and hold nothing back.
    @Test func standDownWaitsOnRecoveryOnlyAfterAConfirmedCompromise() throws {
        let none = try Self.fixture()
        try Self.finish("lead-stand-down", none)
        #expect(none.status("lead-stand-down") == .done)
        #expect(none.status("soc-eradicate") == .inapplicable && none.status("it-ops-reconnect") == .inapplicable)

        let f = try Self.fixture()
        try f.act(.decide("active-compromise", "confirmed"))
        try Self.finish("it-ops-regularize-assets", f)
        try Self.finish("compliance-rollback-exceptions", f)
        let waiting = f.view("lead-stand-down")
        #expect(waiting.status == .waiting)
        #expect(waiting.waitingOn.contains("soc-eradicate") && waiting.waitingOn.contains("it-ops-reconnect"), "\(waiting.waitingOn)")
        #expect(!waiting.waitingOn.contains("soc-hunt-suspected"))
        try Self.finish("it-ops-reconnect", f)
        #expect(f.status("lead-stand-down") == .ready)
    }

    /// A day-3 extortion demand and a payment authorized: the payment's tasks appear, none of
    /// them overdue that moment; CIRCIA's payment report only when its rule applies. No payment
    /// switches none of them on.
    @Test func ransomGovernanceOnPaymentAndNotOtherwise() throws {
        let pb = try Self.load()
        let paymentTasks = ["privacy-sanctions-screening", "privacy-ransom-negotiator", "soc-test-decryptor"]
        for answer in ["payment-authorized", "no-payment"] {
            let f = try Self.fixture()
            f.quietDays = true
            f.clock.advance(minutes: 2 * 60)
            try Self.decide("active-compromise", "confirmed", f, pb)
            f.clock.advance(minutes: 6 * 60)
            try Self.decide("circia-applies", "yes", f, pb)
            f.clock.advance(minutes: 3 * 24 * 60)
            let demand = try Self.decide("extortion-demand", "yes", back: 20 * 60, f, pb)
            #expect(f.status("lead-extortion-route") == .done)
            #expect(f.view("lead-decide-ransom").due == demand.when.adding(seconds: 3 * Self.day))
            f.clock.advance(minutes: 6 * 60)
            let decided = try Self.decide("ransom-payment", answer, f, pb)
            for id in paymentTasks + ["privacy-circia-payment-report"] {
                #expect((f.status(id) == .inapplicable) == (answer == "no-payment"), "\(id) on \(answer)")
            }
            if answer == "payment-authorized" {
                #expect(f.view("privacy-sanctions-screening").due == decided.when.adding(seconds: Self.day))
                #expect(f.view("privacy-circia-payment-report").due == decided.when.adding(seconds: Self.day))
            }
        }
    }
}
