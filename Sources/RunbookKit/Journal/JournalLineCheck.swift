import Foundation

/// The one check of one journal line against the chain before it: its hash, its JSON, its
/// required members, its seq, its `prev`, and that entry 1 opens the incident. Every reader —
/// the command post, one-line commands, `verify`, the multi-core reader — judges lines here.
struct JournalLineCheck: Sendable {
    /// What a line is.
    enum Verdict {
        /// Good: the chain moves on. The entry is built when the reader wants it.
        case good(JournalEntry?)
        /// Bad, and why.
        case damaged(JournalDamage.Problem)
    }

    /// Build every entry (`true`), or check lines in place and build only entries whose type
    /// is in `wantedTypes` (a light read for a quick action, or none at all for `verify`).
    var buildAll: Bool
    /// With `buildAll` false, the entry types still built.
    var wantedTypes: [[UInt8]] = []

    /// Checks `line` (without its newline) as the entry after `cursor`. A good line moves
    /// `cursor` (seq and time) and `expectedHash` on; a bad one leaves both as they were.
    func check(_ line: UnsafeBufferPointer<UInt8>, cursor: inout ChainCursor, expectedHash: inout [UInt8]) -> Verdict {
        guard let matches = JournalLine.hashMatches(line) else {
            do { try FlatJSON.validate(line) } catch {
                return .damaged(.notJSON((error as? FlatJSON.Failure)?.message ?? "\(error)"))
            }
            return .damaged(.noHash)
        }
        guard matches else { return .damaged(.hashMismatch) }
        var entry: JournalEntry?
        let facts: Facts
        if buildAll {
            do { entry = try JournalEntry.read(line) } catch {
                return .damaged(.notJSON((error as? FlatJSON.Failure)?.message ?? "\(error)"))
            }
            if let e = entry {
                facts = Facts(seq: e.seq, prevMatches: expectedHash.withUnsafeBufferPointer { e.prevHash.matches($0) },
                              time: e.time.millis, complete: true, opened: e.kind == .incidentOpened || e.kind == .stationJoined, typeRange: nil)
            } else {
                // Something required is missing: the in-place reading names what.
                switch Facts.read(line, expectedHash: expectedHash) {
                case .failure(let problem): return .damaged(problem)
                case .success(let f): facts = f
                }
            }
        } else {
            switch Facts.read(line, expectedHash: expectedHash) {
            case .failure(let problem): return .damaged(problem)
            case .success(let f): facts = f
            }
        }
        if let problem = facts.problem(after: cursor) { return .damaged(problem) }
        guard let tail = JournalLine.tailStart(line), let time = facts.time else { return .damaged(.noHash) }
        JournalLineCheck.copyHash(line, tail: tail, into: &expectedHash)
        let seq = facts.seq ?? cursor.seq + 1
        if let back = ClockWentBack.between(seq: seq, time: Timestamp(millis: time), previousSeq: cursor.seq, previousTime: cursor.time) {
            cursor.clockBacks.append(back)
        }
        cursor.seq = seq
        cursor.time = Timestamp(millis: time)
        if !buildAll, let type = facts.typeRange, wantedTypes.contains(where: { w in
            w.count == type.count && zip(type, w).allSatisfy { line[$0.0] == $0.1 }
        }) {
            entry = (try? JournalEntry.read(line)) ?? nil
        }
        return .good(entry)
    }

    /// What the chain rules look at in a line, read in place (no strings built).
    struct Facts {
        var seq: Int?
        var prevMatches: Bool
        var time: Int64?
        /// actor, type and hash are strings and the time is RFC 3339.
        var complete: Bool
        var opened: Bool
        /// The type's text (without quotes).
        var typeRange: Range<Int>?

        /// The chain rules, in the order a reader is told of them: seq, prev, the required
        /// members, and that entry 1 opens the incident.
        func problem(after cursor: ChainCursor) -> JournalDamage.Problem? {
            guard let seq else { return .missingMember }
            guard seq == cursor.seq + 1 else { return .seqGap(found: seq, expected: cursor.seq + 1) }
            guard prevMatches else { return .brokenChain(previous: cursor.seq) }
            guard complete, time != nil else { return .missingMember }
            if seq == 1 && !opened { return .firstNotOpened }
            return nil
        }

        /// Reads the facts of `line` on its bytes, so a million lines cost little more than
        /// their hashes.
        static func read(_ line: UnsafeBufferPointer<UInt8>, expectedHash: [UInt8]) -> Result<Facts, JournalDamage.Problem> {
            var f = Facts(seq: nil, prevMatches: false, time: nil, complete: false, opened: false, typeRange: nil)
            var badTime = false
            var seen = 0  // bits: actor 1, type 2, hash 4
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
                        f.seq = digits == value.count ? n : nil
                    case 4 where isKey(key, "time"):
                        if isString(value) {
                            f.time = Timestamp.parseRFC3339(UnsafeBufferPointer(rebasing: line[(value.lowerBound + 1)..<(value.upperBound - 1)]))
                        }
                        badTime = f.time == nil
                    case 5 where isKey(key, "actor"): if isString(value) { seen |= 1 }
                    case 4 where isKey(key, "type"):
                        if isString(value) { seen |= 2; f.typeRange = (value.lowerBound + 1)..<(value.upperBound - 1) }
                        f.opened = JournalLineCheck.isOpened(line, value)
                    case 4 where isKey(key, "hash"): if isString(value) { seen |= 4 }
                    case 4 where isKey(key, "prev"):
                        if isString(value) {
                            let body = (value.lowerBound + 1)..<(value.upperBound - 1)
                            f.prevMatches = body.count == expectedHash.count && zip(body, expectedHash).allSatisfy { line[$0.0] == $0.1 }
                        }
                    default: break
                    }
                }
            } catch {
                return .failure(.notJSON((error as? FlatJSON.Failure)?.message ?? "\(error)"))
            }
            f.complete = seen == 7 && !badTime
            return .success(f)
        }
    }

    /// Copies the hash of a line whose fixed tail starts at `tail` into `hash`, in place.
    static func copyHash(_ line: UnsafeBufferPointer<UInt8>, tail: Int, into hash: inout [UInt8]) {
        if hash.count == 64, let from = line.baseAddress {
            hash.withUnsafeMutableBufferPointer { to in
                if let base = to.baseAddress { _ = memcpy(base, from + tail + 9, 64) }
            }
        } else {
            hash = Array(line[(tail + 9)..<(tail + 9 + 64)])
        }
    }

    /// Whether the value range (a quoted string) is "incident.opened".
    /// Whether the type is one a chain may begin with: `incident.opened` (the station that
    /// started the incident) or `station.joined` (a station that acts on an incident started
    /// elsewhere, DESIGN.md Stations).
    static func isOpened(_ line: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        for want in chainOpeners where value.count == want.count && zip(value, want).allSatisfy({ line[$0.0] == $0.1 }) { return true }
        return false
    }
    static let chainOpeners: [[UInt8]] = [Array("\"incident.opened\"".utf8), Array("\"station.joined\"".utf8)]
}
