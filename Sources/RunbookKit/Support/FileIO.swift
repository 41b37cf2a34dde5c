import Foundation

/// The file calls every part of runbook makes — the journal, the incident store, report
/// files — in one place: EINTR retried, errno read at once and put into plain words, new files
/// created 0600, written whole and flushed before anyone is told they exist.
public enum FileIO {
    /// The words for an errno value: "the disk is full" rather than "No space left on device".
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: return "the disk is full"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the disk is read-only"
        case ENOENT: return "it does not exist"
        case EEXIST: return "it already exists"
        case EISDIR: return "it is a directory"
        case ENOTDIR: return "a part of the path is not a directory"
        case EIO: return "the disk reported an input/output error"
        default: return String(cString: strerror(code))
        }
    }

    /// The error for a call that just failed: "cannot `doing`: `reason`", errno read now.
    /// `then` is added after the reason ("; the action was NOT recorded").
    public static func failure(_ doing: String, code: Int32 = errno, then: String = "") -> RunbookError {
        .io("cannot \(doing): \(reason(code))\(then)")
    }

    /// Calls `call` again while it fails with EINTR (a signal arrived mid-call).
    @inline(__always)
    public static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let r = call()
            if r >= 0 || errno != EINTR { return r }
        }
    }

    /// Opens `path`, retrying EINTR; throws "cannot open `what`: …" with the reason.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600, what: String) throws -> Int32 {
        let fd = retrying { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw failure("open \(what)") }
        return fd
    }

    /// Writes every byte at `offset`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int64, what: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pwrite(fd, base + done, raw.count - done, off_t(offset + Int64(done)))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write \(what)", then: "; the action was NOT recorded")
            }
            done += n
        }
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends; returns how many
    /// bytes were read.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, what: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + Int64(done)))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read \(what)")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Flushes `fd` to disk. A failed flush is fatal for the action (never retried: the
    /// kernel may already have dropped the data it could not write).
    public static func flush(_ fd: Int32, what: String, then: String = "") throws {
        guard fsync(fd) == 0 else { throw failure("flush \(what) to disk", then: then) }
    }

    /// Creates `path` (which must not exist) with mode 0600 whatever the umask, writes `bytes`
    /// and flushes them: a new file either holds all its bytes on disk or the call throws.
    public static func createFile(_ path: String, bytes: [UInt8], what: String, flags: Int32 = 0) throws {
        try createFile(path, what: what, flags: flags) { try $0(bytes) }
    }

    /// `createFile` of the pieces `body` writes, one after the other, through the function it
    /// is given.
    public static func createFile(_ path: String, what: String, flags: Int32 = 0,
                                  _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = try open(path, O_WRONLY | O_CREAT | O_EXCL | flags, what: what)
        defer { close(fd) }
        fchmod(fd, 0o600)  // the umask may have taken bits off, or left some on
        var at: Int64 = 0
        try body { piece in
            try writeAll(fd, piece, at: at, what: what)
            at += Int64(piece.count)
        }
        try flush(fd, what: what)
    }

    /// fsyncs a directory so a new or renamed entry in it survives a crash.
    public static func fsyncDirectory(_ dir: String) throws {
        let d = try open(dir, O_RDONLY | O_DIRECTORY, what: dir)
        defer { close(d) }
        try flush(d, what: dir)
    }

    /// A warning line on stderr, `runbook: warning: …`, on one line with any control character
    /// in it (a path or id echoed back) written out visibly. Never carries note text.
    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data("runbook: warning: \(TerminalText.escaped(message))\n".utf8))
    }
}
