import Foundation

/// One incident's `journal.jsonl`: reads it incrementally, and appends under an exclusive
/// lock, re-reading the tail first, writing, fsyncing, and only then reporting success.
///
/// Before it reads or appends, it makes sure the file it holds open is still the file at the
/// journal's path: a restore or sync tool that replaces the file (copy, then rename over it)
/// must never leave a terminal appending to a file nobody will read again.
public final class Journal {
    /// The journal file.
    public let path: String
    /// Every file call goes through this (a test's may fail any one of them).
    public let files: any FileSystem
    /// The open file: the one at `path` as of the last check.
    private(set) var fd: Int32
    let writable: Bool
    /// How far the file has been read and checked.
    public private(set) var cursor = ChainCursor()
    /// Bytes after the last newline, as of the last read: not a recorded action.
    public private(set) var tornTail: TornTail?
    /// Set once damage is found: the journal is then read-only.
    public private(set) var damage: JournalDamage?
    /// Set when the file at the path was replaced by one that does not hold what this journal
    /// already read: nothing more is read or written through it.
    public private(set) var replaced: FileRefusal?
    /// Set when a line whose write or flush failed could not be cut off again: what the file
    /// holds after the last recorded entry cannot be trusted (a failed fsync may have dropped
    /// it), so nothing more is read or written through this journal.
    public private(set) var untrusted: IOFailure?
    /// Where warnings go (a torn tail moved aside, a wait for another writer). The command
    /// line prints them on stderr; the screen shows them in its status line.
    public var onWarning: (String) -> Void = FileIO.warn
    /// How long appends (and a damage re-check) wait for another process's lock.
    public var lockWait: LockWait = .commandLine
    /// When not empty, reads check every line but build only entries of these types: for a
    /// quick action (a note) on a long journal that needs only a little of the state.
    public var lightTypes: [EntryType] = []
    /// Reads check every line and build no entry (`verify`).
    var verifyOnly = false
    /// Unread bytes from which reading is shared among cores.
    var bulkThreshold = JournalScanner.defaultBulkThreshold

    /// Opens an existing journal; `writable: false` opens it for reading only. Only a regular
    /// file is opened (a FIFO or device in its place would hang every reader).
    public init(path: String, writable: Bool = true, files: any FileSystem = FileIO.system) throws {
        self.path = path
        self.files = files
        var canWrite = writable
        var fd: Int32
        do {
            fd = try Journal.openRegular(path, writable: writable, files: files)
        } catch where writable {
            // A journal this user may only read (a copy, a read-only disk) still shows.
            guard let readOnly = try? Journal.openRegular(path, writable: false, files: files) else { throw error }
            fd = readOnly
            canWrite = false
        }
        self.fd = fd
        self.writable = canWrite
    }

    deinit { _ = files.close(fd) }

    /// Opens the journal without blocking, only if it is a regular file (a FIFO or device in
    /// its place would hang every reader, a link would lead out of the incident).
    static func openRegular(_ path: String, writable: Bool, files: any FileSystem) throws -> Int32 {
        // Never through a link: a journal.jsonl linked elsewhere is not this incident's file.
        try files.openRegular(path: path, flags: (writable ? O_RDWR : O_RDONLY) | O_NOFOLLOW, what: "the journal")
    }

    /// Creates a new journal at `path` (which must not exist) holding entry 1, fsynced.
    public static func create(path: String, first: EntryDraft, now: Timestamp,
                              files: any FileSystem = FileIO.system) throws -> JournalEntry {
        let line = JournalLine.encodeBytes(first, seq: 1, time: now, prev: JournalLine.zeroHash)
        try files.createFile(path, bytes: line + [0x0A], what: "the journal \(path)")
        guard var e = try line.withUnsafeBufferPointer({ try JournalEntry.read($0) }) else {
            throw RunbookError.io(.internalError("an entry just written cannot be read back"))
        }
        e.offset = 0
        return e
    }

    // MARK: - reading

    /// Reads the lines added since the last read and hands each good entry on. Bytes after
    /// the last newline are left in `tornTail` and not read. Throws `.damagedJournal`.
    /// `onBulk`, when given, takes a long stretch read on several cores as whole arrays.
    @discardableResult
    public func readNew(_ onEntry: (JournalEntry) -> Void = { _ in }, onBulk: (([JournalEntry]) -> Void)? = nil) throws -> Int {
        try followReplacement()
        return try read(underLock: false, onEntry, onBulk: onBulk)
    }

    /// Reads on from the cursor. A line that looks damaged, read without the lock, is read
    /// again under a shared lock before it is called damage: a reader paused between two
    /// reads while a writer set a torn tail aside can join old torn bytes to a new line.
    func read(underLock: Bool, _ onEntry: (JournalEntry) -> Void, onBulk: (([JournalEntry]) -> Void)?) throws -> Int {
        if let replaced { throw RunbookError.refused(.file(replaced)) }
        if let untrusted { throw RunbookError.io(untrusted) }
        if let d = damage { throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path)) }
        try checkStillHolds()
        var count = 0
        let bulk: (([JournalEntry]) -> Void)? = onBulk.map { hand in { part in count += part.count; hand(part) } }
        func counted(_ e: JournalEntry) { count += 1; onEntry(e) }
        let mode: JournalScanner.Mode = verifyOnly || !lightTypes.isEmpty ? .verifyOnly : .entries
        func scan() throws { tornTail = try scanner().scan(from: &cursor, mode: mode, counted, onBulk: bulk) }
        do {
            do {
                try scan()
            } catch is JournalDamage where !underLock {
                // The good lines before it were handed on and the cursor is past them.
                try withLock(LOCK_SH, waitingFor: "finish writing, to re-check the journal", scan)
            }
        } catch let d as JournalDamage {
            damage = d
            throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path))
        }
        // Incidents are created whole, entry 1 included: a journal without it was emptied or
        // cut short, and a writer must not start a new chain in it.
        if cursor.seq == 0 {
            let d = JournalDamage(line: 1, offset: 0, .noFirstEntry(torn: tornTail != nil))
            damage = d
            throw RunbookError.damagedJournal(Journal.damageMessage(d, path: path))
        }
        return count
    }

    func scanner() -> JournalScanner {
        var s = JournalScanner(fd: fd, files: files)
        s.wantedTypes = lightTypes.map { Array($0.rawValue.utf8) }
        s.bulkThreshold = bulkThreshold
        return s
    }

    /// The refusal a damaged journal gets.
    public static func damageMessage(_ d: JournalDamage, path: String) -> String {
        "the journal \(path) is damaged: \(d); nothing can be added to it. Run 'runbook verify' and keep a copy of the file for the investigation"
    }

    // MARK: - the file at the path

    /// Whether `fd` is still the file at `path`; if not, the file now there, opened.
    func fileNowAtPath() throws -> Int32? {
        var here = stat(), there = stat()
        guard files.fstat(fd, &here) == 0 else { throw FileIO.failure(.check, "the journal \(path)") }
        guard files.stat(path, &there) == 0 else {
            if errno == ENOENT {
                throw RunbookError.refused(.file(.journalGone(path: path)))
            }
            throw FileIO.failure(.check, "the journal \(path)")
        }
        if here.st_dev == there.st_dev && here.st_ino == there.st_ino { return nil }
        return try Journal.openRegular(path, writable: writable, files: files)
    }

    /// Moves to the file now at the path, if the journal was replaced, provided it holds what
    /// was already read here byte for byte (a restore or sync tool's copy does).
    func followReplacement() throws {
        if replaced != nil { return }
        guard let fresh = try fileNowAtPath() else { return }
        try adopt(fresh)
    }

    /// Takes `fresh` as the journal if its first `cursor.offset` bytes are a good chain ending
    /// at this journal's head; otherwise closes it and refuses from now on.
    func adopt(_ fresh: Int32) throws {
        let ok = holds(fresh, cursor)
        guard ok else {
            _ = files.close(fresh)
            let why = FileRefusal.journalReplaced(path: path, lacking: cursor.seq, pid: getpid(), fd: fd)
            replaced = why
            throw RunbookError.refused(.file(why))
        }
        _ = files.close(fd)
        fd = fresh
        tornTail = nil
        onWarning("the journal file was replaced (a restore or sync tool?); the new file holds every entry read so far, and this terminal now follows it")
    }

    /// Whether the open file `fresh` begins with a good chain that ends exactly at `head`.
    func holds(_ fresh: Int32, _ head: ChainCursor) -> Bool {
        var probe = ChainCursor()
        do {
            let torn = try JournalScanner(fd: fresh, files: files).scanInOrder(from: &probe, mode: .verifyOnly, end: head.offset) { _ in }
            return torn == nil && probe == head
        } catch {
            return false
        }
    }

    /// Refuses, from now on, a file that no longer holds what was read from it: a restore that
    /// writes over it in place (`cp` over it, `rsync --inplace`, `cat >`) keeps its inode, so
    /// only its length and the last entry read (its hash, where it ended) can tell. Without
    /// this, a writer would put its line past the new end, with NUL bytes between.
    func checkStillHolds() throws {
        guard cursor.offset > 0 else { return }
        var st = stat()
        guard files.fstat(fd, &st) == 0 else { throw FileIO.failure(.check, "the journal \(path)") }
        let end = Array((",\"hash\":\"" + cursor.hash + "\"}\n").utf8)
        var same = Int64(st.st_size) >= cursor.offset && cursor.offset >= Int64(end.count)
        if same {
            var here = [UInt8](repeating: 0, count: end.count)
            let n = try here.withUnsafeMutableBytes { try files.read(fd, into: $0, at: cursor.offset - Int64(end.count), what: "the journal \(path)") }
            same = n == end.count && here == end
        }
        if same { return }
        let why = FileRefusal.journalWrittenOver(path: path, lacking: cursor.seq)
        replaced = why
        throw RunbookError.refused(.file(why))
    }

    // MARK: - locks

    /// Runs `body` holding `op` (LOCK_EX or LOCK_SH) on the file now at the path, waiting as
    /// `lockWait` says and saying what it waits for after a second.
    func withLock<T>(_ op: Int32, waitingFor what: String, _ body: () throws -> T) throws -> T {
        while true {
            try lock(op, waitingFor: what)
            // The path may have been given another file while this one was locked or awaited.
            let fresh: Int32?
            do { fresh = try fileNowAtPath() } catch {
                _ = files.flock(fd, LOCK_UN)
                throw error
            }
            guard let fresh else { break }
            _ = files.flock(fd, LOCK_UN)
            try adopt(fresh)
        }
        defer { _ = files.flock(fd, LOCK_UN) }
        return try body()
    }

    /// Takes the lock, polling while another process holds it.
    func lock(_ op: Int32, waitingFor what: String) throws {
        let started = Journal.monotonicSeconds()
        var told = false
        var pause: UInt32 = 2_000
        while true {
            if FileIO.retrying({ files.flock(fd, op | LOCK_NB) }) == 0 { return }
            guard errno == EWOULDBLOCK else { throw FileIO.failure(.lock, "the journal \(path)") }
            let waited = Journal.monotonicSeconds() - started
            if waited >= lockWait.limit {
                throw RunbookError.busy(lockWait.limit == 0
                    ? "another runbook process is writing to the journal; waiting for it to finish"
                    : "another runbook process has held the journal for \(Int(lockWait.limit)) s without finishing (a stuck or stopped runbook?); nothing was recorded. Try again, or find it with 'fuser \(path)'")
            }
            if !told && waited >= 1 {
                told = true
                onWarning("waiting for another runbook process to \(what)… (up to \(Int(lockWait.limit)) s)")
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Seconds on a clock that never jumps (a wait is timed on it, not on the wall clock).
    static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    // MARK: - appending

    /// Appends one entry. Under the lock it reads what other writers added (handing those
    /// entries to `make` so the caller can re-check its action against them), moves a torn
    /// tail aside, writes the line, fsyncs, and returns the entry only once it is durable.
    public func append(now: () -> Timestamp = Timestamp.now,
                       _ make: ([JournalEntry]) throws -> EntryDraft) throws -> JournalEntry {
        let written = try appendAll(now: now) { [try make($0)] }
        guard let entry = written.first else { throw RunbookError.io(.internalError("nothing was drafted to append")) }
        return entry
    }

    /// Appends the entries `make` drafts as one step (a decision and the task it completes):
    /// under one lock, written with one write and flushed with one fsync, so both are
    /// acknowledged together and no other writer's entry comes between them. `make` may return
    /// several drafts; each is chained to the one before it.
    public func appendAll(now: () -> Timestamp = Timestamp.now,
                          _ make: ([JournalEntry]) throws -> [EntryDraft]) throws -> [JournalEntry] {
        guard writable else { throw RunbookError.io(IOFailure(.writeInto, "the journal \(path)", .readOnly)) }
        if var untrusted {
            untrusted.notRecorded = true
            throw RunbookError.io(untrusted)
        }
        try followReplacement()
        while true {
            var before = cursor
            let entry = try withLock(LOCK_EX, waitingFor: "finish writing") {
                var fresh: [JournalEntry] = []
                _ = try read(underLock: true, { fresh.append($0) }, onBulk: { fresh.append(contentsOf: $0) })
                // Check the action first: a refusal must leave the journal exactly as it was.
                let drafts = try make(fresh)
                do {
                    if let torn = tornTail { try moveAside(torn, now: now()) }
                } catch RunbookError.io(var failure) {
                    // The torn end's save, cut or flush failed: the person must be told the
                    // action they asked for was NOT recorded, not only which call failed.
                    failure.notRecorded = true
                    throw RunbookError.io(failure)
                }
                before = cursor
                return try write(drafts, time: now())
            }
            // A sync tool's copy-and-rename may have put another file at the path while the
            // line was written: acknowledged, the entry would be in a file nobody reads again.
            guard try writtenLineIsAtPath(before: before) else { continue }
            return entry
        }
    }

    /// Whether the line just written is in the file at the path. If the path now holds
    /// another file that has it too, follows that file; if that file was copied before the
    /// line was written (it holds everything up to `before`), moves to it and returns false:
    /// the action is drafted again there under its lock, against whatever else it holds.
    /// Otherwise refuses, as for any replaced journal.
    func writtenLineIsAtPath(before: ChainCursor) throws -> Bool {
        // A look that fails (the disk, or the path gone) cannot show another file there: the
        // line is durable in the file written, which is what was promised before this check.
        guard let fresh = try? fileNowAtPath() else { return true }
        if holds(fresh, cursor) {
            try adopt(fresh)
            return true
        }
        guard holds(fresh, before) else {
            try adopt(fresh)  // refuses, saying why
            return true
        }
        _ = files.close(fd)
        fd = fresh
        cursor = before
        tornTail = nil
        onWarning("the journal file was replaced while an entry was written (a sync tool?); the entry is written again in the file now at \(path)")
        return false
    }

    /// Writes `drafts` as the next lines, chained, and flushes them once; moves the cursor once
    /// they are durable.
    func write(_ drafts: [EntryDraft], time: Timestamp) throws -> [JournalEntry] {
        // The last guard: nothing is acknowledged that the journal's reader would refuse.
        try ActionTime.checkClock(time)
        var bytes: [UInt8] = []
        var lines: [(draft: EntryDraft, start: Int, hash: ChainHash?)] = []
        var prev = cursor.hash
        for (k, draft) in drafts.enumerated() {
            var line = JournalLine.encodeBytes(draft, seq: cursor.seq + 1 + k, time: time, prev: prev)
            let hash = line.withUnsafeBufferPointer { ChainHash(UnsafeBufferPointer(rebasing: $0[($0.count - 66)..<($0.count - 2)])) }
            line.append(0x0A)
            lines.append((draft, bytes.count, hash))
            bytes.append(contentsOf: line)
            prev = hash?.description ?? ""
        }
        let at = cursor.offset
        do {
            try files.writeAll(fd, bytes, at: at, what: "the journal")
            // Flushed once: a failed fsync is never tried again as if the line were then safe.
            try files.flush(fd, what: "the journal", notRecorded: true)
        } catch {
            // Cut off, the line can never be read as recorded; left in place, it could be (by
            // this reader, or a writer after it) though the disk may never have kept it.
            if FileIO.retrying({ files.ftruncate(fd, at) }) != 0 {
                untrusted = IOFailure(.write, "the journal \(path)", .earlierWriteNotTakenBack(errno: errno))
            }
            throw error
        }
        // The entries are known from the drafts; no need to parse back what was just written.
        var entries: [JournalEntry] = []
        for (k, line) in lines.enumerated() {
            guard let prev = ChainHash(cursor.hash), let hash = line.hash else {
                throw RunbookError.io(.internalError("the entry was written but its hash cannot be read back; run 'runbook verify'"))
            }
            var entry = JournalEntry(draft: line.draft, seq: cursor.seq + 1, time: time, prev: prev, hash: hash)
            entry.offset = at + Int64(line.start)
            cursor.offset = at + Int64(k + 1 < lines.count ? lines[k + 1].start : bytes.count)
            // The cursor's list of clock jumps covers what this writer appended too.
            if let back = ClockWentBack.between(seq: entry.seq, time: time, previousSeq: cursor.seq, previousTime: cursor.time) {
                cursor.clockBacks.append(back)
            }
            cursor.seq += 1
            cursor.hash = entry.hash
            cursor.time = time
            entries.append(entry)
        }
        return entries
    }

    /// Copies a torn tail to `journal.torn-<time>` beside the journal, then cuts it off.
    func moveAside(_ torn: TornTail, now: Timestamp) throws {
        var bytes = [UInt8](repeating: 0, count: Int(torn.length))
        let n = try bytes.withUnsafeMutableBytes { try files.read(fd, into: $0, at: torn.offset, what: "the torn end of the journal") }
        guard n == Int(torn.length) else { throw RunbookError.io(IOFailure(.read, "the torn end of the journal", .changedWhileRead)) }
        let dir = FileIO.folder(of: path)
        let stamp = now.rfc3339.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        var target = dir + "/journal.torn-" + stamp
        var k = 1
        var st = stat()
        while files.stat(target, &st) == 0 { k += 1; target = dir + "/journal.torn-\(stamp)-\(k)" }
        // Written under a hidden name and renamed into place, so a writer killed half-way
        // never leaves an empty or partial journal.torn-* file behind.
        let partial = dir + "/.journal.torn-partial-\(getpid())"
        Journal.removeStalePartials(in: dir, files: files)
        try files.writeAside(partial, renamedTo: target, failing: .saveTornEnd(to: target), "the torn end of the journal") {
            try files.createFile(partial, bytes: bytes, what: "the torn end of the journal (\(target))")
        }
        guard files.ftruncate(fd, torn.offset) == 0 else { throw FileIO.failure(.cutTornEnd, "the journal") }
        try files.flush(fd, what: "the journal")
        tornTail = nil
        onWarning("the journal's last line was incomplete (a crash mid-write); its \(torn.length) bytes were kept in \(target) and it is not counted as recorded")
    }
}

/// How long a journal call waits for another runbook process holding the journal's lock.
public struct LockWait: Sendable {
    /// Seconds to wait before giving up with `RunbookError.busy`; 0 tries once.
    public var limit: Double

    /// A wait of `limit` seconds.
    public init(limit: Double) { self.limit = limit }

    /// One-line commands: 30 s, saying after one second what they wait for.
    public static let commandLine = LockWait(limit: 30)
    /// The command post: never blocks its screen; it keeps the action pending and tries again.
    public static let tryOnce = LockWait(limit: 0)
}

extension Journal {
    /// Removes `.journal.torn-partial-<pid>` files left by writers killed while saving a torn
    /// end: their bytes are still the journal's torn end, which this writer saves whole.
    static func removeStalePartials(in dir: String, files: any FileSystem) {
        let prefix = ".journal.torn-partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { _ = files.unlink(dir + "/" + name) }
        }
    }
}

extension Journal {
    /// The last `count` entries read so far (fewer in a shorter journal), built in full: after
    /// a light read (`lightTypes`), whose checks already covered every one of these lines, the
    /// latest entries of every type. Reads one window from the end of what was read.
    public func tail(_ count: Int) throws -> [JournalEntry] {
        let end = cursor.offset
        guard end > 0, count > 0 else { return [] }
        let scanner = self.scanner()
        // Entries are a few hundred bytes: a window of 2 KiB an entry holds them, else read all.
        let from = max(0, end - Int64(count) * 2_048)
        var window = [UInt8](repeating: 0, count: Int(end - from))
        guard scanner.readFully(&window, at: from) else { return [] }
        var starts: [Int] = from == 0 ? [0] : []
        for (i, b) in window.enumerated() where b == 0x0A && i + 1 < window.count { starts.append(i + 1) }
        guard !starts.isEmpty else { return [] }
        let first = starts[max(0, starts.count - count)]
        let offset = from + Int64(first)
        guard let e = scanner.firstEntry(at: offset) else { return [] }
        var c = ChainCursor()
        c.offset = offset
        c.seq = e.seq - 1
        c.hash = e.prev
        var out: [JournalEntry] = []
        var full = JournalScanner(fd: fd, files: files)
        full.bulkThreshold = Int64.max
        _ = try full.scanInOrder(from: &c, mode: .entries, end: end) { out.append($0) }
        return out
    }
}

extension Journal {
    /// The journal's lines as they are on disk, without their newlines, from `offset` (a line
    /// start) for at most `count` lines, never past what was read and checked: `log --format
    /// jsonl` prints them, never re-encoded. Read through this journal's open file (the one
    /// it follows if the path was given another). Returns the lines and the offset after them.
    public func checkedLines(from offset: Int64, count: Int) throws -> (lines: [String], end: Int64) {
        let end = cursor.offset
        guard count > 0, offset < end else { return ([], offset) }
        var bytes = [UInt8](repeating: 0, count: Int(end - offset))
        let n = try bytes.withUnsafeMutableBytes { try files.read(fd, into: $0, at: offset, what: "the journal \(path)") }
        guard n == bytes.count else { throw RunbookError.io(IOFailure(.read, "the journal \(path)", .changedWhileRead)) }
        var out: [String] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            out.append(String(decoding: bytes[start..<i], as: UTF8.self))
            start = i + 1
            if out.count == count { break }
        }
        return (out, offset + Int64(start))
    }
}
