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
        var screen = try t.waitFor("Divert ambulances away from the emergency department?")
        #expect(screen.contains("no-divert"), "the answers are offered")
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
        #expect(try Runbook.run(["decide", "ambulance-diversion", "divert"], home: home.path).status == 0)
        #expect(try Runbook.run(["do", "ic-decide-diversion", "done"], home: home.path).status == 0)
        #expect(try Runbook.run(["do", "ic-decide-downtime", "skip", "--note", "decided at the regional call"], home: home.path).status == 0)
        let journal = try home.journal(id)
        #expect(journal.map { $0["type"] as? String } == ["incident.opened", "task.done", "decision.made", "task.done", "task.skipped"])
    }
}
