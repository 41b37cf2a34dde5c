import Foundation

/// One incident's `journal.jsonl`: reads it incrementally, and appends under an exclusive
/// lock, re-reading the tail first, writing, fsyncing, and only then reporting success.
public final class Journal {
    /// The journal file.
    public let path: String
    let fd: Int32
    /// How far the file has been read and checked.
    public private(set) var cursor = ChainCursor()
    /// Bytes at the end that are not (yet) a good line, as of the last read.
    public private(set) var tornTail: TornTail?
    /// Set once damage is found: the journal is then read-only.
    public private(set) var damage: JournalDamage?
    /// Where warnings go (a torn tail moved aside). The command line prints them on stderr;
    /// the screen shows them in its status line.
    public var onWarning: (String) -> Void = FileIO.warn
    /// When not empty, reads check every line but build only entries of these types: for a
    /// quick action (a note) on a long journal that needs only a little of the state.
    public var lightTypes: [EntryType] = []
    /// Unread bytes from which reading is shared among cores.
    var bulkThreshold = JournalScanner.defaultBulkThreshold

    /// Opens an existing journal; `writable: false` opens it for reading only.
    public init(path: String, writable: Bool = true) throws {
        self.path = path
        var fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)
        if fd < 0 && writable && (errno == EACCES || errno == EROFS) {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else {
            throw RunbookError.io("cannot open the journal \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Creates a new journal at `path` (which must not exist) holding entry 1, fsynced.
    public static func create(path: String, first: EntryDraft, now: Timestamp) throws -> JournalEntry {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RunbookError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let line = JournalLine.encodeBytes(first, seq: 1, time: now, prev: JournalLine.zeroHash)
        try FileIO.writeAll(fd, line + [0x0A], at: 0, what: "the journal")
        guard fsync(fd) == 0 else { throw RunbookError.io("cannot flush \(path) to disk: \(String(cString: strerror(errno)))") }
        return try parsed(line: line, offset: 0)
    }

    static func parsed(line bytes: [UInt8], offset: Int64) throws -> JournalEntry {
        guard var e = try bytes.withUnsafeBufferPointer({ try JournalEntry.read($0) }) else { throw RunbookError.io("internal error: an entry just written cannot be read back") }
        e.offset = offset
        return e
    }

    /// Reads the lines added since the last read and hands each good entry on. A torn or
    /// unfinished last line is left in `tornTail` and not read. Throws `.damagedJournal`.
    /// `onBulk`, when given, takes a long stretch read on several cores as whole arrays.
    @discardableResult
    public func readNew(_ onEntry: (JournalEntry) -> Void = { _ in }, onBulk: (([JournalEntry]) -> Void)? = nil) throws -> Int {
        if let d = damage { throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path)) }
        var count = 0
        do {
            var scanner = JournalScanner(fd: fd)
            scanner.wantedTypes = lightTypes.map { Array($0.rawValue.utf8) }
            scanner.bulkThreshold = bulkThreshold
            let bulk: (([JournalEntry]) -> Void)? = onBulk.map { hand in { part in count += part.count; hand(part) } }
            tornTail = try scanner.scan(from: &cursor, mode: lightTypes.isEmpty ? .entries : .verifyOnly, { e in
                count += 1
                onEntry(e)
            }, onBulk: bulk)
        } catch let d as JournalDamage {
            damage = d
            throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path))
        }
        // Incidents are created whole, entry 1 included: a journal without it was emptied or
        // cut short, and a writer must not start a new chain in it.
        if cursor.seq == 0 {
            let d = JournalDamage.noFirstEntry(torn: tornTail != nil)
            damage = d
            throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path))
        }
        return count
    }

    /// The refusal a damaged journal gets.
    public static func damageMessage(_ d: JournalDamage, path: String) -> String {
        "the journal \(path) is damaged: \(d); nothing can be added to it. Run 'runbook verify' and keep a copy of the file for the investigation"
    }

    /// Appends one entry. Under the lock it reads what other writers added (handing those
    /// entries to `make` so the caller can re-check its action against them), moves a torn
    /// tail aside, writes the line, fsyncs, and returns the entry only once it is durable.
    public func append(now: () -> Timestamp = Timestamp.now,
                       _ make: ([JournalEntry]) throws -> EntryDraft) throws -> JournalEntry {
        guard flockRetrying(fd, LOCK_EX) == 0 else {
            throw RunbookError.io("cannot lock the journal: \(String(cString: strerror(errno)))")
        }
        defer { _ = flockRetrying(fd, LOCK_UN) }
        var fresh: [JournalEntry] = []
        try readNew { fresh.append($0) }
        // Check the action first: a refusal must leave the journal exactly as it was.
        let draft = try make(fresh)
        if let torn = tornTail { try moveAside(torn, now: now()) }
        let time = now()
        var bytes = JournalLine.encodeBytes(draft, seq: cursor.seq + 1, time: time, prev: cursor.hash)
        let hash = bytes.withUnsafeBufferPointer { ChainHash(UnsafeBufferPointer(rebasing: $0[($0.count - 66)..<($0.count - 2)])) }
        bytes.append(0x0A)
        let at = cursor.offset
        do {
            try FileIO.writeAll(fd, bytes, at: at, what: "the journal")
        } catch {
            _ = ftruncate(fd, off_t(at))
            throw error
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = ftruncate(fd, off_t(at))
            throw RunbookError.io("the journal could not be flushed to disk (\(reason)); the action was NOT recorded")
        }
        // The entry is known from the draft; no need to parse back what was just written.
        guard let prev = ChainHash(cursor.hash), let hash else {
            throw RunbookError.io("internal error: the entry was written but its hash cannot be read back; run 'runbook verify'")
        }
        var entry = JournalEntry(draft: draft, seq: cursor.seq + 1, time: time, prev: prev, hash: hash)
        entry.offset = at
        cursor.offset = at + Int64(bytes.count)
        cursor.seq += 1
        cursor.hash = entry.hash
        cursor.time = time
        return entry
    }

    /// Copies a torn tail to `journal.torn-<time>` beside the journal, then cuts it off.
    func moveAside(_ torn: TornTail, now: Timestamp) throws {
        var bytes = [UInt8](repeating: 0, count: Int(torn.length))
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(torn.offset)) }
        guard n == Int(torn.length) else { throw RunbookError.io("cannot read the torn end of the journal") }
        let dir = (path as NSString).deletingLastPathComponent
        let stamp = now.rfc3339.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        var target = dir + "/journal.torn-" + stamp
        var k = 1
        while access(target, F_OK) == 0 { k += 1; target = dir + "/journal.torn-\(stamp)-\(k)" }
        // Written under a hidden name and renamed into place, so a writer killed half-way
        // never leaves an empty or partial journal.torn-* file behind.
        let partial = dir + "/.journal.torn-partial-\(getpid())"
        Journal.removeStalePartials(in: dir)
        unlink(partial)
        let out = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw RunbookError.io("cannot save the torn end of the journal to \(target): \(String(cString: strerror(errno)))") }
        defer { close(out) }
        fchmod(out, 0o600)  // the umask may have taken bits off; the saved bytes are journal text
        try FileIO.writeAll(out, bytes, at: 0, what: target)
        guard fsync(out) == 0 else { throw RunbookError.io("cannot flush \(target): \(String(cString: strerror(errno)))") }
        guard rename(partial, target) == 0 else {
            throw RunbookError.io("cannot save the torn end of the journal to \(target): \(String(cString: strerror(errno)))")
        }
        try FileIO.fsyncDirectory(dir)
        guard ftruncate(fd, off_t(torn.offset)) == 0, fsync(fd) == 0 else {
            throw RunbookError.io("cannot cut the torn end off the journal: \(String(cString: strerror(errno)))")
        }
        tornTail = nil
        onWarning("the journal's last line was incomplete (a crash mid-write); its \(torn.length) bytes were kept in \(target) and it is not counted as recorded")
    }
}

extension Journal {
    /// Removes `.journal.torn-partial-<pid>` files left by writers killed while saving a torn
    /// end: their bytes are still the journal's torn end, which this writer saves whole.
    static func removeStalePartials(in dir: String) {
        let prefix = ".journal.torn-partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + name) }
        }
    }
}

/// Small POSIX helpers with errors in plain words.
public enum FileIO {
    /// Writes every byte at `offset`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int64, what: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + Int64(done))) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno))
                throw RunbookError.io("cannot write \(what): \(reason); the action was NOT recorded")
            }
            done += n
        }
    }

    /// fsyncs a directory so a new or renamed entry in it survives a crash.
    public static func fsyncDirectory(_ dir: String) throws {
        let d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw RunbookError.io("cannot open \(dir): \(String(cString: strerror(errno)))") }
        defer { close(d) }
        guard fsync(d) == 0 else { throw RunbookError.io("cannot flush \(dir) to disk: \(String(cString: strerror(errno)))") }
    }

    /// A warning line on stderr, `runbook: warning: …`. Never carries note text.
    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data("runbook: warning: \(message)\n".utf8))
    }
}

func flockRetrying(_ fd: Int32, _ op: Int32) -> Int32 {
    while true {
        let r = flock(fd, op)
        if r == 0 || errno != EINTR { return r }
    }
}
