import Foundation

/// The one seam every file call of the journal, the incident store, reports and exports goes
/// through: each call as the C library makes it (-1 or a negative count with `errno` set on
/// failure, nothing retried). `RealFileSystem` makes the calls; a test's file system can make
/// any chosen call fail (EIO, ENOSPC, EINTR, a short write) or drop what was never fsync'd, in
/// process, as leveldb's fault-injection env does. The helpers that retry EINTR and short
/// writes and put errors into words are in FileSystem+Calls.swift, on top of these.
public protocol FileSystem: Sendable {
    /// open(2): a descriptor, or -1.
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    /// close(2).
    func close(_ fd: Int32) -> Int32
    /// pread(2): bytes read (0 at the end), or -1.
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int
    /// pwrite(2): bytes written (maybe fewer than asked), or -1.
    func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int
    /// fsync(2), of a file or a folder.
    func fsync(_ fd: Int32) -> Int32
    /// ftruncate(2).
    func ftruncate(_ fd: Int32, _ length: Int64) -> Int32
    /// flock(2).
    func flock(_ fd: Int32, _ operation: Int32) -> Int32
    /// fchmod(2).
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32
    /// `fcntl(fd, F_GETFL)` / `fcntl(fd, F_SETFL, flags)`: the only two uses.
    func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32
    /// fstat(2).
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32
    /// stat(2).
    func stat(_ path: String, _ st: inout stat) -> Int32
    /// lstat(2).
    func lstat(_ path: String, _ st: inout stat) -> Int32
    /// rename(2).
    func rename(_ from: String, _ to: String) -> Int32
    /// unlink(2).
    func unlink(_ path: String) -> Int32
    /// mkdir(2).
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
    /// rmdir(2).
    func rmdir(_ path: String) -> Int32
    /// chmod(2).
    func chmod(_ path: String, _ mode: mode_t) -> Int32
}

extension FileIO {
    /// The file system runbook uses unless a test gives another.
    public static let system: any FileSystem = RealFileSystem()
}
