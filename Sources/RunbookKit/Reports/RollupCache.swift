import Foundation

/// What the roll-up keeps between looks so that 140 incidents are not re-read and re-hashed
/// every second: per chain, how far it was verified (seq, hash, byte offset, size, inode), and
/// per incident the row's facts with what they were read from (every chain's length and head).
/// Kept in memory and under the home, `<home>/cache/rollup/<id>.json` (folders 0700, files
/// 0600, written aside and renamed). Never trusted blindly: a chain's record is used only when
/// the file is the same one (inode) and its bytes at the recorded offset still end in the
/// recorded hash (`VerifiedChainRead`); any doubt and the chain is read whole. It is a cache: losing
/// it, or failing to write it (a home one may only read), costs time, never a fact.
public final class RollupCache: @unchecked Sendable {
    /// The name the own chain (`journal.jsonl`) is kept under; copies by their station id.
    public static let ownChain = "journal"
    /// The layout's version: a file of another is read as no cache.
    static let version = 1

    /// How far one chain was verified.
    public struct ChainRecord: Codable, Sendable, Equatable {
        /// `ownChain` or the station id.
        public var name: String
        public var inode: UInt64
        /// The file's size when last read.
        public var size: Int64
        /// Bytes verified good: the end of the last good line.
        public var offset: Int64
        /// The last good entry's seq (the chain's good entries) and hash.
        public var seq: Int
        public var hash: String
        /// The last good entry's recorded time.
        public var timeMillis: Int64?
        /// The station id and name the chain's `station.joined` / `station.sealed` entries give.
        public var station: String?
        public var stationName: String?
        /// The damage found at `offset`, if the chain does not go on good from there.
        public var problem: String?
    }

    /// One incident's cache file.
    public struct Entry: Codable, Sendable, Equatable {
        public var version = RollupCache.version
        public var chains: [ChainRecord] = []
        /// What `facts` were read from (`Rollup.row`); empty when they were not.
        public var factsKey: [String] = []
        public var facts: Rollup.Facts?
    }

    let store: IncidentStore
    /// Whether to keep the cache on disk too (a test may keep it in memory only).
    let persist: Bool
    private var memory: [String: Entry] = [:]
    private let lock = NSLock()

    /// A cache for `store`'s incidents.
    public init(store: IncidentStore, persist: Bool = true) {
        self.store = store
        self.persist = persist
    }

    /// The folder the cache files are in.
    public var folder: String { store.home + "/cache/rollup" }

    /// The path of incident `id`'s cache file.
    public func path(_ id: String) -> String { folder + "/" + id + ".json" }

    /// Incident `id`'s entry: from memory, else the file, else empty.
    public func entry(_ id: String) -> Entry {
        lock.lock(); defer { lock.unlock() }
        if let e = memory[id] { return e }
        guard persist, let bytes = try? store.files.readRegular(path: path(id)),
              let e = try? JSONDecoder().decode(Entry.self, from: Data(bytes)), e.version == RollupCache.version else { return Entry() }
        memory[id] = e
        return e
    }

    /// Keeps `entry` for incident `id`; writes the file only when it changed.
    public func keep(_ id: String, _ entry: Entry) {
        lock.lock()
        let changed = memory[id] != entry
        memory[id] = entry
        lock.unlock()
        guard persist, changed, let data = try? JSONEncoder().encode(entry) else { return }
        write(Array(data), to: path(id))
    }

    /// Writes `bytes` to `target` as 0600 aside and renamed, making the folders 0700; any
    /// failure leaves the cache unwritten (it is only a cache).
    func write(_ bytes: [UInt8], to target: String) {
        for dir in [store.home + "/cache", folder] {
            var st = stat()
            if lstat(dir, &st) != 0 { _ = mkdir(dir, 0o700) } else if st.st_mode & S_IFMT != S_IFDIR { return }
        }
        let name = (target as NSString).lastPathComponent
        let aside = folder + "/." + name + ".tmp-" + String(getpid())
        let fd = open(aside, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let ok = (try? store.files.writeAll(fd, bytes, at: 0, what: "the roll-up cache")) != nil
        close(fd)
        if !ok || rename(aside, target) != 0 { unlink(aside) }
    }
}

/// Verifies a chain from where it was last verified: the one place the roll-up's per-chain
/// record is trusted, and only after the file's bytes say it still holds.
public enum VerifiedChainRead {
    /// The chain at `path` read on from `cached` when the file still holds it (same inode, at
    /// least as long, the line ending at its offset good and ending in its hash), else read
    /// whole. Every line read is checked as the journal checks it; damage stops the reading and
    /// is kept in `problem`, with the good part before it.
    public static func read(path: String, name: String, cached: RollupCache.ChainRecord?, files: any FileSystem) -> RollupCache.ChainRecord {
        var fresh = RollupCache.ChainRecord(name: name, inode: 0, size: 0, offset: 0, seq: 0, hash: JournalLine.zeroHash)
        let fd: Int32
        do { fd = try files.openRegular(path: path, flags: O_RDONLY | O_NOFOLLOW, what: "the chain") } catch {
            fresh.problem = "\(error)"
            return fresh
        }
        defer { _ = files.close(fd) }
        var st = stat()
        guard files.fstat(fd, &st) == 0 else { fresh.problem = "it cannot be read"; return fresh }
        let size = Int64(st.st_size), inode = UInt64(st.st_ino)
        var record = fresh
        var cursor = ChainCursor()
        if let c = cached, c.inode == inode, c.offset > 0, c.offset <= size,
           lineEnds(fd: fd, at: c.offset, withHash: c.hash, files: files) {
            if c.size == size && c.offset == size { return c }  // nothing appended: nothing to read
            record = c
            cursor.offset = c.offset
            cursor.seq = c.seq
            cursor.hash = c.hash
            cursor.time = c.timeMillis.map(Timestamp.init(millis:))
        }
        record.inode = inode
        record.size = size
        record.problem = nil
        var scanner = JournalScanner(fd: fd, files: files)
        // Every line is checked; only the entries that name the chain's station are built.
        scanner.wantedTypes = [EntryType.stationJoined, .stationSealed].map { Array($0.rawValue.utf8) }
        do {
            _ = try scanner.scan(from: &cursor, mode: .verifyOnly, { e in
                guard e.kind == .stationJoined || e.kind == .stationSealed else { return }
                if let s = e.string("station") { record.station = s }
                if let n = e.string("stationName") { record.stationName = n }
            })
        } catch {
            record.problem = "\(error)"
        }
        record.offset = cursor.offset
        record.seq = cursor.seq
        record.hash = cursor.hash
        record.timeMillis = cursor.time?.millis
        return record
    }

    /// Whether the bytes of the file `fd` just before `offset` are a whole good line (its hash
    /// matches its bytes) whose hash is `hash`: the chain still holds what was verified up to
    /// there. False at any doubt (no newline there, a line longer than 64 KiB, a read error).
    static func lineEnds(fd: Int32, at offset: Int64, withHash hash: String, files: any FileSystem) -> Bool {
        // Most lines are well under 4 KiB: one small read each, for 400 chains a second.
        if lineEnds(fd: fd, at: offset, withHash: hash, window: 4096, files: files) { return true }
        return lineEnds(fd: fd, at: offset, withHash: hash, window: 65_536, files: files)
    }

    static func lineEnds(fd: Int32, at offset: Int64, withHash hash: String, window size: Int64, files: any FileSystem) -> Bool {
        let from = max(0, offset - size)
        var window = [UInt8](repeating: 0, count: Int(offset - from))
        let got = (try? window.withUnsafeMutableBytes { try files.read(fd, into: $0, at: from, what: "the chain") }) ?? 0
        guard got == window.count, window.last == 0x0A else { return false }
        let end = window.count - 1
        let start: Int
        if let nl = window[0..<end].lastIndex(of: 0x0A) { start = nl + 1 } else if from == 0 { start = 0 } else { return false }
        // A line ends `,"hash":"<64 hex>"}` (`JournalLine.tailLength`): the hash is 66 to 2 bytes from its end.
        guard end - start > JournalLine.tailLength else { return false }
        return window.withUnsafeBufferPointer { all in
            let line = UnsafeBufferPointer(rebasing: all[start..<end])
            guard JournalLine.hashMatches(line) == true else { return false }
            return Array(all[(end - 66)..<(end - 2)]).elementsEqual(hash.utf8)
        }
    }
}
