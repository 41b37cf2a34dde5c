import Foundation

/// Writes a file for people to keep, print or send (a report, and later binders and dist
/// files) without ever harming an incident: never inside an incident folder, never over a
/// journal or playbook copy, never through a FIFO, device, folder or link. The text goes to a
/// hidden file beside the target, is flushed to disk, and is renamed into place, mode 0600.
public enum ExportFile {
    /// Writes `bytes` to `path`; `incidentsDir` is the home's incidents folder. Throws a
    /// one-line error naming the path and why; on error nothing is left behind.
    public static func write(_ bytes: [UInt8], to path: String, incidentsDir: String,
                             files: any FileSystem = FileIO.system) throws {
        try write(to: path, incidentsDir: incidentsDir, files: files) { try $0(bytes) }
    }

    /// `write` of the pieces `body` writes, one after the other, through the function it is
    /// given (a long report is written while it is made).
    public static func write(to path: String, incidentsDir: String, files: any FileSystem = FileIO.system,
                             _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try check(path, incidentsDir: incidentsDir, files: files)
        let tmp = folder(of: path) + "/." + FileIO.lastComponent(path) + ".partial-" + String(getpid())
        try files.writeAside(tmp, renamedTo: path, failing: .write, path) {
            // It may hold patient information: private whatever the umask.
            try files.createFile(tmp, what: path, flags: O_NOFOLLOW, body)
        }
    }

    /// Why `path` may not be written, as a thrown error; nothing when it may.
    public static func check(_ path: String, incidentsDir: String, files: any FileSystem = FileIO.system) throws {
        let name = FileIO.lastComponent(path)
        guard !path.isEmpty, !path.hasSuffix("/"), name != ".", name != ".." else {
            throw RunbookError.usage("cannot write to \(path.isEmpty ? "an empty path" : path): give a file name")
        }
        let dir = folder(of: path)
        guard let real = realPath(dir) else {
            throw RunbookError.io(IOFailure(.write, path, .folderUnreachable(dir)))
        }
        if let incidents = realPath(incidentsDir), real == incidents || real.hasPrefix(incidents + "/") {
            throw RunbookError.refused(.file(.exportInsideIncidents(path: path, incidentsDir: incidentsDir)))
        }
        var st = stat()
        if files.stat(real + "/journal.jsonl", &st) == 0 {
            throw RunbookError.refused(.file(.exportBesideJournal(path: path)))
        }
        guard files.lstat(path, &st) == 0 else { return }  // a new file
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK:
            throw RunbookError.refused(.file(.exportIsLink(path: path)))
        case S_IFDIR:
            throw RunbookError.refused(.file(.exportIsFolder(path: path)))
        default:
            throw RunbookError.refused(.file(.exportNotRegular(path: path, kind: FileIO.describe(mode: st.st_mode))))
        }
        if looksLikeJournal(path, files: files) {
            throw RunbookError.refused(.file(.exportHoldsJournal(path: path)))
        }
    }

    /// Whether the file at `path` begins like a journal line (`{"seq":`).
    static func looksLikeJournal(_ path: String, files: any FileSystem) -> Bool {
        guard let fd = try? files.openRegular(path: path, flags: O_RDONLY) else { return false }
        defer { _ = files.close(fd) }
        var head = [UInt8](repeating: 0, count: 7)
        let n = (try? head.withUnsafeMutableBytes { try files.read(fd, into: $0, at: 0, what: path) }) ?? 0
        return n == 7 && head == Array("{\"seq\":".utf8)
    }

    /// The folder a path names a file in ("." for a bare name).
    static func folder(of path: String) -> String {
        FileIO.folder(of: path)
    }

    /// The path with every link and `..` resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}
