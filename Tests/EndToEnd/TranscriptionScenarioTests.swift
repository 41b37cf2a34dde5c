import Foundation
import Testing

/// The night the clocks went back, transcribed afterwards from the paper binder on the command
/// post's shared login: entries typed out of their order, a corrected start, `--for` the people
/// who acted, a back-dated decision, in `TZ=America/New_York` across 1 Nov 2020 (01:00–02:00
/// happened twice). Every figure below was worked out by hand from the binder's times.
@Suite("transcription scenario across the fall-back night")
struct TranscriptionScenarioTests {
    static let ny = ["TZ": "America/New_York", "RUNBOOK_ACTOR": "cmdpost"]

    static func run(_ args: [String], _ home: TempHome) throws -> Runbook.Result {
        let r = try Runbook.run(args, home: home.path, env: ny)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    @Test func theBinderTypedUpTellsTheNightAsItHappened() throws {
        let home = TempHome()
        let id = try Self.run(["new", "--playbook", "occi", "--name", "Fall-back outage", "--at", "2020-10-31 23:00 EDT",
                               "--discovered", "2020-10-31 22:30 EDT", "--from-paper", "--for", "Dr Ng"], home).lastLine
        // The binder, typed up in the order the pages came out of the folder (the roles first:
        // `--for ROLE` names whoever held it then, so the assignments must be in).
        let binder: [[String]] = [
            ["assign", "ic", "Dr Ng", "--at", "2020-10-31 23:05 EDT", "--from-paper", "--for", "Dr Ng"],
            ["assign", "ops", "RN Diaz", "--at", "2020-10-31 23:10 EDT", "--from-paper", "--for", "ic"],
            ["system", "EHR", "up", "--at", "2020-11-01 03:00 EST", "--from-paper", "p4", "--for", "ops"],
            ["system", "EHR", "down", "--at", "2020-11-01 00:30 EDT", "--from-paper", "p1", "--for", "ops"],
            ["system", "Phones", "down", "--at", "2020-11-01 02:00 EST", "--from-paper", "p3", "--for", "ops"],
            ["system", "EHR", "degraded", "--at", "2020-11-01 01:30 EST", "--from-paper", "p3", "--for", "ops"],
            ["do", "ic-declare", "done", "--at", "2020-10-31 23:00 EDT", "--for", "ic"],
            // The decision completes its task (ic-decide-diversion) with its own time; its task
            // waits on the declaration, so the declaration's page is typed first.
            ["decide", "ambulance-diversion", "divert", "--at", "2020-11-01 01:40 EDT", "--from-paper", "p2", "--for", "ic",
             "--note", "CT down with the EHR"],
            // The phones were out earlier than page 3 says: the switchboard's own log.
            ["system", "Phones", "down", "--at", "2020-11-01 01:45 EDT", "--note", "switchboard log", "--for", "ops"],
            ["close", "--yes", "--at", "2020-11-01 06:00 EST", "--for", "ic"],
        ]
        for args in binder { _ = try Self.run(args, home) }

        // status --json, measured at the close (06:00 EST = 11:00Z).
        let status = try Self.run(["status", "--json"], home).object()
        let systems = try #require(status["systems"] as? [[String: Any]])
        let ehr = try #require(systems.first { $0["name"] as? String == "EHR" })
        let phones = try #require(systems.first { $0["name"] as? String == "Phones" })
        // EHR: down 04:30Z (00:30 EDT), degraded 06:30Z (01:30 EST), up 08:00Z (03:00 EST):
        // out 3 h 30 min, though the wall clock went from 00:30 to 03:00.
        #expect(ehr["state"] as? String == "up")
        #expect(ehr["since"] as? String == "2020-11-01T08:00:00.000Z")
        #expect(ehr["outageSeconds"] as? Int == 3 * 3600 + 30 * 60)
        // Phones: down since 01:45 EDT (05:45Z), not 02:00 EST, to the close at 11:00Z: 5 h 15 min.
        #expect(phones["state"] as? String == "down")
        #expect(phones["since"] as? String == "2020-11-01T05:45:00.000Z")
        #expect(phones["outageSeconds"] as? Int == 5 * 3600 + 15 * 60)
        let decision = try #require((status["decisions"] as? [[String: Any]])?.first { $0["id"] as? String == "ambulance-diversion" })
        #expect(decision["option"] as? String == "divert")
        #expect(decision["decided"] as? String == "2020-11-01T05:40:00.000Z")
        #expect(decision["by"] as? String == "Dr Ng")
        let roles = try #require(status["roles"] as? [[String: Any]])
        #expect(roles.first { $0["id"] as? String == "ic" }?["person"] as? String == "Dr Ng")
        #expect((status["incident"] as? [String: Any])?["closed"] as? String == "2020-11-01T11:00:00.000Z")

        // The report's JSON: the same segments and the decision credited to the IC, not the login.
        let report = try Self.run(["report", "--format", "json"], home).object()
        let figures = try #require(report["figures"] as? [String: Any])
        let rows = try #require(figures["systems"] as? [[String: Any]])
        let ehrRow = try #require(rows.first { $0["name"] as? String == "EHR" })
        let segments = try #require(ehrRow["segments"] as? [[String: Any]])
        #expect(segments.map { $0["state"] as? String } == ["down", "degraded", "up"])
        #expect(segments.map { $0["from"] as? String } == ["2020-11-01T04:30:00.000Z", "2020-11-01T06:30:00.000Z", "2020-11-01T08:00:00.000Z"])
        #expect(ehrRow["outageSeconds"] as? Int == 12_600)
        let decisions = try #require(figures["decisions"] as? [[String: Any]])
        let d = try #require(decisions.first { $0["id"] as? String == "ambulance-diversion" })
        #expect(d["by"] as? String == "Dr Ng")
        #expect(d["role"] as? String == "ic")

        // The board, at the close: the EHR back at 03:00 EST after 3 h 30 min.
        let board = try Self.run(["board", "--once"], home).stdout
        // Reported up, its go-live (ops-clinical-golive@EHR) never recorded: not simply "back".
        #expect(board.contains("EHR — reported up") && board.contains("go-live not recorded"), "\(board)")
        #expect(board.contains("was out 3 h 30 min"), "\(board)")

        // HICS 214: the IC's log holds the decision, in the IC's position; the operations chief's
        // holds the systems, in the order they happened across the repeated hour; nothing is
        // filed under the shared login, and each time says which 01:xx it was.
        let ics = try Self.run(["report", "--format", "ics214"], home).stdout
        let logs = ics.components(separatedBy: "HICS 214").dropFirst()
        let icLog = try #require(logs.first { $0.contains("Dr Ng") && $0.contains("Incident Commander") }, "\(ics)")
        #expect(icLog.contains("01:40 EDT"), "\(icLog)")
        #expect(icLog.contains("divert"), "\(icLog)")
        #expect(!ics.contains("No position recorded") && !ics.contains("Name: cmdpost"), "\(ics)")
        let opsLog = try #require(logs.first { $0.contains("Name: RN Diaz") }, "\(ics)")
        let order = ["00:30 EDT", "01:45 EDT", "01:30 EST", "02:00 EST", "03:00 EST"].map { opsLog.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "\(opsLog)")
        let md = try Self.run(["report", "--format", "md"], home).stdout
        #expect(md.contains("01:30 EST") && md.contains("00:30 EDT"), "\(md)")
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
        _ = id
    }
}
