import Foundation
import Testing

/// A decision cannot vanish (issue 21, point 2): a task that records a decision is never marked
/// done without the answer, from the keyboard or the command line.
@Suite("a task that records a decision, end to end", .serialized, .timeLimit(.minutes(3)))
struct DecisionTaskEndToEndTests {
    /// An occi incident with the declaration done, open on the command post with the diversion
    /// decision's task selected (by a search).
    static func openAtTheDiversionTask(_ home: TempHome, height: Int) throws -> (id: String, t: Tmux) {
        let id = try home.newIncident()
        #expect(try Runbook.run(["do", "ic-declare", "done"], home: home.path).status == 0)
        let t = try CommandPostEndToEndTests.open(home, width: 120, height: height)
        try t.keys("/")
        try t.type("status and ambulance diversion")
        try t.keys("Enter")
        try t.waitFor("Showing what matches")
        return (id, t)
    }

    /// `x` on it opens the decision's answers; Esc records nothing; an answer records the
    /// decision and, confirmed, the task done with it.
    @Test func xOnADecideTaskOpensItsAnswersAndRecordsBoth() throws {
        let home = TempHome()
        let (id, t) = try Self.openAtTheDiversionTask(home, height: 30)
        try t.keys("x")
        // The last answer, not the title: under load tmux can be read while the menu is half drawn.
        var screen = try t.waitFor("no-divert")
        #expect(screen.contains("Divert ambulances away from the emergency department?"), "the answers are offered under the question")
        #expect(try home.journal(id).count == 2, "x recorded something before an answer was chosen")
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try home.journal(id).count == 2, "Esc on the answers recorded something")
        try t.keys("x")
        try t.waitFor("Divert ambulances away from the emergency department?")
        try t.keys("d")
        screen = try t.waitFor("y also marks DONE")
        #expect(screen.contains("DECIDE → DIVERT"))
        try t.keys("y")
        try t.waitFor("Why → divert?")
        try t.type("CT down, lab on paper")
        try t.keys("Enter")
        try t.waitFor("Recorded #3 and #4")
        let journal = try home.journal(id)
        #expect(journal.count == 4)
        #expect(journal[2]["type"] as? String == "decision.made")
        #expect(journal[2]["decision"] as? String == "ambulance-diversion")
        #expect(journal[2]["option"] as? String == "divert")
        #expect(journal[2]["note"] as? String == "CT down, lab on paper")
        #expect(journal[3]["type"] as? String == "task.done")
        #expect(journal[3]["task"] as? String == "ic-decide-diversion")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)
    }

    /// The Enter menu offers "decide it and mark done" for it, never a bare "Mark done".
    @Test func theMenuOffersToDecideItNotABareDone() throws {
        let home = TempHome()
        let (id, t) = try Self.openAtTheDiversionTask(home, height: 40)
        try t.keys("Enter")
        let screen = try t.waitFor("Decide it and mark done")
        #expect(!screen.contains("Mark done OUT OF ORDER"))
        try t.keys("x")
        try t.waitFor("no-divert")
        try t.keys("Escape", "q")
        #expect(try t.waitForExit() == 0)
        #expect(try home.journal(id).count == 2)
    }

    /// The command line refuses it, names `runbook decide` with the decision's real options,
    /// writes nothing, and --force does not pass it; skipping with a reason stays allowed.
    @Test func theCommandLineRefusesDoneAndNamesRunbookDecide() throws {
        let home = TempHome()
        let id = try home.newIncident()
        #expect(try Runbook.run(["do", "ic-declare", "done"], home: home.path).status == 0)
        for extra in [[], ["--force"]] {
            let r = try Runbook.run(["do", "ic-decide-diversion", "done"] + extra, home: home.path)
            #expect(r.status != 0)
            #expect(r.stderr.hasPrefix("runbook: error: "), "\(r.stderr)")
            #expect(r.stderr.contains("runbook decide ambulance-diversion divert|partial|no-divert"), "\(r.stderr)")
            #expect(try home.journal(id).count == 2, "a refused done wrote to the journal")
        }
        // The decision completes its task in the same step (issue 22): one line for each entry.
        let decided = try Runbook.run(["decide", "ambulance-diversion", "divert"], home: home.path)
        #expect(decided.status == 0)
        #expect(decided.stdout.contains("recorded #3 "), "\(decided.stdout)")
        #expect(decided.stdout.contains("recorded #4 "), "\(decided.stdout)")
        #expect(try Runbook.run(["do", "ic-decide-diversion", "done"], home: home.path).status != 0, "done twice")
        #expect(try Runbook.run(["do", "ic-decide-downtime", "skip", "--note", "decided at the regional call"], home: home.path).status == 0)
        let journal = try home.journal(id)
        #expect(journal.map { $0["type"] as? String } == ["incident.opened", "task.done", "decision.made", "task.done", "task.skipped"])
    }

    /// `runbook decide` and the command post's `y` go through the one engine rule: the same
    /// decision recorded both ways, in two incidents, writes the same entries (types, task,
    /// decision, option, when it happened, the reason), the task done with the decision's time.
    @Test func theCommandLineAndTheScreenRecordTheSameEntries() throws {
        let home = TempHome()
        // Two incidents activated two hours ago, the declaration done; the decision was made
        // an hour ago, on the minute (the screen takes minutes).
        let minute = (Int(Date().timeIntervalSince1970) / 60) * 60
        func rfc(_ secondsAgo: Int) -> String {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: Date(timeIntervalSince1970: TimeInterval(minute - secondsAgo)))
        }
        let decidedAt = rfc(3600)
        var ids: [String] = []
        for name in ["By command", "By screen"] {
            let id = try home.newIncident(name: name, extra: ["--at", rfc(7200)])
            #expect(try Runbook.run(["do", "ic-declare", "done", "--at", rfc(5400), "--incident", id], home: home.path).status == 0)
            ids.append(id)
        }
        let cli = try Runbook.run(["decide", "ambulance-diversion", "divert", "--at", decidedAt, "--note", "CT down", "--incident", ids[0]], home: home.path)
        #expect(cli.status == 0, "\(cli.stderr)")

        let t = try CommandPostEndToEndTests.open(home, width: 120, height: 40, env: ["RUNBOOK_INCIDENT": ids[1]])
        try t.keys("/")
        try t.type("status and ambulance diversion")
        try t.keys("Enter")
        try t.waitFor("Showing what matches")
        try t.keys("Enter")
        try t.waitFor("It happened earlier")
        try t.keys("h")
        try t.waitFor("When did the next thing you record happen?")
        try t.type(decidedAt)
        try t.keys("Enter")
        try t.waitFor("The next thing you record is dated")
        try t.keys("x")
        try t.waitFor("no-divert")
        try t.keys("d")
        try t.waitFor("y also marks DONE")
        try t.keys("y")
        try t.waitFor("Why → divert?")
        try t.type("CT down")
        try t.keys("Enter")
        try t.waitFor("Recorded #3 and #4")
        try t.keys("q")
        #expect(try t.waitForExit() == 0)

        func compared(_ id: String) throws -> [[String]] {
            try home.journal(id).dropFirst(2).map { e in
                ["type", "task", "decision", "option", "at", "note"].map { (e[$0] as? String) ?? "-" }
            }
        }
        let byCommand = try compared(ids[0])
        #expect(byCommand.map { $0[0] } == ["decision.made", "task.done"])
        // Both dated when the decision was made, the reason on the decision alone.
        #expect(byCommand[0][4].hasPrefix(String(decidedAt.dropLast())), "\(byCommand)")
        #expect(byCommand[1][4] == byCommand[0][4])
        #expect(byCommand.map { $0[5] } == ["CT down", "-"])
        #expect(try compared(ids[1]) == byCommand)
    }
}
