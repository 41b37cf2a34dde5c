import Foundation

extension JournalEntry {
    /// Reads one journal line (without its newline) straight from its bytes, in one pass:
    /// the common members are matched as bytes and times read in place, so only the texts an
    /// entry keeps become strings. Throws `FlatJSON.Failure` when the line is not one flat JSON
    /// object; nil when a required member (seq, time, actor, type, prev, hash) is missing or of
    /// the wrong kind, or `time` is not RFC 3339 — the same lines `verify` refuses. An `at`
    /// that cannot be read is left out, as `verify` does not judge it.
    static func read(_ line: UnsafeBufferPointer<UInt8>) throws -> JournalEntry? {
        var p = FlatJSON.Parser(b: line)
        var seq: Int?, time: Timestamp?, actor: String?, type: String?, prev: ChainHash?, hash: ChainHash?
        var kind: EntryType?
        var at: Timestamp?, role: String?, note: String?
        var rest: [(String, JSONScalar)] = []
        func keyIs(_ r: Range<Int>, _ name: StaticString) -> Bool {
            let n = name.utf8CodeUnitCount
            guard r.count == n else { return false }
            for k in 0..<n where line[r.lowerBound + k] != name.utf8Start[k] { return false }
            return true
        }
        /// A string member's text as written (between its quotes), read in place; nil when the
        /// value is not a string.
        func rawText(_ p: inout FlatJSON.Parser) throws -> UnsafeBufferPointer<UInt8>? {
            guard p.i < line.count, line[p.i] == UInt8(ascii: "\"") else {
                try p.skip()
                return nil
            }
            let open = p.i
            _ = try p.string(build: false)
            return UnsafeBufferPointer(rebasing: line[(open + 1)..<(p.i - 1)])
        }
        /// A time member: nil unless it is an RFC 3339 string.
        func timeValue(_ p: inout FlatJSON.Parser) throws -> Timestamp? {
            try rawText(&p).flatMap(Timestamp.parseRFC3339).map(Timestamp.init(millis:))
        }
        /// A hash member: 64 characters, else nil.
        func hashValue(_ p: inout FlatJSON.Parser) throws -> ChainHash? {
            try rawText(&p).flatMap { ChainHash($0) }
        }
        try p.eachMember { p in
            let quote = p.i
            _ = try p.string(build: false)
            let key = (quote + 1)..<(p.i - 1)
            try p.colon()
            switch key.count {
            case 3 where keyIs(key, "seq"):
                seq = try p.scalar(build: true).int.map { Int($0) }
            case 4 where keyIs(key, "time"): time = try timeValue(&p)
            case 5 where keyIs(key, "actor"): actor = try p.scalar(build: true).string
            case 4 where keyIs(key, "type"):
                // A known type's name is the enum's own text: no string is made for it.
                let open = p.i
                if let raw = try rawText(&p) {
                    kind = EntryType(bytes: raw)
                    if let kind {
                        type = kind.rawValue
                    } else {
                        var q = FlatJSON.Parser(b: line)
                        q.i = open
                        type = try q.string(build: true)
                    }
                } else {
                    kind = nil
                    type = nil
                }
            case 4 where keyIs(key, "prev"): prev = try hashValue(&p)
            case 4 where keyIs(key, "hash"): hash = try hashValue(&p)
            case 2 where keyIs(key, "at"): at = try timeValue(&p)
            case 9 where keyIs(key, "actorRole"): role = try p.scalar(build: true).string
            case 4 where keyIs(key, "note"): note = try p.scalar(build: true).string
            default:
                // A type's own field. A name written with escapes is decoded properly.
                var name: String
                if line[key].contains(UInt8(ascii: "\\")) {
                    var k = FlatJSON.Parser(b: line)
                    k.i = quote
                    name = try k.string(build: true)
                } else {
                    name = String(decoding: UnsafeBufferPointer(rebasing: line[key]), as: UTF8.self)
                }
                rest.append((name, try p.scalar(build: true)))
            }
        }
        guard let seq, let time, let actor, let type, let prev, let hash else { return nil }
        return JournalEntry(seq: seq, time: time, actor: actor, type: type, kind: kind, at: at, actorRole: role,
                            note: note, prev: prev, hash: hash, fields: rest)
    }
}

extension EntryType {
    /// The type whose name is exactly `bytes` (as written, without escapes); nil for any other.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        for t in EntryType.names where t.1.count == bytes.count {
            if zip(t.1, bytes).allSatisfy({ $0 == $1 }) {
                self = t.0
                return
            }
        }
        return nil
    }

    static let names: [(EntryType, [UInt8])] = EntryType.allCases.map { ($0, Array($0.rawValue.utf8)) }
}
