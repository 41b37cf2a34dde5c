import Foundation
import Testing

/// The command post open while a restore tool replaces the journal, or another process holds
/// its lock: it never says "Recorded" for an entry nobody will read, and never freezes.
@Suite("command post: replaced journal and held lock", .serialized, .timeLimit(.minutes(3)))
struct CommandPostJournalHazardsTests {
    /// `cp -p J J.new && mv J.new J`, as a restore or sync tool does; `dropLast` lines removed.
    static func replace(_ path: String, dropLast: Int = 0) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // the empty piece after the final newline
        lines.removeLast(dropLast)
        let text = lines.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + ".new"))
        #expect(chmod(path + ".new", 0o600) == 0)
        #expect(rename(path + ".new", path) == 0)
    }

    static func note(_ t: Tmux, _ text: String) throws {
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.type(text)
        try t.keys("Enter")
    }

    @Test func screenFollowsAnIdenticalCopyAndNothingForks() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["note", "before the restore"], home: home.path).status == 0)
        let t = try CommandPostEndToEndTests.open(home)
        try t.waitFor("before the restore")
        try Self.replace(home.journalPath(id))
        try Self.note(t, "typed after the restore")
        // Recorded as #3 (the status line may already say the file was replaced).
        try t.waitFor("#3 ")
        try t.waitFor("typed after the restore")
        let cli = try Runbook.run(["note", "from the command line"], home: home.path)
        #expect(cli.status == 0 && cli.stdout.hasPrefix("recorded #4 "), "\(cli.stdout) \(cli.stderr)")
        try t.keys("q")
        _ = try t.waitForExit()
        let notes = try home.journal(id).compactMap { $0["note"] as? String }
        #expect(notes == ["before the restore", "typed after the restore", "from the command line"])
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    @Test func screenRefusesACopyThatLacksWhatItShowed() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["note", "will be lost from the copy"], home: home.path).status == 0)
        let t = try CommandPostEndToEndTests.open(home)
        try t.waitFor("will be lost from the copy")
        try Self.replace(home.journalPath(id), dropLast: 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        try Self.note(t, "typed after a bad restore")
        let screen = try t.waitFor("replaced")
        #expect(!screen.contains("Recorded #"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id))) == before)
        // The note was not recorded and is still there to copy: Esc asks before throwing it away.
        try t.keys("Escape")
        try t.waitFor("Throw away what you typed")
        try t.keys("y", "q")
        _ = try t.waitForExit()
    }

    @Test func heldLockShowsTheActionWaitingAndTheScreenStaysAlive() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        let holder = try JournalLockEndToEndTests.holdLock(home.journalPath(id), seconds: 4)
        defer { holder.terminate() }
        try Self.note(t, "radio log 02:10")
        let waiting = try t.waitFor("WAITING")
        #expect(!waiting.contains("Recorded #"))
        #expect(try home.journal(id).count == 1)
        // Still answering keys while it waits.
        try t.keys("Tab")
        try t.waitFor("SYSTEMS", timeout: 2)
        holder.waitUntilExit()
        try t.waitFor("Recorded #2", timeout: 4)
        #expect(try home.journal(id).last?["note"] as? String == "radio log 02:10")
        try t.keys("q")
        _ = try t.waitForExit()
    }

    @Test func aWaitingActionCanBeGivenUp() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        let holder = try JournalLockEndToEndTests.holdLock(home.journalPath(id), seconds: 3)
        defer { holder.terminate() }
        try Self.note(t, "never mind")
        try t.waitFor("WAITING")
        try t.keys("Escape")
        try t.waitFor("Given up")
        holder.waitUntilExit()
        // The lock is free: the next note is recorded, and the one given up never follows it.
        try Self.note(t, "the next note")
        try t.waitFor("Recorded #2")
        let notes = try home.journal(id).compactMap { $0["note"] as? String }
        #expect(notes == ["the next note"], "\(notes)")
        try t.keys("q")
        _ = try t.waitForExit()
    }

    /// Pastes `text` as a terminal does (bracketed, since the program asks for it).
    static func paste(_ t: Tmux, _ text: String) throws {
        try Tmux.tmux(["-S", t.socket, "set-buffer", "-b", "p", "--", text])
        try Tmux.tmux(["-S", t.socket, "paste-buffer", "-p", "-b", "p", "-t", t.name])
    }

    /// The radio log that closed an incident: pasted into a note it is one note; pasted
    /// outside a prompt it is nothing. The incident stays open.
    @Test func aPastedRadioLogIsTextNeverKeys() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        try Self.paste(t, "x\n\nC\ny\n")
        try t.waitFor("pasted text was not used")
        #expect(try home.journal(id).count == 1)
        try t.keys("n")
        try t.waitFor("Note for the log")
        try Self.paste(t, "Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still down")
        try t.waitFor("EHR still down")
        #expect(try home.journal(id).count == 1, "the paste itself recorded something")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let journal = try home.journal(id)
        #expect(journal.count == 2)
        #expect(journal.last?["note"] as? String == "Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still down")
        #expect(!journal.contains { $0["type"] as? String == "incident.closed" })
        try t.keys("q")
        _ = try t.waitForExit()
    }
}
