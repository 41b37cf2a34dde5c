import Foundation

/// The file calls themselves, straight to the C library.
public struct RealFileSystem: FileSystem {
    /// The real file system.
    public init() {}

    @inline(__always) public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    @inline(__always) public func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    @inline(__always) public func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        Glibc.pread(fd, buffer, count, off_t(offset))
    }
    @inline(__always) public func pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int64) -> Int {
        Glibc.pwrite(fd, buffer, count, off_t(offset))
    }
    @inline(__always) public func fsync(_ fd: Int32) -> Int32 { Glibc.fsync(fd) }
    @inline(__always) public func ftruncate(_ fd: Int32, _ length: Int64) -> Int32 { Glibc.ftruncate(fd, off_t(length)) }
    @inline(__always) public func flock(_ fd: Int32, _ operation: Int32) -> Int32 { lockFile(fd, operation) }
    @inline(__always) public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { Glibc.fchmod(fd, mode) }
    @inline(__always) public func fcntl(_ fd: Int32, _ command: Int32, _ argument: Int32) -> Int32 { Glibc.fcntl(fd, command, argument) }
    @inline(__always) public func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { Glibc.fstat(fd, &st) }
    @inline(__always) public func stat(_ path: String, _ st: inout stat) -> Int32 { statPath(path, &st) }
    @inline(__always) public func lstat(_ path: String, _ st: inout stat) -> Int32 { Glibc.lstat(path, &st) }
    @inline(__always) public func rename(_ from: String, _ to: String) -> Int32 { Glibc.rename(from, to) }
    @inline(__always) public func unlink(_ path: String) -> Int32 { Glibc.unlink(path) }
    @inline(__always) public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { Glibc.mkdir(path, mode) }
    @inline(__always) public func rmdir(_ path: String) -> Int32 { Glibc.rmdir(path) }
    @inline(__always) public func chmod(_ path: String, _ mode: mode_t) -> Int32 { Glibc.chmod(path, mode) }
}

// `flock` and `stat` name both a C struct and a C function; at file scope the call is plain.
@inline(__always) private func lockFile(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }
@inline(__always) private func statPath(_ path: String, _ st: inout stat) -> Int32 { stat(path, &st) }
