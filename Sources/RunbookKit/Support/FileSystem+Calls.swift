import Foundation

/// The calls as runbook makes them, on any `FileSystem`: EINTR retried, short writes carried
/// on, errno read at once into an `IOFailure`, new files created 0600, written whole and
/// flushed before anyone is told they exist.
extension FileSystem {
    /// Opens `path` close-on-exec, retrying EINTR; throws "cannot open `what`: …".
    public func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o600, what: String) throws -> Int32 {
        let fd = FileIO.retrying { open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw FileIO.failure(.open, what) }
        return fd
    }

    /// Writes every byte at `offset`, carrying on after short writes and EINTR. A failure
    /// says the action was NOT recorded.
    public func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int64, what: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pwrite(fd, base + done, raw.count - done, offset + Int64(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIO.failure(.write, what, notRecorded: true)
            }
            done += n
        }
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends; returns how many
    /// bytes were read.
    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, what: String) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, offset + Int64(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIO.failure(.read, what)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Flushes `fd` to disk. A failed flush is fatal for the action, EINTR included: never
    /// retried, as the kernel may already have dropped the data it could not write.
    public func flush(_ fd: Int32, what: String, notRecorded: Bool = false) throws {
        guard fsync(fd) == 0 else { throw FileIO.failure(.flush, what, notRecorded: notRecorded) }
    }

    /// Creates `path` (which must not exist) with mode 0600 whatever the umask, writes the
    /// pieces `body` hands to the function it is given, and flushes them: a new file either
    /// holds all its bytes on disk or the call throws.
    public func createFile(_ path: String, what: String, flags: Int32 = 0,
                           _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = try openFile(path, O_WRONLY | O_CREAT | O_EXCL | flags, what: what)
        defer { _ = close(fd) }
        _ = fchmod(fd, 0o600)  // the umask may have taken bits off, or left some on
        var at: Int64 = 0
        try body { piece in
            try writeAll(fd, piece, at: at, what: what)
            at += Int64(piece.count)
        }
        try flush(fd, what: what)
    }

    /// `createFile` holding `bytes`.
    public func createFile(_ path: String, bytes: [UInt8], what: String, flags: Int32 = 0) throws {
        try createFile(path, what: what, flags: flags) { try $0(bytes) }
    }

    /// fsyncs a directory so a new or renamed entry in it survives a crash.
    public func fsyncDirectory(_ dir: String) throws {
        let d = try openFile(dir, O_RDONLY | O_DIRECTORY, what: dir)
        defer { _ = close(d) }
        try flush(d, what: dir)
    }

    /// Write aside, rename, fsync the folder — the one way runbook makes a file or folder
    /// appear whole or not at all. `build` makes it at `aside` (a hidden name beside `target`,
    /// removed first in case a run before left it); it is renamed to `target` and the folder
    /// fsync'd. On any error before the rename, `aside` is removed; a failed rename throws
    /// `operation` on `what`. When the folder's fsync fails, a new name is taken back (renamed
    /// aside and removed) before the error is thrown, so that what the person is told — not
    /// made — is what they find, and a second try makes one incident, not two; a file that
    /// replaced another stays (the one before it is gone either way).
    public func writeAside(_ aside: String, renamedTo target: String, failing operation: IOFailure.Operation,
                           _ what: String, _ build: () throws -> Void) throws {
        removeAside(aside)
        var st = Glibc.stat()
        let isNew = lstat(target, &st) != 0 && errno == ENOENT
        do {
            try build()
            guard rename(aside, target) == 0 else { throw FileIO.failure(operation, what) }
        } catch {
            removeAside(aside)
            throw error
        }
        do {
            try fsyncDirectory(FileIO.folder(of: target))
        } catch {
            // The rename may or may not survive a crash; the caller reports a failure. The
            // folder is not fsync'd again (its error may have dropped the rename already):
            // either way a crash then leaves nothing, or a hidden aside name nobody reads.
            if isNew && rename(target, aside) == 0 { removeAside(aside) }
            throw error
        }
    }

    /// Removes a file, or a folder of files, left at an aside name.
    func removeAside(_ path: String) {
        var st = Glibc.stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFDIR else { _ = unlink(path); return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { _ = unlink(path + "/" + name) }
        _ = rmdir(path)
    }

    /// Opens `path` only if it is a regular file, never blocking on the way: a FIFO, device,
    /// socket or folder put where a journal or playbook copy should be is refused at once
    /// instead of hanging the command. The descriptor returned blocks as usual (unless `flags`
    /// asks for O_NONBLOCK) and is close-on-exec. Throws `.io` naming the path and why.
    public func openRegular(path: String, flags: Int32, what: String = "") throws -> Int32 {
        let name = what.isEmpty ? path : "\(what) \(path)"
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let fd = FileIO.retrying { open(path, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0) }
        guard fd >= 0 else {
            let err = errno
            // Writing to a FIFO nobody reads fails with ENXIO; a folder opened for writing, EISDIR.
            if err == ENXIO || err == EISDIR, let kind = kindOfNonRegular(path: path) {
                throw RunbookError.io(IOFailure(.open, name, .notRegularFile(kind: kind)))
            }
            // O_NOFOLLOW met a link.
            if err == ELOOP && flags & O_NOFOLLOW != 0 {
                throw RunbookError.io(IOFailure(.open, name, .notRegularFile(kind: "a link")))
            }
            throw FileIO.failure(.open, name, code: err)
        }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else {
            let err = errno
            _ = close(fd)
            throw FileIO.failure(.open, name, code: err)
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            _ = close(fd)
            throw RunbookError.io(IOFailure(.open, name, .notRegularFile(kind: FileIO.describe(mode: st.st_mode))))
        }
        if flags & O_NONBLOCK == 0 {
            let current = fcntl(fd, F_GETFL, 0)
            if current < 0 || fcntl(fd, F_SETFL, current & ~O_NONBLOCK) != 0 {
                let err = errno
                _ = close(fd)
                throw FileIO.failure(.open, name, code: err)
            }
        }
        return fd
    }

    /// The whole of the regular file at `path`, read without ever blocking on a FIFO or device.
    public func readRegular(path: String, what: String = "") throws -> [UInt8] {
        let fd = try openRegular(path: path, flags: O_RDONLY, what: what)
        defer { _ = close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(fd, into: $0, at: Int64(out.count), what: what.isEmpty ? path : "\(what) \(path)") }
            out.append(contentsOf: chunk[0..<n])
            if n < chunk.count { return out }
        }
    }

    /// What the thing at `path` is, in plain words, when it is not a regular file.
    func kindOfNonRegular(path: String) -> String? {
        var st = Glibc.stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG else { return nil }
        return FileIO.describe(mode: st.st_mode)
    }
}
