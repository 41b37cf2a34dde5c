import Foundation
import Testing
import RunbookKit

/// Clocks that start when a task starts to matter, with the real binary: `status --json`,
/// `board --once` and the report's JSON after decisions made days into an incident.
@Suite("Conditional clocks end to end")
struct ConditionalClockEndToEndTests {
    /// `status --json`'s tasks by id.
    static func tasks(_ home: TempHome) throws -> [String: [String: Any]] {
        let r = try Runbook.run(["status", "--json"], home: home.path)
        guard r.status == 0 else { throw HarnessError("status: \(r.stderr)") }
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var out: [String: [String: Any]] = [:]
        for t in try #require(doc["tasks"] as? [[String: Any]]) { out[t["id"] as? String ?? ""] = t }
        return out
    }

    /// When the journal's last entry happened (its `at`, else its recorded time).
    static func lastHappened(_ home: TempHome, _ id: String) throws -> Timestamp {
        let e = try #require(try home.journal(id).last)
        return try #require(Timestamp(rfc3339: (e["at"] as? String) ?? (e["time"] as? String) ?? ""))
    }

    static func decide(_ home: TempHome, _ args: String...) throws {
        let r = try Runbook.run(["decide"] + args, home: home.path)
        guard r.status == 0 else { throw HarnessError("decide \(args): \(r.stderr)") }
    }

    /// Diversion and an extortion demand decided on day 4 of an OCCI incident: their tasks come
    /// due hours after the decision, not days before it.
    @Test func tasksSwitchedOnByADecisionAreNotOverdueTheMomentTheyAppear() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-4d"])
        try Self.decide(home, "ambulance-diversion", "divert")
        let diverted = try Self.lastHappened(home, id)
        try Self.decide(home, "extortion-demand", "yes")
        let demand = try Self.lastHappened(home, id)
        let tasks = try Self.tasks(home)
        for (task, hours, from) in [("ops-diversion", 2, diverted), ("ops-emtala-screening", 2, diverted),
                                    ("liaison-diversion-agreement", 3, diverted), ("pio-ed-status-public", 4, diverted),
                                    ("ic-extortion-route", 12, demand)] {
            let t = try #require(tasks[task], "\(task) missing")
            #expect(t["overdue"] as? Bool == false, "\(task) is overdue the moment it appears")
            #expect(t["due"] as? String == from.adding(seconds: hours * 3600).rfc3339, "\(task) due \(t["due"] ?? "nil")")
            #expect(t["conditional"] == nil)
        }
        // The text forms agree: none of them is listed as overdue.
        let status = try Runbook.run(["status"], home: home.path).stdout
        let board = try Runbook.run(["board", "--once"], home: home.path, env: ["COLUMNS": "200"]).stdout
        for task in ["ops-diversion", "ops-emtala-screening", "liaison-diversion-agreement", "ic-extortion-route"] {
            #expect(!status.contains("\(task) — ") || !status.split(separator: "\n").contains { $0.contains(task) && $0.contains("OVERDUE") }, "\(task) overdue in status")
        }
        for title in ["Put ambulance diversion", "Screen every patient", "Agree diversion with EMS"] {
            #expect(!board.split(separator: "\n").contains { $0.contains(title) && ($0.contains("OVERDUE") || $0.contains("late")) }, "\(title) late on the board:\n\(board)")
        }
        // Back-dated to day 3: counts from day 3.
        let back = TempHome()
        let backID = try back.newIncident(extra: ["--at", "-4d"])
        try Self.decide(back, "ambulance-diversion", "divert", "--at", "-1d")
        let day3 = try Self.lastHappened(back, backID)
        #expect(try Self.tasks(back)["ops-diversion"]?["due"] as? String == day3.adding(seconds: 2 * 3600).rfc3339)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    /// HIC-TCR: a compromise confirmed on day 10 gives law enforcement its two days from then.
    @Test func aCompromiseConfirmedOnDay10StartsTheLawEnforcementClockThen() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "hic-tcr", extra: ["--at", "-10d"])
        try Self.decide(home, "active-compromise", "confirmed")
        let confirmed = try Self.lastHappened(home, id)
        let t = try #require(try Self.tasks(home)["compliance-law-enforcement"])
        #expect(t["overdue"] as? Bool == false)
        #expect(t["due"] as? String == confirmed.adding(seconds: 2 * 86_400).rfc3339)
    }

    /// Discovered 70 days ago, breach notification declined, CIRCIA undecided: only the two
    /// clocks that really passed stand as passed or missed; CIRCIA is "if …"; the breach-size
    /// clocks are gone.
    @Test func impossibleClocksAreNeitherPassedNorMissed() throws {
        let home = TempHome()
        _ = try home.newIncident(extra: ["--discovered", "-70d"])
        try Self.decide(home, "regulator-notification", "no")
        let tasks = try Self.tasks(home)
        for gone in ["pio-media-notice", "liaison-hhs-notice", "liaison-hhs-annual-log", "pio-breach-notice", "liaison-state-ag-notice"] {
            #expect(tasks[gone]?["status"] as? String == "inapplicable", "\(gone)")
        }
        let circia = try #require(tasks["liaison-circia"])
        #expect(circia["conditional"] as? String == "circia-applies = yes")
        #expect(circia["overdue"] as? Bool == false && circia["due"] as? String != nil)
        let overdueClocks = tasks.values.filter { $0["deadline"] as? Bool == true && $0["overdue"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(Set(overdueClocks) == ["liaison-state-notice", "finance-insurer-notice"])
        // The board: two PASSED, CIRCIA conditional, no breach-size clock.
        let board = try Runbook.run(["board", "--once"], home: home.path, env: ["COLUMNS": "200"])
        #expect(board.status == 0, "\(board.stderr)")
        #expect(board.stdout.contains("DEADLINES — 2 PASSED"), "\(board.stdout)")
        #expect(board.stdout.components(separatedBy: "✖ PASSED").count - 1 == 2)
        #expect(board.stdout.contains("circia-applies = yes: due "), "\(board.stdout)")
        for title in ["Notify HHS OCR", "Notify the media", "Log a breach affecting fewer than 500"] {
            #expect(!board.stdout.contains(title), "\(title) still on the board")
        }
        // status: CIRCIA with its condition, never in the overdue list.
        let status = try Runbook.run(["status"], home: home.path)
        let circiaLine = status.stdout.split(separator: "\n").first { $0.contains("liaison-circia") }
        #expect(circiaLine.map { !$0.contains("OVERDUE") } ?? true, "\(status.stdout)")
        // The report: two missed deadlines, CIRCIA open and conditional.
        let report = try Runbook.run(["report", "--format", "json", "--output", "-"], home: home.path)
        #expect(report.status == 0, "\(report.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let deadlines = try #require((doc["figures"] as? [String: Any])?["deadlines"] as? [[String: Any]])
        let missed = deadlines.filter { $0["met"] as? Bool == false }.compactMap { $0["task"] as? String }
        #expect(Set(missed) == ["liaison-state-notice", "finance-insurer-notice"], "\(missed)")
        let row = try #require(deadlines.first { $0["task"] as? String == "liaison-circia" })
        #expect(row["conditional"] as? String == "circia-applies = yes" && row["met"] is NSNull)
        #expect(!deadlines.contains { ["liaison-hhs-notice", "pio-media-notice", "liaison-hhs-annual-log"].contains($0["task"] as? String ?? "") })
        let md = try Runbook.run(["report", "--format", "md", "--output", "-"], home: home.path).stdout
        #expect(md.contains("| if circia-applies = yes: "), "\(md)")
    }
}
