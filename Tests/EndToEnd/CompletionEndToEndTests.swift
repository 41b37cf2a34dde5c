import Foundation
import Testing

/// The bash completion script runbook generates, run by bash the way a Tab runs it: the
/// candidates come from the incident (its frozen playbook and what has been recorded).
@Suite("shell completions", .timeLimit(.minutes(3)))
struct CompletionEndToEndTests {
    /// Runs bash's completion function for the line `words` (the last being the word under the
    /// cursor) in a bash with no startup files, and returns COMPREPLY and bash's stderr.
    static func complete(_ words: [String], home: TempHome, script: String) throws -> (candidates: [String], stderr: String) {
        func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let all = [Runbook.path] + words
        let line = all.joined(separator: " ")
        let program = """
        source \(q(script))
        COMP_WORDS=(\(all.map(q).joined(separator: " ")))
        COMP_CWORD=\(all.count - 1)
        COMP_LINE=\(q(line))
        COMP_POINT=${#COMP_LINE}
        _runbook \(q(Runbook.path)) \(q(all[all.count - 1])) \(q(all[all.count - 2]))
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_HOME"] = home.path
        env["RUNBOOK_ACTOR"] = "tester"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        let r = try Runbook.runProcess("/bin/bash", ["--norc", "--noprofile", "-c", program], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        return (r.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }, r.stderr)
    }

    @Test func tabOffersTheIncidentsTasksVerbsDecisionsAndOptions() throws {
        let home = TempHome()
        let id = try home.newIncident()
        let gen = try Runbook.run(["--generate-completion-script", "bash"], home: home.path)
        #expect(gen.status == 0, "\(gen.stderr)")
        let script = home.path + "/runbook.bash"
        try gen.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        #expect(gen.stdout.contains("_runbook()"), "the script defines _runbook")

        // runbook do <TAB>: the playbook's task ids; a per-system task has no turn yet.
        var tasks = try Self.complete(["do", ""], home: home, script: script)
        #expect(tasks.stderr.isEmpty, "\(tasks.stderr)")
        #expect(tasks.candidates.contains("ic-declare"), "\(tasks.candidates.prefix(20))")
        #expect(tasks.candidates.contains("ops-activate-downtime"))
        #expect(!tasks.candidates.contains { $0.hasPrefix("intel-validate-restored") }, "\(tasks.candidates)")

        // Once a system is down, its turn of a per-system task is offered as TASK@SYSTEM.
        #expect(try Runbook.run(["system", "EHR", "down"], home: home.path).status == 0)
        let journalBefore = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        tasks = try Self.complete(["do", "intel-val"], home: home, script: script)
        #expect(tasks.candidates == ["intel-validate-restored@EHR"], "\(tasks.candidates)")

        // runbook do TASK <TAB>: the verbs.
        let verbs = try Self.complete(["do", "ic-declare", ""], home: home, script: script)
        #expect(Set(verbs.candidates) == ["start", "done", "skip", "block", "reopen"], "\(verbs.candidates)")

        // runbook decide <TAB>, and decide DECISION <TAB>: that decision's options.
        let decisions = try Self.complete(["decide", "amb"], home: home, script: script)
        #expect(decisions.candidates == ["ambulance-diversion"], "\(decisions.candidates)")
        let options = try Self.complete(["decide", "ambulance-diversion", ""], home: home, script: script)
        #expect(options.candidates == ["divert", "partial", "no-divert"], "\(options.candidates)")
        #expect(options.stderr.isEmpty, "\(options.stderr)")
        let unknown = try Self.complete(["decide", "no-such-decision", ""], home: home, script: script)
        #expect(unknown.candidates.isEmpty, "\(unknown.candidates)")

        // assign <TAB>: role ids; report --format <TAB>: the formats; --incident <TAB>: the ids.
        let roles = try Self.complete(["assign", ""], home: home, script: script)
        #expect(roles.candidates.contains("ic"), "\(roles.candidates)")
        let formats = try Self.complete(["report", "--format", ""], home: home, script: script)
        #expect(formats.candidates.contains("ics214-html") && formats.candidates.contains("md"), "\(formats.candidates)")
        let incidents = try Self.complete(["status", "--incident", ""], home: home, script: script)
        #expect(incidents.candidates == [id], "\(incidents.candidates)")
        // An incident named on the line that is none offers nothing, not the newest one's tasks.
        for named in ["no-such-incident", "../\(id)"] {
            let none = try Self.complete(["--incident", named, "do", ""], home: home, script: script)
            #expect(none.candidates.isEmpty && none.stderr.isEmpty, "\(named): \(none)")
        }

        // A Tab records nothing.
        let journalAfter = try Data(contentsOf: URL(fileURLWithPath: home.journalPath(id)))
        #expect(journalAfter == journalBefore)
    }

    /// With no incident a Tab offers no task and says nothing on stderr.
    @Test func noIncidentOffersNothingQuietly() throws {
        let home = TempHome()
        let gen = try Runbook.run(["--generate-completion-script", "bash"], home: home.path)
        let script = home.path + "/runbook.bash"
        try gen.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let tasks = try Self.complete(["do", ""], home: home, script: script)
        #expect(tasks.candidates.isEmpty, "\(tasks.candidates)")
        #expect(tasks.stderr.isEmpty, "\(tasks.stderr)")
        let options = try Self.complete(["decide", "ambulance-diversion", ""], home: home, script: script)
        #expect(options.candidates.isEmpty && options.stderr.isEmpty, "\(options)")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/incidents"), "a Tab made no folder")
    }
}
