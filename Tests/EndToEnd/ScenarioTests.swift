import Foundation
import Testing
import RunbookKit

/// The real binary driven through an OCCI incident from activation to close, checking
/// `runbook status --json` after every step.
@Suite("Scenario: OCCI from activation to close", .timeLimit(.minutes(3)))
struct ScenarioTests {
    /// One incident under a scratch home, with helpers to act and read the state.
    final class Scenario {
        let home = TempHome()
        var id = ""

        @discardableResult
        func run(_ args: [String], actor: String = "tester", sourceLocation: SourceLocation = #_sourceLocation) throws -> Runbook.Result {
            try Runbook.run(["--incident", id] + args, home: home.path, env: ["RUNBOOK_ACTOR": actor])
        }

        /// Runs an action that must succeed.
        @discardableResult
        func ok(_ args: [String], actor: String = "tester", sourceLocation: SourceLocation = #_sourceLocation) throws -> Runbook.Result {
            let r = try run(args, actor: actor)
            #expect(r.status == 0, "runbook \(args.joined(separator: " ")) failed: \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stdout.hasPrefix("recorded #"), "\(r.stdout)", sourceLocation: sourceLocation)
            return r
        }

        /// Runs an action that must be refused: non-zero exit, one error line, journal byte-identical.
        @discardableResult
        func refused(_ args: [String], contains: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Runbook.Result {
            let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
            let r = try run(args)
            #expect(r.status != 0, "runbook \(args.joined(separator: " ")) should be refused", sourceLocation: sourceLocation)
            #expect(r.stderr.hasPrefix("runbook: error: "), "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(contains), "stderr was: \(r.stderr)", sourceLocation: sourceLocation)
            let after = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
            #expect(before == after, "a refused command changed the journal", sourceLocation: sourceLocation)
            return r
        }

        /// `runbook status --json`, parsed.
        func status(sourceLocation: SourceLocation = #_sourceLocation) throws -> State {
            let r = try run(["status", "--json"])
            #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
            guard let o = obj as? [String: Any] else { throw HarnessError("status --json is not an object") }
            return State(json: o)
        }

        func lastEntry() throws -> [String: Any] { try home.journal(id).last ?? [:] }
        func entryCount() throws -> Int { try home.journal(id).count }
    }

    struct State {
        let json: [String: Any]
        var incident: [String: Any] { json["incident"] as? [String: Any] ?? [:] }
        func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
        func task(_ id: String) -> [String: Any] { list("tasks").first { $0["id"] as? String == id } ?? [:] }
        func status(_ id: String) -> String? { task(id)["status"] as? String }
        func decision(_ id: String) -> String? { list("decisions").first { $0["id"] as? String == id }?["option"] as? String }
        func person(_ role: String) -> String? { list("roles").first { $0["id"] as? String == role }?["person"] as? String }
        func system(_ name: String) -> [String: Any]? { list("systems").first { $0["name"] as? String == name } }
        var closed: Any? { incident["closed"] }
    }

    static func time(_ v: Any?) -> Timestamp? { (v as? String).flatMap { Timestamp(rfc3339: $0) } }

    /// DESIGN.md writes relative times as a separate argument (`--at -40m`); the scenario
    /// below uses `--at=-3h` so that it runs whatever the parser does with a leading '-'.
    @Test func relativeAtIsAcceptedAsASeparateArgument() throws {
        let home = TempHome()
        let r = try Runbook.run(["new", "--playbook", "occi", "--name", "Relative", "--at", "-3h"], home: home.path)
        #expect(r.status == 0, "runbook new --at -3h: \(r.stderr)")
        guard r.status == 0 else { return }
        let n = try Runbook.run(["note", "late entry", "--at", "-40m"], home: home.path)
        #expect(n.status == 0, "runbook note --at -40m: \(n.stderr)")
        let entries = try home.journal(r.lastLine)
        #expect(entries.count == 2)
        #expect(entries.first?["at"] is String)
    }

    @Test func occiFromActivationToClose() throws {
        let s = Scenario()
        let started = Timestamp.now()

        // Activation three hours ago.
        let new = try Runbook.run(["new", "--playbook", "occi", "--name", "Ransomware drill", "--exercise", "--at=-3h"], home: s.home.path)
        #expect(new.status == 0, "\(new.stderr)")
        s.id = new.lastLine
        var st = try s.status()
        let opened = try #require(Self.time(st.incident["opened"]))
        #expect(abs(opened.millis - (started.millis - 3 * 3_600_000)) < 120_000, "opened three hours ago")
        #expect(st.incident["closed"] is NSNull)
        #expect(st.incident["exercise"] as? Bool == true)
        #expect(st.incident["entries"] as? Int == 1)
        #expect(st.status("ic-declare") == "ready")
        #expect(st.task("ic-declare")["overdue"] as? Bool == true, "due 15 minutes after an activation 3 hours ago")
        #expect(Self.time(st.task("ic-declare")["due"]) == opened.adding(seconds: 15 * 60))
        #expect(st.status("ic-activate-command") == "waiting")
        #expect(st.status("ic-two-tracks") == "waiting")
        #expect(st.status("intel-isolate-affected") == "ready")
        #expect(st.decision("extended-downtime") == nil)
        #expect(st.person("ic") == nil)
        for t in st.list("tasks") {
            #expect(["waiting", "ready"].contains(t["status"] as? String ?? ""), "\(t["id"] ?? "")")
        }

        // Roles.
        try s.ok(["assign", "ic", "Dr Adams"])
        try s.ok(["assign", "scribe", "Sam Scribe"])
        try s.ok(["assign", "intel", "Ira IT"])
        st = try s.status()
        #expect(st.person("ic") == "Dr Adams")
        #expect(st.person("scribe") == "Sam Scribe")
        #expect(st.person("intel") == "Ira IT")
        #expect(st.person("ops") == nil)

        // Declare (late entry: it happened ten minutes after activation).
        try s.ok(["do", "ic-declare", "done", "--at=-2h50m", "--note", "credible alert from IS/IT"], actor: "Dr Adams")
        let declared = try s.lastEntry()
        #expect(declared["type"] as? String == "task.done")
        #expect(declared["actorRole"] as? String == "ic")
        #expect(declared["at"] is String)
        st = try s.status()
        #expect(st.status("ic-declare") == "done")
        #expect(st.task("ic-declare")["overdue"] as? Bool == false)
        #expect(st.task("ic-declare")["by"] as? String == "Dr Adams")
        #expect(st.status("ic-activate-command") == "ready")
        #expect(st.status("ic-decide-downtime") == "ready")
        #expect(st.status("ic-decide-isolation") == "ready")
        #expect(st.status("ic-appoint-command-staff") == "waiting")

        // Extended downtime: yes.
        // Deciding completes the task that records it (its task: in the playbook).
        try s.ok(["decide", "extended-downtime", "yes", "--note", "ransomware, duration unknown"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.status("ic-decide-downtime") == "done")
        #expect(st.decision("extended-downtime") == "yes")
        #expect(st.status("ic-two-tracks") == "ready")
        #expect(st.status("ic-outside-help") == "ready")
        #expect(st.status("planning-recheck-downtime") == "inapplicable")
        #expect(st.status("ops-collect-paper") == "waiting", "applies, but waits on ops-activate-downtime")

        // Network isolation: full.
        try s.ok(["decide", "network-isolation", "full"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.status("ic-decide-isolation") == "done")
        #expect(st.decision("network-isolation") == "full")
        #expect(st.status("intel-internet-full") == "ready")
        #expect(st.status("intel-internet-partial") == "inapplicable")
        #expect(st.status("intel-internet-monitor") == "inapplicable")

        // Work tasks in order.
        try s.ok(["do", "ic-activate-command", "start"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.status("ic-activate-command") == "started")
        #expect(st.status("scribe-start-log") == "ready", "the log starts at T0, not when the command center opens")
        try s.ok(["do", "ic-activate-command", "done"], actor: "Dr Adams")
        try s.ok(["do", "scribe-start-log", "done"], actor: "Sam Scribe")
        try s.ok(["do", "intel-isolate-affected", "done"], actor: "Ira IT")
        try s.ok(["do", "intel-internet-full", "done"], actor: "Ira IT")
        st = try s.status()
        #expect(st.status("ic-activate-command") == "done")
        #expect(st.status("scribe-start-log") == "done")
        #expect(st.status("intel-internet-full") == "done")
        #expect(st.status("ic-appoint-command-staff") == "ready")
        #expect(st.status("scribe-message-log") == "ready")
        #expect(st.status("intel-scope") == "ready")

        // A waiting task: refused, then forced as a deviation.
        #expect(st.status("ic-set-objectives") == "waiting")
        let entriesBefore = try s.entryCount()
        try s.refused(["do", "ic-set-objectives", "done"], contains: "ic-appoint-command-staff")
        #expect(try s.entryCount() == entriesBefore)
        st = try s.status()
        #expect(st.status("ic-set-objectives") == "waiting")
        try s.ok(["do", "ic-set-objectives", "done", "--force", "--note", "objectives set by phone"], actor: "Dr Adams")
        let forced = try s.lastEntry()
        #expect(forced["force"] as? Bool == true)
        #expect((forced["deviation"] as? String)?.contains("ic-appoint-command-staff") == true)
        let forcedSeq = try #require(forced["seq"] as? Int)
        st = try s.status()
        #expect(st.status("ic-set-objectives") == "done")
        #expect(st.task("ic-set-objectives")["deviation"] as? Bool == true)
        #expect(st.status("ic-essential-services") == "ready")
        // Skip and block need a reason.
        try s.refused(["do", "ic-appoint-command-staff", "skip"], contains: "--note")
        try s.ok(["do", "ic-appoint-command-staff", "block", "--note", "half the staff unreachable"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.status("ic-appoint-command-staff") == "blocked")
        #expect(st.task("ic-appoint-command-staff")["reason"] as? String == "half the staff unreachable")
        try s.ok(["do", "ic-appoint-command-staff", "done"], actor: "Dr Adams")

        // A system down, then up.
        try s.ok(["system", "EHR", "down", "--at=-2h", "--note", "encrypted"])
        st = try s.status()
        var ehr = try #require(st.system("EHR"))
        #expect(ehr["state"] as? String == "down")
        let downSince = try #require(Self.time(ehr["since"]))
        #expect(abs(downSince.millis - (Timestamp.now().millis - 2 * 3_600_000)) < 120_000)
        #expect((ehr["outageSeconds"] as? Int ?? 0) >= 7190)
        try s.ok(["system", "ehr", "up", "--note", "read-only restored"])
        st = try s.status()
        #expect(st.list("systems").count == 1)
        ehr = try #require(st.system("EHR"))
        #expect(ehr["state"] as? String == "up")
        let outage = ehr["outageSeconds"] as? Int ?? 0
        #expect(outage >= 7190 && outage <= 7300, "about two hours down: \(outage)")

        // A new operational period.
        #expect(st.incident["period"] as? Int == 1)
        try s.ok(["period", "--note", "night shift briefing"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.incident["period"] as? Int == 2)
        #expect(try s.lastEntry()["period"] as? Int == 2)

        // A hand-over.
        try s.ok(["assign", "ic", "Dr Baker"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.person("ic") == "Dr Baker")

        // A lesson.
        try s.ok(["note", "Print the MARs before the next downtime", "--tag", "lesson"], actor: "Sam Scribe")
        let lesson = try s.lastEntry()
        #expect(lesson["type"] as? String == "note")
        #expect(lesson["tag"] as? String == "lesson")

        // A correction: the forced entry was in error.
        try s.refused(["correct", String(forcedSeq)], contains: "reason")
        try s.ok(["correct", String(forcedSeq), "--reason", "objectives were not actually set"], actor: "Dr Baker")
        let correction = try s.lastEntry()
        #expect(correction["type"] as? String == "entry.corrected")
        #expect(correction["target"] as? Int == forcedSeq)
        #expect(correction["actorRole"] as? String == "ic")
        st = try s.status()
        #expect(st.status("ic-set-objectives") == "ready", "the corrected forced entry no longer counts")
        #expect(st.task("ic-set-objectives")["deviation"] as? Bool == false)
        #expect(st.status("ic-essential-services") == "waiting")
        try s.ok(["do", "ic-set-objectives", "done"], actor: "Dr Baker")
        try s.ok(["do", "ic-two-tracks", "done"], actor: "Dr Baker")
        st = try s.status()
        #expect(st.status("ic-set-objectives") == "done")
        #expect(st.status("ic-two-tracks") == "done")

        // Unknown ids are refused naming the nearest.
        try s.refused(["do", "ic-two-track", "done"], contains: "ic-two-tracks")
        try s.refused(["decide", "extended-downtim", "yes"], contains: "extended-downtime")
        try s.refused(["decide", "extended-downtime", "maybe"], contains: "yes")
        try s.refused(["assign", "scrib", "Sam"], contains: "scribe")
        try s.refused(["note", "from the future", "--at", "2999-01-01T00:00:00Z"], contains: "future")

        // Close.
        let entriesAtClose = try s.entryCount()
        try s.ok(["close", "--note", "exercise ended"], actor: "Dr Baker")
        st = try s.status()
        let closed = try #require(Self.time(st.closed))
        #expect(abs(closed.millis - Timestamp.now().millis) < 120_000)
        #expect(st.incident["entries"] as? Int == entriesAtClose + 1)

        // Then every action is refused and nothing is written.
        for args in [["do", "ic-essential-services", "done"], ["do", "ic-notify-executives", "done", "--force"],
                     ["decide", "ambulance-diversion", "divert"], ["assign", "ops", "Olga"], ["system", "PACS", "down"],
                     ["note", "after close"], ["correct", "2", "--reason", "r"], ["period"], ["close"]] {
            try s.refused(args, contains: "closed")
        }
        st = try s.status()
        #expect(st.incident["entries"] as? Int == entriesAtClose + 1)
        #expect(st.status("ic-essential-services") == "ready")
        let v = try s.run(["verify"])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
}

/// The first two hours of each shipped playbook with two roles working in parallel, each
/// from its own terminal, while the commander has ticked nothing: nobody is refused for a
/// prerequisite of another role's paperwork, only for a decision that is not yet made.
@Suite("Scenario: the first two hours, two roles in parallel", .timeLimit(.minutes(3)))
struct ParallelRolesScenarioTests {
    typealias Scenario = ScenarioTests.Scenario

    /// Starts an exercise of `playbook` activated two hours ago.
    func start(_ playbook: String) throws -> Scenario {
        let s = Scenario()
        let new = try Runbook.run(["new", "--playbook", playbook, "--name", "Parallel drill", "--exercise", "--at=-2h"], home: s.home.path)
        #expect(new.status == 0, "\(new.stderr)")
        s.id = new.lastLine
        return s
    }

    /// Records `task` done as `actor` and checks the journal names the role they acted in.
    func done(_ s: Scenario, _ task: String, by actor: String, as role: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try s.ok(["do", task, "done"], actor: actor, sourceLocation: sourceLocation)
        let e = try s.lastEntry()
        #expect(e["task"] as? String == task && e["actor"] as? String == actor, sourceLocation: sourceLocation)
        #expect(e["actorRole"] as? String == role, "\(task) recorded as \(e["actorRole"] ?? "no role")", sourceLocation: sourceLocation)
        #expect(e["force"] == nil, "\(task) needed --force", sourceLocation: sourceLocation)
    }

    /// What each task still waits on is a decision, a task of its own role, or one in which
    /// the commander records a decision (`decisionTaskPrefix`) — never another role's paperwork.
    func onlyDecisionsHoldUp(_ st: ScenarioTests.State, commander: String, decisionTaskPrefix: String,
                             within seconds: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let opened = try #require(ScenarioTests.time(st.incident["opened"]))
        let roleOf = Dictionary(uniqueKeysWithValues: st.list("tasks").compactMap { t in
            (t["id"] as? String).map { ($0, t["role"] as? String ?? "") } })
        var checked = 0
        for t in st.list("tasks") where t["status"] as? String == "waiting" {
            let id = t["id"] as? String ?? "", role = t["role"] as? String ?? ""
            guard role != commander, let due = ScenarioTests.time(t["due"]), due.millis <= opened.millis + Int64(seconds) * 1000 else { continue }
            checked += 1
            for w in t["waitingOn"] as? [String] ?? [] {
                let fine = w.hasPrefix("decision ") || w.hasPrefix(decisionTaskPrefix) || roleOf[w] == role
                #expect(fine, "\(id) (\(role)) waits on \(w) (\(roleOf[w] ?? "?"))", sourceLocation: sourceLocation)
            }
        }
        #expect(checked > 0, "no waiting task was due in the window", sourceLocation: sourceLocation)
    }

    @Test func occiOperationsAndIntelligenceWorkBeforeTheICTicksAnything() throws {
        let s = try start("occi")
        try s.ok(["assign", "ops", "Olga Ops"])
        try s.ok(["assign", "intel", "Ira IT"])
        let ops = ["ops-activate-downtime", "ops-print-mar", "ops-downtime-registration", "ops-runners", "ops-lab-downtime",
                   "ops-blood-bank", "ops-pharmacy-downtime", "ops-pediatric-dose-check", "ops-fetal-monitoring",
                   "ops-dialysis", "ops-radiology-downtime"]
        let intel = ["intel-isolate-affected", "intel-power-down-exceptions", "intel-backups-safe", "intel-scope",
                     "intel-evidence-volatile", "intel-close-access"]
        // Interleaved, as two terminals would be.
        for i in 0..<max(ops.count, intel.count) {
            if i < ops.count { try done(s, ops[i], by: "Olga Ops", as: "ops") }
            if i < intel.count { try done(s, intel[i], by: "Ira IT", as: "intel") }
        }
        var st = try s.status()
        for id in ops + intel { #expect(st.status(id) == "done", "\(id) is \(st.status(id) ?? "missing")") }
        // The IC has ticked nothing.
        for t in st.list("tasks") where t["role"] as? String == "ic" {
            #expect(["ready", "waiting"].contains(t["status"] as? String ?? ""), "\(t["id"] ?? "") is \(t["status"] ?? "")")
        }
        #expect(st.status("ic-declare") == "ready")
        // Other roles' first moves are open too.
        for id in ["pio-staff-alert", "scribe-start-log", "safety-med-admin", "safety-patient-id", "safety-critical-results",
                   "med-tech-high-risk", "liaison-insurer-hotline", "logistics-downtime-kits", "planning-status-board"] {
            #expect(st.status(id) == "ready", "\(id) is \(st.status(id) ?? "missing")")
        }
        try onlyDecisionsHoldUp(st, commander: "ic", decisionTaskPrefix: "ic-decide-", within: 2 * 3600)
        // What does wait, waits on the IC's decision: isolation is refused until it is made.
        #expect(st.status("intel-internet-full") == "waiting")
        try s.refused(["do", "intel-internet-full", "done"], contains: "network-isolation")
        try s.ok(["assign", "ic", "Dr Adams"])
        try s.ok(["do", "ic-declare", "done"], actor: "Dr Adams")
        try s.ok(["decide", "network-isolation", "full"], actor: "Dr Adams")
        try done(s, "intel-internet-full", by: "Ira IT", as: "intel")
        st = try s.status()
        #expect(st.status("intel-internet-partial") == "inapplicable")
        #expect(st.status("ic-activate-command") == "ready")
        let v = try s.run(["verify"])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }

    @Test func hicTcrSecurityOperationsAndTheCISOContainBeforeTheTeamIsNamed() throws {
        let s = try start("hic-tcr")
        try s.ok(["assign", "soc", "Sam SOC"])
        try s.ok(["assign", "ciso", "Cleo CISO"])
        try done(s, "soc-remote-login-watch", by: "Sam SOC", as: "soc")
        try done(s, "soc-email-watch", by: "Sam SOC", as: "soc")
        var st = try s.status()
        #expect(st.status("soc-contain") == "waiting")
        #expect(st.task("soc-contain")["waitingOn"] as? [String] == ["decision active-compromise"])
        // The assessment is recorded by its answer: deciding completes ciso-assess-compromise.
        try s.ok(["decide", "active-compromise", "confirmed", "--note", "credential dumping on two servers"], actor: "Cleo CISO")
        #expect(try s.lastEntry()["task"] as? String == "ciso-assess-compromise")
        #expect(try s.lastEntry()["actorRole"] as? String == "ciso")
        try done(s, "soc-contain", by: "Sam SOC", as: "soc")
        try done(s, "soc-threat-feeds", by: "Sam SOC", as: "soc")
        try done(s, "soc-preserve-evidence", by: "Sam SOC", as: "soc")
        st = try s.status()
        // The crisis lead has not even named the team.
        #expect(st.status("lead-stand-up") == "ready")
        for id in ["lead-escalate-occi", "compliance-insurer-notice", "compliance-law-enforcement", "comms-incident-update",
                   "soc-eradicate", "privacy-breach-discovery"] {
            #expect(st.status(id) == "ready", "\(id) is \(st.status(id) ?? "missing")")
        }
        #expect(st.status("lead-warn-occi-suspected") == "inapplicable")
        #expect(st.status("soc-no-compromise-record") == "inapplicable")
        try onlyDecisionsHoldUp(st, commander: "crisis-lead", decisionTaskPrefix: "lead-decide-", within: 12 * 3600)
        let v = try s.run(["verify"])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
}
