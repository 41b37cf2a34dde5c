import Foundation
import Testing

/// Runs the real `runbook` binary for end-to-end tests.
enum Runbook {
    /// `$RUNBOOK_BIN` (`make test` sets it to the binary the tarball ships), else the `runbook`
    /// built beside this test bundle.
    static let path: String = {
        if let p = ProcessInfo.processInfo.environment["RUNBOOK_BIN"], !p.isEmpty { return p }
        return builtBeside
    }()

    /// The `runbook` built beside this test bundle (and the build's other tools beside it).
    static let builtBeside: String = {
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
        /// Standard output read as one JSON object (`status --json`, `report --format json`).
        func object() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        }
    }

    /// Runs `runbook args…` with `home` as RUNBOOK_HOME and waits for it.
    @discardableResult
    static func run(_ args: [String], home: String? = nil, env extra: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["RUNBOOK_ACTOR"] = "tester"
        env.removeValue(forKey: "RUNBOOK_INCIDENT")
        if let home { env["RUNBOOK_HOME"] = home }
        for (k, v) in extra { env[k] = v }
        return try runProcess(path, args, env: env, stdin: stdin)
    }

    /// Runs `exe args…` with exactly `env` (the test's own when nil) in `cwd`, feeding it
    /// `stdin`, and waits for it, draining stdout and stderr concurrently so a chatty child
    /// never blocks.
    static func runProcess(_ exe: String, _ args: [String], env: [String: String]? = nil, cwd: String? = nil,
                           stdin: Data? = nil) throws -> Result {
        var p = Process()
        var out = Pipe(), err = Pipe(), inp = Pipe()
        // A binary copied in by a test is "busy" (ETXTBSY) while any child spawned meanwhile by
        // another test still holds the copy's write descriptor: tried again, briefly.
        for attempt in 0... {
            p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = args
            if let env { p.environment = env }
            if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
            out = Pipe(); err = Pipe(); inp = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = inp
            do {
                try p.run()
                break
            } catch let e as NSError where attempt < 20 && (e.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                usleep(100_000)
            }
        }
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
        nonisolated(unsafe) var errData = Data()
        let errReader = err.fileHandleForReading
        let errThread = Thread { errData = errReader.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while errThread.isExecuting || !errThread.isFinished { usleep(1000) }
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A scratch runbook home, removed when dropped.
final class TempHome: Sendable {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-test-\(UUID().uuidString.prefix(8))")
        // Made with mode 0700 whatever the umask: a file-mode test in this process may hold a
        // permissive umask for a moment, and runbook refuses a home others can change.
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(base.path, 0o700)
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

/// Runs argv (found on PATH) with stdin, stdout and stderr on /dev/null and waits for it.
func spawnQuietly(_ argv: [String]) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in [Int32(0), 1, 2] {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for a in cargs { free(a) } }
    // The test runner's threads block signals, and a child inherits that mask: give tmux (and
    // the program under it) a clean mask and default handlers, as a terminal would.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var none = sigset_t(), all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attr, &none)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, argv[0], &actions, &attr, &cargs, environ)
    guard rc == 0 else { throw HarnessError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
}

/// Every tmux server the tests started; whatever a test leaves running is stopped when the
/// test process exits, so no command post outlives the run.
nonisolated(unsafe) var tmuxSockets: [String] = []
let tmuxSocketsLock = NSLock()
let installTmuxCleanup: Void = {
    atexit {
        tmuxSocketsLock.lock()
        let sockets = tmuxSockets
        tmuxSocketsLock.unlock()
        for s in sockets { try? spawnQuietly(["tmux", "-S", s, "kill-server"]) }
    }
}()

/// Drives a program in a detached tmux session of a fixed size, as a person at a terminal would.
final class Tmux {
    let name: String
    let socket: String
    var serverPID: Int32?

    /// Starts `command` (argv) in a new detached session `width`x`height`.
    init(_ command: [String], width: Int = 80, height: Int = 24, env: [String: String] = [:]) throws {
        name = "rb\(UUID().uuidString.prefix(8))"
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(name)").path
        _ = installTmuxCleanup
        tmuxSocketsLock.lock()
        tmuxSockets.append(socket)
        tmuxSocketsLock.unlock()
        var envArgs: [String] = []
        for (k, v) in env.sorted(by: { $0.key < $1.key }) { envArgs += ["-e", "\(k)=\(v)"] }
        // The server forks off from new-session: give it no pipe to hold open.
        try Tmux.tmux(["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)] + envArgs
                      + ["/bin/sh", "-c", "\"$@\"; echo $? > '\(socket).status'", "runbook-test"] + command
                      + [";", "set-option", "-t", name, "remain-on-exit", "on"], output: false)
        serverPID = Int32((try? Tmux.tmux(["-S", socket, "display-message", "-p", "#{pid}"]))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }

    deinit {
        // Stop the server by pid as well: its panes then get SIGHUP and end.
        _ = try? Tmux.tmux(["-S", socket, "kill-server"], output: false)
        // SIGKILL cannot be blocked or ignored; the panes then get SIGHUP and end.
        if let pid = serverPID { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: socket)
        try? FileManager.default.removeItem(atPath: socket + ".status")
    }

    @discardableResult
    static func tmux(_ args: [String], output: Bool = true) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux"] + args
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        guard output else {
            // Not Foundation's Process: the tmux server it forks inherits Process's exit
            // watcher and the wait never ends. posix_spawn and waitpid have no such tie.
            try spawnQuietly(["tmux"] + args)
            return ""
        }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Sends tmux key names (`Enter`, `Escape`, `Down`, `C-c`…).
    func keys(_ keys: String...) throws { try Tmux.tmux(["-S", socket, "send-keys", "-t", name] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try Tmux.tmux(["-S", socket, "send-keys", "-t", name, "-l", "--", text]) }

    /// The screen as text (`escapes` keeps colour and attribute codes).
    func capture(escapes: Bool = false) throws -> String {
        try Tmux.tmux(["-S", socket, "capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// The pid of the first process under the pane whose command line contains `needle`.
    func pid(of needle: String) throws -> Int32? {
        let shell = try Tmux.tmux(["-S", socket, "display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let root = Int32(shell.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        var queue = [root]
        while !queue.isEmpty {
            let p = queue.removeFirst()
            let cmd = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(p)/cmdline"))).map { String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self) } ?? ""
            if p != root, cmd.contains(needle), !cmd.hasPrefix("/bin/sh") { return p }
            let children = (try? String(contentsOfFile: "/proc/\(p)/task/\(p)/children", encoding: .utf8)) ?? ""
            queue += children.split(separator: " ").compactMap { Int32($0) }
        }
        return nil
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

    /// Waits until `holds` is true of the screen; returns that screen, or throws with the last
    /// one seen and `what` was awaited.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 5, _ holds: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if holds(screen) { return screen }
            usleep(50_000)
        }
        throw HarnessError("timed out waiting for \(what); the screen was:\n\(screen)")
    }

    /// The exit status of the program once it has ended, or nil while it runs.
    func exitStatus() throws -> Int32? {
        // The command runs under a shell that writes its status when it ends.
        guard let text = try? String(contentsOfFile: socket + ".status", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
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
