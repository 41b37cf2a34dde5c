import Foundation
import Testing
@testable import RunbookKit

/// OCCI's clinical content, read the way an emergency manager with clinical experience would:
/// a restored record system comes back in the order that keeps wrong charts and double doses
/// out; the ED's time-critical pathways apply whatever the diversion status; the first fifteen
/// minutes say who acts before command staff are named; no decision switches on a clinical
/// task that is already overdue.
@Suite("OCCI clinical content")
struct OCCIClinicalContentTests {
    func occi() throws -> Playbook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath("occi")) {
        case .success(let l): return l.playbook
        case .failure(let e): throw e
        }
    }

    /// The roles whose tasks are the clinical content.
    static let clinicalRoles: Set<String> = ["med-tech", "ops", "safety", "logistics"]

    /// The record systems' kinds, and the order each of them comes back in.
    static let recordKinds = ["clinical-record", "imaging", "lab", "pharmacy"]
    static let recordOrder = ["intel-validate-restored", "ops-restricted-access", "ops-identity-reconcile", "ops-back-entry",
                              "intel-interface-queue", "intel-reconnect-interfaces", "med-tech-golive-review",
                              "ops-clinical-golive", "ops-retire-paper"]
    /// A clinical device has no records to reconcile or back-enter.
    static let deviceOrder = ["intel-validate-restored", "intel-reconnect-interfaces", "med-tech-golive-review", "ops-clinical-golive"]

    /// Every task `id` waits on for a system of `kind`, directly or through others, as the
    /// engine counts it: a `per: system` prerequisite with no instance for that kind is no
    /// wait (inapplicable counts as finished), so the walk does not pass through it.
    static func waits(of id: String, kind: String, in pb: Playbook) -> Set<String> {
        var seen: Set<String> = []
        var queue = pb.task(id)?.after ?? []
        while let next = queue.popLast() {
            guard let t = pb.task(next), !(t.perSystem && !t.applies(toKind: kind)), seen.insert(next).inserted else { continue }
            queue += t.after
        }
        return seen
    }

    /// Checks that each stage of `order` is for `kind` and waits, through the requires graph, on
    /// every stage before it, and on none after it.
    func checkOrder(_ order: [String], kind: String, _ pb: Playbook) {
        for (i, id) in order.enumerated() {
            guard let t = pb.task(id) else { Issue.record("\(id) is missing"); continue }
            #expect(t.perSystem && t.applies(toKind: kind), "\(id) has no instance for a \(kind) system")
            let w = Self.waits(of: id, kind: kind, in: pb)
            for earlier in order[..<i] { #expect(w.contains(earlier), "\(kind): \(id) does not wait on \(earlier)") }
            for later in order[(i + 1)...] { #expect(!w.contains(later), "\(kind): \(id) waits on \(later), which comes after it") }
        }
    }

    @Test func recordSystemsComeBackInTheSafeOrder() throws {
        let pb = try occi()
        for kind in Self.recordKinds { checkOrder(Self.recordOrder, kind: kind, pb) }
        // The go-live the board and report watch is still the clinical go-live, now last but one.
        #expect(pb.goLiveTask?.id == "ops-clinical-golive")
        // Back-entry is checked for every inpatient by a pharmacist and a nurse, not on a sample.
        let backEntry = try #require(pb.task("ops-back-entry")).detail.replacingOccurrences(of: "\n", with: " ")
        #expect(!backEntry.contains("Check a sample") && backEntry.contains("every inpatient") && backEntry.contains("pharmacist"))
        // The clinical review no longer matches paper before anything is back-entered.
        #expect(!pb.tasks.contains { $0.id == "med-tech-golive-review" && $0.after == ["intel-validate-restored"] })
    }

    @Test func clinicalDevicesGoThroughReviewAndGoLiveOnly() throws {
        let pb = try occi()
        checkOrder(Self.deviceOrder, kind: "clinical-device", pb)
        for id in ["ops-restricted-access", "ops-identity-reconcile", "ops-back-entry", "intel-interface-queue", "ops-retire-paper"] {
            #expect(pb.task(id)?.applies(toKind: "clinical-device") == false, "\(id) is for record systems only")
        }
        // Phones, the network and payroll have no clinical go-live, review, back-entry or paper to retire.
        for kind in ["communications", "infrastructure", "business", SystemCatalog.other] {
            for id in Self.recordOrder where id.hasPrefix("ops-") || id.hasPrefix("med-tech-") {
                #expect(pb.task(id)?.applies(toKind: kind) == false, "\(id) has an instance for a \(kind) system")
            }
        }
        // Every clinical per-system task says which kinds it is for.
        for t in pb.tasks where t.perSystem && Self.clinicalRoles.contains(t.role) {
            #expect(t.kinds != nil, "\(t.id) has an instance for every kind of system")
        }
    }

    /// Walked through the engine: the EHR validated is not yet live; each stage opens only when
    /// the one before it is done.
    @Test func theEHRWaitsForEachStageInTurn() throws {
        let f = try EngineFixture(try String(contentsOfFile: PlaybookFixtures.builtinPath("occi"), encoding: .utf8))
        try f.act(.system("EHR", .down))
        try f.act(.system("Patient monitors", .down))
        try OcciClockScenarioTests.finish("intel-validate-restored@EHR", f)
        try OcciClockScenarioTests.finish("ic-approve-phased-restoration", f)
        // The hunt and the identity reset gate every reconnection; done here so that only the
        // system's own stages are left.
        try OcciClockScenarioTests.finish("intel-hunt", f)
        try OcciClockScenarioTests.finish("intel-identity-reset", f)
        for (i, id) in Self.recordOrder.enumerated().dropFirst() {
            #expect(f.view("\(id)@EHR").status == .ready, "\(id)@EHR is \(f.view("\(id)@EHR").status) when the stage before it is done")
            for later in Self.recordOrder[(i + 1)...] {
                #expect(f.view("\(later)@EHR").status == .waiting, "\(later)@EHR is open before \(id)@EHR is done")
            }
            try f.act(.task("\(id)@EHR", .done))
        }
        // The monitors have no back-entry: validated and reconnected, their review is open.
        #expect(f.view("ops-back-entry").instances.map(\.id) == ["ops-back-entry@EHR"])
        try OcciClockScenarioTests.finish("intel-reconnect-interfaces@Patient monitors", f)
        #expect(f.view("med-tech-golive-review@Patient monitors").status == .ready)
    }

    @Test(arguments: ["divert", "partial", "no-divert"])
    func edPathwaysApplyWhateverTheDiversionStatus(_ answer: String) throws {
        let pb = try occi()
        let t = try #require(pb.task("med-tech-ed-pathways"))
        #expect(t.when == nil && t.after.isEmpty && t.due?.afterActivation != nil)
        #expect(t.detail.contains("42 CFR 489.24") && t.refs.contains("42 CFR 489.24"))
        let f = try EngineFixture(try String(contentsOfFile: PlaybookFixtures.builtinPath("occi"), encoding: .utf8))
        try f.act(.decide("ambulance-diversion", answer))
        #expect(f.status("med-tech-ed-pathways") == .ready)
        // Screening every arrival and the diversion itself apply only when diverting.
        let diverting = answer != "no-divert"
        #expect((f.status("ops-emtala-screening") != .inapplicable) == diverting)
    }

    @Test func everyCriticalClinicalTaskHasADue() throws {
        let pb = try occi()
        let critical = pb.tasks.filter { $0.critical && (Self.clinicalRoles.contains($0.role) || $0.id == "ic-code-dark-card") }
        #expect(critical.count >= 4)
        for t in critical { #expect(t.due != nil || t.every != nil, "\(t.id) is critical with no due") }
    }

    @Test func theFirstFifteenMinutesSayWhoActsBeforeEachPositionIsFilled() throws {
        let pb = try occi()
        // The card and the tasks it names: due in 15 minutes, waiting on nobody's tick.
        let stand: [(id: String, role: String, standIn: String)] = [
            ("ic-code-dark-card", "ic", "Administrator on call"), ("ops-activate-downtime", "ops", "house supervisor"),
            ("ops-bedside-monitors", "ops", "house supervisor"), ("pio-staff-alert", "pio", "operator"),
        ]
        for s in stand {
            let t = try #require(pb.task(s.id), "\(s.id) is missing")
            #expect(t.role == s.role && t.phase == "immediate" && t.after.isEmpty, "\(s.id)")
            #expect(t.due?.afterActivation?.seconds == 15 * 60, "\(s.id) due \(t.due.map { "\($0)" } ?? "never")")
            #expect(t.detail.replacingOccurrences(of: "\n", with: " ").contains(s.standIn), "\(s.id) does not say who acts first")
        }
        let card = try #require(pb.task("ic-code-dark-card")).detail
        for id in ["ops-activate-downtime", "ops-bedside-monitors", "pio-staff-alert"] { #expect(card.contains(id), "the card does not name \(id)") }
        #expect(card.lowercased().contains("network cables"))
        // Units watch monitors at the bedside before the core network is shut: due first, and
        // the isolation task says so (without waiting on another role's tick).
        let isolate = try #require(pb.task("intel-isolate-affected"))
        #expect(isolate.detail.contains("ops-bedside-monitors") && isolate.after.isEmpty)
        #expect(try #require(pb.task("ops-bedside-monitors")).critical)
    }

    @Test func downtimeToleranceGivesEachServiceItsHours() throws {
        let pb = try occi()
        let t = try #require(pb.task("med-tech-downtime-tolerance"))
        #expect(t.role == "med-tech" && t.due != nil)
        let text = t.detail.replacingOccurrences(of: "\n", with: " ")
        for service in ["Pharmacy:", "Laboratory:", "Blood bank:", "Imaging:", "Labor and delivery:", "Dialysis:", "Oncology:"] {
            #expect(text.contains(service), "the tolerance table has no line for \(service)")
        }
        #expect(text.contains("72 h") && text.contains("24 h"))
        #expect(try #require(pb.task("ic-redecide-limits")).detail.contains("med-tech-downtime-tolerance"))
    }

    @Test func clinicalGapsAndEmergencyPathsAreCovered() throws {
        let pb = try occi()
        let owners: [String: String] = [
            "ops-infant-security": "ops", "ops-diet-orders": "ops", "ops-teleradiology": "ops", "ops-radiation-oncology": "ops",
            "safety-restraint-orders": "safety", "med-tech-discharged-results": "med-tech", "ops-redirect-outpatients": "ops",
            "liaison-coalition-call": "liaison", "ops-cabinet-override": "ops", "ops-back-entry-weekly": "ops",
        ]
        for (id, role) in owners { #expect(pb.task(id)?.role == role, "\(id) is missing or not \(role)'s") }
        // Teleradiology is lost with isolation, and only then.
        #expect(pb.task("ops-teleradiology")?.when == .differs(decision: "network-isolation", option: "none"))
        // The coalition call is standing, and its ambulance figure cites its study.
        let call = try #require(pb.task("liaison-coalition-call"))
        #expect(call.every != nil && call.refs.contains { $0.contains("Dameff") })
        // The back-entry backlog is counted each week once the plan exists, never due from activation.
        let weekly = try #require(pb.task("ops-back-entry-weekly"))
        #expect(weekly.every?.seconds == 7 * 86_400 && weekly.due?.anchor == .task("ops-back-entry-backlog"))
        // Transfers and paper filing apply in any downtime, not only a declared extended one.
        for id in ["med-tech-transfers", "ops-collect-paper"] { #expect(pb.task(id)?.when == nil, "\(id) still needs extended downtime") }
        // Emergency paths: a resuscitation dose path, the real source of the pediatric case,
        // and the blood bank's rules for unknown types.
        let peds = try #require(pb.task("ops-pediatric-dose-check"))
        #expect(peds.detail.contains("length-based tape") && peds.refs.contains { $0.contains("MercyOne") } && !peds.refs.contains("ISMP"))
        let blood = try #require(pb.task("ops-blood-bank")).detail.replacingOccurrences(of: "\n", with: " ")
        for fact in ["O Rh-negative", "blood-bank identification band", "physician's signature", "unit number", "lookback"] {
            #expect(blood.contains(fact), "the blood bank task lacks \(fact)")
        }
        let cabinet = try #require(pb.task("ops-cabinet-override")).detail.replacingOccurrences(of: "\n", with: " ")
        for fact in ["Insulin, heparin and opioids", "At night"] { #expect(cabinet.contains(fact), "cabinet override lacks \(fact)") }
    }

    /// Every answer of every decision, recorded on day 3: no clinical task it switches on is
    /// overdue at that moment (its clock starts then, not at activation).
    @Test func decisionSwitchedClinicalTasksAreNotOverdueWhenTheyAppear() throws {
        let pb = try occi()
        let yaml = try String(contentsOfFile: PlaybookFixtures.builtinPath("occi"), encoding: .utf8)
        func mentions(_ c: Playbook.Condition, _ d: String) -> Bool { c.decisions.contains(d) }
        var checked = 0
        for d in pb.decisions {
            let switched = pb.tasks.filter { t in Self.clinicalRoles.contains(t.role) && t.when.map { mentions($0, d.id) } == true }
            guard !switched.isEmpty else { continue }
            for option in d.options {
                let f = try EngineFixture(yaml)
                f.quietDays = true
                f.clock.advance(minutes: 3 * 24 * 60)
                try f.act(.decide(d.id, option))
                for t in switched {
                    let v = f.view(t.id)
                    guard v.status != .inapplicable else { continue }
                    checked += 1
                    #expect(!v.overdue, "\(t.id) is overdue the moment \(d.id) = \(option) is recorded on day 3 (due \(v.due.map { "\($0)" } ?? "-"))")
                    if let due = v.due { #expect(due > f.now, "\(t.id) due \(due) is not after the day-3 decision") }
                }
            }
        }
        #expect(checked >= 8, "\(checked) decision-switched clinical tasks checked")
    }
}
