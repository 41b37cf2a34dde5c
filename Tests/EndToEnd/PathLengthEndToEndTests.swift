import Foundation
import Testing
@testable import RunbookKit

/// Every command that takes a path, given paths of 0, 1 and 4,096 characters: no signal death
/// (Foundation's path calls once died with SIGILL on a one-character path), at worst one error
/// line; `report --output -` is standard output.
@Suite("paths of any length", .serialized)
struct PathLengthEndToEndTests {
    static let paths = ["", "a", "-", String(repeating: "a", count: 4_096), String(repeating: "a/", count: 2_048)]

    /// The commands, each with `p` where its path goes.
    static func commands(_ p: String) -> [[String]] {
        [["report", "--output", p], ["report", "--format", "csv", "--output", p], ["verify", "--journal", p],
         ["new", "--playbook", p, "--name", "Path check"], ["playbooks", "check", p], ["playbooks", "show", p],
         ["playbooks", "print", p], ["--home", p, "status"], ["--home", p, "verify"], ["--home", p, "board", "--once"],
         ["--home", p, "log"], ["--home", p, "note", "path check"], ["--home", p, "new", "--playbook", "occi", "--name", "Home check"]]
    }

    /// Runs the binary in `cwd` through a shell, which reports a signal death as 128 + its number.
    static func run(_ args: [String], home: String, cwd: String) throws -> (status: Int32, stdout: String, stderr: String) {
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_HOME"] = home
        env["RUNBOOK_ACTOR"] = "tester"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        let r = try Runbook.runProcess("/bin/sh", ["-c", "\"$@\"; echo \"~exit=$?\"", "sh", Runbook.path] + args, env: env, cwd: cwd)
        var out = r.stdout
        guard let mark = out.range(of: "~exit=", options: .backwards), let status = Int32(out[mark.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return (-1, r.stdout, r.stderr)
        }
        out.removeSubrange(mark.lowerBound...)
        return (status, out, r.stderr)
    }

    @Test func everyPathTakingCommandSurvivesEveryLength() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "Paths")
        let cwd = TempHome()
        for p in Self.paths {
            for args in Self.commands(p) {
                let label = args.map { $0.count > 20 ? "<\($0.count) chars>" : $0.debugDescription }.joined(separator: " ")
                let r = try Self.run(args, home: home.path, cwd: cwd.path)
                #expect(r.status >= 0 && r.status < 128, "\(label): died with status \(r.status): \(r.stderr.prefix(400))")
                #expect(!r.stderr.contains("Stack dump") && !r.stderr.contains("Fatal error"), "\(label): \(r.stderr.prefix(400))")
                if r.status != 0 && args[0] != "playbooks" {
                    let errors = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("runbook: warning: ") }
                    #expect(errors.count == 1 && errors[0].hasPrefix("runbook: error: "), "\(label): \(r.stderr.prefix(400))")
                }
            }
        }
    }

    @Test func reportOutputDashIsStandardOutput() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "Dash")
        let cwd = TempHome()
        let r = try Self.run(["report", "--output", "-"], home: home.path, cwd: cwd.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("# ") && r.stdout.contains("Dash"), "\(r.stdout.prefix(200))")
        #expect(!FileManager.default.fileExists(atPath: cwd.path + "/-"))
        let one = try Self.run(["report", "--output", "a"], home: home.path, cwd: cwd.path)
        #expect(one.status == 0 && FileManager.default.fileExists(atPath: cwd.path + "/a"), "\(one.stderr)")
        let v = try Self.run(["verify", "--journal", "a"], home: home.path, cwd: cwd.path)
        #expect(v.status == 1 && v.stderr.hasPrefix("runbook: error: ") && v.stderr.split(separator: "\n").count == 1, "\(v.stderr)")
    }
}
