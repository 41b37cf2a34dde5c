import Foundation
@testable import RunbookKit

/// The real file system with a hook run just before chosen calls: for races a fault cannot
/// stage (a sync tool renaming a copy over the journal mid-append, a second `runbook new`
/// taking the same id between the check and the rename). Each hook runs once, then is gone.
final class HookFileSystem: FileSystem, @unchecked Sendable {
    private let real = RealFileSystem()
    private let lock = NSLock()
    private var beforeRename: (suffix: String, hook: (String, String) -> Void)?
    private var beforePwrite: (suffix: String, hook: (String) -> Void)?
    private var paths: [Int32: String] = [:]

    /// Runs `hook(from, to)` once, before the next rename whose target ends in `suffix`.
    func onceBeforeRename(to suffix: String, _ hook: @escaping (String, String) -> Void) {
        lock.withLock { beforeRename = (suffix, hook) }
    }

    /// Runs `hook(path)` once, before the next pwrite into a file whose path ends in `suffix`.
    func onceBeforeWrite(to suffix: String, _ hook: @escaping (String) -> Void) {
        lock.withLock { beforePwrite = (suffix, hook) }
    }

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        let fd = real.open(path, flags, mode)
        let err = errno
        if fd >= 0 { lock.withLock { paths[fd] = path } }
        errno = err
        return fd
    }
    func close(_ fd: Int32) -> Int32 {
        lock.withLock { paths[fd] = nil }
        return real.close(fd)
    }
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        real.pread(fd, buffer, count, offset)
    }
    func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int {
        let path = lock.withLock { paths[fd] ?? "" }
        if let hook = lock.withLock({ () -> ((String) -> Void)? in
            guard let h = beforePwrite, path.hasSuffix(h.suffix) else { return nil }
            beforePwrite = nil
            return h.hook
        }) { hook(path) }
        return real.pwrite(fd, buffer, count, offset)
    }
    func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) }
    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 { real.ftruncate(fd, length) }
    func flock(_ fd: Int32, _ operation: Int32) -> Int32 { real.flock(fd, operation) }
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { real.fchmod(fd, mode) }
    func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32 { real.fcntl(fd, command, argument) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
    func stat(_ path: String, _ st: inout stat) -> Int32 { real.stat(path, &st) }
    func lstat(_ path: String, _ st: inout stat) -> Int32 { real.lstat(path, &st) }
    func rename(_ from: String, _ to: String) -> Int32 {
        if let hook = lock.withLock({ () -> ((String, String) -> Void)? in
            guard let h = beforeRename, to.hasSuffix(h.suffix) else { return nil }
            beforeRename = nil
            return h.hook
        }) { hook(from, to) }
        return real.rename(from, to)
    }
    func unlink(_ path: String) -> Int32 { real.unlink(path) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { real.mkdir(path, mode) }
    func rmdir(_ path: String) -> Int32 { real.rmdir(path) }
    func chmod(_ path: String, _ mode: mode_t) -> Int32 { real.chmod(path, mode) }
}
