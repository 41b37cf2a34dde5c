import Foundation

/// Reads a journal from a cursor onwards in fixed-size chunks, judging every complete line
/// with `JournalLineCheck` and handing each good entry on. Memory stays bounded by the chunk
/// size. The bytes after the last newline are a torn tail (a crash mid-write, or a line
/// another process is still writing); a complete line that fails its checks is damage,
/// wherever it is (the model is leveldb's log reader).
public struct JournalScanner: Sendable {
    /// What to do with each good line.
    public enum Mode: Sendable { case verifyOnly, entries }

    let fd: Int32
    /// Every read goes through this (a test's may fail any one of them).
    let files: any FileSystem
    var chunk: Int
    /// In `.verifyOnly` mode, the entry types still built and handed on (a light read that
    /// checks every line but keeps only what a quick action needs).
    public var wantedTypes: [[UInt8]] = []
    /// Unread bytes from which the reading is shared among cores (JournalScanner+Bulk.swift).
    public var bulkThreshold = JournalScanner.defaultBulkThreshold
    public static let defaultBulkThreshold: Int64 = 512 << 10
    /// Unread bytes from which a light read's entries are written straight into one array,
    /// as a full read's are (JournalScanner+Bulk.swift).
    public var slotsThreshold = JournalScanner.defaultSlotsThreshold
    public static let defaultSlotsThreshold: Int64 = 8 << 20
    /// How many parts a long unread stretch is cut into: four a core, so that a core slowed by
    /// other work (another process on a shared machine) holds up no more than a small part.
    /// Against one a core, a board on 200,000 entries took 5% less time (`make bench`).
    public var bulkParts = JournalScanner.cores * 4
    /// The longest line read before it is called damage.
    static let longestLine = 256 << 20

    /// The cores this process may use (at most 8). Asked once: the answer is read from the
    /// cgroup files, which would cost more than a whole append if asked every time.
    static let cores = min(ProcessInfo.processInfo.activeProcessorCount, 8)

    /// Scans the open file `fd`.
    public init(fd: Int32, files: any FileSystem = FileIO.system, chunkSize: Int = 128 << 10) {
        self.fd = fd
        self.files = files
        self.chunk = chunkSize
    }

    func lineCheck(_ mode: Mode) -> JournalLineCheck {
        JournalLineCheck(buildAll: mode == .entries, wantedTypes: wantedTypes)
    }

    /// Reads every complete line after `cursor`, advancing it past each good one. Returns the
    /// torn tail if the file ends in one. Throws `JournalDamage` for a complete line that fails.
    /// `onBulk`, when given, takes the entries of a long stretch read on several cores as whole
    /// arrays, in order, instead of one by one through `onEntry`.
    public func scan(from cursor: inout ChainCursor, mode: Mode, _ onEntry: (JournalEntry) -> Void,
                     onBulk: (([JournalEntry]) -> Void)? = nil) throws -> TornTail? {
        var st = stat()
        guard files.fstat(fd, &st) == 0 else { return try scanInOrder(from: &cursor, mode: mode, end: nil, onEntry) }
        // Nothing new since the cursor: the common case when following a journal.
        let size = Int64(st.st_size)
        if size == cursor.offset { return nil }
        if size - cursor.offset >= bulkThreshold, let bulk = bulk(from: cursor, size: size, mode: mode) {
            for part in bulk.parts {
                if let onBulk { onBulk(part) } else { part.forEach(onEntry) }
            }
            cursor = bulk.cursor
        }
        return try scanInOrder(from: &cursor, mode: mode, end: nil, onEntry)
    }

    /// The offset just after the last newline before `offset`, looking back at most 64 KiB.
    func lineStart(before offset: Int64) -> Int64? {
        let from = max(0, offset - 65_536)
        var window = [UInt8](repeating: 0, count: Int(offset - from))
        guard !window.isEmpty, readFully(&window, at: from) else { return nil }
        guard let i = window.lastIndex(of: 0x0A) else { return nil }
        return from + Int64(i) + 1
    }

    /// The bytes from `offset` up to (not including) the next newline, looking at most 64 KiB
    /// on; nil when there is no newline that near.
    func bytesToNewline(at offset: Int64) -> ArraySlice<UInt8>? {
        var window = [UInt8](repeating: 0, count: 65_536)
        let n = (try? window.withUnsafeMutableBytes { try files.read(fd, into: $0, at: offset, what: "the journal") }) ?? 0
        guard n > 0, let nl = window[0..<n].firstIndex(of: 0x0A) else { return nil }
        return window[0..<nl]
    }

    /// The offset just after the first newline at or after `offset`, looking at most 64 KiB on.
    func lineStart(after offset: Int64) -> Int64? {
        bytesToNewline(at: offset).map { offset + Int64($0.count) + 1 }
    }

    /// The entry on the line starting at `offset`, read without checks (the part's reader checks it).
    func firstEntry(at offset: Int64) -> JournalEntry? {
        bytesToNewline(at: offset)?.withUnsafeBufferPointer { (try? JournalEntry.read($0)) ?? nil }
    }

    /// Entry 1, read and checked as every line is (its hash, its members, seq 1, the zero
    /// `prev`, `incident.opened`), at any length up to `longestLine`: the seal and the
    /// incident id are in it, and a window that stops short would let both checks pass
    /// unread. Throws `JournalDamage` when the file does not begin with a good entry 1, and
    /// `.io` when it cannot be read.
    public func entryOne() throws -> JournalEntry {
        var size = 16 << 10
        while true {
            var buffer = [UInt8](repeating: 0, count: size)
            let n = try buffer.withUnsafeMutableBytes { try files.read(fd, into: $0, at: 0, what: "the journal") }
            if let nl = buffer[0..<n].firstIndex(of: 0x0A) {
                var cursor = ChainCursor()
                var expected = Array(cursor.hash.utf8)
                let verdict = buffer.withUnsafeBufferPointer {
                    lineCheck(.entries).check(UnsafeBufferPointer(rebasing: $0[0..<nl]), cursor: &cursor, expectedHash: &expected)
                }
                switch verdict {
                case .good(var entry?):
                    entry.offset = 0
                    return entry
                case .good(nil): throw JournalDamage(line: 1, offset: 0, .missingMember)
                case .damaged(let problem): throw JournalDamage(line: 1, offset: 0, problem)
                }
            }
            if n < size {
                // As the reader says it: a whole entry 1 without its end-of-line was edited.
                let edited = buffer.withUnsafeBufferPointer {
                    JournalScanner.holdsCompleteEntry(UnsafeBufferPointer(rebasing: $0[0..<n]), after: ChainCursor(), expectedHash: Array(JournalLine.zeroHash.utf8))
                }
                throw JournalDamage(line: 1, offset: 0, edited ? .unterminated : .noFirstEntry(torn: n > 0))
            }
            guard size < JournalScanner.longestLine else { throw JournalDamage(line: 1, offset: 0, .tooLong) }
            size = min(size * 8, JournalScanner.longestLine)
        }
    }

    /// Fills `buffer` from `offset`; false if the file ends first or cannot be read.
    func readFully(_ buffer: inout [UInt8], at offset: Int64) -> Bool {
        let want = buffer.count
        let n = (try? buffer.withUnsafeMutableBytes { try files.read(fd, into: $0, at: offset, what: "the journal") }) ?? -1
        return n == want
    }

    /// Reads the lines after `cursor` in order, one core. `end`, when given, is taken as the end
    /// of the file (a line start: the bulk reader's parts).
    func scanInOrder(from cursor: inout ChainCursor, mode: Mode, end: Int64?,
                     _ onEntry: (JournalEntry) -> Void) throws -> TornTail? {
        var st = stat()
        let limit: Int64? = end ?? (files.fstat(fd, &st) == 0 ? Int64(st.st_size) : nil)
        if let limit, limit == cursor.offset { return nil }
        let pending = limit.map { Int(max(0, $0 - cursor.offset)) } ?? chunk
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(4096, pending + 1)))
        var filled = 0            // bytes in buffer
        var bufferStart = cursor.offset  // file offset of buffer[0]
        var eof = false
        var expectedHash = Array(cursor.hash.utf8)
        let check = lineCheck(mode)
        // The head's text is made once at the end, not for every line.
        defer { cursor.hash = String(decoding: expectedHash, as: UTF8.self) }
        while true {
            if !eof && filled < buffer.count {
                var want = buffer.count - filled
                if let end { want = Int(min(Int64(want), end - (bufferStart + Int64(filled)))) }
                let n = want == 0 ? 0 : try buffer.withUnsafeMutableBytes { raw in
                    try files.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<(filled + want)]),
                                    at: bufferStart + Int64(filled), what: "the journal")
                }
                // A short read is the end of the file as it is now.
                if n < want || want == 0 { eof = true }
                filled += n
            }
            var consumed = 0
            var damage: JournalDamage?
            buffer.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress else { return }
                while consumed < filled {
                    guard let nl = memchr(base + consumed, 0x0A, filled - consumed) else { break }
                    let lineLen = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) - consumed
                    let line = UnsafeBufferPointer(start: base + consumed, count: lineLen)
                    let lineOffset = bufferStart + Int64(consumed)
                    switch check.check(line, cursor: &cursor, expectedHash: &expectedHash) {
                    case .good(var entry?):
                        entry.offset = lineOffset
                        onEntry(entry)
                    case .good(nil):
                        break
                    case .damaged(let problem):
                        damage = JournalDamage(line: cursor.seq + 1, offset: lineOffset, problem)
                        return
                    }
                    consumed += lineLen + 1
                    cursor.offset = bufferStart + Int64(consumed)
                }
            }
            if let damage { throw damage }
            if eof {
                let rest = filled - consumed
                if rest == 0 { return nil }
                let tailOffset = bufferStart + Int64(consumed)
                // Only the bytes after the last newline can be torn, and a crash leaves only a
                // beginning of a line written whole in one call: bytes that hold a complete good
                // entry (its end-of-line removed or changed) were cut or edited on purpose.
                let holdsEntry = buffer.withUnsafeBufferPointer { all in
                    JournalScanner.holdsCompleteEntry(UnsafeBufferPointer(rebasing: all[consumed..<filled]), after: cursor, expectedHash: expectedHash)
                }
                if holdsEntry { throw JournalDamage(line: cursor.seq + 1, offset: tailOffset, .unterminated) }
                return TornTail(offset: tailOffset, length: Int64(rest))
            }
            // Slide the unconsumed partial line to the front, growing the buffer for long lines.
            if consumed == 0 && filled == buffer.count {
                guard buffer.count < JournalScanner.longestLine else {
                    throw JournalDamage(line: cursor.seq + 1, offset: bufferStart, .tooLong)
                }
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            } else if consumed > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    if let base = p.baseAddress { _ = memmove(base, base + consumed, filled - consumed) }
                }
                filled -= consumed
                bufferStart += Int64(consumed)
            }
        }
    }

    /// Whether `tail` (bytes after the last newline) begins with a complete entry that passes
    /// every check as the one after `cursor`: `,"hash":"`, 64 hex digits and `"}` end one.
    static func holdsCompleteEntry(_ tail: UnsafeBufferPointer<UInt8>, after cursor: ChainCursor, expectedHash: [UInt8]) -> Bool {
        let marker = JournalLine.hashMarker
        guard tail.count >= JournalLine.tailLength else { return false }
        var s = 0
        while s + JournalLine.tailLength <= tail.count {
            if tail[s] == marker[0], zip(marker.indices, s...).allSatisfy({ tail[$1] == marker[$0] }) {
                let line = UnsafeBufferPointer(rebasing: tail[0..<(s + JournalLine.tailLength)])
                var probe = cursor, probeHash = expectedHash
                if case .good = JournalLineCheck(buildAll: false).check(line, cursor: &probe, expectedHash: &probeHash) { return true }
            }
            s += 1
        }
        return false
    }
}
