/// A value of a journal entry's field: entries are flat objects of these.
public enum JSONScalar: Hashable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null

    /// The text of a string value, else nil.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The value of an integer, else nil.
    public var int: Int64? { if case .int(let v) = self { return v } else { return nil } }
    /// The value of a boolean, else nil.
    public var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
}

/// Writes JSON text by hand, so a line's bytes are fixed by the program, not by an encoder's whims.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`: `"` and `\` escaped, control
    /// characters (and DEL, U+2028, U+2029, which some readers take for line ends) as escapes,
    /// everything else as its UTF-8 bytes.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { b in
            var i = 0
            var plain = 0  // start of the run of bytes copied as they are
            func flush() { if plain < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain..<i])) } }
            while i < b.count {
                let c = b[i]
                var short: StaticString?   // a two-character escape
                var code: UInt32?          // else a \uXXXX escape
                var width = 1              // bytes of text the escape stands for
                switch c {
                case 0x22: short = "\\\""
                case 0x5C: short = "\\\\"
                case 0x0A: short = "\\n"
                case 0x0D: short = "\\r"
                case 0x09: short = "\\t"
                case 0x08: short = "\\b"
                case 0x0C: short = "\\f"
                case 0x00..<0x20, 0x7F: code = UInt32(c)
                case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                    code = b[i + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                default:
                    i += 1
                    continue
                }
                flush()
                if let short {
                    out.append(contentsOf: UnsafeBufferPointer(start: short.utf8Start, count: short.utf8CodeUnitCount))
                } else if let code {
                    out.append(contentsOf: [0x5C, 0x75])  // \u
                    for shift in stride(from: 12, through: 0, by: -4) {
                        out.append(JournalLine.hexDigits[Int((code >> UInt32(shift)) & 0xF)])
                    }
                }
                i += width
                plain = i
            }
            flush()
        }
        out.append(0x22)
    }

    /// `value` as JSON text.
    public static func encode(_ value: JSONScalar) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as JSON text to `out`.
    public static func append(_ value: JSONScalar, to out: inout [UInt8]) {
        switch value {
        case .string(let s): appendQuoted(s, to: &out)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }
}
