import Crypto

/// The line format and hash rule of DESIGN.md: the last member is `"hash":"<hex>"`, the
/// SHA-256 of the line's bytes up to (not including) its last `,"hash":"`, then `}`.
public enum JournalLine {
    /// The previous-hash of entry 1.
    public static let zeroHash = String(repeating: "0", count: 64)
    /// `,"hash":"` — 9 bytes.
    static let hashMarker: [UInt8] = Array(",\"hash\":\"".utf8)
    /// Length of the fixed tail `,"hash":"<64 hex>"}`.
    public static let tailLength = 9 + 64 + 2
    /// The least a good line can hold: its required members with one-character values
    /// (`{"seq":1,"time":"<20>","actor":"","type":"","prev":"<64>","hash":"<64>"}`).
    static let shortestLine = 190

    /// Serialises a draft as one line (without the newline), fixing key order.
    public static func encode(_ d: EntryDraft, seq: Int, time: Timestamp, prev: String) -> String {
        String(decoding: encodeBytes(d, seq: seq, time: time, prev: prev), as: UTF8.self)
    }

    /// The line's bytes (without the newline): members in a fixed order, then the hash.
    public static func encodeBytes(_ d: EntryDraft, seq: Int, time: Timestamp, prev: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + (d.note?.utf8.count ?? 0))
        func raw(_ s: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        raw("{\"seq\":")
        out.append(contentsOf: String(seq).utf8)
        raw(",\"time\":\"")
        time.appendRFC3339(to: &out)
        raw("\",\"actor\":")
        JSONText.appendQuoted(d.actor, to: &out)
        raw(",\"type\":\"")
        out.append(contentsOf: d.type.rawValue.utf8)
        raw("\"")
        if let at = d.at {
            raw(",\"at\":\"")
            at.appendRFC3339(to: &out)
            raw("\"")
        }
        if let r = d.actorRole {
            raw(",\"actorRole\":")
            JSONText.appendQuoted(r, to: &out)
        }
        for (k, v) in d.fields {
            out.append(0x2C)
            JSONText.appendQuoted(k, to: &out)
            out.append(0x3A)
            JSONText.append(v, to: &out)
        }
        if let n = d.note {
            raw(",\"note\":")
            JSONText.appendQuoted(n, to: &out)
        }
        raw(",\"prev\":\"")
        out.append(contentsOf: prev.utf8)
        raw("\"")
        var hasher = SHA256()
        out.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        closingBrace.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        raw(",\"hash\":\"")
        digest.withUnsafeBytes { d in
            for b in d {
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 15)])
            }
        }
        raw("\"}")
        return out
    }

    /// Hex SHA-256 of `prefix` followed by `}`.
    public static func hashHex(of prefix: ArraySlice<UInt8>) -> String {
        var hasher = SHA256()
        prefix.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.update(data: [UInt8(ascii: "}")])
        return hex(hasher.finalize())
    }

    static let closingBrace: [UInt8] = [UInt8(ascii: "}")]
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of a digest.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the `,"hash":"` marker of a line starts, if the line ends in the fixed tail.
    static func tailStart(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        // Only the fixed bytes are looked at here; a hash that is not lowercase hex cannot
        // equal a computed one, so hashMatches reports it as a mismatch.
        let n = line.count
        guard n > tailLength, line[n - 1] == 0x7D, line[n - 2] == 0x22 else { return nil }
        let s = n - tailLength
        // ,"hash":"
        guard line[s] == 0x2C, line[s + 1] == 0x22, line[s + 2] == 0x68, line[s + 3] == 0x61, line[s + 4] == 0x73,
              line[s + 5] == 0x68, line[s + 6] == 0x22, line[s + 7] == 0x3A, line[s + 8] == 0x22 else { return nil }
        return s
    }

    /// Whether the line's stored hash matches its bytes. `nil` means the tail is malformed.
    public static func hashMatches(_ line: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let start = tailStart(line) else { return nil }
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[0..<start])))
        closingBrace.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        var k = start + 9
        var ok = true
        digest.withUnsafeBytes { d in
            for b in d {
                if line[k] != hexDigits[Int(b >> 4)] || line[k + 1] != hexDigits[Int(b & 15)] { ok = false }
                k += 2
            }
        }
        return ok
    }
}
