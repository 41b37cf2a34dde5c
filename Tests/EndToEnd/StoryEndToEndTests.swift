import Foundation
import Testing

/// The story the record tells, through the real binary: entries typed out of their turn fold
/// where they happened, entry 1 is corrected by `amend`, and a mistaken close is undone.
@Suite("the story, end to end")
struct StoryEndToEndTests {
    static func json(_ args: [String], home: TempHome) throws -> [String: Any] {
        let r = try Runbook.run(args, home: home.path)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func system(_ doc: [String: Any], _ name: String) -> [String: Any]? {
        (doc["systems"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// `down --at -4h; up --at -1h; degraded --at -2h --from-paper`: UP now, out 3 h (not
    /// DEGRADED and 5 h), in `status --json`, the board and the report; a second, back-dated
    /// `down` corrects when an outage began.
    @Test func entriesTypedOutOfTheirTurnFoldWhereTheyHappened() throws {
        let home = TempHome()
        _ = try home.newIncident(extra: ["--at", "-5h"])
        for args in [["system", "EHR", "down", "--at", "-4h"], ["system", "EHR", "up", "--at", "-1h"],
                     ["system", "EHR", "degraded", "--at", "-2h", "--from-paper"],
                     ["system", "Phones", "down"], ["system", "Phones", "down", "--at", "-3h"]] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let status = try Self.json(["status", "--json"], home: home)
        let ehr = try #require(Self.system(status, "EHR"))
        #expect(ehr["state"] as? String == "up")
        let out = try #require(ehr["outageSeconds"] as? Int)
        #expect(abs(out - 3 * 3600) < 60, "EHR out \(out) s")
        let phones = try #require(Self.system(status, "Phones"))
        #expect(abs((phones["outageSeconds"] as? Int ?? 0) - 3 * 3600) < 60, "\(phones)")
        let board = try Runbook.run(["board", "--once"], home: home.path)
        // Reported up, its go-live (ops-clinical-golive@EHR) never recorded: not simply "back".
        #expect(board.stdout.contains("EHR — reported up") && board.stdout.contains("go-live not recorded"), "\(board.stdout)")
        #expect(board.stdout.contains("was out 3 h") || board.stdout.contains("was out 2 h 59 min"), "\(board.stdout)")
        let phonesLine = board.stdout.split(separator: "\n").first { $0.contains("Phones — since") } ?? ""
        #expect(phonesLine.hasSuffix("out 3 h — no estimate yet") || phonesLine.hasSuffix("out 2 h 59 min — no estimate yet"), "\(board.stdout)")
        let report = try Self.json(["report", "--format", "json"], home: home)
        let systems = try #require(((report["figures"] as? [String: Any])?["systems"]) as? [[String: Any]])
        let row = try #require(systems.first { $0["name"] as? String == "EHR" })
        let states = (row["segments"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
        #expect(states == ["down", "degraded", "up"])
    }

    /// `amend` corrects entry 1 by an appended entry; the report shows both; a close recorded by
    /// mistake is marked in error and the incident reopens.
    @Test func amendAndReopenThroughTheCommandLine() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Night shift", extra: ["--at", "-1h"])
        let amend = try Runbook.run(["amend", "--at", "-3h", "--note", "IC's notebook"], home: home.path)
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(amend.stdout.contains("incident record amended: activated"))
        let last = try #require(try home.journal(id).last)
        #expect(last["type"] as? String == "incident.amended")
        #expect(last["activated"] as? String != nil)
        let nothing = try Runbook.run(["amend"], home: home.path)
        #expect(nothing.status != 0 && nothing.stderr.hasPrefix("runbook: error: nothing to amend"), "\(nothing.stderr)")
        let md = try Runbook.run(["report", "--format", "md"], home: home.path).stdout
        #expect(md.contains("| Amended | by \\#2; as first recorded: activated"), "\(md)")
        let close = try Runbook.run(["close", "--yes"], home: home.path)
        #expect(close.status == 0, "\(close.stderr)")
        let closeSeq = try home.journal(id).count
        let refused = try Runbook.run(["note", "after", "--incident", id], home: home.path)
        #expect(refused.status != 0 && refused.stderr.contains("runbook correct \(closeSeq)"), "\(refused.stderr)")
        // No terminal to ask on: --yes, as closing.
        let count = try home.journal(id).count
        let unasked = try Runbook.run(["correct", "\(closeSeq)", "--reason", "closed by mistake", "--incident", id], home: home.path)
        #expect(unasked.status != 0 && unasked.stderr.contains("--yes"), "\(unasked.stderr)")
        #expect(try home.journal(id).count == count)
        let reopen = try Runbook.run(["correct", "\(closeSeq)", "--reason", "closed by mistake", "--incident", id, "--yes"], home: home.path)
        #expect(reopen.status == 0, "\(reopen.stderr)")
        let status = try Self.json(["status", "--json"], home: home)
        #expect((status["incident"] as? [String: Any])?["closed"] is NSNull)
        #expect(try Runbook.run(["note", "still going"], home: home.path).status == 0)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    /// On the screen: `c` on the close in the timeline asks why, then the incident's name; the
    /// incident reopens, and the journal keeps both.
    @Test func aMistakenCloseIsUndoneFromTheTimeline() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Night shift")
        #expect(try Runbook.run(["close", "--yes"], home: home.path).status == 0)
        let t = try Tmux([Runbook.path, "open", "--incident", id], width: 100, height: 30,
                         env: ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"])
        _ = try t.waitFor("Night shift (CLOSED)")
        try t.keys("Tab"); try t.keys("Tab")
        _ = try t.waitFor("TIMELINE")
        try t.keys("End"); try t.keys("c")
        _ = try t.waitFor("ENTERED IN ERROR?")
        try t.type("closed by mistake"); try t.keys("Enter")
        _ = try t.waitFor("Reopen incident")
        try t.type("wrong name"); try t.keys("Enter")
        _ = try t.waitFor("That is not")
        #expect(try home.journal(id).count == 2, "a wrong name reopens nothing")
        try t.type("night SHIFT"); try t.keys("Enter")
        _ = try t.waitFor("Recorded #3")
        let screen = try t.capture()
        #expect(!screen.contains("(CLOSED)"), "\(screen)")
        let entries = try home.journal(id)
        #expect(entries.map { $0["type"] as? String } == ["incident.opened", "incident.closed", "entry.corrected"])
        #expect(entries.last?["target"] as? Int == 2)
    }
}
