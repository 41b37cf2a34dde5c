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
        try s.ok(["do", "ic-decide-downtime", "done"], actor: "Dr Adams")
        try s.ok(["decide", "extended-downtime", "yes", "--note", "ransomware, duration unknown"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.decision("extended-downtime") == "yes")
        #expect(st.status("ic-two-tracks") == "ready")
        #expect(st.status("ic-outside-help") == "ready")
        #expect(st.status("planning-recheck-downtime") == "inapplicable")
        #expect(st.status("ops-collect-paper") == "waiting", "applies, but waits on ops-activate-downtime")

        // Network isolation: full.
        try s.ok(["do", "ic-decide-isolation", "done"], actor: "Dr Adams")
        try s.ok(["decide", "network-isolation", "full"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.decision("network-isolation") == "full")
        #expect(st.status("intel-internet-full") == "ready")
        #expect(st.status("intel-internet-partial") == "inapplicable")
        #expect(st.status("intel-internet-monitor") == "inapplicable")

        // Work tasks in order.
        try s.ok(["do", "ic-activate-command", "start"], actor: "Dr Adams")
        st = try s.status()
        #expect(st.status("ic-activate-command") == "started")
        #expect(st.status("scribe-start-log") == "waiting")
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
