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
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    /// `value` as JSON text.
    public static func encode(_ value: JSONScalar) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .int(let v): return String(v)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
