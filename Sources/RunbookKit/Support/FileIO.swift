import Foundation

/// The words and small tools every file call shares — the journal, the incident store, report
/// files: errno put into plain words, the error for a call that just failed, EINTR retried,
/// warnings. The calls themselves go through a `FileSystem` (FileSystem.swift); the static
/// forms here use `FileIO.system`.
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
        // A flush is never tried again after it (the data may be gone): said, not "Interrupted system call".
        case EINTR: return "it was interrupted before it finished"
        default: return String(cString: strerror(code))
        }
    }

    /// The error for a call that just failed: `operation` on `what`, errno read now.
    /// `notRecorded`: an action was under way and the words say it was NOT recorded.
    public static func failure(_ operation: IOFailure.Operation, _ what: String, code: Int32 = errno,
                               notRecorded: Bool = false) -> RunbookError {
        .io(IOFailure(operation, what, .system(errno: code), notRecorded: notRecorded))
    }

    /// Calls `call` again while it fails with EINTR (a signal arrived mid-call).
    @inline(__always)
    public static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let r = call()
            if r >= 0 || errno != EINTR { return r }
        }
    }

    /// `FileSystem.writeAll` on the real file system.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int64, what: String) throws {
        try system.writeAll(fd, bytes, at: offset, what: what)
    }

    /// `FileSystem.openRegular` on the real file system.
    public static func openRegular(path: String, flags: Int32, what: String = "") throws -> Int32 {
        try system.openRegular(path: path, flags: flags, what: what)
    }

    /// `FileSystem.readRegular` on the real file system.
    public static func readRegular(path: String, what: String = "") throws -> [UInt8] {
        try system.readRegular(path: path, what: what)
    }

    /// A warning line on stderr, `runbook: warning: …`, on one line with any control character
    /// in it (a path or id echoed back) written out visibly. Never carries note text.
    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data("runbook: warning: \(TerminalText.escaped(message))\n".utf8))
    }

    /// The folder `path` names a file in, as `dirname` says it, with doubled slashes made one:
    /// "." for a bare name, "/" for a name at the root. Worked out on the text itself:
    /// Foundation's deletingLastPathComponent dies (SIGILL) on a one-character path.
    public static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        var d = ""
        for ch in p[..<slash] where !(ch == "/" && d.hasSuffix("/")) { d.append(ch) }
        if d.count > 1 && d.hasSuffix("/") { d.removeLast() }
        return d.isEmpty ? "/" : d
    }

    /// The last part of `path` (its file name), trailing slashes ignored, as `basename` says it.
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard p != "/", let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// "a FIFO (named pipe)", "a device", "a folder"… for a file type from `st_mode`.
    static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFDIR: return "a folder"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a link"
        default: return "not a plain file"
        }
    }
}
