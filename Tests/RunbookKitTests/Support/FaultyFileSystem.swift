import Foundation
@testable import RunbookKit

/// A file system for tests, on top of the real one, after leveldb's fault-injection env: it
/// makes a chosen call fail (by kind and ordinal, by its number among all calls, or by path)
/// with an errno or a short write, can "die" after N calls (every later call fails with EIO),
/// and can simulate a crash: every file opened for writing goes back to its bytes as of its
/// last successful fsync, and every name made, renamed or removed since its folder's last
/// fsync is undone. It makes no real fsync: its crash is simulated. Thread-safe: the journal's bulk reader calls it from several threads.
final class FaultyFileSystem: FileSystem, @unchecked Sendable {
    /// The kinds of call, one per `FileSystem` requirement.
    enum Call: String, Sendable, CaseIterable {
        case open, close, pread, pwrite, fsync, ftruncate, flock, fchmod, fcntl, fstat, stat, lstat, rename, unlink, mkdir, rmdir, chmod
    }

    /// What a chosen call does instead of its work.
    enum Fault: Sendable, Equatable, CustomStringConvertible {
        /// Fails with this errno, doing nothing.
        case error(Int32)
        /// A write that writes only the first half of its bytes (at least one).
        case shortWrite

        var description: String {
            switch self {
            case .error(EIO): return "EIO"
            case .error(ENOSPC): return "ENOSPC"
            case .error(EINTR): return "EINTR"
            case .error(let e): return "errno \(e)"
            case .shortWrite: return "short write"
            }
        }
    }

    /// One call made, as the log keeps it.
    struct Record: Sendable, CustomStringConvertible {
        var number: Int
        var call: Call
        var path: String
        var description: String { "#\(number) \(call.rawValue) \(path)" }
    }

    private struct Rule {
        var call: Call?
        var ordinal: Int?
        var number: Int?
        var pathSuffix: String?
        var fault: Fault
        var times: Int
    }

    /// A folder change not yet made durable by an fsync of its folder.
    private enum Change {
        case created(String)
        case madeDirectory(String)
        case renamed(from: String, to: String, replaced: [UInt8]?)
        case removed(String, [UInt8])
    }

    private let real = RealFileSystem()
    private let lock = NSLock()
    private var rules: [Rule] = []
    private var counts: [Call: Int] = [:]
    private var total = 0
    private var deadAfter: Int?
    private var records: [Record] = []
    private var paths: [Int32: String] = [:]
    private var durable: [String: [UInt8]] = [:]
    private var pending: [(folder: String, change: Change)] = []

    /// How many calls were made so far.
    var callCount: Int { lock.withLock { total } }
    /// Every call made so far, in order.
    var calls: [Record] { lock.withLock { records } }

    /// Makes the `ordinal`th call of kind `call` (1-based, counted from now on when
    /// `fromNow`), or every call of that kind on a path ending in `pathSuffix`, fail with `fault`,
    /// `times` times.
    func fail(_ call: Call, ordinal: Int? = nil, fromNow: Bool = true, pathSuffix: String? = nil, with fault: Fault, times: Int = 1) {
        lock.withLock {
            let base = fromNow ? counts[call, default: 0] : 0
            rules.append(Rule(call: call, ordinal: ordinal.map { $0 + base }, number: nil, pathSuffix: pathSuffix, fault: fault, times: times))
        }
    }

    /// Makes call number `number` among all calls (1-based, as `calls` numbers them) fail.
    func failCall(number: Int, with fault: Fault) {
        lock.withLock { rules.append(Rule(call: nil, ordinal: nil, number: number, pathSuffix: nil, fault: fault, times: 1)) }
    }

    /// Every call after the first `count` in all fails with EIO: the process is as good as dead.
    func die(after count: Int) { lock.withLock { deadAfter = count } }

    /// The crash: files opened for writing go back to their last fsync'd bytes, folder changes
    /// not fsync'd are undone. Faults and death are cleared; the log is kept.
    func crash() {
        lock.withLock {
            for (_, change) in pending.reversed() {
                switch change {
                case .created(let path): _ = real.unlink(path)
                case .madeDirectory(let path): removeTree(path)
                case .renamed(let from, let to, let replaced):
                    _ = real.rename(to, from)
                    remap(to, to: from)
                    if let replaced { try? Data(replaced).write(to: URL(fileURLWithPath: to)) }
                case .removed(let path, let bytes): try? Data(bytes).write(to: URL(fileURLWithPath: path))
                }
            }
            pending = []
            for (path, bytes) in durable {
                var st = Glibc.stat()
                guard real.lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
                try? Data(bytes).write(to: URL(fileURLWithPath: path))
            }
            rules = []
            deadAfter = nil
            paths = [:]
        }
    }

    // MARK: - deciding

    /// Counts the call, logs it, and says the fault it suffers, if any.
    private func decide(_ call: Call, _ path: String) -> Fault? {
        lock.withLock {
            total += 1
            counts[call, default: 0] += 1
            records.append(Record(number: total, call: call, path: path))
            if let deadAfter, total > deadAfter { return .error(EIO) }
            for i in rules.indices where rules[i].times > 0 {
                let r = rules[i]
                if let c = r.call, c != call { continue }
                if let o = r.ordinal, counts[call] != o { continue }
                if let n = r.number, n != total { continue }
                if let s = r.pathSuffix, !path.hasSuffix(s) { continue }
                if r.fault == .shortWrite && call != .pwrite { continue }
                rules[i].times -= 1
                return r.fault
            }
            return nil
        }
    }

    private func path(of fd: Int32) -> String { lock.withLock { paths[fd] ?? "fd \(fd)" } }

    /// -1 with errno set (as the last thing, so nothing clobbers it).
    private func failing(_ fault: Fault) -> Int32 {
        if case .error(let e) = fault { errno = e } else { errno = EIO }
        return -1
    }

    private static func folder(_ path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    private static func contents(_ path: String) -> [UInt8]? {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) }
    }

    private func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// After a rename, what was known under `from` is known under `to` (a folder's files too).
    private func remap(_ from: String, to: String) {
        func moved(_ p: String) -> String? {
            if p == from { return to }
            if p.hasPrefix(from + "/") { return to + p.dropFirst(from.count) }
            return nil
        }
        for (p, bytes) in durable { if let m = moved(p) { durable[p] = nil; durable[m] = bytes } }
        for (fd, p) in paths { if let m = moved(p) { paths[fd] = m } }
    }

    // MARK: - FileSystem

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if let f = decide(.open, path) { return failing(f) }
        var st = Glibc.stat()
        let existed = real.lstat(path, &st) == 0
        let fd = real.open(path, flags, mode)
        guard fd >= 0 else { return fd }
        let err = errno
        lock.withLock {
            paths[fd] = path
            let writable = flags & O_ACCMODE != O_RDONLY
            if !existed && flags & O_CREAT != 0 {
                pending.append((Self.folder(path), .created(path)))
                durable[path] = []
            } else if writable && durable[path] == nil {
                // There before this file system saw it: taken as on disk.
                durable[path] = Self.contents(path) ?? []
            }
        }
        errno = err
        return fd
    }

    func close(_ fd: Int32) -> Int32 {
        let f = decide(.close, path(of: fd))
        // The descriptor is gone either way (as close(2) on Linux).
        _ = real.close(fd)
        lock.withLock { paths[fd] = nil }
        if let f { return failing(f) }
        return 0
    }

    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        if let f = decide(.pread, path(of: fd)) { return Int(failing(f)) }
        return real.pread(fd, buffer, count, offset)
    }

    func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int {
        switch decide(.pwrite, path(of: fd)) {
        case .shortWrite?: return real.pwrite(fd, buffer, max(1, count / 2), offset)
        case let f?: return Int(failing(f))
        case nil: return real.pwrite(fd, buffer, count, offset)
        }
    }

    func fsync(_ fd: Int32) -> Int32 {
        let path = path(of: fd)
        if let f = decide(.fsync, path) { return failing(f) }
        // Not made: what survives a crash is this file system's to say (`crash`), and a real
        // fsync costs milliseconds on a disk.
        lock.withLock {
            var st = Glibc.stat()
            if real.fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
                pending.removeAll { $0.folder == path }
            } else if durable[path] != nil || paths[fd] != nil {
                durable[path] = Self.contents(path) ?? []
            }
        }
        return 0
    }

    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 {
        if let f = decide(.ftruncate, path(of: fd)) { return failing(f) }
        return real.ftruncate(fd, length)
    }

    func flock(_ fd: Int32, _ operation: Int32) -> Int32 {
        if let f = decide(.flock, path(of: fd)) { return failing(f) }
        return real.flock(fd, operation)
    }

    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 {
        if let f = decide(.fchmod, path(of: fd)) { return failing(f) }
        return real.fchmod(fd, mode)
    }

    func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32 {
        if let f = decide(.fcntl, path(of: fd)) { return failing(f) }
        return real.fcntl(fd, command, argument)
    }

    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 {
        if let f = decide(.fstat, path(of: fd)) { return failing(f) }
        return real.fstat(fd, &st)
    }

    func stat(_ path: String, _ st: inout stat) -> Int32 {
        if let f = decide(.stat, path) { return failing(f) }
        return real.stat(path, &st)
    }

    func lstat(_ path: String, _ st: inout stat) -> Int32 {
        if let f = decide(.lstat, path) { return failing(f) }
        return real.lstat(path, &st)
    }

    func rename(_ from: String, _ to: String) -> Int32 {
        if let f = decide(.rename, from + " -> " + to) { return failing(f) }
        let replaced = Self.contents(to)
        let r = real.rename(from, to)
        guard r == 0 else { return r }
        lock.withLock {
            pending.append((Self.folder(to), .renamed(from: from, to: to, replaced: replaced)))
            remap(from, to: to)
        }
        return 0
    }

    func unlink(_ path: String) -> Int32 {
        if let f = decide(.unlink, path) { return failing(f) }
        let bytes = Self.contents(path)
        let r = real.unlink(path)
        guard r == 0 else { return r }
        lock.withLock {
            if let bytes { pending.append((Self.folder(path), .removed(path, bytes))) }
            durable[path] = nil
        }
        return 0
    }

    func mkdir(_ path: String, _ mode: mode_t) -> Int32 {
        if let f = decide(.mkdir, path) { return failing(f) }
        let r = real.mkdir(path, mode)
        guard r == 0 else { return r }
        lock.withLock { pending.append((Self.folder(path), .madeDirectory(path))) }
        return 0
    }

    func rmdir(_ path: String) -> Int32 {
        if let f = decide(.rmdir, path) { return failing(f) }
        return real.rmdir(path)
    }

    func chmod(_ path: String, _ mode: mode_t) -> Int32 {
        if let f = decide(.chmod, path) { return failing(f) }
        return real.chmod(path, mode)
    }
}
