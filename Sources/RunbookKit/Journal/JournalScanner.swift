import Dispatch
import Foundation

/// How far a journal has been read and checked: the chain's head after the last good line.
public struct ChainCursor: Sendable, Equatable {
    /// Bytes of the file read and found good.
    public var offset: Int64 = 0
    /// The last good entry's seq (0 before entry 1).
    public var seq: Int = 0
    /// The last good entry's hash (64 zeros before entry 1).
    public var hash: String = JournalLine.zeroHash
    /// The last good entry's recorded time.
    public var time: Timestamp?

    /// The start of a journal.
    public init() {}
}

/// Damage in the middle of a journal: it cannot be trusted past `seq - 1`.
public struct JournalDamage: Error, Sendable, CustomStringConvertible {
    /// The 1-based line number of the bad line.
    public let line: Int
    /// Byte offset of the bad line.
    public let offset: Int64
    /// Why it is bad, in plain words.
    public let reason: String

    public var description: String { "entry \(line) (line \(line), byte \(offset)) \(reason)" }

    /// A journal holding no good entry at all: empty, or only a torn line.
    static func noFirstEntry(torn: Bool) -> JournalDamage {
        JournalDamage(line: 1, offset: 0, reason: "missing: the journal \(torn ? "has no complete entry" : "is empty"); it must begin with incident.opened")
    }

    func withoutTornPrefix() -> JournalDamage {
        guard reason.hasPrefix(JournalScanner.tornPrefix) else { return self }
        let r = reason.dropFirst(JournalScanner.tornPrefix.count).drop(while: { $0 == " " })
        return JournalDamage(line: line, offset: offset, reason: String(r))
    }
}

/// Bytes after the last good line that are not a complete, good line: a crash mid-write
/// (or, while another process writes, a line not finished yet).
public struct TornTail: Sendable, Equatable {
    /// Where the torn bytes start.
    public let offset: Int64
    /// How many bytes.
    public let length: Int64
    /// What is wrong with them.
    public let reason: String
}

/// Reads a journal from a cursor onwards in fixed-size chunks, checking every line's hash,
/// seq and prev, and handing each good entry on. Memory stays bounded by the chunk size.
public struct JournalScanner: Sendable {
    /// What to do with each good line.
    public enum Mode: Sendable { case verifyOnly, entries }

    let fd: Int32
    var chunk: Int
    /// In `.verifyOnly` mode, the entry types still built and handed on (a light read that
    /// checks every line but keeps only what a quick action needs).
    public var wantedTypes: [[UInt8]] = []
    /// Unread bytes from which the reading is shared among cores (see `bulk`).
    public var bulkThreshold = JournalScanner.defaultBulkThreshold
    public static let defaultBulkThreshold: Int64 = 512 << 10
    /// How many parts a long unread stretch is cut into: one a core.
    public var bulkParts = JournalScanner.cores

    /// The cores this process may use (at most 8). Asked once: the answer is read from the
    /// cgroup files, which would cost more than a whole append if asked every time.
    static let cores = min(ProcessInfo.processInfo.activeProcessorCount, 8)

    /// Scans the open file `fd`.
    public init(fd: Int32, chunkSize: Int = 128 << 10) {
        self.fd = fd
        self.chunk = chunkSize
    }

    /// Reads every complete line after `cursor`, advancing it past each good one. Returns the
    /// torn tail if the file ends in one. Throws `JournalDamage` for damage before the end.
    /// `onBulk`, when given, takes the entries of a long stretch read on several cores as whole
    /// arrays, in order, instead of one by one through `onEntry`.
    public func scan(from cursor: inout ChainCursor, mode: Mode, _ onEntry: (JournalEntry) -> Void,
                     onBulk: (([JournalEntry]) -> Void)? = nil) throws -> TornTail? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return try scanInOrder(from: &cursor, mode: mode, end: nil, onEntry) }
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

    /// What one core found in its part of a long unread stretch.
    struct BulkPart: Sendable {
        /// The seq and prev its first line claims, to be joined with the part before.
        var claimed: ChainCursor
        /// The chain's head after its last line.
        var cursor: ChainCursor
    }

    /// Checks the good lines of a long unread stretch (all but the file's last line) on every
    /// core, each core a part, joining the parts' chains at the seams. Returns nil if anything
    /// at all is amiss — damage, a torn line, a seam that does not join, a line too long —
    /// and the caller reads it all again in order, which finds and words the problem exactly
    /// as a single reader does. The entries come back in order, as one array when every line
    /// is built (so a long journal's entries are never copied), else one array a part.
    func bulk(from start: ChainCursor, size: Int64, mode: Mode) -> (cursor: ChainCursor, parts: [[JournalEntry]])? {
        guard let bounds = partBounds(from: start.offset, size: size) else { return nil }
        let parts = bounds.count - 1
        // Each part's chain starts where its first line says it does; the seams are checked below.
        var starts = [start]
        for k in 1..<parts {
            // Unchecked until its part is read: the claim must at least be possible, a seq past
            // the previous part's start by no more lines than fit in that part's bytes.
            guard let first = firstEntry(at: bounds[k]), first.seq > starts[k - 1].seq + 1,
                  first.seq - starts[k - 1].seq <= Int(bounds[k] - bounds[k - 1]) / JournalLine.shortestLine + 1 else { return nil }
            var c = ChainCursor()
            c.offset = bounds[k]
            c.seq = first.seq - 1
            c.hash = first.prev
            starts.append(c)
        }
        let results = BulkResults(count: parts)
        let scanner = self, partStarts = starts, partBounds = bounds
        /// Reads part `k`, handing each entry to `keep`, which says false when it has no room.
        let read: @Sendable (Int, (JournalEntry) -> Bool) -> BulkPart? = { k, keep in
            var cursor = partStarts[k]
            var room = true
            do {
                let torn = try scanner.scanInOrder(from: &cursor, mode: mode, end: partBounds[k + 1]) { e in
                    if room { room = keep(e) }
                }
                guard room, torn == nil, cursor.offset == partBounds[k + 1] else { return nil }
            } catch { return nil }
            return BulkPart(claimed: partStarts[k], cursor: cursor)
        }
        var out: [[JournalEntry]] = []
        if mode == .entries {
            // Every part writes its entries straight into its own stretch of one array (no line
            // is shorter than `shortestLine`, so each stretch has room); the stretches are then
            // moved together.
            let room = (0..<parts).map { Int(bounds[$0 + 1] - bounds[$0]) / JournalLine.shortestLine + 1 }
            var starts = [0]
            for k in 0..<parts { starts.append(starts[k] + room[k]) }
            let first = starts
            let all = [JournalEntry](unsafeUninitializedCapacity: first[parts]) { buffer, initialized in
                let slots = EntrySlots(base: buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: parts) { k in
                    var n = 0
                    let part = read(k) { e in
                        guard n < room[k] else { return false }
                        (slots.base + first[k] + n).initialize(to: e)
                        n += 1
                        return true
                    }
                    results.set(k, part, written: n)
                }
                var filled = 0
                for k in 0..<parts {
                    let n = results.written(k)
                    if filled != first[k] { (buffer.baseAddress! + filled).moveInitialize(from: buffer.baseAddress! + first[k], count: n) }
                    filled += n
                }
                initialized = filled
            }
            out = [all]
        } else {
            // Verifying: the few entries still wanted are kept a part at a time.
            let kept = BulkEntries(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                var mine: [JournalEntry] = []
                let part = read(k) { mine.append($0); return true }
                kept.set(k, mine)
                results.set(k, part, written: mine.count)
            }
            out = (0..<parts).map { kept.get($0) }
        }
        var cursor = start
        for k in 0..<parts {
            guard let part = results.get(k) else { return nil }
            guard part.claimed.seq == cursor.seq, part.claimed.hash == cursor.hash else { return nil }
            cursor = part.cursor
        }
        return (cursor, out)
    }

    /// Where the parts of a bulk read begin and end: line starts, the last being the start of
    /// the file's last line (left to the careful reader). Nil when there is nothing to share.
    func partBounds(from start: Int64, size: Int64) -> [Int64]? {
        guard bulkParts > 1, let end = lineStart(before: size - 1), end > start else { return nil }
        var bounds = [start]
        for k in 1..<bulkParts {
            guard let b = lineStart(after: start + (end - start) * Int64(k) / Int64(bulkParts)) else { return nil }
            if b > bounds[bounds.count - 1] && b < end { bounds.append(b) }
        }
        bounds.append(end)
        return bounds
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
        let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
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

    func readFully(_ buffer: inout [UInt8], at offset: Int64) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + Int64(done))) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// Reads the lines after `cursor` in order, one core. `end`, when given, is taken as the end
    /// of the file (a line start: the bulk reader's parts).
    func scanInOrder(from cursor: inout ChainCursor, mode: Mode, end: Int64?,
                     _ onEntry: (JournalEntry) -> Void) throws -> TornTail? {
        var st = stat()
        let limit: Int64? = end ?? (fstat(fd, &st) == 0 ? Int64(st.st_size) : nil)
        if let limit, limit == cursor.offset { return nil }
        let pending = limit.map { Int(max(0, $0 - cursor.offset)) } ?? chunk
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(4096, pending + 1)))
        var filled = 0            // bytes in buffer
        var bufferStart = cursor.offset  // file offset of buffer[0]
        var eof = false
        var expectedHash = Array(cursor.hash.utf8)
        // The head's text is made once at the end, not for every line.
        defer { cursor.hash = String(decoding: expectedHash, as: UTF8.self) }
        while true {
            if !eof && filled < buffer.count {
                var want = buffer.count - filled
                if let end { want = Int(min(Int64(want), end - (bufferStart + Int64(filled)))) }
                let n = want == 0 ? 0 : buffer.withUnsafeMutableBytes { raw -> Int in
                    pread(fd, raw.baseAddress! + filled, want, off_t(bufferStart + Int64(filled)))
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RunbookError.io("cannot read the journal: \(String(cString: strerror(errno)))")
                }
                if n == 0 { eof = true } else { filled += n }
            }
            var consumed = 0
            var pendingError: Error?
            var pendingTorn: TornTail?
            // A bad line that ends the data read so far may be the file's last line (torn) or
            // not (damage): read on until that is known.
            buffer.withUnsafeBufferPointer { all in
                let base = all.baseAddress!
                while consumed < filled {
                    let rest = filled - consumed
                    guard let nl = memchr(base + consumed, 0x0A, rest) else { break }
                    let lineLen = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) - consumed
                    let line = UnsafeBufferPointer(start: base + consumed, count: lineLen)
                    let lineOffset = bufferStart + Int64(consumed)
                    let endsTheData = consumed + lineLen + 1 == filled
                    do {
                        try check(line: line, offset: lineOffset, cursor: &cursor, expectedHash: &expectedHash,
                                  mode: mode, onEntry)
                        consumed += lineLen + 1
                        cursor.offset = bufferStart + Int64(consumed)
                    } catch let damage as JournalDamage {
                        if endsTheData && damage.reason.hasPrefix(JournalScanner.tornPrefix) {
                            if eof {
                                pendingTorn = TornTail(offset: lineOffset, length: Int64(lineLen + 1), reason: damage.reason)
                            }
                            // Otherwise: not yet known whether it is the file's last line;
                            // the outer loop reads on and judges it again.
                        } else {
                            pendingError = damage.withoutTornPrefix()
                        }
                        return
                    } catch {
                        pendingError = error
                        return
                    }
                }
            }
            if let e = pendingError { throw e }
            if let t = pendingTorn { return t }
            if eof {
                let rest = filled - consumed
                if rest == 0 { return nil }
                return TornTail(offset: bufferStart + Int64(consumed), length: Int64(rest),
                                reason: "its last line is incomplete (no end of line)")
            }
            // Slide the unconsumed partial line to the front, growing the buffer for long lines.
            if consumed == 0 && filled == buffer.count {
                guard buffer.count < 256 << 20 else {
                    throw JournalDamage(line: cursor.seq + 1, offset: bufferStart, reason: "is longer than 256 MiB: not a journal line")
                }
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            } else if consumed > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + consumed, filled - consumed)
                }
                filled -= consumed
                bufferStart += Int64(consumed)
            }
        }
    }

    /// Reasons that, on the final line only, mean a torn write rather than damage.
    static let tornPrefix = "looks torn:"

    func check(line: UnsafeBufferPointer<UInt8>, offset: Int64, cursor: inout ChainCursor,
               expectedHash: inout [UInt8], mode: Mode, _ onEntry: (JournalEntry) -> Void) throws {
        let lineNo = cursor.seq + 1
        guard let matches = JournalLine.hashMatches(line) else {
            do { try FlatJSON.validate(line) } catch let f as FlatJSON.Failure {
                throw JournalDamage(line: lineNo, offset: offset, reason: "\(JournalScanner.tornPrefix) is not JSON (\(f.message))")
            }
            throw JournalDamage(line: lineNo, offset: offset, reason: "\(JournalScanner.tornPrefix) does not end with its \"hash\" member")
        }
        guard matches else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "\(JournalScanner.tornPrefix) hash mismatch: the line's bytes were changed after it was written")
        }
        if mode == .verifyOnly {
            let type = try checkWithoutBuilding(line: line, offset: offset, lineNo: lineNo, cursor: &cursor, expectedHash: &expectedHash)
            if !wantedTypes.isEmpty, let type, wantedTypes.contains(where: { w in
                w.count == type.count && zip(type, w).allSatisfy { line[$0.0] == $0.1 }
            }), var entry = try? JournalEntry.read(line) {
                entry.offset = offset
                onEntry(entry)
            }
            return
        }
        // Reading builds the entry; `verify` checks the same things in place (see
        // checkWithoutBuilding): a line with a good hash but no actor, or a time that is not
        // RFC 3339, is refused by both, with the same words.
        let read: JournalEntry?
        do {
            read = try JournalEntry.read(line)
        } catch let f as FlatJSON.Failure {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not JSON (\(f.message))")
        }
        guard var entry = read else {
            // Something required is missing: the in-place check names what.
            var probe = cursor, probeHash = expectedHash
            try checkWithoutBuilding(line: line, offset: offset, lineNo: lineNo, cursor: &probe, expectedHash: &probeHash)
            throw JournalDamage(line: lineNo, offset: offset, reason: "lacks a required member (seq, time, actor, type, prev) or has a time that is not RFC 3339")
        }
        guard entry.seq == cursor.seq + 1 else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has seq \(entry.seq) where \(cursor.seq + 1) was expected (a gap or a repeat)")
        }
        guard expectedHash.withUnsafeBufferPointer({ entry.prevHash.matches($0) }) else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has a \"prev\" that is not entry \(cursor.seq)'s hash: the chain is broken")
        }
        if lineNo == 1 && entry.kind != .incidentOpened {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not incident.opened: a journal must begin with the entry that opens the incident")
        }
        // The cursor moves only once the whole line is known good.
        guard let tail = JournalLine.tailStart(line) else { return }
        JournalScanner.copyHash(line, tail: tail, into: &expectedHash)
        cursor.seq = entry.seq
        cursor.time = entry.time
        if mode == .entries {
            entry.offset = offset
            onEntry(entry)
        }
    }

    /// `verify`'s check of one line: JSON, the required members with the right kinds, seq and
    /// prev, all on the bytes, so a million lines cost little more than their hashes.
    /// Returns the byte range of the type's text (without quotes).
    @discardableResult
    func checkWithoutBuilding(line: UnsafeBufferPointer<UInt8>, offset: Int64, lineNo: Int, cursor: inout ChainCursor,
                              expectedHash: inout [UInt8]) throws -> Range<Int>? {
        var typeRange: Range<Int>?
        var seq: Int?
        var prevOK: Bool?
        var time: Int64?
        var badTime = false
        var seen = 0  // bits: actor 1, type 2, hash 4
        var firstIsNotOpened = false
        func isKey(_ r: Range<Int>, _ name: StaticString) -> Bool {
            let n = name.utf8CodeUnitCount
            guard r.count == n else { return false }
            for k in 0..<n where line[r.lowerBound + k] != name.utf8Start[k] { return false }
            return true
        }
        func isString(_ v: Range<Int>) -> Bool { line[v.lowerBound] == UInt8(ascii: "\"") }
        do {
            try FlatJSON.ranges(line) { key, value in
                switch key.count {
                case 3 where isKey(key, "seq"):
                    var n = 0, digits = 0
                    for k in value where line[k] >= 48 && line[k] <= 57 && digits < 18 { n = n * 10 + Int(line[k] - 48); digits += 1 }
                    seq = digits == value.count ? n : nil
                case 4 where isKey(key, "time"):
                    if isString(value) {
                        time = Timestamp.parseRFC3339(UnsafeBufferPointer(rebasing: line[(value.lowerBound + 1)..<(value.upperBound - 1)]))
                    }
                    badTime = time == nil
                case 5 where isKey(key, "actor"): if isString(value) { seen |= 1 }
                case 4 where isKey(key, "type"):
                    if isString(value) { seen |= 2; typeRange = (value.lowerBound + 1)..<(value.upperBound - 1) }
                    if lineNo == 1 && !JournalScanner.isOpened(line, value) { firstIsNotOpened = true }
                case 4 where isKey(key, "hash"): if isString(value) { seen |= 4 }
                case 4 where isKey(key, "prev"):
                    if isString(value) {
                        let body = (value.lowerBound + 1)..<(value.upperBound - 1)
                        prevOK = body.count == expectedHash.count && zip(body, expectedHash).allSatisfy { line[$0.0] == $0.1 }
                    } else { prevOK = false }
                default: break
                }
            }
        } catch let f as FlatJSON.Failure {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not JSON (\(f.message))")
        }
        guard let seqValue = seq else { throw JournalDamage(line: lineNo, offset: offset, reason: "has no \"seq\"") }
        guard seqValue == cursor.seq + 1 else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has seq \(seqValue) where \(cursor.seq + 1) was expected (a gap or a repeat)")
        }
        guard prevOK == true else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has a \"prev\" that is not entry \(cursor.seq)'s hash: the chain is broken")
        }
        guard let t = time, !badTime, seen == 7 else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "lacks a required member (seq, time, actor, type, prev) or has a time that is not RFC 3339")
        }
        if firstIsNotOpened {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not incident.opened: a journal must begin with the entry that opens the incident")
        }
        guard let tail = JournalLine.tailStart(line) else { return typeRange }
        JournalScanner.copyHash(line, tail: tail, into: &expectedHash)
        cursor.seq = seqValue
        cursor.time = Timestamp(millis: t)
        return typeRange
    }

    /// Copies the hash of a line whose fixed tail starts at `tail` into `hash`, in place.
    static func copyHash(_ line: UnsafeBufferPointer<UInt8>, tail: Int, into hash: inout [UInt8]) {
        if hash.count == 64, let from = line.baseAddress {
            hash.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress!, from + tail + 9, 64) }
        } else {
            hash = Array(line[(tail + 9)..<(tail + 9 + 64)])
        }
    }

    /// Whether the value range (a quoted string) is "incident.opened".
    static func isOpened(_ line: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        let want = Array("\"incident.opened\"".utf8)
        return value.count == want.count && zip(value, want).allSatisfy { line[$0.0] == $0.1 }
    }
}

/// The parts' results, each written by one core and read once all are done.
final class BulkResults: @unchecked Sendable {
    private var parts: [JournalScanner.BulkPart?]
    private var counts: [Int]
    private let lock = NSLock()

    init(count: Int) {
        parts = Array(repeating: nil, count: count)
        counts = Array(repeating: 0, count: count)
    }

    /// Part `k`'s outcome (nil: it failed) and how many entries it wrote.
    func set(_ k: Int, _ part: JournalScanner.BulkPart?, written: Int) {
        lock.lock()
        parts[k] = part
        counts[k] = written
        lock.unlock()
    }

    func get(_ k: Int) -> JournalScanner.BulkPart? { lock.lock(); defer { lock.unlock() }; return parts[k] }
    func written(_ k: Int) -> Int { lock.lock(); defer { lock.unlock() }; return counts[k] }
}

/// The entries each part kept while verifying.
final class BulkEntries: @unchecked Sendable {
    private var parts: [[JournalEntry]]
    private let lock = NSLock()

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ k: Int, _ entries: [JournalEntry]) { lock.lock(); parts[k] = entries; lock.unlock() }
    func get(_ k: Int) -> [JournalEntry] { lock.lock(); defer { lock.unlock() }; return parts[k] }
}

/// The start of the array the parts write into; each part writes only its own stretch.
struct EntrySlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<JournalEntry>
}
