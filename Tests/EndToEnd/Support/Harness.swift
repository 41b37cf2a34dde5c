import Foundation

/// Runs the real `runbook` binary for end-to-end tests.
enum Runbook {
    /// `$RUNBOOK_BIN`, else the `runbook` built beside this test bundle.
    static let path: String = {
        if let p = ProcessInfo.processInfo.environment["RUNBOOK_BIN"], !p.isEmpty { return p }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test binary may sit inside runbookPackageTests.xctest/...; walk up to the bin dir.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../.build/debug/runbook").standardized.path
    }()

    /// The repository's root (for Playbooks/ and fixtures).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
    }

    /// Runs `runbook args…` with `home` as RUNBOOK_HOME and waits for it.
    @discardableResult
    static func run(_ args: [String], home: String? = nil, env extra: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_ACTOR"] = "tester"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        if let home { env["RUNBOOK_HOME"] = home }
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks.
        nonisolated(unsafe) var errData = Data()
        let errThread = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while errThread.isExecuting || !errThread.isFinished { usleep(1000) }
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A scratch runbook home, removed when dropped.
final class TempHome {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-test-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Starts an incident and returns its id.
    func newIncident(playbook: String = "occi", name: String = "Test outage", extra: [String] = []) throws -> String {
        let r = try Runbook.run(["new", "--playbook", playbook, "--name", name] + extra, home: path)
        guard r.status == 0 else { throw HarnessError("runbook new failed: \(r.stderr)") }
        return r.lastLine
    }

    func journalPath(_ id: String) -> String { path + "/incidents/\(id)/journal.jsonl" }

    /// The journal's lines as parsed JSON objects.
    func journal(_ id: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: journalPath(id), encoding: .utf8)
        return try text.split(separator: "\n").map {
            guard let o = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else { throw HarnessError("not an object") }
            return o
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Drives a program in a detached tmux session of a fixed size, as a person at a terminal would.
final class Tmux {
    let name: String
    let socket: String

    /// Starts `command` (argv) in a new detached session `width`x`height`.
    init(_ command: [String], width: Int = 80, height: Int = 24, env: [String: String] = [:]) throws {
        name = "rb\(UUID().uuidString.prefix(8))"
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(name)").path
        var envArgs: [String] = []
        for (k, v) in env.sorted(by: { $0.key < $1.key }) { envArgs += ["-e", "\(k)=\(v)"] }
        try Tmux.tmux(["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)] + envArgs + ["--"] + command)
        try Tmux.tmux(["-S", socket, "set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? Tmux.tmux(["-S", socket, "kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Sends tmux key names (`Enter`, `Escape`, `Down`, `C-c`…).
    func keys(_ keys: String...) throws { try Tmux.tmux(["-S", socket, "send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try Tmux.tmux(["-S", socket, "send-keys", "-t", name, "-l", text]) }

    /// The screen as text (`escapes` keeps colour and attribute codes).
    func capture(escapes: Bool = false) throws -> String {
        try Tmux.tmux(["-S", socket, "capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) throws {
        try Tmux.tmux(["-S", socket, "resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Waits until the screen contains `text`; returns the screen, or throws with what was seen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 5) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            usleep(50_000)
        }
        throw HarnessError("timed out waiting for \"\(text)\"; the screen was:\n\(screen)")
    }

    /// The exit status of the program once it has ended, or nil while it runs.
    func exitStatus() throws -> Int32? {
        let out = try Tmux.tmux(["-S", socket, "display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}"])
        let parts = out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.first == "1", parts.count > 1 else { return nil }
        return Int32(parts[1])
    }

    /// Waits for the program to end and returns its status.
    func waitForExit(timeout: TimeInterval = 5) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try exitStatus() { return s }
            usleep(50_000)
        }
        throw HarnessError("the program did not exit; the screen was:\n\(try capture())")
    }
}
