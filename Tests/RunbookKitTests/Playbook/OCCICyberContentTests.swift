import Foundation
import Testing
@testable import RunbookKit

/// OCCI's cyber, command and legal content read the way a CISO and counsel would: nothing
/// urgent waits for a second tick after its decision, clocks count from the moment they name,
/// the insurer is called before the response firm, a ransom payment brings its own controls,
/// the Legal/Privacy Officer owns the breach work, and Active Directory comes back in the safe order.
@Suite("OCCI cyber and legal content")
struct OCCICyberContentTests {
    func load() throws -> Playbook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath("occi")) {
        case .success(let l): return l.playbook
        case .failure(let e): throw e
        }
    }

    static func occiYAML() throws -> String {
        try String(contentsOfFile: PlaybookFixtures.builtinPath("occi"), encoding: .utf8)
    }

    /// Every task `id` waits on, directly or through others.
    static func prerequisites(of id: String, in pb: Playbook) -> Set<String> {
        var seen: Set<String> = []
        var queue = pb.task(id)?.after ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let t = pb.task(next) else { continue }
            queue.append(contentsOf: t.after)
        }
        return seen
    }

    // MARK: decisions and their tasks

    @Test func everyDecisionNamesAnExistingTaskOfItsRole() throws {
        let pb = try load()
        #expect(pb.decisions.count >= 16)
        for d in pb.decisions {
            let id = try #require(d.task, "decision \(d.id) names no task")
            let t = try #require(pb.task(id), "decision \(d.id) names \(id), which is not a task")
            #expect(t.role == d.role, "decision \(d.id) (\(d.role)) is recorded by \(id) of role \(t.role)")
        }
        #expect(Set(pb.decisions.compactMap(\.task)).count == pb.decisions.count, "two decisions share a task")
    }

    @Test func noCriticalTaskLacksADue() throws {
        // Recovery tasks (demobilization) wait for systems to come back, weeks in: a clock from
        // activation would make them overdue while they rightly wait, so they have none.
        let pb = try load()
        let critical = pb.tasks.filter { $0.critical && $0.phase != "demobilization" }
        #expect(critical.count >= 8)
        for t in critical { #expect(t.due != nil, "critical \(t.id) has no due") }
        for id in ["intel-internet-full", "intel-internet-partial", "intel-vendor-cut-link"] {
            #expect(pb.task(id)?.critical == true && pb.task(id)?.due != nil, "\(id)")
        }
    }

    @Test func everyDeadlineSaysWhatItRunsFrom() throws {
        let pb = try load()
        let deadlines = pb.tasks.filter(\.deadline)
        #expect(deadlines.count >= 12)
        for t in deadlines {
            let due = try #require(t.due, "deadline \(t.id) has no due")
            let text = t.detail.replacingOccurrences(of: "\n", with: " ")
            // What the clock counts from, as the engine counts it, must be named in the guidance.
            let names: [String]
            switch due.anchor {
            case .discovery: names = ["discovery"]
            case .decision(let c): names = c.decisions
            case .task(let a): names = [a]
            case .activation: names = t.when?.decisions ?? ["activation"]
            }
            for n in names { #expect(text.contains(n), "\(t.id) (due \(due)) does not say it runs from \(n)") }
        }
    }

    // MARK: defect 2 and 3 — nothing stalls, clocks from the decision

    @Test func theInternetCutWaitsOnlyOnTheDecision() throws {
        let pb = try load()
        for (id, option) in [("intel-internet-full", "full"), ("intel-internet-partial", "partial"), ("intel-internet-monitor", "none")] {
            let t = try #require(pb.task(id))
            #expect(!Self.prerequisites(of: id, in: pb).contains("ic-decide-isolation"), "\(id) waits on the isolation task")
            #expect(t.when == .equals(decision: "network-isolation", option: option), "\(id)")
            let cond = Playbook.Condition.equals(decision: "network-isolation", option: option)
            #expect(t.due == Playbook.Due(PlaybookDuration(seconds: 3600), after: .decision(cond)), "\(id) due \(t.due.map { "\($0)" } ?? "never")")
        }
        #expect(pb.decision("network-isolation")?.task == "ic-decide-isolation")
    }

    @Test func vendorOriginTasksCountFromTheDecision() throws {
        let pb = try load()
        let yes = Playbook.Condition.equals(decision: "vendor-origin", option: "yes")
        for (id, hours) in [("intel-vendor-cut-link", 1), ("ops-eprescribing-route", 4), ("liaison-vendor-notice-path", 24)] {
            let t = try #require(pb.task(id))
            #expect(t.due?.anchor == .decision(yes), "\(id) due \(t.due.map { "\($0)" } ?? "never")")
            #expect(t.due?.offset.seconds == hours * 3600, "\(id)")
        }
    }

    /// The first-hour decisions are taken before anyone ticks the declaration (isolation in
    /// minute five, at the IT chief's call): each closes its own task at once, so the task is
    /// never shown overdue after its answer is on the board.
    @Test func theFirstHourDecisionsCloseTheirTasksBeforeTheDeclarationIsTicked() throws {
        let f = try EngineFixture(try Self.occiYAML())
        f.clock.advance(minutes: 5)
        for (decision, answer) in [("network-isolation", "full"), ("ambulance-diversion", "divert"), ("extended-downtime", "yes")] {
            let written = try f.session.performAll(.decide(decision, answer), ActionContext(actor: "alice"), now: { f.clock.now })
            #expect(written.map(\.kind) == [.decisionMade, .taskDone], "\(decision) left its task open")
        }
        #expect(f.status("ic-declare") != .done, "the declaration is still to be ticked")
        f.clock.advance(minutes: 3 * 60)
        let overdue = Set(f.engine.taskViews(now: f.now).filter(\.overdue).map(\.def.id))
        for id in ["ic-decide-isolation", "ic-decide-diversion", "ic-decide-downtime"] { #expect(!overdue.contains(id), "\(id) overdue after its decision") }
    }

    @Test func aDayThreeDemandAndRansomDecisionCreateNoOverdueTask() throws {
        try requirePaymentTasks()
        let f = try EngineFixture(try Self.occiYAML())
        f.quietDays = true
        f.clock.advance(minutes: 60)
        try f.act(.decide("extortion-demand", "no"))
        f.clock.advance(minutes: 19 * 60)
        try f.act(.decide("circia-applies", "yes"))
        f.clock.advance(minutes: 53 * 60)  // day 3, 09:00: the 72-hour clocks have passed
        func overdue() -> Set<String> { Set(f.engine.taskViews(now: f.now).filter(\.overdue).map(\.def.id)) }
        let before = overdue()
        #expect(!before.isEmpty, "three days of nothing done leaves early tasks overdue")
        // Day 3: the demand arrives, the board decides to pay, the payment is made.
        try f.act(.decide("extortion-demand", "yes"))
        #expect(overdue() == before, "new overdue: \(overdue().subtracting(before).sorted())")
        f.clock.advance(minutes: 10)
        try f.act(.decide("ransom-payment", "payment-authorized"))
        #expect(overdue() == before, "new overdue: \(overdue().subtracting(before).sorted())")
        for id in ["privacy-ransom-sanctions-check", "privacy-ransom-negotiator"] {
            let due = try #require(f.view(id).due, "\(id) has no due")
            #expect(due > f.now, "\(id) is due \(due), before the decision at \(f.now)")
        }
        f.clock.advance(minutes: 60)
        try f.act(.task("privacy-ransom-sanctions-check", .done))
        try f.act(.task("privacy-ransom-negotiator", .done))
        let paid = try f.act(.task("finance-ransom-payment", .done))
        let report = f.view("liaison-circia-ransom-payment")
        #expect(report.status != .inapplicable)
        #expect(report.due == paid.when.adding(seconds: 24 * 3600), "the CIRCIA payment report counts from the payment")
        #expect(overdue() == before, "new overdue: \(overdue().subtracting(before).sorted())")
    }

    /// Stops the walk when the playbook lacks the ransom tasks (the fixture's views unwrap them).
    func requirePaymentTasks() throws {
        let pb = try load()
        try #require(pb.decision("ransom-payment") != nil, "the ransom-payment decision is missing")
        for id in Self.paymentTasks { try #require(pb.task(id) != nil, "\(id) is missing") }
    }

    static let paymentTasks = ["privacy-ransom-sanctions-check", "privacy-ransom-negotiator", "finance-ransom-payment",
                               "intel-decryptor-test", "liaison-circia-ransom-payment"]

    @Test(arguments: ["payment-authorized", "no-payment"])
    func theRansomDecisionSwitchesItsControls(_ answer: String) throws {
        try requirePaymentTasks()
        let f = try EngineFixture(try Self.occiYAML())
        try f.act(.decide("circia-applies", "yes"))
        try f.act(.decide("extortion-demand", "yes"))
        for id in Self.paymentTasks { #expect(f.status(id) != .inapplicable, "\(id) is n/a before the board decides") }
        try f.act(.decide("ransom-payment", answer))
        for id in Self.paymentTasks {
            if answer == "payment-authorized" {
                #expect(f.status(id) != .inapplicable, "\(id) does not apply on payment")
            } else {
                #expect(f.status(id) == .inapplicable, "\(id) applies without payment")
            }
        }
    }

    @Test func ransomGovernanceSaysWhatASignerAsks() throws {
        let pb = try load()
        let decision = try #require(pb.decision("ransom-payment"))
        #expect(decision.options == ["no-payment", "payment-authorized"])
        #expect(decision.task == "ic-decide-ransom-payment")
        let board = try #require(pb.task("ic-decide-ransom-payment"))
        #expect(board.when == .equals(decision: "extortion-demand", option: "yes"))
        let text = board.detail.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("board"))
        #expect(board.refs.contains { $0.contains("143-800") } && board.refs.contains { $0.contains("282.3186") }, "state bans cited")
        let paying = Playbook.Condition.equals(decision: "ransom-payment", option: "payment-authorized")
        for id in Self.paymentTasks {
            let t = try #require(pb.task(id), "\(id) is missing")
            #expect(t.when?.decisions.contains("ransom-payment") == true, "\(id) is not switched by the ransom decision")
            if id != "liaison-circia-ransom-payment" { #expect(t.when == paying, "\(id)") }
        }
        #expect(pb.task("privacy-ransom-sanctions-check")?.refs.contains { $0.contains("OFAC") } == true)
        #expect(pb.task("liaison-circia-ransom-payment")?.when == .all([paying, .equals(decision: "circia-applies", option: "yes")]))
        #expect(pb.task("liaison-circia-ransom-payment")?.due?.anchor == .task("finance-ransom-payment"))
        #expect(pb.task("liaison-circia-ransom-payment")?.deadline == true)
        // Payment only after screening and a negotiator retained by counsel; the decryptor after payment.
        #expect(Self.prerequisites(of: "finance-ransom-payment", in: pb).isSuperset(of: ["privacy-ransom-sanctions-check", "privacy-ransom-negotiator"]))
        #expect(Self.prerequisites(of: "intel-decryptor-test", in: pb).contains("finance-ransom-payment"))
    }

    // MARK: insurer first

    @Test func theInsurerIsCalledBeforeTheResponseFirm() throws {
        let pb = try load()
        let hotline = try #require(pb.task("liaison-insurer-hotline"))
        #expect(hotline.after.isEmpty)
        #expect((hotline.due?.afterActivation?.seconds ?? .max) <= 3600, "the hotline in the first hour")
        let firm = try #require(pb.task("liaison-retainer"))
        #expect(firm.after.contains("liaison-insurer-hotline"))
        #expect((firm.due?.afterActivation?.seconds ?? 0) > (hotline.due?.afterActivation?.seconds ?? .max))
    }

    // MARK: the Legal/Privacy Officer

    @Test func theLegalPrivacyOfficerOwnsTheBreachWork() throws {
        let pb = try load()
        #expect(pb.role("privacy")?.title == "Legal/Privacy Officer")
        let reg = try #require(pb.decision("regulator-notification"))
        #expect(reg.role == "privacy" && reg.question.contains("reportable breach"))
        #expect(reg.task == "privacy-decide-breach")
        #expect(pb.decision("breach-size")?.role == "privacy")
        #expect(pb.task("ic-decide-regulators") == nil, "the regulator decision moved to the Legal/Privacy Officer")
        // Internal targets: the assessment opened by 72 h, the decision by about day 14-21.
        let start = try #require(pb.task("privacy-start-assessment"))
        #expect(start.due == Playbook.Due(PlaybookDuration(seconds: 72 * 3600), after: .discovery))
        let decide = try #require(pb.task("privacy-decide-breach"))
        #expect(decide.due?.anchor == .discovery)
        #expect((14 * 86_400...21 * 86_400).contains(decide.due?.offset.seconds ?? 0))
        #expect(decide.after.contains("privacy-start-assessment"))
        // Every breach filing is the Legal/Privacy Officer's; each waits on the decision.
        for id in ["pio-breach-notice", "liaison-hhs-notice", "liaison-hhs-annual-log", "liaison-state-ag-notice", "planning-no-breach-record"] {
            let t = try #require(pb.task(id))
            #expect(t.role == "privacy", "\(id) is \(t.role)'s")
            #expect(t.after.contains("privacy-decide-breach"), "\(id)")
        }
        #expect(pb.task("liaison-state-notice")?.role == "privacy")
        // The clock register: counsel's one page, owned by the Legal/Privacy Officer.
        let register = try #require(pb.task("privacy-clock-register"))
        #expect(register.role == "privacy" && register.due != nil)
        let text = register.detail.replacingOccurrences(of: "\n", with: " ")
        for word in ["runs from", "owner", "status", "delay"] { #expect(text.contains(word), "the register lacks \(word)") }
        // Vermont's preliminary notice where the AG clock says "shortest".
        let ag = try #require(pb.task("liaison-state-ag-notice"))
        #expect(ag.refs.contains { $0.contains("9 V.S.A. 2435") })
        #expect(ag.detail.replacingOccurrences(of: "\n", with: " ").contains("14 business days"))
    }

    // MARK: Active Directory recovery

    @Test func activeDirectoryComesBackInTheSafeOrder() throws {
        let pb = try load()
        let ad = try #require(pb.decision("ad-recovery"))
        #expect(ad.options == ["restore-and-clean", "greenfield"] && ad.role == "intel")
        #expect(pb.task("intel-ad-restore-clean")?.when == .equals(decision: "ad-recovery", option: "restore-and-clean"))
        #expect(pb.task("intel-ad-greenfield")?.when == .equals(decision: "ad-recovery", option: "greenfield"))
        let tier0 = try #require(pb.task("intel-ad-tier0")).detail.replacingOccurrences(of: "\n", with: " ")
        for item in ["DSRM", "Certificate Services", "AD Connect", "hypervisor", "backup console", "Group Policy", "scheduled tasks"] {
            #expect(tier0.contains(item), "the Tier-0 list lacks \(item)")
        }
        let krbtgt = Self.prerequisites(of: "intel-identity-reset", in: pb)
        #expect(krbtgt.isSuperset(of: ["intel-ad-tier0", "intel-ad-restore-clean", "intel-ad-greenfield", "intel-decide-ad-recovery"]))
        #expect(Self.prerequisites(of: "intel-mass-password-reset", in: pb).contains("intel-identity-reset"), "krbtgt before the mass reset")
        #expect(!krbtgt.contains("intel-mass-password-reset"))
        #expect(Self.prerequisites(of: "intel-validate-restored", in: pb).contains("intel-mass-password-reset"))
        let restore = try #require(pb.task("intel-restore")).detail.replacingOccurrences(of: "\n", with: " ")
        #expect(restore.contains("only data, never system state"))
    }

    // MARK: measures and the smaller points

    @Test func milestonesAndTheSmallerPoints() throws {
        let pb = try load()
        for id in ["intel-internet-full", "intel-internet-partial", "intel-identity-reset"] {
            #expect(pb.task(id)?.milestone == true, "\(id) is not a milestone")
        }
        // The hunt is started by 12 h and done when the firm concludes.
        #expect(pb.task("intel-hunt-begin")?.due?.afterActivation?.seconds == 12 * 3600)
        #expect(pb.task("intel-hunt")?.due == nil && pb.task("intel-hunt")?.after == ["intel-hunt-begin"])
        // Validation asks for an attestation, not a promise of "clean".
        let validate = try #require(pb.task("intel-validate-restored")).detail.replacingOccurrences(of: "\n", with: " ")
        #expect(validate.contains("attestation") && !validate.contains("sign-off that the system is clean"))
        // Indicators within days, not at demobilization.
        let iocs = try #require(pb.task("liaison-share-iocs"))
        #expect(iocs.phase != "demobilization")
        #expect((iocs.due?.afterActivation?.seconds ?? .max) <= 7 * 86_400)
        #expect(pb.task("intel-closure-criteria")?.after.contains("intel-post-monitoring") == true)
    }
}
