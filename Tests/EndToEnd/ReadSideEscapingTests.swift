import Foundation
import RunbookKit
import Testing

/// Issue 20, point 4: lines appended with recomputed hashes pass `verify` (by design), so what
/// they hold must still never reach a terminal raw. Every value read from a journal or a
/// playbook meets the terminal through one rule (`TerminalText`): the command line's text, the
/// text report formats and the screens write control codes and direction marks out visibly.
@Suite("read side escaping, end to end", .timeLimit(.minutes(3)))
struct ReadSideEscapingTests {
    /// An OSC title change, a screen clear, a bell, a right-to-left override, a line separator
    /// and a right-to-left mark.
    static let hostile = "lab\u{1B}]0;pwned\u{07} ok\u{1B}[2J \u{202E}evil\u{2028}x\u{200F}y"

    /// The raw bytes no terminal may see: ESC, BEL, and the UTF-8 of U+202E, U+2028, U+200F.
    static func rawHazards(_ s: String) -> [String] {
        var found: [String] = []
        for (name, u) in [("ESC", 0x1B), ("BEL", 0x07), ("RLO", 0x202E), ("LS", 0x2028), ("RLM", 0x200F)] as [(String, UInt32)]
        where s.unicodeScalars.contains(where: { $0.value == u }) { found.append(name) }
        return found
    }

    /// Appends entries the way a forger would: valid lines, hashes recomputed, `verify` intact.
    static func forge(_ home: TempHome, _ id: String) throws {
        let path = home.journalPath(id)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        for draft in [
            EntryDraft(type: .note, actor: hostile, note: hostile, fields: [("tag", .string(hostile))]),
            EntryDraft(type: .systemStatus, actor: "scribe", fields: [("system", .string(hostile)), ("state", .string("down"))]),
            EntryDraft(type: .roleAssigned, actor: "scribe", fields: [("role", .string("ic")), ("person", .string(hostile))]),
        ] {
            let last = try #require(lines.last)
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            let seq = try #require(obj["seq"] as? Int) + 1
            let prev = try #require(obj["hash"] as? String)
            lines.append(String(decoding: JournalLine.encodeBytes(draft, seq: seq, time: Timestamp.now(), prev: prev), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func forgedValuesNeverReachTheTerminalRaw() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Escaping")
        try Self.forge(home, id)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0, "the forged lines are valid lines")
        let env = ["COLUMNS": "120"]
        for args in [["log"], ["status"], ["board", "--once"], ["report", "--format", "md"], ["report", "--format", "ics214"],
                     ["report", "--format", "csv"], ["report", "--format", "ics214", "--by", "person"]] {
            let r = try Runbook.run(args, home: home.path, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.rawHazards(r.stdout).isEmpty, "\(args) printed \(Self.rawHazards(r.stdout)) raw")
            #expect(Self.rawHazards(r.stderr).isEmpty, "\(args) warned \(Self.rawHazards(r.stderr)) raw")
            #expect(r.stdout.contains("\\u{1B}") || args == ["board", "--once"], "\(args): the escape is written out: \(r.stdout.suffix(300))")
        }
        // Data keeps its bytes: the journal's own lines for jq are JSON (ESC is \u001b there).
        let jsonl = try Runbook.run(["log", "--format", "jsonl"], home: home.path)
        #expect(jsonl.status == 0 && !jsonl.stdout.unicodeScalars.contains { $0.value == 0x1B })
        // What was recorded is said back escaped too.
        let said = try Runbook.run(["note", "follow-up", "--from-paper", "p.3"], home: home.path)
        #expect(said.status == 0 && Self.rawHazards(said.stdout).isEmpty, "\(said.stdout)")
    }

    @Test func theScreensDrawNoOverride() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Escaping")
        try Self.forge(home, id)
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        for command in [["board"], ["open"]] {
            let t = try Tmux([Runbook.path] + command, width: 120, height: 40, env: env)
            let screen = try t.waitFor(command == ["open"] ? "journal" : "chain verified", timeout: 10)
            #expect(Self.rawHazards(screen).isEmpty, "\(command) drew \(Self.rawHazards(screen)): \(screen)")
            try t.keys("q")
            _ = try? t.waitForExit()
        }
    }

    @Test func playbookValuesAndFileNamesAreEscapedInListsAndFindings() throws {
        let home = TempHome()
        let dir = home.path + "/playbooks"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let name = dir + "/bad\u{1B}[31m\u{202E}.yaml"
        try Data("id: bad\ntitle: \"x\u{1B}[2J\"\nversion: 1\n".utf8).write(to: URL(fileURLWithPath: name))
        let check = try Runbook.run(["playbooks", "check", name], home: home.path)
        #expect(check.status != 0)
        #expect(Self.rawHazards(check.stdout + check.stderr).isEmpty, "\(check.stdout)\(check.stderr)")
        let list = try Runbook.run(["playbooks", "list"], home: home.path, env: ["RUNBOOK_PLAYBOOKS": dir])
        #expect(Self.rawHazards(list.stdout + list.stderr).isEmpty, "\(list.stdout)\(list.stderr)")
    }
}
