import Foundation
import Testing

/// The health system's roll-up through the real binary (issue 26): `board --all --once` and
/// `status --all [--json]` over three hospitals' incidents in one home, and the live
/// `board --all` in tmux showing a second facility's incident appear, opening its board and
/// coming back.
@Suite("board --all and status --all end to end", .serialized, .timeLimit(.minutes(3)))
struct RollupEndToEndTests {
    static func env(_ home: String) -> [String: String] {
        ["RUNBOOK_HOME": home, "RUNBOOK_ACTOR": "eoc", "LANG": "C.UTF-8", "TERM": "screen"]
    }

    /// Three incidents at three hospitals; St. Mary's diverts with the EHR down.
    static func threeHospitals(_ home: TempHome) throws -> (mary: String, joseph: String, luke: String) {
        let mary = try home.newIncident(name: "EHR outage", extra: ["--facility", "St. Mary's", "--at", "-2h"])
        let joseph = try home.newIncident(name: "Phones down", extra: ["--facility", "St. Joseph"])
        let luke = try home.newIncident(name: "Lab drill", extra: ["--facility", "St. Luke", "--exercise"])
        for args in [["decide", "ambulance-diversion", "divert"], ["system", "EHR", "down"]] {
            let r = try Runbook.run(args + ["--incident", mary], home: home.path)
            guard r.status == 0 else { throw HarnessError("\(args): \(r.stderr)") }
        }
        return (mary, joseph, luke)
    }

    @Test func onceAndJsonShowEveryIncidentTroubleFirst() throws {
        let home = TempHome()
        let (mary, joseph, luke) = try Self.threeHospitals(home)
        #expect(try Runbook.run(["station", "name", "EOC desk"], home: home.path).status == 0)
        let once = try Runbook.run(["board", "--all", "--once"], home: home.path)
        #expect(once.status == 0, "\(once.stderr)")
        print("board --all --once:\n\(once.stdout)")
        #expect(!once.stdout.contains("\u{1B}"), "plain text through a pipe")
        let lines = once.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Facility") })
        for column in ["Incident", "T+", "Systems down", "Diverting", "Overdue", "Blocked", "Next deadline", "Last entry"] {
            #expect(lines[header].contains(column), "\(column) missing: \(lines[header])")
        }
        // St. Mary's is two hours in with tasks overdue: first; the exercise last.
        let rows = lines.filter { $0.hasPrefix("St. ") }
        #expect(rows.count == 3, "\(once.stdout)")
        #expect(rows.first?.contains("EHR outage") == true && rows.first?.contains("DIVERTING") == true
                && rows.first?.contains("1: EHR") == true && rows.first?.contains("T+02:0") == true, "\(rows)")
        #expect(rows.last?.contains("Lab drill (EXERCISE)") == true, "\(rows)")
        #expect(once.stdout.contains("EOC desk (this station): "), "each incident's stations, this one by its name: \(once.stdout)")

        let json = try Runbook.run(["status", "--all", "--json"], home: home.path)
        #expect(json.status == 0, "\(json.stderr)")
        let incidents = try #require(try json.object()["incidents"] as? [[String: Any]])
        #expect(incidents.compactMap { $0["id"] as? String } == [mary, joseph, luke])
        #expect(incidents.map { $0["facility"] as? String } == ["St. Mary's", "St. Joseph", "St. Luke"])
        #expect(incidents.map { $0["diverting"] as? Bool } == [true, false, false])
        #expect(incidents[0]["systemsDown"] as? [String] == ["EHR"])
        #expect((incidents[0]["overdue"] as? Int ?? 0) > 0 && incidents[2]["exercise"] as? Bool == true)
        let next = try #require(incidents[0]["next"] as? [String: Any])
        #expect(next["task"] is String && next["title"] is String && next["due"] is String)
        let stations = try #require(incidents[0]["stations"] as? [[String: Any]])
        #expect(stations.count == 1 && stations[0]["own"] as? Bool == true && stations[0]["name"] as? String == "EOC desk" && (stations[0]["entries"] as? Int ?? 0) >= 3, "\(stations)")
        let again = try Runbook.run(["status", "--all", "--json"], home: home.path)
        #expect(again.stdout == json.stdout, "the same rows, the same bytes")

        let text = try Runbook.run(["status", "--all"], home: home.path)
        let textLines = text.stdout.split(separator: "\n")
        #expect(textLines.count == 3 && textLines[0].hasPrefix("St. Mary's · EHR outage · T+02:0") && textLines[0].contains(" · DIVERTING · "),
                "\(text.stdout)")

        // One clear line for what --all cannot take, and nothing written.
        for args in [["board", "--all", "--once", "--incident", mary], ["status", "--all", "--incident", mary],
                     ["board", "--all", "--once", "--format", "html"]] {
            let r = try Runbook.run(args, home: home.path)
            let err = r.stderr.split(separator: "\n")
            #expect(r.status != 0 && err.count == 1 && err[0].hasPrefix("runbook: error: "), "\(args): \(r.stderr)")
        }
    }

    @Test func liveRollupShowsANewIncidentWithinASecondAndOpensItsBoard() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "EHR outage", extra: ["--facility", "Zion General"])
        let t = try Tmux([Runbook.path, "board", "--all"], width: 120, height: 40, env: Self.env(home.path))
        try t.waitFor("Zion General")
        // Another process starts an incident at a second facility: its row appears.
        _ = try home.newIncident(name: "Pharmacy down", extra: ["--facility", "Alder Valley"])
        let started = Date()
        let screen = try t.waitFor("Alder Valley", timeout: 3)
        let took = Date().timeIntervalSince(started)
        print("board --all at 120x40, \(String(format: "%.2f", took)) s after the second incident began:\n\(screen)")
        #expect(took < 1.5, "the roll-up looks again within a second: \(took) s")
        #expect(screen.contains("every incident in this home: 2"), "\(screen)")
        // The cursor stays on the incident it was on (Zion); Alder Valley sorts first: up, Enter.
        try t.keys("k")
        try t.keys("Enter")
        let board = try t.waitUntil("Pharmacy down's own board") { $0.contains("Pharmacy down") && !$0.contains("every incident in this home") }
        #expect(board.contains("READ-ONLY"), "\(board)")
        try t.keys("q")
        try t.waitFor("every incident in this home: 2")
        // Esc comes back too.
        try t.keys("Enter")
        try t.waitUntil("the board again") { !$0.contains("every incident in this home") }
        try t.keys("Escape")
        try t.waitFor("every incident in this home: 2")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func fitsEightyByTwentyFour() throws {
        let home = TempHome()
        _ = try Self.threeHospitals(home)
        let t = try Tmux([Runbook.path, "board", "--all"], width: 80, height: 24, env: Self.env(home.path))
        let screen = try t.waitFor("St. Luke")
        print("board --all at 80x24:\n\(screen)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.contains("St. Mary's") && $0.contains("DIV") }, "\(screen)")
        #expect(lines.contains { $0.contains("Next deadline") })
        // Abbreviated, the time left comes first, so it is never the part cut off.
        #expect(lines.contains { $0.contains("St. Joseph") && $0.contains(" in 23h · Notify") }, "\(screen)")
        // At 240x67 nothing is abbreviated: the systems' names, DIVERTING, the stations.
        try t.resize(width: 240, height: 67)
        let wide = try t.waitFor("Stations")
        print("board --all at 240x67:\n\(wide)")
        #expect(wide.split(separator: "\n").contains { $0.contains("St. Mary's") && $0.contains("DIVERTING") && $0.contains("1: EHR") }, "\(wide)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}
