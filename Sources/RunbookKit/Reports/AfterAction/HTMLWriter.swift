/// Builds an HTML document as bytes: markup is appended as written, user text always through
/// `text`, which escapes it. Bytes, not a String, because a 200,000-entry timeline is written
/// here row by row.
struct HTMLWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// Markup written by the program (never user text).
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// User text, escaped for element content and attribute values, with the bidirectional
    /// controls (U+202A–202E, U+2066–2069) that could reorder the report around it dropped
    /// when `stripBidi` (SVG labels, which have no `<bdi>`).
    mutating func text(_ s: String, stripBidi: Bool = false) {
        var s = stripBidi ? String(String.UnicodeScalarView(s.unicodeScalars.filter { !HTMLWriter.isBidiControl($0) })) : s
        s.withUTF8 { escaped($0) }
    }

    /// A whole number, written without making a string of it.
    mutating func number(_ n: Int) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = n.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes[start...].reverse()
    }

    /// `buf` (UTF-8 user text) escaped. Most text needs no escaping, and is copied in one go
    /// (a long timeline is mostly this).
    mutating func escaped(_ buf: UnsafeBufferPointer<UInt8>) {
        guard let first = HTMLWriter.firstToEscape(buf) else { bytes.append(contentsOf: buf); return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[..<first]))
        for b in buf[first...] {
            switch b {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            case 0x0D: break
            default: bytes.append(b)
            }
        }
    }

    /// Where the first byte to escape is in `buf`, if anywhere.
    static func firstToEscape(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        buf.firstIndex(where: needsEscape)
    }

    /// Whether `buf` holds a lead byte of 0xD6 or more: right-to-left letters, direction marks.
    static func hasRightToLeft(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        buf.contains { $0 >= 0xD6 }
    }

    static func needsEscape(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == 0x0D
    }

    static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    /// User text isolated from the text around it (`<bdi>`) when it holds right-to-left
    /// letters or direction marks (all encoded from lead byte 0xD6 up): such text then changes
    /// only its own display. Plain left-to-right text needs no isolation and gets none.
    mutating func user(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            let isolate = HTMLWriter.hasRightToLeft(buf)
            if isolate { raw("<bdi>") }
            escaped(buf)
            if isolate { raw("</bdi>") }
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
