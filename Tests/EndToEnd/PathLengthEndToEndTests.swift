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

    /// PATH_MAX and NAME_MAX on Linux.
    static let pathMax = 4_096, nameMax = 255

    /// A path of exactly `length` bytes (absolute from `base`, or relative when `base` is
    /// empty) made of components of `component` bytes; multibyte letters sometimes.
    static func path(length: Int, component: Int, base: String, letter: String) -> String {
        var p = base.isEmpty ? "" : base + "/"
        var n = 0
        while p.utf8.count < length {
            if n == component { p += "/"; n = 0; continue }
            let next = p.utf8.count + letter.utf8.count <= length ? letter : "a"
            p += next
            n += next.utf8.count
        }
        return p
    }

    /// `--home`, `--output` and `--journal` given paths of lengths from 1 to PATH_MAX + 10, of
    /// components up to NAME_MAX + 1, absolute and relative, missing and (up to PATH_MAX - 1)
    /// present: status 0 or one error line, never a signal.
    @Test(.timeLimit(.minutes(20)))
    func pathsOfEveryLengthAroundTheLimits() throws {
        let home = TempHome()
        _ = try home.newIncident(name: "Path limits")
        let cwd = TempHome()
        let lengths = TestTier.pick(quick: [1, 255, 256, 4_094, 4_095, 4_096, 4_097, 4_106],
                                    full: Array(1...40) + Array(stride(from: 41, through: 4_106, by: 29)) + Array(4_080...4_106))
        var failures: [String] = []
        var runs = 0
        for length in lengths {
            for component in TestTier.pick(quick: [Self.nameMax + 1, Self.nameMax], full: [Self.nameMax + 1, Self.nameMax, 17]) {
                for (base, letter) in TestTier.pick(quick: [("", "a"), (cwd.path, "é")], full: [("", "a"), (cwd.path, "a"), (cwd.path, "é")])
                    where base.utf8.count + 2 < length || base.isEmpty {
                    let p = Self.path(length: length, component: component, base: base, letter: letter)
                    // Sometimes the directories exist, so the path reaches the file system whole.
                    if length < Self.pathMax - 1, component <= Self.nameMax, letter == "a" {
                        try? FileManager.default.createDirectory(atPath: base.isEmpty ? cwd.path + "/" + p : p, withIntermediateDirectories: true)
                    }
                    for args in [["--home", p, "status"], ["report", "--output", p], ["verify", "--journal", p],
                                 ["--home", p, "new", "--playbook", "occi", "--name", "Long home"], ["report", "--format", "csv", "--output", p + "/x.csv"]] {
                        let r = try Self.run(args, home: home.path, cwd: cwd.path)
                        runs += 1
                        let label = "\(args.map { $0.count > 20 ? "<\($0.utf8.count) bytes, components of \(component)>" : $0 }.joined(separator: " "))"
                        if r.status < 0 || r.status >= 128 || r.stderr.contains("Fatal error") || r.stderr.contains("Stack dump") {
                            failures.append("\(label): died with \(r.status): \(r.stderr.prefix(300))")
                        } else if r.status != 0 {
                            let errors = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("runbook: warning: ") }
                            if errors.count != 1 || !errors[0].hasPrefix("runbook: error: ") { failures.append("\(label): \(r.stderr.prefix(300))") }
                        }
                    }
                }
            }
        }
        #expect(runs > 100, "\(runs) runs")
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
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
