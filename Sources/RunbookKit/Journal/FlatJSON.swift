/// A fast reader for one flat JSON object (string, number, boolean and null members):
/// the shape of every journal line. Foundation's decoders cost ~7 µs a line; this is
/// a single pass over the bytes.
public enum FlatJSON {
    /// Why a line is not a flat JSON object.
    public struct Failure: Error, Sendable { public let message: String }

    /// Checks that `bytes` is one flat JSON object, building no strings.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var p = Parser(b: bytes)
        try p.eachMember { p in
            _ = try p.string(build: false)
            try p.colon()
            _ = try p.scalar(build: false)
        }
    }

    /// Checks that `bytes` is one flat JSON object and reports each member's key and value as
    /// byte ranges (a string value keeps its quotes), allocating nothing.
    public static func ranges(_ bytes: UnsafeBufferPointer<UInt8>, _ member: (Range<Int>, Range<Int>) -> Void) throws {
        var p = Parser(b: bytes)
        try p.objectRanges(member)
    }

    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

        func fail(_ m: String) -> Failure { Failure(message: "\(m) at byte \(i + 1)") }

        mutating func ws() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
        }

        /// Walks the object's braces and commas; `member` is called at each key's opening quote
        /// and reads the key, the colon (`colon()`) and the value.
        mutating func eachMember(_ member: (inout Parser) throws -> Void) throws {
            ws()
            guard i < b.count, b[i] == UInt8(ascii: "{") else { throw fail("not a JSON object") }
            i += 1
            ws()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; try end(); return }
            while true {
                ws()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                try member(&self)
                ws()
                guard i < b.count else { throw fail("unterminated object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
            try end()
        }

        /// The colon between a key and its value, with the spaces around it.
        mutating func colon() throws {
            ws()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            ws()
        }

        /// Checks the object and reports each member as byte ranges, building nothing: the
        /// key without its quotes, and the value as written (strings with their quotes).
        mutating func objectRanges(_ member: (Range<Int>, Range<Int>) -> Void) throws {
            try eachMember { p in
                let keyStart = p.i + 1
                _ = try p.string(build: false)
                let keyEnd = p.i - 1
                try p.colon()
                let valueStart = p.i
                try p.skip()
                member(keyStart..<keyEnd, valueStart..<p.i)
            }
        }

        mutating func end() throws {
            ws()
            guard i == b.count else { throw fail("text after the object") }
        }

        /// Checks the value here and moves past it, making nothing.
        mutating func skip() throws {
            guard i < b.count else { throw fail("missing value") }
            switch b[i] {
            case UInt8(ascii: "\""): _ = try string(build: false)
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number(build: false)
            case UInt8(ascii: "{"), UInt8(ascii: "["): throw fail("nested values are not used in journal entries")
            default: throw fail("unexpected character")
            }
        }

        mutating func scalar(build: Bool) throws -> JSONScalar {
            guard i < b.count else { throw fail("missing value") }
            switch b[i] {
            case UInt8(ascii: "\""): return .string(try string(build: build))
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(build: build)
            case UInt8(ascii: "{"), UInt8(ascii: "["): throw fail("nested values are not used in journal entries")
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { throw fail("bad literal") }
            let w = word.utf8Start
            for k in 0..<n where b[i + k] != w[k] { throw fail("bad literal") }
            i += n
        }

        /// Reads a number; without `build`, only checks it (no text is made).
        mutating func number(build: Bool = true) throws -> JSONScalar {
            let start = i
            var isInt = true
            if b[i] == UInt8(ascii: "-") { i += 1 }
            let firstDigit = i
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; digits += 1 }
            guard digits > 0 else { throw fail("bad number") }
            // JSON has no leading zeros: `01` would be read as 1 here but refused by others.
            guard digits == 1 || b[firstDigit] != UInt8(ascii: "0") else { throw fail("bad number (leading zero)") }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                isInt = false
                i += 1
                var fd = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; fd += 1 }
                guard fd > 0 else { throw fail("bad number") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                isInt = false
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                var ed = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; ed += 1 }
                guard ed > 0 else { throw fail("bad number") }
            }
            guard build else { return .null }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            if isInt, let v = Int64(text) { return .int(v) }
            guard let d = Double(text) else { throw fail("bad number") }
            return .double(d)
        }

        static func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case 48...57: return UInt32(c - 48)
            case 65...70: return UInt32(c - 55)
            case 97...102: return UInt32(c - 87)
            default: return nil
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw fail("bad \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                guard let h = Parser.hexValue(b[i + k]) else { throw fail("bad \\u escape") }
                v = v << 4 | h
            }
            i += 4
            return v
        }

        /// Reads a string starting at the opening quote. Without `build`, only checks it.
        mutating func string(build: Bool) throws -> String {
            i += 1
            let start = i
            // Fast path: no escapes. Skip sixteen bytes at a time while none of them is a quote,
            // a backslash or a control character (journal strings are long and plain).
            if let base = b.baseAddress {
                let raw = UnsafeRawPointer(base)
                let quote = SIMD16<UInt8>(repeating: 0x22), slash = SIMD16<UInt8>(repeating: 0x5C)
                let space = SIMD16<UInt8>(repeating: 0x20)
                while i + 16 <= b.count {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                    if any((x .== quote) .| (x .== slash) .| (x .< space)) { break }
                    i += 16
                }
            }
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    let s = build ? String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self) : ""
                    i += 1
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw fail("control character inside a string") }
                i += 1
            }
            guard i < b.count else { throw fail("unterminated string") }
            var bytes = [UInt8](UnsafeBufferPointer(rebasing: b[start..<i]))
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return build ? String(decoding: bytes, as: UTF8.self) : ""
                }
                if c < 0x20 { throw fail("control character inside a string") }
                if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { throw fail("unterminated escape") }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if v >= 0xD800, v < 0xDC00 {
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                            throw fail("lone surrogate")
                        }
                        i += 2
                        let lo = try hex4()
                        guard lo >= 0xDC00, lo < 0xE000 else { throw fail("lone surrogate") }
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    } else if v >= 0xDC00, v < 0xE000 {
                        throw fail("lone surrogate")
                    }
                    guard let scalar = Unicode.Scalar(v) else { throw fail("bad \\u escape") }
                    bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw fail("bad escape")
                }
            }
            throw fail("unterminated string")
        }
    }
}
