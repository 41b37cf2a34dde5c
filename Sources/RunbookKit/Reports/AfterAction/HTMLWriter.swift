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
        s.withUTF8 { buf in
            // Most text needs no escaping: copied in one go (a long timeline is mostly this).
            guard buf.contains(where: HTMLWriter.needsEscape) else { bytes.append(contentsOf: buf); return }
            for b in buf {
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
        guard s.utf8.contains(where: { $0 >= 0xD6 }) else { return text(s) }
        raw("<bdi>")
        text(s)
        raw("</bdi>")
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
