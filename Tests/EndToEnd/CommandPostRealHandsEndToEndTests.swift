import Foundation
import Testing

/// The command post under real hands (issue 10), in a real terminal: pastes, closing, a
/// confirmation raced by another process, reading the log, Ctrl-Z, and a storm of keys.
@Suite("command post under real hands, end to end", .serialized, .timeLimit(.minutes(3)))
struct CommandPostRealHandsEndToEndTests {
    static func paste(_ t: Tmux, _ text: String) throws { try CommandPostJournalHazardsTests.paste(t, text) }

    @Test func aMultiLinePasteIsOneNoteWithItsLineBreaks() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("n")
        try t.waitFor("Note for the log")
        try Self.paste(t, "Radio log 02:10\n\nCath lab ready\nEHR still down")
        try t.waitFor("Radio log 02:10⏎⏎Cath lab ready⏎EHR still down")
        #expect(try home.journal(id).count == 1, "the paste itself recorded something")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let journal = try home.journal(id)
        #expect(journal.count == 2)
        #expect(journal.last?["note"] as? String == "Radio log 02:10\n\nCath lab ready\nEHR still down")
        #expect(!journal.contains { $0["type"] as? String == "incident.closed" })
        try t.waitFor("Radio log 02:10 ⏎  ⏎ Cath lab ready ⏎ EHR still down")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
        #expect(try Runbook.run(["verify"], home: home.path).status == 0)
    }

    @Test func escapeBytesInsideAPasteDoNotCancelThePrompt() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("n")
        try t.waitFor("Note for the log")
        try Self.paste(t, "Lab \u{1B}down\u{1B}[A since 02:00\u{1B}")
        try t.waitFor("since 02:00")
        let screen = try t.capture()
        #expect(screen.contains("Note for the log"), "the ESC in the paste cancelled the prompt")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let note = try home.journal(id).last?["note"] as? String ?? ""
        #expect(note.hasPrefix("Lab ") && note.hasSuffix("since 02:00"), "\(note)")
        #expect(!note.contains("\u{1B}"))
    }

    /// The keys that once closed an incident by accident (Enter, C, y) now only reach a
    /// prompt that wants the incident's name.
    @Test func closingByAccidentIsNoLongerPossible() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "EHR outage")
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("Enter", "C", "y", "Enter")
        try t.waitFor("That is not “EHR outage”")
        #expect(try home.journal(id).count == 1)
        try t.keys("C-u")
        try t.type("EHR outage")
        try t.keys("Enter")
        try t.waitFor("Closing note (optional)")
        try t.type("Restored")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let last = try home.journal(id).last
        #expect(last?["type"] as? String == "incident.closed")
        #expect(last?["note"] as? String == "Restored")
    }

    /// Another terminal blocks the task while "mark it DONE?" is open: y does not override it.
    @Test func aConfirmationRacedByAnotherProcessAsksAgain() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("x")
        try t.waitFor("CRITICAL TASK")
        let r = try Runbook.run(["do", "ic-declare", "block", "--note", "no IT lead yet"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        try t.keys("y")
        try t.waitFor("CHANGED while this was open by tester")
        var journal = try home.journal(id)
        #expect(journal.last?["type"] as? String == "task.blocked")
        #expect(journal.count == 2)
        try t.keys("n")
        try t.waitFor("Cancelled")
        journal = try home.journal(id)
        #expect(journal.count == 2)
        // x on it again asks on what is there now; yes then records it done.
        try t.keys("x")
        try t.waitFor("CRITICAL TASK")
        try t.keys("y")
        try t.waitFor("Recorded #3")
        #expect(try home.journal(id).last?["type"] as? String == "task.done")
    }

    @Test func theTimelineReadsAnEntryInFull() throws {
        let home = TempHome()
        _ = try home.newIncident(extra: ["--discovered", "-1h"])
        #expect(try Runbook.run(["note", "EHR went down", "--at", "-30m"], home: home.path).status == 0)
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 40)
        try t.keys("Tab", "Tab")
        try t.waitFor("TIMELINE")
        try t.waitFor("(recorded ")
        // In the order things happened the back-dated note comes first: k selects it.
        try t.keys("k", "Enter")
        let screen = try t.waitFor("Entry #2")
        #expect(screen.contains("Happened: "))
        #expect(screen.contains("Recorded: "))
        #expect(screen.contains("Hash "))
        try t.keys("Escape", "q")
        #expect(try t.waitForExit() == 0)
    }

    /// A decision offers to mark its "Decide …" task done in the same step, and asks why.
    @Test func aDecisionCompletesItsDecideTaskAndKeepsItsReason() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["do", "ic-declare", "done"], home: home.path).status == 0)
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("Enter", "d")
        try t.waitFor("Record a decision")
        try t.keys("Down", "Enter")
        try t.waitFor("Declare extended downtime")
        try t.keys("y")
        try t.waitFor("y also marks DONE")
        try t.keys("y")
        try t.waitFor("Why → yes?")
        try t.type("Cause is cyber, duration unknown")
        try t.keys("Enter")
        try t.waitFor("Recorded #3 and #4: decided → yes")
        let journal = try home.journal(id)
        #expect(journal[2]["type"] as? String == "decision.made")
        #expect(journal[2]["option"] as? String == "yes")
        #expect(journal[2]["note"] as? String == "Cause is cyber, duration unknown")
        #expect(journal[3]["type"] as? String == "task.done")
        #expect(journal[3]["task"] as? String == "ic-decide-downtime")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// From the keyboard: a note on the selected task, and "done at" a time typed in.
    @Test func aTaskNoteAndADoneAtTimeFromTheKeyboard() throws {
        let home = TempHome()
        let id = try home.newIncident(extra: ["--at", "-2h"])
        let t = try CommandPostEndToEndTests.open(home)
        try t.keys("t")
        try t.waitFor("kept in its history")
        try t.type("Called the AOC at 02:40")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        var last = try home.journal(id).last
        #expect(last?["type"] as? String == "note")
        #expect(last?["task"] as? String == "ic-declare")
        try t.keys("@")
        try t.waitFor("When was")
        try t.type("-90m")
        try t.keys("Enter")
        try t.waitFor("CRITICAL TASK — mark it DONE AT")
        try t.keys("y")
        try t.waitFor("Recorded #3")
        last = try home.journal(id).last
        #expect(last?["type"] as? String == "task.done")
        #expect(last?["task"] as? String == "ic-declare")
        #expect(last?["at"] != nil)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// Ctrl-Z sets the command post aside; fg brings it back, drawn whole.
    @Test func ctrlZSuspendsAndFgRestores() throws {
        let home = TempHome()
        _ = try home.newIncident()
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen", "PS1": "shell$ "]
        let t = try Tmux(["bash", "--norc", "--noprofile", "-i"], width: 80, height: 24, env: env)
        try t.waitFor("shell$")
        try t.type("\(Runbook.path) open")
        try t.keys("Enter")
        try t.waitFor("✓ journal")
        try t.keys("C-z")
        let stopped = try t.waitFor("Stopped")
        #expect(!stopped.contains("✓ journal"), "the screen was not put back for the shell")
        try t.type("fg")
        try t.keys("Enter")
        let back = try t.waitFor("✓ journal")
        #expect(back.contains("Declare a cyber incident"))
        #expect(!back.contains("Stopped"), "the screen was not drawn whole again")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try t.keys("Escape", "q")
        try t.waitFor("shell$")
    }

    /// Thousands of random keys (1,200 in the quick tier), pastes and resizes into the real program: the incident is
    /// still open (nothing random can type its name), and the journal verifies.
    @Test func aKeyStormLeavesTheIncidentOpenAndTheJournalIntact() throws {
        let home = TempHome()
        let id = try home.newIncident(name: "Storm drill")
        let env = ["RUNBOOK_HOME": home.path, "RUNBOOK_ACTOR": "scribe", "LANG": "C.UTF-8", "TERM": "screen"]
        // Quitting (Ctrl-C, q) is among the keys: the program is started again at once, as a
        // person would. The loop itself ignores Ctrl-C, which reaches it between two runs.
        let t = try Tmux(["/bin/sh", "-c", "trap '' INT QUIT; while :; do \(Runbook.path) open; done"], width: 80, height: 24, env: env)
        try t.waitFor("✓ journal")
        var rng = SystemRandomNumberGenerator()
        let named = ["Enter", "Escape", "Tab", "BTab", "Up", "Down", "Left", "Right", "PPage", "NPage", "Home", "End", "BSpace", "DC", "F1", "C-c", "C-u", "Space"]
        let chars = Array("xsbu-nqjkgG/f?@tcmdyYpCoaN0123456789:xsbjjkkEe ")
        let sizes = [(80, 24), (120, 40), (60, 15), (40, 10), (20, 5), (100, 30)]
        let pastes = ["Radio log\n\nC\ny\n", "\u{1B}[A\u{1B}x", "lab", "薬 🚑 café\n", String(repeating: "long paste ", count: 300)]
        var sent = 0
        let start = Date()
        // Paced so that the program takes the keys as they come, as a person's would arrive.
        let goal = TestTier.pick(quick: 1_200, full: 4_000)
        while sent < goal && Date().timeIntervalSince(start) < TestTier.pick(quick: 20, full: 40) {
            var batch: [String] = []
            for _ in 0..<40 {
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    batch.append(named.randomElement(using: &rng)!)
                } else {
                    batch.append(String(chars.randomElement(using: &rng)!))
                }
            }
            try Tmux.tmux(["-S", t.socket, "send-keys", "-t", t.name] + batch)
            sent += batch.count
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                let (w, h) = sizes.randomElement(using: &rng)!
                try t.resize(width: w, height: h)
            case 1:
                try Self.paste(t, pastes.randomElement(using: &rng)!)
                sent += 1
            default: break
            }
            usleep(150_000)
        }
        #expect(sent >= goal / 2, "only \(sent) keys in the time")
        // The storm ends with one more resize, after a pause, so the last size is the one drawn.
        sleep(1)
        try t.resize(width: 81, height: 25)
        usleep(300_000)
        try t.resize(width: 80, height: 24)
        // On a loaded machine the program may still be working through the keys it was sent:
        // wait (up to a minute) until the screen has not changed for two seconds.
        var settled = try t.capture(), still = Date()
        let waiting = Date()
        while Date().timeIntervalSince(still) < 2 && Date().timeIntervalSince(waiting) < 60 {
            usleep(250_000)
            let now = try t.capture()
            if now != settled { settled = now; still = Date() }
        }
        // Still alive and answering: Esc closes whatever dialog is open, ? opens help. Keys
        // typed between two runs of the loop (a quit in the storm) are taken by the next run
        // as keys, so the probe is tried a few times, each after the screen has settled.
        var answered = false
        for _ in 0..<5 where !answered {
            try t.keys("Escape", "Escape", "Escape", "n")
            try t.keys("Escape", "y", "Escape")
            // Apart from the Esc: an Esc and a key sent together are one Alt-key to a terminal.
            usleep(300_000)
            try t.keys("?")
            answered = (try? t.waitFor("Help", timeout: 5)) != nil
        }
        let last = try t.capture()
        #expect(answered, "the program no longer answers keys: \(last)")
        let journal = try home.journal(id)
        #expect(!journal.contains { $0["type"] as? String == "incident.closed" }, "random keys closed the incident")
        let v = try Runbook.run(["verify"], home: home.path)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        print("key storm: \(sent) keys and pastes in \(Int(Date().timeIntervalSince(start))) s, \(journal.count) entries")
    }
}
