import Foundation
import Testing

/// Issue 23, part B, in a real terminal on the occi playbook: the cursor stays on what was
/// chosen (search, the systems picker), pickers take type-ahead, a long paste splits.
@Suite("the selection never jumps, pickers take type-ahead, long pastes split, end to end", .serialized, .timeLimit(.minutes(3)))
struct PickAndPasteEndToEndTests {
    /// The journal's entries after the first `count`, once there are more than `count`.
    static func waitForEntries(_ home: TempHome, _ id: String, atLeast n: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let j = try home.journal(id)
            if j.count >= n { return j }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try home.journal(id)
    }

    /// Pastes `text` as a terminal does (bracketed), from a file: a long text does not fit in
    /// one tmux command (`set-buffer` takes about 16 KB at most).
    static func pasteLong(_ t: Tmux, _ text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-paste-\(UUID().uuidString).txt").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Tmux.tmux(["-S", t.socket, "load-buffer", "-b", "long", file])
        try Tmux.tmux(["-S", t.socket, "paste-buffer", "-p", "-b", "long", "-t", t.name])
    }

    /// `/departmental downtime` lands on "Activate departmental downtime procedures", not on
    /// "Alert staff…" (whose detail says it, and which comes first); the next key's note goes to
    /// it. A second `/` is a new search, not added to the first.
    @Test func aSearchLandsOnTheTitleAndTheNextKeyActsOnIt() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 30)
        try t.keys("/")
        try t.type("departmental downtime")
        try t.keys("Enter")
        try t.waitFor("Showing what matches")
        try t.keys("t")
        try t.waitFor("Note on “Activate departmental downtime procedures”")
        try t.type("Units told at 02:20")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        var last = try #require(try home.journal(id).last)
        #expect(last["task"] as? String == "ops-activate-downtime")
        try t.keys("/")
        try t.waitFor("was “departmental downtime”")
        try t.type("alert staff")
        try t.keys("Enter")
        try t.waitFor("Showing what matches “alert staff”")
        try t.keys("t")
        try t.waitFor("Note on “Alert staff through channels that need no network”")
        try t.type("Overhead page done")
        try t.keys("Enter")
        try t.waitFor("Recorded #3")
        last = try #require(try home.journal(id).last)
        #expect(last["task"] as? String == "pio-staff-alert")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// Phones reported, then corrected with the same keys: it stays where it was in the picker
    /// (the same keys once recorded "Lab system is DEGRADED").
    @Test func theSystemsPickerKeepsItsOrderWhileSystemsAreReported() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 40)
        func toPhones() throws {
            try t.keys("Enter")
            try t.waitFor("Set a system's state")
            try t.keys("y")
            try t.waitFor("Which system?")
            for _ in 0..<8 { try t.keys("Down") }
            try t.keys("Enter")
            try t.waitFor("Phones is now")
        }
        try toPhones()
        try t.keys("g")
        try t.waitFor("Recorded #2")
        try toPhones()
        try t.keys("u")
        // UP tells the whole hospital: it is confirmed first.
        try t.waitFor("whole hospital")
        try t.keys("y")
        try t.waitFor("Recorded #3")
        let j = try home.journal(id)
        #expect(j.count == 3)
        #expect(j.dropFirst().map { $0["system"] as? String } == ["Phones", "Phones"])
        #expect(j.dropFirst().map { $0["state"] as? String } == ["degraded", "up"])
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// The role picker: "scr" reaches the Documentation Unit Leader (Scribe), ten rows down.
    /// The decision picker: "cir" reaches the CIRCIA question, thirteen rows down.
    @Test func theRoleAndDecisionPickersTakeTypeAhead() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 40)
        try t.keys("Enter")
        try t.waitFor("Assign a role")
        try t.keys("a")
        try t.waitFor("Letters jump to a name")
        try t.type("scr")
        try t.waitFor("Typed: “scr”")
        try t.keys("Enter")
        try t.waitFor("Who is now Documentation Unit Leader (Scribe)?")
        try t.type("Pat Lee")
        try t.keys("Enter")
        try t.waitFor("Recorded #2")
        let last = try #require(try home.journal(id).last)
        #expect(last["type"] as? String == "role.assigned")
        #expect(last["role"] as? String == "scribe")
        try t.keys("Enter")
        try t.waitFor("Record a decision")
        try t.keys("d")
        try t.waitFor("Letters jump to a name")
        try t.type("cir")
        try t.waitFor("Typed: “cir”")
        try t.keys("Enter")
        try t.waitFor("CIRCIA final rule in force")
        try t.keys("Escape")
        #expect(try home.journal(id).count == 2, "choosing a question records nothing")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// A radio log longer than one note, pasted into a note: offered as numbered notes, and
    /// recorded as such, every line whole and in order.
    @Test func aLongPasteIsRecordedAsNumberedNotes() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 30)
        let lines = (1...500).map { "02:\(String(format: "%02d", $0 % 60)) radio: bed \($0) moved to paper charting, vitals hourly" }
        let text = lines.joined(separator: "\n")
        try t.keys("n")
        try t.waitFor("Note for the log")
        try Self.pasteLong(t, text)
        let screen = try t.waitFor("too long for one note", timeout: 15)
        #expect(screen.contains("Split it into"))
        #expect(try home.journal(id).count == 1, "the paste itself recorded something")
        try t.keys("s")
        try t.waitFor("Recorded #")
        let first = try #require(try Self.waitForEntries(home, id, atLeast: 2).dropFirst().first?["note"] as? String)
        // "(1/K) …": every one of the K notes is recorded.
        let k = try #require(Int(first.dropFirst(3).prefix { $0.isNumber }))
        #expect(k >= 2)
        let notes = try Self.waitForEntries(home, id, atLeast: 1 + k).dropFirst().compactMap { $0["note"] as? String }
        #expect(notes.count == k)
        for (i, n) in notes.enumerated() { #expect(n.hasPrefix("(\(i + 1)/\(notes.count)) ")) }
        #expect(notes.map { String($0.drop { $0 != " " }.dropFirst()) }.joined(separator: "\n") == text)
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }
}
