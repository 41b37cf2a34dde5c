import Foundation

/// The one seam every file call of the journal, the incident store, reports and exports goes
/// through: each call as the C library makes it (-1 or a negative count with `errno` set on
/// failure, nothing retried). `RealFileSystem` makes the calls; a test's file system can make
/// any chosen call fail (EIO, ENOSPC, EINTR, a short write) or drop what was never fsync'd, in
/// process, as leveldb's fault-injection env does. The helpers that retry EINTR and short
/// writes and put errors into words are in FileSystem+Calls.swift, on top of these.
public protocol FileSystem: Sendable {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func close(_ fd: Int32) -> Int32
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int
    func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int
    func fsync(_ fd: Int32) -> Int32
    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32
    func flock(_ fd: Int32, _ operation: Int32) -> Int32
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32
    /// `fcntl(fd, F_GETFL)` / `fcntl(fd, F_SETFL, flags)`: the only two uses.
    func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32
    func stat(_ path: String, _ st: inout stat) -> Int32
    func lstat(_ path: String, _ st: inout stat) -> Int32
    func rename(_ from: String, _ to: String) -> Int32
    func unlink(_ path: String) -> Int32
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
    func rmdir(_ path: String) -> Int32
    func chmod(_ path: String, _ mode: mode_t) -> Int32
}

extension FileIO {
    /// The file system runbook uses unless a test gives another.
    public static let system: any FileSystem = RealFileSystem()
}
