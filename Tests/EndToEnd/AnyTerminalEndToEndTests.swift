import Foundation
import Testing

/// Issue 23: the screen on any terminal. Under LANG=C, on the Linux console (TERM=linux) or
/// with RUNBOOK_ASCII=1 every byte the screen, the live board, `board --once` and `status`
/// send is ASCII; TERM=dumb or no TERM gets one line saying what to do.
@Suite("any terminal end to end", .serialized, .timeLimit(.minutes(3)))
struct AnyTerminalEndToEndTests {
    /// An OCCI incident with a system down (its estimate moved), one degraded, a decision, a
    /// done task and an entry marked entered in error.
    static func scripted(_ home: TempHome) throws {
        _ = try home.newIncident(name: "Drill — Zürich", extra: ["--at", "-3h"])
        for args in [["assign", "ic", "Dr. Lee"], ["system", "EHR", "down", "--eta", "+6h", "--at", "-170m"],
                     ["system", "EHR", "down", "--eta", "+36h", "--note", "vendor rebuilding"],
                     ["system", "PACS", "degraded"], ["do", "ic-declare", "done"],
                     ["decide", "ambulance-diversion", "divert"], ["note", "wrong unit — 4 West"]] {
            let r = try Runbook.run(args, home: home.path)
            guard r.status == 0 else { throw HarnessError("\(args): \(r.stderr)") }
        }
        let seq = try home.journal(try onlyIncident(home)).count
        let r = try Runbook.run(["correct", String(seq), "--reason", "typed on the wrong unit"], home: home.path)
        guard r.status == 0 else { throw HarnessError("correct: \(r.stderr)") }
    }

    static func onlyIncident(_ home: TempHome) throws -> String {
        let dirs = try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")
        guard let id = dirs.first(where: { !$0.hasPrefix(".") }) else { throw HarnessError("no incident") }
        return id
    }

    /// The bytes at or above 0x80 in `s`, as a short description (empty: all ASCII).
    static func nonASCII(_ s: String) -> String {
        let bad = s.filter { !$0.isASCII }
        return bad.isEmpty ? "" : "\(bad.count) non-ASCII characters: \(String(Set(bad)).prefix(40))"
    }

    static let terminals: [(String, [String: String])] = [
        ("LANG=C", ["LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "TERM": "screen"]),
        ("TERM=linux", ["LANG": "C.UTF-8", "TERM": "linux"]),
        ("RUNBOOK_ASCII=1", ["LANG": "C.UTF-8", "TERM": "screen", "RUNBOOK_ASCII": "1"]),
    ]

    /// The command `runbook args` under exactly these variables (tmux's own TERM replaced).
    static func command(_ env: [String: String], _ home: TempHome, _ args: [String]) -> [String] {
        ["/usr/bin/env"] + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["RUNBOOK_HOME=\(home.path)", "RUNBOOK_ACTOR=scribe", Runbook.path] + args
    }

    @Test(arguments: [0, 1, 2])
    func theCommandPostAndTheBoardSendOnlyAscii(terminal: Int) throws {
        let (name, env) = Self.terminals[terminal]
        let home = TempHome()
        try Self.scripted(home)
        for (w, h) in [(80, 24), (120, 40), (240, 67)] {
            let t = try Tmux(Self.command(env, home, ["open"]), width: w, height: h)
            var screens = [try t.waitFor("journal")]
            for view in ["BOARD", "TIMELINE", "SYSTEMS"] {
                try t.keys("Tab")
                screens.append(try t.waitFor(view))
            }
            try t.keys("?")
            screens.append(try t.waitFor("Esc"))
            for s in screens {
                #expect(Self.nonASCII(s).isEmpty, "\(name) \(w)x\(h): \(Self.nonASCII(s))\n\(s)")
            }
            // The symbols became their stand-ins, and the typed text lost only its accents.
            let all = screens.joined(separator: "\n")
            #expect(all.contains("X EHR") || all.contains("X DOWN"), "\(name) \(w)x\(h)\n\(all)")
            if w == 80 { print("command post under \(name) at 80x24, systems view:\n\(screens[3])") }
            try t.keys("Escape", "q")
            #expect(try t.waitForExit() == 0)
            let b = try Tmux(Self.command(env, home, ["board"]), width: w, height: h)
            let board = try b.waitFor("chain verified")
            #expect(Self.nonASCII(board).isEmpty, "\(name) board \(w)x\(h): \(Self.nonASCII(board))\n\(board)")
            #expect(board.contains("Zurich"), "\(board)")
            print("live board under \(name) at \(w)x\(h):\n\(board)")
            try b.keys("q")
            #expect(try b.waitForExit() == 0)
        }
    }

    @Test func aUTF8TerminalStillGetsItsSymbols() throws {
        let home = TempHome()
        try Self.scripted(home)
        let t = try Tmux(Self.command(["LANG": "C.UTF-8", "TERM": "screen"], home, ["board"]), width: 120, height: 40)
        let board = try t.waitFor("chain verified")
        #expect(board.contains("✖") && board.contains("Zürich"), "\(board)")
        #expect(!board.contains("\u{23F1}"), "⏱ is in no common font")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func boardOnceAndStatusPipedUnderLangCAreAscii() throws {
        let home = TempHome()
        try Self.scripted(home)
        for args in [["board", "--once"], ["status"], ["log"]] {
            let unicode = try Runbook.run(args, home: home.path, env: ["LANG": "C.UTF-8", "LC_ALL": "", "TERM": "xterm"])
            #expect(unicode.status == 0, "\(unicode.stderr)")
            #expect(!Self.nonASCII(unicode.stdout).isEmpty, "\(args): the UTF-8 text has symbols to replace")
            for env in [["LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "TERM": "dumb"], ["LANG": "C.UTF-8", "LC_ALL": "", "TERM": "linux"]] {
                let r = try Runbook.run(args, home: home.path, env: env)
                #expect(r.status == 0, "\(args) \(env): \(r.stderr)")
                #expect(Self.nonASCII(r.stdout).isEmpty, "\(args) \(env): \(Self.nonASCII(r.stdout))\n\(r.stdout)")
                #expect(r.stdout.contains("EHR"))
            }
        }
    }

    @Test(arguments: ["dumb", "", "no-such-terminal-rb"])
    func aTerminalThatCannotDrawGetsOneLine(term: String) throws {
        let home = TempHome()
        try Self.scripted(home)
        for args in [["open"], ["board"]] {
            // A real terminal (tmux), with TERM dumb, unset or unknown.
            let env = term.isEmpty ? ["/usr/bin/env", "-u", "TERM"] : ["/usr/bin/env", "TERM=\(term)"]
            // The line is read before the pane ends (a pane ending at once can lose its output).
            let linger = ["/bin/sh", "-c", "\"$@\"; s=$?; sleep 1; exit $s", "runbook-terminal"]
            let t = try Tmux(linger + env + ["LANG=C.UTF-8", "RUNBOOK_HOME=\(home.path)", "RUNBOOK_ACTOR=scribe", Runbook.path] + args, width: 240, height: 10)
            let screen = try t.waitFor("runbook:")
            let status = try t.waitForExit()
            #expect(status != 0, "\(args) TERM=\(term): \(screen)")
            let said = screen.split(separator: "\n").filter { $0.hasPrefix("runbook:") }
            #expect(said.count == 1, "\(screen)")
            #expect(said.first?.hasPrefix("runbook: error: ") == true, "\(screen)")
            #expect(screen.contains("runbook board --once"), "\(screen)")
            #expect(!screen.contains("Error opening terminal"), "\(screen)")
            if !term.isEmpty { #expect(screen.contains("TERM=\(term)"), "\(screen)") }
        }
        // The text board needs no terminal at all.
        let once = try Runbook.run(["board", "--once"], home: home.path, env: ["TERM": term.isEmpty ? "dumb" : term])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(once.stdout.contains("EHR"))
    }
}
