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
public struct JournalScanner {
    /// What to do with each good line.
    public enum Mode { case verifyOnly, entries }

    let fd: Int32
    var chunk: Int
    /// In `.verifyOnly` mode, the entry types still built and handed on (a light read that
    /// checks every line but keeps only what a quick action needs).
    public var wantedTypes: [[UInt8]] = []

    /// Scans the open file `fd`.
    public init(fd: Int32, chunkSize: Int = 1 << 20) {
        self.fd = fd
        self.chunk = chunkSize
    }

    /// Reads every complete line after `cursor`, advancing it past each good one. Returns the
    /// torn tail if the file ends in one. Throws `JournalDamage` for damage before the end.
    public func scan(from cursor: inout ChainCursor, mode: Mode,
                     _ onEntry: (JournalEntry) -> Void) throws -> TornTail? {
        // Nothing new since the cursor: the common case when following a journal.
        var st = stat()
        if fstat(fd, &st) == 0, Int64(st.st_size) == cursor.offset { return nil }
        let pending = fstat(fd, &st) == 0 ? Int(max(0, Int64(st.st_size) - cursor.offset)) : chunk
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(4096, pending + 1)))
        var filled = 0            // bytes in buffer
        var bufferStart = cursor.offset  // file offset of buffer[0]
        var eof = false
        var expectedHash = Array(cursor.hash.utf8)
        // The head's text is made once at the end, not for every line.
        defer { cursor.hash = String(decoding: expectedHash, as: UTF8.self) }
        while true {
            if !eof && filled < buffer.count {
                let n = buffer.withUnsafeMutableBytes { raw -> Int in
                    pread(fd, raw.baseAddress! + filled, raw.count - filled, off_t(bufferStart + Int64(filled)))
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
            }), let members = try? FlatJSON.parse(line), var entry = JournalEntry(members: members) {
                entry.offset = offset
                onEntry(entry)
            }
            return
        }
        // Reading builds the entry; `verify` checks the same things in place (see
        // checkWithoutBuilding): a line with a good hash but no actor, or a time that is not
        // RFC 3339, is refused by both.
        let members: [(String, JSONScalar)]
        do {
            members = try FlatJSON.parse(line)
        } catch let f as FlatJSON.Failure {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not JSON (\(f.message))")
        }
        // seq and prev: our writer puts seq first and prev just before hash; read them from
        // the bytes, falling back to the parsed members for any other order.
        var seq = JournalScanner.leadingSeq(line)
        var prevOK = JournalScanner.prevMatches(line, expectedHash)
        if seq == nil || prevOK == nil {
            for (k, v) in members {
                if k == "seq", let n = v.int { seq = Int(n) }
                if k == "prev" { prevOK = v.string.map { Array($0.utf8) == expectedHash } ?? false }
            }
        }
        guard let seqValue = seq else { throw JournalDamage(line: lineNo, offset: offset, reason: "has no \"seq\"") }
        guard seqValue == cursor.seq + 1 else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has seq \(seqValue) where \(cursor.seq + 1) was expected (a gap or a repeat)")
        }
        guard prevOK == true else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "has a \"prev\" that is not entry \(cursor.seq)'s hash: the chain is broken")
        }
        guard var entry = JournalEntry(members: members) else {
            throw JournalDamage(line: lineNo, offset: offset, reason: "lacks a required member (seq, time, actor, type, prev) or has a time that is not RFC 3339")
        }
        if lineNo == 1 && entry.kind != .incidentOpened {
            throw JournalDamage(line: lineNo, offset: offset, reason: "is not incident.opened: a journal must begin with the entry that opens the incident")
        }
        // The cursor moves only once the whole line is known good.
        guard let tailStart = JournalLine.tailStart(line) else { return }
        let tail = tailStart + 9
        expectedHash = Array(line[tail..<(tail + 64)])
        cursor.seq = seqValue
        cursor.time = entry.time
        cursor.hash = entry.hash
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
        if expectedHash.count == 64 {
            for k in 0..<64 { expectedHash[k] = line[tail + 9 + k] }
        } else {
            expectedHash = Array(line[(tail + 9)..<(tail + 9 + 64)])
        }
        cursor.seq = seqValue
        cursor.time = Timestamp(millis: t)
        return typeRange
    }

    /// Whether the value range (a quoted string) is "incident.opened".
    static func isOpened(_ line: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        let want = Array("\"incident.opened\"".utf8)
        return value.count == want.count && zip(value, want).allSatisfy { line[$0.0] == $0.1 }
    }

    /// The number in a line starting `{"seq":N,`.
    static func leadingSeq(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        let head: StaticString = "{\"seq\":"
        let n = head.utf8CodeUnitCount
        guard line.count > n + 1 else { return nil }
        for k in 0..<n where line[k] != head.utf8Start[k] { return nil }
        var v = 0, i = n
        while i < line.count, line[i] >= 48, line[i] <= 57, i < n + 18 { v = v * 10 + Int(line[i] - 48); i += 1 }
        guard i > n, i < line.count, line[i] == UInt8(ascii: ",") else { return nil }
        return v
    }

    /// Whether a line ending `,"prev":"<64>","hash":…` names `expected`; nil if laid out otherwise.
    static func prevMatches(_ line: UnsafeBufferPointer<UInt8>, _ expected: [UInt8]) -> Bool? {
        guard let tail = JournalLine.tailStart(line) else { return nil }
        let marker: StaticString = ",\"prev\":\""
        let m = marker.utf8CodeUnitCount
        let start = tail - 1 - 64 - m
        guard start > 0, line[tail - 1] == UInt8(ascii: "\"") else { return nil }
        for k in 0..<m where line[start + k] != marker.utf8Start[k] { return nil }
        for k in 0..<64 where line[start + m + k] != expected[k] { return false }
        return true
    }
}
