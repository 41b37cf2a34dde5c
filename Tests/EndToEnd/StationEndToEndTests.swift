import Foundation
import Synchronization
import Testing

/// `runbook station [name TEXT]` and `runbook new --facility NAME`, through the real binary.
@Suite("station and facility", .timeLimit(.minutes(3)))
struct StationEndToEndTests {
    /// The value after "Label: " on a line of `runbook station`.
    static func field(_ label: String, _ out: String) -> String? {
        out.split(separator: "\n").first { $0.hasPrefix(label + ": ") }.map { String($0.dropFirst(label.count + 2)) }
    }

    @Test func stationIsMadeOnceAndShownTheSameEveryTime() throws {
        let home = TempHome()
        let first = try Runbook.run(["station"], home: home.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.field("Station", first.stdout) == "no name yet: runbook station name TEXT")
        let id = try #require(Self.field("Id", first.stdout))
        let fingerprint = try #require(Self.field("Fingerprint", first.stdout))
        #expect(id.count == 16)
        #expect(fingerprint.range(of: #"^\d{5}( \d{5}){7}$"#, options: .regularExpression) != nil, "\(fingerprint)")
        #expect(first.stdout.contains(home.path + "/station/key"), "says where the key is kept: \(first.stdout)")
        let second = try Runbook.run(["--home", home.path, "station"])
        #expect(Self.field("Id", second.stdout) == id)
        #expect(Self.field("Fingerprint", second.stdout) == fingerprint)
        let json = try Runbook.run(["station", "--json"], home: home.path).object()
        #expect(json["id"] as? String == id && json["fingerprint"] as? String == fingerprint)
        #expect(json["name"] is NSNull)
        #expect((json["publicKey"] as? String)?.count == 64)
    }

    @Test func nameIsSetThenShown() throws {
        let home = TempHome()
        let before = try Runbook.run(["station"], home: home.path)
        let set = try Runbook.run(["station", "name", "  ED desk "], home: home.path)
        #expect(set.status == 0, "\(set.stderr)")
        let after = try Runbook.run(["station"], home: home.path)
        #expect(Self.field("Station", after.stdout) == "ED desk")
        #expect(Self.field("Id", after.stdout) == Self.field("Id", before.stdout), "naming keeps the station")
        #expect(try Runbook.run(["station", "--json"], home: home.path).object()["name"] as? String == "ED desk")
    }

    @Test func badNamesAreRefusedAndWriteNothing() throws {
        let home = TempHome()
        for bad in ["", "   ", "ED\ndesk", "ED\u{1B}]0;x\u{7}desk", String(repeating: "x", count: 61)] {
            let r = try Runbook.run(["station", "name", bad], home: home.path)
            #expect(r.status != 0, "\(bad.debugDescription) was taken")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("runbook: error: the station name"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: home.path + "/station"), "\(bad.debugDescription) made a station")
        }
        _ = try Runbook.run(["station", "name", "ED desk"], home: home.path)
        let r = try Runbook.run(["station", "name", "IT\nroom"], home: home.path)
        #expect(r.status != 0)
        #expect(try String(contentsOfFile: home.path + "/station/name", encoding: .utf8) == "ED desk\n")
    }

    @Test func damagedKeyIsOneErrorLineNamingTheFile() throws {
        let home = TempHome()
        _ = try Runbook.run(["station"], home: home.path)
        let key = home.path + "/station/key"
        let bytes = try #require(FileManager.default.contents(atPath: key))
        let cut = bytes.prefix(100)
        try cut.write(to: URL(fileURLWithPath: key))
        let r = try Runbook.run(["station"], home: home.path)
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("runbook: error: the station file \(key) is damaged"), "\(r.stderr)")
        #expect(FileManager.default.contents(atPath: key) == cut, "the damaged key is left as it was")
    }

    @Test func facilityIsRecordedInEntryOneAndShown() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "EHR outage", extra: ["--facility", " St. Mary's Hospital "])
        let first = try #require(try home.journal(id).first)
        #expect(first["type"] as? String == "incident.opened")
        #expect(first["facility"] as? String == "St. Mary's Hospital")
        let status = try Runbook.run(["status"], home: home.path)
        #expect(status.stdout.split(separator: "\n").first == "EHR outage · Facility: St. Mary's Hospital", "\(status.stdout)")
        let json = try Runbook.run(["status", "--json"], home: home.path).object()
        #expect((json["incident"] as? [String: Any])?["facility"] as? String == "St. Mary's Hospital")
        let board = try Runbook.run(["board", "--once"], home: home.path, env: ["COLUMNS": "100"])
        #expect(board.status == 0, "\(board.stderr)")
        let title = try #require(board.stdout.split(separator: "\n").first { $0.contains("EHR outage") })
        #expect(title.contains("Facility: St. Mary's Hospital"), "\(board.stdout)")
        let report = try Runbook.run(["report", "--output", "-"], home: home.path)
        #expect(report.stdout.contains("| Facility | St. Mary's Hospital |"), "\(report.stdout.prefix(3000))")
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    @Test func withoutFacilityNothingChanges() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "EHR outage")
        #expect(try home.journal(id).first?["facility"] == nil)
        let json = try Runbook.run(["status", "--json"], home: home.path).object()
        #expect((json["incident"] as? [String: Any])?.keys.contains("facility") == false)
        #expect(!(try Runbook.run(["status"], home: home.path).stdout.contains("Facility")))
    }

    @Test func badFacilityIsRefusedAndStartsNothing() throws {
        let home = TempHome()
        for bad in ["", "  ", "St.\nMary's", String(repeating: "x", count: 61)] {
            let r = try Runbook.run(["new", "--playbook", "occi", "--name", "EHR outage", "--facility", bad], home: home.path)
            #expect(r.status != 0, "\(bad.debugDescription) was taken")
            #expect(r.stderr.hasPrefix("runbook: error: the facility name") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        let incidents = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")) ?? []
        #expect(incidents.isEmpty, "\(incidents)")
    }

    /// The station reads only the home: --help lists --home and nothing it would ignore, and
    /// --incident or --actor given anyway (a script gives them to every command) are taken.
    @Test func helpListsOnlyHome() throws {
        #expect(try Runbook.run(["station", "--help"]).stdout.contains("show (default)"))
        for command in [["station", "show"], ["station", "name"]] {
            let help = try Runbook.run(command + ["--help"])
            #expect(help.status == 0, "\(command): \(help.stderr)")
            #expect(help.stdout.contains("--home") && !help.stdout.contains("--incident") && !help.stdout.contains("--actor"), "\(command): \(help.stdout)")
        }
        let home = TempHome()
        let r = try Runbook.run(["station", "--incident", "x", "--actor", "someone"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Runbook.run(["station", "name", "ED desk", "--actor", "someone"], home: home.path).status == 0)
    }

    /// Several `runbook station` started at once in a new home make one station, not several:
    /// each built aside, only one renamed into place, the others read it.
    @Test func startedTogetherTheyMakeOneStation() throws {
        let home = TempHome()
        let ids = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let r = try? Runbook.run(["station", "--json"], home: home.path)
            let id = (try? r?.object())?["id"] as? String ?? "failed: \(r?.stderr ?? "")"
            ids.withLock { $0.append(id) }
        }
        let seen = ids.withLock { $0 }
        #expect(seen.count == 6 && Set(seen).count == 1, "\(seen)")
        let names = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()
        #expect(names == ["station"], "nothing left at an aside name: \(names)")
    }
}
