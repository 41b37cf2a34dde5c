import Foundation

extension FileIO {
    /// Opens `path` only if it is a regular file, never blocking on the way: a FIFO, device,
    /// socket or folder put where a journal or playbook copy should be is refused at once
    /// instead of hanging the command. The descriptor returned blocks as usual (unless `flags`
    /// asks for O_NONBLOCK) and is close-on-exec. Throws `.io` naming the path and why.
    public static func openRegular(path: String, flags: Int32, what: String = "") throws -> Int32 {
        let name = what.isEmpty ? path : "\(what) \(path)"
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let fd = retrying { Glibc.open(path, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
        guard fd >= 0 else {
            let err = errno
            // Writing to a FIFO nobody reads fails with ENXIO; a folder opened for writing, EISDIR.
            if err == ENXIO || err == EISDIR, let kind = kindOfNonRegular(path: path) {
                throw RunbookError.io("cannot open \(name): it is not a regular file (it is \(kind))")
            }
            throw FileIO.failure("open \(name)", code: err)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = FileIO.reason(errno)
            close(fd)
            throw RunbookError.io("cannot open \(name): \(reason)")
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw RunbookError.io("cannot open \(name): it is not a regular file (it is \(describe(mode: st.st_mode)))")
        }
        if flags & O_NONBLOCK == 0 {
            let current = fcntl(fd, F_GETFL)
            if current < 0 || fcntl(fd, F_SETFL, current & ~O_NONBLOCK) != 0 {
                let reason = FileIO.reason(errno)
                close(fd)
                throw RunbookError.io("cannot open \(name): \(reason)")
            }
        }
        return fd
    }

    /// The whole of the regular file at `path`, read without ever blocking on a FIFO or device.
    public static func readRegular(path: String, what: String = "") throws -> [UInt8] {
        let fd = try openRegular(path: path, flags: O_RDONLY, what: what)
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let name = what.isEmpty ? path : "\(what) \(path)"
                throw FileIO.failure("read \(name)")
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// What the thing at `path` is, in plain words, when it is not a regular file.
    static func kindOfNonRegular(path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG else { return nil }
        return describe(mode: st.st_mode)
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
