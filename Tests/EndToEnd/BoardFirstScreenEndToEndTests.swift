import Foundation
import Testing

/// Issue 24, part A, with the real binary under tmux: the first screen of `runbook board`
/// answers the executives' questions at 80x24, 120x40 and 240x67; `--wall` pages by itself
/// and never shows free text; `--no-notes`; `--once --format html` and `--output`.
@Suite("board first screen end to end", .serialized, .timeLimit(.minutes(3)))
struct BoardFirstScreenEndToEndTests {
    static func env(_ home: String) -> [String: String] {
        ["RUNBOOK_HOME": home, "RUNBOOK_ACTOR": "exec", "LANG": "C.UTF-8", "TERM": "screen", "TZ": "UTC"]
    }

    /// Words that must never reach a wall: a note's and a block reason's (both may hold patient details).
    static let noteMarker = "Zanzibarnote", reasonMarker = "Quetzalreason", rationaleMarker = "Okapirationale"

    /// An OCCI incident discovered 2 hours before its activation 5 hours ago: five systems out,
    /// diversion decided (partial), regulators to be notified, a blocked task with a reason,
    /// overdue tasks, a note.
    static func scripted(_ home: TempHome) throws -> String {
        let id = try home.newIncident(name: "Board drill", extra: ["--at", "-5h", "--discovered", "-7h"])
        for args in [["assign", "ic", "Dr. Lee"], ["assign", "ops", "Sam Ortiz"],
                     ["system", "EHR", "down", "--eta", "+30h"], ["system", "PACS", "down", "--eta", "+4h"],
                     ["system", "Lab", "degraded"], ["system", "Phones", "down"], ["system", "Pharmacy", "down", "--eta", "+2h"],
                     ["decide", "ambulance-diversion", "partial", "--note", "\(rationaleMarker) stroke and STEMI go to St. Mary's"],
                     ["decide", "regulator-notification", "yes"],
                     ["do", "ic-set-objectives", "block", "--note", "\(reasonMarker) waiting on the CFO"],
                     ["note", "\(noteMarker) patient in bed 4 West"]] {
            let r = try Runbook.run(args, home: home.path, env: ["TZ": "UTC"])
            guard r.status == 0 else { throw HarnessError("\(args): \(r.stderr)") }
        }
        return id
    }

    /// The header band (the rows before the first separator), blanks and block letters made one space.
    static func header(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("────") }.joined(separator: "\n")
            .replacingOccurrences(of: "█", with: " ").split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test(arguments: [(80, 24), (120, 40), (240, 67)])
    func theFirstScreenAnswersTheExecutives(size: (Int, Int)) throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        let t = try Tmux([Runbook.path, "board"], width: size.0, height: size.1, env: Self.env(home.path))
        let screen = try t.waitFor("chain verified")
        print("board at \(size.0)x\(size.1):\n\(screen)")
        let head = Self.header(screen)
        for answer in ["Down T+05:0", "since activation", "7 h since discovery", "In charge: Dr. Lee — Incident Commander",
                       "Ambulance diversion → PARTIAL", "✖ EHR down", "— back ", "Next: Notify the cyber insurer",
                       " left — finance · role not filled", "OVERDUE · 1 BLOCKED",
                       "BLOCKED Set objectives, operational period and briefing schedule — blocked by tester",
                       "\(Self.reasonMarker) waiting on the CFO · role held by Dr. Lee"] {
            #expect(head.contains(answer), "\(size): '\(answer)' is not on the first screen:\n\(screen)")
        }
        // Five systems out: a laptop lists two and counts the rest, 120x40 four, a wall all five.
        let listed = ["✖ EHR down", "✖ PACS down", "✖ Phones down", "✖ Pharmacy down", "◐ Lab system degraded"].filter { head.contains($0) }.count
        #expect(listed == [24: 2, 40: 4, 67: 5][size.1], "\(screen)")
        #expect(head.contains("+\(5 - listed) more out (SYSTEMS below)") == (listed < 5), "\(screen)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// `--wall` turns its pages by itself and never shows a note, a block reason or a rationale.
    @Test func theWallPagesByItselfAndShowsNoFreeText() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        let t = try Tmux([Runbook.path, "board", "--wall", "--page-seconds", "3"], width: 80, height: 24, env: Self.env(home.path))
        _ = try t.waitFor("chain verified")
        var seen = Set<String>(), all = ""
        let end = Date().addingTimeInterval(8)
        while Date() < end {
            let s = try t.capture()
            all += s
            if let r = s.range(of: #"page \d+ of \d+"#, options: .regularExpression) { seen.insert(String(s[r])) }
            usleep(400_000)
        }
        print("wall pages seen: \(seen)")
        #expect(seen.contains { $0.hasPrefix("page 1 of ") } && seen.contains { $0.hasPrefix("page 2 of ") }, "\(seen)")
        for marker in [Self.noteMarker, Self.reasonMarker, Self.rationaleMarker, "waiting on the CFO", "St. Mary"] {
            #expect(!all.contains(marker), "'\(marker)' on the wall")
        }
        #expect(all.contains("BLOCKED Set objectives, operational period"))
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        let once = try Runbook.run(["board", "--once", "--wall"], home: home.path, env: ["COLUMNS": "120", "TZ": "UTC"])
        #expect(once.status == 0, "\(once.stderr)")
        for marker in [Self.noteMarker, Self.reasonMarker, Self.rationaleMarker] { #expect(!once.stdout.contains(marker)) }
    }

    /// The normal board shows notes; `--no-notes` hides them, keeping the block reason.
    @Test func noNotes() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        let shown = try Runbook.run(["board", "--once"], home: home.path, env: ["COLUMNS": "120"])
        #expect(shown.stdout.contains(Self.noteMarker) && shown.stdout.contains(Self.rationaleMarker), "\(shown.stdout)")
        let hidden = try Runbook.run(["board", "--once", "--no-notes"], home: home.path, env: ["COLUMNS": "120"])
        #expect(hidden.status == 0)
        #expect(!hidden.stdout.contains(Self.noteMarker) && !hidden.stdout.contains(Self.rationaleMarker), "\(hidden.stdout)")
        #expect(hidden.stdout.contains(Self.reasonMarker))
        let t = try Tmux([Runbook.path, "board", "--no-notes"], width: 240, height: 67, env: Self.env(home.path))
        let screen = try t.waitFor("chain verified")
        #expect(screen.contains("LAST ENTRIES") && !screen.contains(Self.noteMarker), "\(screen)")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// `--once --format html`: one page, escaped, written 0600 by `--output`; bad combinations
    /// get one line and write nothing; the page renders and prints in headless Chromium.
    @Test func theHTMLBoard() throws {
        let home = TempHome()
        _ = try Self.scripted(home)
        #expect(try Runbook.run(["note", "<script>alert(1)</script>"], home: home.path).status == 0)
        let r = try Runbook.run(["board", "--once", "--format", "html"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>") && !r.stdout.contains("<script>") && r.stdout.contains("&lt;script&gt;"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-board-html-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/board.html"
        let w = try Runbook.run(["board", "--once", "--format", "html", "--output", out], home: home.path)
        #expect(w.status == 0 && w.stdout.contains("wrote \(out)"), "\(w.stderr)")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        for args in [["board", "--format", "html"], ["board", "--output", dir + "/x.html"], ["board", "--page-seconds", "5"],
                     ["board", "--wall", "--page-seconds", "0"]] {
            let bad = try Runbook.run(args, home: home.path)
            #expect(bad.status != 0 && bad.stdout.isEmpty, "\(args)")
            #expect(bad.stderr.split(separator: "\n").count == 1 && bad.stderr.hasPrefix("runbook: error:"), "\(args): \(bad.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.html"))
        let chromium = "/usr/bin/chromium-headless-shell"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            if ProcessInfo.processInfo.environment["RUNBOOK_SKIP_BROWSER"] == "1" { return }
            Issue.record("\(chromium) is missing: apt-get install chromium-headless-shell, or set RUNBOOK_SKIP_BROWSER=1")
            return
        }
        let shot = try Runbook.runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                                                     "--window-size=1100,1400", "--screenshot=\(dir)/board.png", "file://\(out)"])
        #expect(FileManager.default.fileExists(atPath: dir + "/board.png"), "\(shot.stderr.suffix(400))")
        #expect(!shot.stderr.split(separator: "\n").contains { $0.contains(":CONSOLE") }, "console messages: \(shot.stderr.suffix(600))")
        let pdf = try Runbook.runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                                                    "--print-to-pdf=\(dir)/board.pdf", "file://\(out)"])
        #expect(FileManager.default.fileExists(atPath: dir + "/board.pdf"), "\(pdf.stderr.suffix(400))")
    }
}
