import Foundation
import Testing

/// The real binary in a real terminal (tmux), then the journal read back.
@Suite("command post end to end", .serialized, .timeLimit(.minutes(3)))
struct CommandPostEndToEndTests {
    static func open(_ home: TempHome, width: Int = 80, height: Int = 24, env extra: [String: String] = [:]) throws -> Tmux {
        var env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        for (k, v) in extra { env[k] = v }
        let t = try Tmux([Runbook.path, "open"], width: width, height: height, env: env)
        try t.waitFor("✓ journal")
        return t
    }

    @Test func tickingACriticalTaskWritesTaskDone() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try Self.open(home)
        try t.keys("x")
        try t.waitFor("CRITICAL TASK")
        #expect(try home.journal(id).count == 1)
        try t.keys("y")
        try t.waitFor("Recorded #2")
        let last = try home.journal(id).last
        #expect(last?["type"] as? String == "task.done")
        #expect(last?["task"] as? String == "ic-declare")
        #expect(last?["actor"] as? String == "scribe")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func utf8NoteIsByteExact() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try Self.open(home)
        let text = "Pharmacy 薬 on paper 🚑 — café naïve"
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type(text)
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let raw = try String(contentsOfFile: home.journalPath(id), encoding: .utf8)
        #expect(raw.contains("\"note\":\"\(text)\""))
        #expect(try home.journal(id).last?["note"] as? String == text)
    }

    @Test func entriesFromAnotherProcessAppearWithinASecond() throws {
        let home = TempHome()
        _ = try home.newIncident()
        let t = try Self.open(home)
        let r = try Runbook.run(["note", "Radiology phones down since 03:10"], home: home.path)
        #expect(r.status == 0)
        try t.waitFor("Radiology phones down since 03:10", timeout: 1.5)
    }

    @Test func resizeToTinyAndBack() throws {
        let home = TempHome()
        _ = try home.newIncident()
        let t = try Self.open(home)
        try t.resize(width: 20, height: 5)
        try t.waitFor("Terminal too small")
        try t.resize(width: 100, height: 30)
        try t.waitFor("✓ journal")
        let screen = try t.capture()
        #expect(screen.contains("Declare a cyber incident"))
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func noColorMeansNoColourEscapes() throws {
        let home = TempHome()
        _ = try home.newIncident(extra: ["--exercise"])
        let coloured = try Self.open(home, env: ["TERM": "screen-256color", "NO_COLOR": ""])
        let withColour = try coloured.capture(escapes: true)
        #expect(Self.hasColour(withColour), "expected colour without NO_COLOR")
        let plain = try Self.open(home, env: ["TERM": "screen-256color", "NO_COLOR": "1"])
        let screen = try plain.capture(escapes: true)
        #expect(!Self.hasColour(screen))
        #expect(screen.contains("EXERCISE"))
        #expect(screen.contains("\u{1B}[7m") || screen.contains("\u{1B}[1m"), "monochrome still uses reverse/bold")
    }

    /// Whether SGR sequences in a tmux capture set a foreground or background colour.
    static func hasColour(_ s: String) -> Bool {
        var i = s.startIndex
        while let r = s[i...].range(of: "\u{1B}[") {
            guard let m = s[r.upperBound...].firstIndex(of: "m") else { break }
            let params = s[r.upperBound..<m].split(separator: ";").compactMap { Int($0) }
            if params.contains(where: { (30...37).contains($0) || (40...47).contains($0) || (90...97).contains($0) || (100...107).contains($0) || $0 == 38 || $0 == 48 }) {
                return true
            }
            i = m
        }
        return false
    }

    @Test(arguments: ["xterm", "screen", "tmux-256color", "linux", "xterm-256color"])
    func worksUnderCommonTerminalTypes(term: String) throws {
        let home = TempHome()
        _ = try home.newIncident()
        let t = try Self.open(home, env: ["TERM": term])
        try t.keys("j", "?")
        try t.waitFor("Esc closes")
        try t.keys("Escape", "q")
        #expect(try t.waitForExit() == 0)
    }

    @Test func withoutATerminalOpenSaysSo() throws {
        let home = TempHome()
        _ = try home.newIncident()
        let r = try Runbook.run(["open"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("runbook: error:"))
        #expect(r.stderr.contains("terminal"))
    }

    @Test func startScreenCreatesAnIncident() throws {
        let home = TempHome()
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        let t = try Tmux([Runbook.path], width: 90, height: 24, env: env)
        try t.waitFor("No incident is open")
        try t.keys("Enter")
        try t.waitFor("Incident name")
        try t.type("Night shift EHR outage")
        try t.keys("Enter")
        try t.waitFor("exercise")
        try t.keys("y")
        try t.waitFor("Activated at")
        try t.type("-30m")
        try t.keys("Enter")
        try t.waitFor("✓ journal")
        let screen = try t.capture()
        #expect(screen.contains("EXERCISE"))
        #expect(screen.contains("Night shift EHR outage"))
        let ids = try FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")
        #expect(ids.count == 1)
        let first = try home.journal(ids[0]).first
        #expect(first?["exercise"] as? Bool == true)
        #expect(first?["at"] != nil)
    }

    @Test func sigtermRestoresTheTerminalAndLosesNothing() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let env = ["RUNBOOK_HOME": home.path, "LANG": "C.UTF-8", "TERM": "screen", "RUNBOOK_ACTOR": "scribe"]
        let t = try Tmux(["/bin/sh", "-c", "\(Runbook.path) open; echo EXITED:$?; sleep 5"], width: 80, height: 24, env: env)
        try t.waitFor("✓ journal")
        try t.keys("n")
        try t.type("written before the signal")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        guard let pid = try t.pid(of: "runbook open") else { throw HarnessError("no pid") }
        kill(pid, SIGTERM)
        let screen = try t.waitFor("EXITED:143")
        #expect(!screen.contains("✓ journal"), "the terminal was not restored")
        #expect(try home.journal(id).last?["note"] as? String == "written before the signal")
    }

    @Test func quitRestoresTheTerminal() throws {
        let home = TempHome()
        _ = try home.newIncident()
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        // Run inside a shell so we can see the prompt come back after quitting.
        let t = try Tmux(["/bin/sh", "-c", "\(Runbook.path) open; echo EXITED:$?; stty -a | head -1; sleep 5"], width: 80, height: 24, env: env)
        try t.waitFor("✓ journal")
        try t.keys("q")
        let screen = try t.waitFor("EXITED:0")
        #expect(!screen.contains("✓ journal"), "the alternate screen was left")
    }
}
