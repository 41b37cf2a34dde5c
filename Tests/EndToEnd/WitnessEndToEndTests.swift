import Foundation
import RunbookKit
import Testing

/// `runbook verify --witness HASH[@SEQ]` (issue 27, witnesses): a head printed by `status`, the
/// board or a report proves later that the history before it was not rewritten — even by a
/// rewrite whose hashes were all recomputed, which `verify` alone passes.
@Suite("witnesses, end to end", .timeLimit(.minutes(3)))
struct WitnessEndToEndTests {
    @Test func aPrintedHeadProvesTheHistoryBeforeItWasNotRewritten() throws {
        let home = TempHome()
        let id = try home.newIncident()
        for text in ["first", "second", "third"] {
            #expect(try Runbook.run(["note", text], home: home.path).status == 0)
        }
        // What status prints and gives scripts.
        let json = try Runbook.run(["status", "--json"], home: home.path).object()
        let incident = try #require(json["incident"] as? [String: Any])
        let full = try #require(incident["witness"] as? String)
        let head = try #require(incident["head"] as? String)
        #expect(full == "\(head)@4")
        let status = try Runbook.run(["status"], home: home.path).stdout
        let spoken = Witness(seq: 4, hash: head).spoken
        #expect(status.contains("witness \(spoken)") && status.contains("runbook verify --witness \(full)"), "\(status)")
        #expect(try Runbook.run(["board", "--once"], home: home.path).stdout.contains("witness \(spoken)"))
        let report = try Runbook.run(["report"], home: home.path).stdout
        #expect(report.contains("witness \(spoken)") && report.contains("runbook verify --witness \(full)"))
        for format in ["ics214", "ics214-html"] {
            let logs = try Runbook.run(["report", "--format", format], home: home.path).stdout
            #expect(logs.contains("witness \(spoken)") && logs.contains("runbook verify --witness \(full)"), "\(format)")
        }
        // Now it holds, in either form.
        let now = try Runbook.run(["verify", "--witness", full, "--witness", spoken], home: home.path)
        #expect(now.status == 0 && now.stdout.components(separatedBy: "holds").count == 3, "\(now.stdout) \(now.stderr)")

        // A forger rewrites entries 3 and 4 and recomputes every hash: verify alone passes.
        let path = home.journalPath(id)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let entry2 = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        var prev = try #require(entry2["hash"] as? String)
        lines = Array(lines.prefix(2))
        for (k, text) in ["first, changed", "second, changed"].enumerated() {
            let line = JournalLine.encodeBytes(EntryDraft(type: .note, actor: "scribe", note: text), seq: 3 + k, time: Timestamp.now(), prev: prev)
            lines.append(String(decoding: line, as: UTF8.self))
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            prev = try #require(obj["hash"] as? String)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Runbook.run(["verify"], home: home.path).status == 0, "a recomputed chain passes verify alone")
        let after = try Runbook.run(["verify", "--witness", full], home: home.path)
        #expect(after.status == 1 && after.stderr.contains("does NOT hold: entry #4's hash is \(prev)"), "\(after.stderr)")
        // A witness from before the rewrite still holds: entry 2 is as it was.
        let two = try Runbook.run(["verify", "--witness", "\(entry2["hash"] as? String ?? "")@2"], home: home.path)
        #expect(two.status == 0, "\(two.stderr)")
        // Entries removed: the witness names how many are left.
        try Data((lines.prefix(3).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let cut = try Runbook.run(["verify", "--witness", full], home: home.path)
        #expect(cut.status == 1 && cut.stderr.contains("the journal has 3 entries, not 4"), "\(cut.stderr)")
        // Typed wrong: one line, exit 2, before the journal is read.
        let bad = try Runbook.run(["verify", "--witness", "d3cb7726"], home: home.path)
        #expect(bad.status == 2 && bad.stderr.contains("give at least 16"), "\(bad.stderr)")
    }
}
