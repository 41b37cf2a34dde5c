import Foundation
import Testing
@testable import RunbookKit

/// What the shipped playbooks say, read the way a charge nurse and a CISO would: every task
/// has guidance and a source, due times never run ahead of prerequisites, nobody waits on
/// another role's paperwork in the first two hours, and each legal clock says what it really is.
@Suite("Shipped playbook content")
struct ShippedPlaybookContentTests {
    func load(_ id: String) throws -> Playbook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath(id)) {
        case .success(let l): return l.playbook
        case .failure(let e): throw e
        }
    }

    /// When the first round of a task comes due after activation, as the engine counts it:
    /// its `due`, or for a recurring task without one, its `every`; nil for a relative due.
    static func firstDue(_ t: Playbook.TaskDef) -> Int? { (t.due.map { $0.afterActivation } ?? t.every)?.seconds }

    /// When a task is planned to come due, in seconds after activation, if the plan says:
    /// counted from activation; from discovery taken as activation (discovery is never later,
    /// so a real clock is at most this); from an anchor task done when it is itself planned to
    /// be due; nil when it counts from a decision or from a task with no planned time.
    static func plannedDue(_ t: Playbook.TaskDef, in pb: Playbook, depth: Int = 0) -> Int? {
        guard depth < 50 else { return nil }
        guard let due = t.due else { return t.every?.seconds }
        switch due.anchor {
        case .activation, .discovery: return due.offset.seconds
        case .task(let a): return pb.task(a).flatMap { plannedDue($0, in: pb, depth: depth + 1) }.map { $0 + due.offset.seconds }
        case .decision: return nil
        }
    }

    /// Every task `id` waits on, directly or through others; `stop` ends the walk at a task
    /// (it is included, its own prerequisites are not).
    static func prerequisites(of id: String, in pb: Playbook, stop: (Playbook.TaskDef) -> Bool = { _ in false }) -> [Playbook.TaskDef] {
        var seen: Set<String> = []
        var out: [Playbook.TaskDef] = []
        var queue = pb.task(id)?.after ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let t = pb.task(next) else { continue }
            out.append(t)
            if !stop(t) { queue.append(contentsOf: t.after) }
        }
        return out
    }

    /// The tasks in which the incident commander records a decision (not paperwork).
    static func isICDecision(_ t: Playbook.TaskDef) -> Bool { t.role == "ic" && t.id.hasPrefix("ic-decide-") }

    @Test(arguments: ["occi", "hic-tcr"])
    func everyTaskHasGuidanceAndASource(_ id: String) throws {
        let pb = try load(id)
        for t in pb.tasks {
            #expect(t.detail.trimmingCharacters(in: .whitespacesAndNewlines).count >= 80, "\(t.id): guidance too thin")
            #expect(!t.refs.isEmpty, "\(t.id) has no refs")
            #expect(t.refs.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(t.id) has an empty ref")
        }
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func noTaskIsDueBeforeItsPrerequisites(_ id: String) throws {
        let pb = try load(id)
        var checked = 0
        for t in pb.tasks {
            guard let due = Self.plannedDue(t, in: pb) else { continue }
            for p in Self.prerequisites(of: t.id, in: pb) {
                guard let pdue = Self.plannedDue(p, in: pb) else { continue }
                checked += 1
                #expect(due >= pdue, "\(t.id) is due at \(due / 60) min but waits on \(p.id), due at \(pdue / 60) min")
            }
        }
        #expect(checked > 20, "the walk compared \(checked) pairs")
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func recoveryWorkIsNotOverdueByTheClockAlone(_ id: String) throws {
        // Recovery starts when systems come back, days or weeks in; a due time counted from
        // activation would mark it overdue while it still waits.
        let pb = try load(id)
        let recovery = pb.tasks.filter { $0.phase == "demobilization" }
        if id == "occi" { #expect(recovery.count >= 20) }
        for t in recovery { #expect(Self.firstDue(t) == nil, "\(t.id) comes due from activation") }
    }

    // MARK: OCCI — dependencies that match practice

    @Test func onlyTheIncidentCommanderWaitsOnTheDeclaration() throws {
        let pb = try load("occi")
        let waiting = pb.tasks.filter { $0.after.contains("ic-declare") }
        #expect(!waiting.isEmpty)
        for t in waiting { #expect(t.role == "ic", "\(t.id) (\(t.role)) waits on the IC's declaration") }
        // The units' first moves stand alone.
        for id in ["ops-activate-downtime", "pio-staff-alert", "scribe-start-log", "intel-isolate-affected",
                   "safety-hazard-assess", "med-tech-high-risk", "liaison-insurer-hotline", "logistics-downtime-kits",
                   "finance-cost-tracking", "planning-status-board"] {
            #expect(pb.task(id)?.after == [], "\(id) waits on \(pb.task(id)?.after ?? [])")
        }
    }

    @Test func inTheFirstTwoHoursOnlyICDecisionsHoldUpOtherRoles() throws {
        let pb = try load("occi")
        var early = 0
        for t in pb.tasks where t.role != "ic" {
            guard let due = Self.firstDue(t), due <= 2 * 3600 else { continue }
            early += 1
            for p in Self.prerequisites(of: t.id, in: pb, stop: Self.isICDecision) where p.role == "ic" {
                #expect(Self.isICDecision(p), "\(t.id) (\(t.role), due \(due / 60) min) waits on the IC's \(p.id)")
            }
        }
        #expect(early >= 30, "\(early) tasks of other roles due in the first two hours")
    }

    @Test func restorationOrderMatchesPractice() throws {
        let pb = try load("occi")
        func waits(_ id: String, on other: String) -> Bool { Self.prerequisites(of: id, in: pb).contains { $0.id == other } }
        #expect(!waits("intel-rebuild", on: "intel-hunt"), "the rebuild runs alongside the hunt")
        #expect(waits("intel-reconnect-interfaces", on: "intel-hunt"), "the hunt gates reconnection")
        #expect(waits("intel-reconnect-interfaces", on: "intel-interface-queue"), "queued messages reviewed first")
        #expect(waits("intel-reconnect-interfaces", on: "intel-identity-reset"))
        #expect(waits("intel-rebuild", on: "intel-evidence-images"), "nothing is wiped before it is imaged")
        #expect(waits("ops-back-entry", on: "ops-identity-reconcile"), "identity before back-entry")
        #expect(!waits("ops-identity-reconcile", on: "ops-back-entry"))
        #expect(waits("ic-all-clear", on: "ops-back-entry") && waits("ic-all-clear", on: "ops-back-entry-backlog"))
        #expect(waits("ops-imaging-reconcile", on: "ops-identity-reconcile"))
        let monitoring = try #require(pb.task("intel-post-monitoring"))
        #expect(monitoring.every == nil && monitoring.due == nil, "not overdue from hour 24 while systems are still down")
        #expect(pb.task("scribe-start-log")?.after == [])
    }

    @Test func clinicalDowntimeIsDueFromTheFirstHour() throws {
        let pb = try load("occi")
        let expected: [(String, Int)] = [
            ("ops-activate-downtime", 15), ("pio-staff-alert", 15),
            ("ops-lab-downtime", 60), ("ops-pharmacy-downtime", 60), ("safety-med-admin", 60), ("safety-patient-id", 60),
            ("ops-blood-bank", 60), ("ops-pediatric-dose-check", 60), ("ops-fetal-monitoring", 60),
            ("ops-radiology-downtime", 90), ("safety-critical-results", 120), ("ops-dialysis", 120),
            ("intel-evidence-volatile", 120), ("intel-close-access", 120), ("intel-evidence-images", 24 * 60),
            ("med-tech-order-sets", 120),
        ]
        for (id, minutes) in expected {
            let t = try #require(pb.task(id), "\(id) is missing")
            #expect(t.due?.afterActivation?.seconds == minutes * 60, "\(id) due \(t.due.map { "\($0)" } ?? "never"), expected \(minutes) min")
            if minutes <= 120 { #expect(t.phase == "immediate", "\(id) is in \(t.phase)") }
        }
    }

    @Test func splitAndNewTasksExist() throws {
        let pb = try load("occi")
        for gone in ["intel-evidence", "intel-entry-point", "liaison-regulators"] {
            #expect(pb.task(gone) == nil, "\(gone) was split or replaced")
        }
        let required = [
            // split evidence and entry point
            "intel-evidence-volatile", "intel-evidence-images", "intel-close-access", "intel-root-cause",
            // missing clinical tasks
            "ops-blood-bank", "ops-fetal-monitoring", "ops-pediatric-dose-check", "med-tech-order-sets", "ops-dialysis",
            "ops-discharge-prescriptions", "ops-emtala-screening", "ops-imaging-reconcile", "ops-back-entry",
            "ops-back-entry-backlog", "intel-interface-queue",
            // cyber corrections
            "intel-leak-watch", "intel-identity-reset", "intel-device-manufacturers", "ic-decide-vendor-origin",
            "intel-vendor-cut-link", "ops-eprescribing-route", "finance-alternate-clearinghouse", "liaison-vendor-notice-path",
            // clocks and wording
            "finance-insurer-notice", "pio-confirm-cyber-incident",
        ] + Self.occiClocks.map(\.id)
        for id in required { #expect(pb.task(id) != nil, "\(id) is missing") }
        for d in ["vendor-origin", "publicly-traded", "breach-size", "serious-harm"] {
            #expect(pb.decisions.contains { $0.id == d }, "decision \(d) is missing")
        }
        // One task for full and partial diversion, not a copy for each answer.
        for id in ["ops-emtala-screening", "ops-diversion", "liaison-diversion-agreement"] {
            #expect(pb.task(id)?.when == .differs(decision: "ambulance-diversion", option: "no-divert"), "\(id)")
        }
        for id in ["ops-emtala-screening-partial", "ops-partial-diversion", "liaison-partial-diversion"] {
            #expect(pb.task(id) == nil, "\(id) duplicates its full-diversion task")
        }
        for id in ["intel-vendor-cut-link", "ops-eprescribing-route", "finance-alternate-clearinghouse", "liaison-vendor-notice-path"] {
            #expect(pb.task(id)?.when == .init(decision: "vendor-origin", option: "yes"), "\(id)")
        }
        #expect(pb.task("finance-sec-materiality")?.when == .init(decision: "publicly-traded", option: "yes"))
        // The insurer has its own task, out of the executives' call.
        let execs = try #require(pb.task("ic-notify-executives"))
        #expect(!execs.title.lowercased().contains("insurer"))
    }

    // MARK: OCCI — clocks

    /// A legal or contractual clock: the task, when its deadline falls (as the playbook writes
    /// `due`), and the citation its refs must carry.
    struct Clock: Sendable {
        let id: String
        let due: String
        let ref: String
    }

    static let occiClocks: [Clock] = [
        .init(id: "pio-breach-notice", due: "60d after discovery", ref: "164.404"),
        .init(id: "liaison-hhs-notice", due: "60d after discovery", ref: "164.408"),
        .init(id: "pio-media-notice", due: "60d after discovery", ref: "164.406"),
        .init(id: "liaison-hhs-annual-log", due: "60d after discovery", ref: "164.408(c)"),
        .init(id: "liaison-state-notice", due: "3d after discovery", ref: "10 NYCRR 405.46"),
        .init(id: "liaison-state-ag-notice", due: "30d after discovery", ref: "state breach"),
        .init(id: "finance-insurer-notice", due: "1d after discovery", ref: "policy"),
        .init(id: "finance-sec-8k", due: "4d after decision sec-materiality = material", ref: "8-K Item 1.05"),
        .init(id: "liaison-circia", due: "3d after discovery", ref: "CIRCIA"),
        .init(id: "liaison-circia-ransom-payment", due: "1d after finance-ransom-payment", ref: "CIRCIA"),
        .init(id: "safety-fda-device-report", due: "10d after decision serious-harm = yes", ref: "21 CFR 803"),
        .init(id: "med-tech-sentinel-event", due: "45d after decision serious-harm = yes", ref: "Sentinel Event"),
    ]

    @Test func eachClockIsADeadlineFromDiscoveryOrTheDecisionAndSaysWhatItIs() throws {
        let pb = try load("occi")
        for c in Self.occiClocks {
            let t = try #require(pb.task(c.id), "\(c.id) is missing")
            #expect(t.deadline, "\(c.id) is not marked deadline: true")
            #expect(t.due?.description == c.due, "\(c.id) due \(t.due.map { "\($0)" } ?? "never"), expected \(c.due)")
            #expect(Self.Clock.isTold(t.detail), "\(c.id) does not tell the user to check their own state law and policy")
            #expect(t.refs.contains { $0.contains(c.ref) }, "\(c.id) refs \(t.refs) do not cite \(c.ref)")
        }
        // Every deadline task is one of these clocks.
        #expect(Set(pb.tasks.filter(\.deadline).map(\.id)) == Set(Self.occiClocks.map(\.id)))
        // HIPAA's clocks run from discovery, which the detail must say, with the law-enforcement delay.
        for id in ["pio-breach-notice", "liaison-hhs-notice", "pio-media-notice", "liaison-hhs-annual-log"] {
            let t = try #require(pb.task(id))
            #expect(t.detail.contains("discover"), "\(id) does not say the clock runs from discovery")
            #expect(t.refs.contains("45 CFR 164.412"), "\(id) lacks the law-enforcement delay")
        }
        let annual = try #require(pb.task("liaison-hhs-annual-log")).detail.replacingOccurrences(of: "\n", with: " ")
        #expect(annual.contains("60 days after the end of the calendar year") && annual.contains("1 March"))
        // Breach-size clocks apply only within the breach-notification process.
        for (id, size) in [("liaison-hhs-notice", "500-or-more"), ("pio-media-notice", "500-or-more"), ("liaison-hhs-annual-log", "under-500")] {
            #expect(pb.task(id)?.when == .all([.equals(decision: "regulator-notification", option: "yes"),
                                               .equals(decision: "breach-size", option: size)]), "\(id)")
        }
        let circia = try #require(pb.task("liaison-circia"))
        #expect(circia.when == .init(decision: "circia-applies", option: "yes"), "CIRCIA only once its final rule is in force")
        #expect(pb.task("liaison-circia-check")?.detail.contains("not yet in force") == true)
        #expect(pb.task("finance-sec-8k")?.when == .init(decision: "sec-materiality", option: "material"))
        #expect(pb.task("finance-sec-materiality")?.when == .init(decision: "publicly-traded", option: "yes"), "8-K only when publicly traded")
        let state = try #require(pb.task("liaison-state-notice"))
        #expect(state.refs.contains { $0.contains("1280.15") })
        #expect(state.detail.contains("15 business days") && state.detail.contains("72 hours"))
        let insurer = try #require(pb.task("finance-insurer-notice")).detail
        #expect(insurer.contains("24 to 72 hours") && insurer.contains("consent"))
    }

    // MARK: milestones and per-system restoration

    @Test func milestonesAreMarkedInBothPlaybooks() throws {
        let occi = try load("occi")
        let expected = ["ic-declare", "intel-isolate-affected", "ops-activate-downtime", "pio-staff-alert", "ic-activate-command",
                        "ic-decide-diversion", "liaison-diversion-end", "intel-backups-safe", "intel-scope", "liaison-fbi-cisa",
                        "finance-insurer-notice", "intel-clean-segment", "ops-clinical-golive", "intel-closure-criteria",
                        "ic-all-clear", "planning-aar", "intel-internet-full", "intel-internet-partial", "intel-identity-reset"]
        #expect(Set(occi.tasks.filter(\.milestone).map(\.id)) == Set(expected))
        #expect(occi.task("ops-clinical-golive")?.perSystem == true, "each system's go-live is a milestone")
        let hic = try load("hic-tcr")
        let hicMilestones = Set(hic.tasks.filter(\.milestone).map(\.id))
        for id in ["lead-stand-up", "ciso-assess-compromise", "soc-contain", "it-ops-reconnect", "compliance-insurer-notice",
                   "compliance-law-enforcement", "lead-stand-down", "ciso-after-action"] {
            #expect(hicMilestones.contains(id), "\(id) is not a milestone")
        }
        #expect(hic.tasks.filter(\.deadline).map(\.id).sorted() == ["compliance-breach-notices", "compliance-insurer-notice",
                                                                    "privacy-circia-incident-report", "privacy-circia-payment-report"])
    }

    @Test func restorationStagesAreDonePerSystem() throws {
        let pb = try load("occi")
        for id in ["intel-rebuild", "intel-restore", "intel-validate-restored", "med-tech-golive-review", "ops-clinical-golive",
                   "intel-interface-queue", "intel-reconnect-interfaces", "ops-identity-reconcile", "ops-back-entry"] {
            #expect(pb.task(id)?.perSystem == true, "\(id) is not per system")
        }
        for id in ["ic-all-clear", "intel-closure-criteria", "ic-approve-phased-restoration", "intel-hunt"] {
            #expect(pb.task(id)?.perSystem == false, "\(id) is done once")
        }
    }

    // MARK: OCCI — wording that can hurt

    @Test func wordingDoesNotPromiseSafetyAndStatisticsCiteTheirSource() throws {
        let pb = try load("occi")
        let talking = try #require(pb.task("pio-talking-points")).detail
        #expect(!talking.contains("care is safe") && !talking.contains("care is\nsafe"))
        #expect(talking.contains("downtime procedures"))
        let holding = try #require(pb.task("pio-holding-statement")).detail
        #expect(holding.contains("cybersecurity incident") && holding.contains("first day"))
        let isolation = try #require(pb.task("ic-decide-isolation")).detail
        for word in ["weeks", "EHR", "radiology", "e-prescribing"] { #expect(isolation.contains(word), "isolation warning lacks \(word)") }
        #expect(!isolation.contains("a few hours of"), "isolation is not a matter of hours")
        for t in pb.tasks {
            let text = t.detail.replacingOccurrences(of: "\n", with: " ")
            if text.contains("76 minutes") { #expect(t.refs.contains { $0.contains("Wretborn") }, "\(t.id) cites the 76-minute figure without its source") }
            if text.contains("third more") { #expect(t.refs.contains { $0.contains("Dameff") }, "\(t.id) cites the ambulance figure without its source") }
            if text.contains("trauma center") { #expect(t.refs.contains { $0.contains("Tarka") }, "\(t.id) cites the trauma-center outage without its source") }
        }
        #expect(pb.tasks.contains { $0.detail.replacingOccurrences(of: "\n", with: " ").contains("76 minutes") })
        #expect(pb.tasks.contains { $0.detail.replacingOccurrences(of: "\n", with: " ").contains("third more") })
        #expect(pb.tasks.contains { $0.detail.replacingOccurrences(of: "\n", with: " ").contains("trauma center") })
    }

    // MARK: HIC-TCR

    @Test func hicTcrContainmentIsNotBlocked() throws {
        let pb = try load("hic-tcr")
        #expect(pb.task("ciso-assess-compromise")?.after == [])
        // The active-compromise decision already says it: containment waits on no task.
        #expect(pb.task("soc-contain")?.after == [])
        for id in ["soc-remote-login-watch", "soc-email-watch"] {
            let t = try #require(pb.task(id))
            #expect(t.after == [], "\(id) waits on \(t.after)")
            #expect((t.due?.afterActivation?.seconds ?? Int.max) <= 4 * 3600, "\(id) starts at once")
        }
        #expect(pb.phase("remediation")?.from.seconds == 0, "remediation starts with containment")
        #expect((pb.task("it-ops-verify-backups")?.due?.afterActivation?.seconds ?? Int.max) <= 48 * 3600)
    }

    @Test func hicTcrRemediationHasSubstanceAndTheRightOrder() throws {
        let pb = try load("hic-tcr")
        func waits(_ id: String, on other: String) -> Bool { Self.prerequisites(of: id, in: pb).contains { $0.id == other } }
        // Contain, eradicate, rebuild, validate, reconnect.
        let chain = ["soc-contain", "soc-eradicate", "it-ops-recover", "it-ops-validate", "it-ops-reconnect"]
        for (a, b) in zip(chain, chain.dropFirst()) { #expect(waits(b, on: a), "\(b) does not follow \(a)") }
        // Escalation to OCCI on a suspected compromise too.
        #expect(pb.tasks.contains { $0.role == "crisis-lead" && $0.when == .init(decision: "active-compromise", option: "suspected")
                && $0.detail.contains("OCCI") })
        // Law enforcement and insurer are tasks; the breach clock runs from when the breach
        // was known (the breach-known decision's time), not from the crisis's start.
        for id in ["compliance-law-enforcement", "compliance-insurer-notice"] {
            #expect(pb.task(id)?.when == .init(decision: "active-compromise", option: "confirmed"), "\(id)")
        }
        let notices = try #require(pb.task("compliance-breach-notices"))
        #expect(notices.when == .init(decision: "regulator-notification", option: "yes"))
        #expect(notices.detail.contains("discovery") && Self.Clock.isTold(notices.detail))
        #expect(notices.due?.description == "60d after decision breach-known = yes")
        let insurer = try #require(pb.task("compliance-insurer-notice"))
        #expect(Self.Clock.isTold(insurer.detail))
        #expect(insurer.due?.description == "1d after decision active-compromise = confirmed")
        // The after-action follows stand-down.
        #expect(waits("ciso-after-action", on: "lead-stand-down"))
        #expect(!waits("lead-stand-down", on: "ciso-after-action"))
    }
}

extension ShippedPlaybookContentTests.Clock {
    /// Whether a clock task's guidance tells the reader to check their own state law and policy.
    static func isTold(_ detail: String) -> Bool {
        let d = detail.lowercased().replacingOccurrences(of: "\n", with: " ")
        return d.contains("check your own") && d.contains("state") && d.contains("policy")
    }
}
