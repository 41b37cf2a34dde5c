import Foundation

/// Writes a file for people to keep, print or send (a report, and later binders and dist
/// files) without ever harming an incident: never inside an incident folder, never over a
/// journal or playbook copy, never through a FIFO, device, folder or link. The text goes to a
/// hidden file beside the target, is flushed to disk, and is renamed into place, mode 0600.
public enum ExportFile {
    /// Writes `bytes` to `path`; `incidentsDir` is the home's incidents folder. Throws a
    /// one-line error naming the path and why; on error nothing is left behind.
    public static func write(_ bytes: [UInt8], to path: String, incidentsDir: String) throws {
        try write(to: path, incidentsDir: incidentsDir) { try $0(bytes) }
    }

    /// `write` of the pieces `body` writes, one after the other, through the function it is
    /// given (a long report is written while it is made).
    public static func write(to path: String, incidentsDir: String, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try check(path, incidentsDir: incidentsDir)
        let dir = folder(of: path)
        let name = (path as NSString).lastPathComponent
        let tmp = dir + "/." + name + ".partial-" + String(getpid())
        unlink(tmp)
        do {
            // It may hold patient information: private whatever the umask.
            try FileIO.createFile(tmp, what: path, flags: O_NOFOLLOW, body)
            guard rename(tmp, path) == 0 else { throw FileIO.failure("write \(path)") }
        } catch {
            unlink(tmp)
            throw error
        }
        try FileIO.fsyncDirectory(dir)
    }

    /// Why `path` may not be written, as a thrown error; nothing when it may.
    public static func check(_ path: String, incidentsDir: String) throws {
        let name = (path as NSString).lastPathComponent
        guard !path.isEmpty, !path.hasSuffix("/"), name != ".", name != ".." else {
            throw RunbookError.usage("cannot write to \(path.isEmpty ? "an empty path" : path): give a file name")
        }
        let dir = folder(of: path)
        guard let real = realPath(dir) else {
            throw RunbookError.io("cannot write \(path): its folder \(dir) does not exist or cannot be reached")
        }
        if let incidents = realPath(incidentsDir), real == incidents || real.hasPrefix(incidents + "/") {
            throw RunbookError.refused("will not write \(path): it is inside the incidents folder \(incidentsDir), and incident files are only written by runbook itself; choose another place")
        }
        if access(real + "/journal.jsonl", F_OK) == 0 {
            throw RunbookError.refused("will not write \(path): its folder holds an incident journal, and incident files are only written by runbook itself; choose another place")
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { return }  // a new file
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK:
            throw RunbookError.refused("will not write \(path): it is a link to another file; give the path of a real file or a new name")
        case S_IFDIR:
            throw RunbookError.refused("will not write \(path): it is a folder, not a regular file; give a file name inside it")
        default:
            throw RunbookError.refused("will not write \(path): it is not a regular file (it is \(FileIO.describe(mode: st.st_mode)))")
        }
        if looksLikeJournal(path) {
            throw RunbookError.refused("will not write \(path): it holds a runbook journal, which must never be overwritten; choose another name")
        }
    }

    /// Whether the file at `path` begins like a journal line (`{"seq":`).
    static func looksLikeJournal(_ path: String) -> Bool {
        guard let fd = try? FileIO.openRegular(path: path, flags: O_RDONLY) else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 7)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n == 7 && head == Array("{\"seq\":".utf8)
    }

    /// The folder a path names a file in ("." for a bare name).
    static func folder(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// The path with every link and `..` resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}
