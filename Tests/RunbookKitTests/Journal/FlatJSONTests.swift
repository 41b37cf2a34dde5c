import Foundation
import Testing
@testable import RunbookKit

@Suite("FlatJSON reader")
struct FlatJSONTests {
    static func parse(_ text: String) throws -> [(String, JSONScalar)] {
        try Array(text.utf8).withUnsafeBufferPointer { try parse($0) }
    }

    /// Every member, decoded with the parser's own string and scalar readers (the ones
    /// `JournalEntry.read` decodes fields with).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [(String, JSONScalar)] {
        var p = FlatJSON.Parser(b: bytes)
        var members: [(String, JSONScalar)] = []
        try p.eachMember { p in
            let key = try p.string(build: true)
            try p.colon()
            members.append((key, try p.scalar(build: true)))
        }
        return members
    }

    static func validates(_ text: String) -> Bool {
        (try? Array(text.utf8).withUnsafeBufferPointer { try FlatJSON.validate($0) }) != nil
    }

    static func string(_ jsonLiteral: String) throws -> String? {
        try parse("{\"k\":\(jsonLiteral)}").first?.1.string
    }

    @Test func membersInOrderWithEveryScalarType() throws {
        let m = try Self.parse(#" { "s" : "x", "i":-42,"big":9223372036854775807,"d":2.5e-3, "t":true,"f":false,"n":null,"e":"" } "#)
        #expect(m.map(\.0) == ["s", "i", "big", "d", "t", "f", "n", "e"])
        #expect(m[0].1 == .string("x"))
        #expect(m[1].1 == .int(-42))
        #expect(m[2].1 == .int(Int64.max))
        #expect(m[3].1 == .double(0.0025))
        #expect(m[4].1 == .bool(true) && m[5].1 == .bool(false) && m[6].1 == .null)
        #expect(m[7].1 == .string(""))
        #expect(try Self.parse("{}").isEmpty)
        #expect(try Self.parse("{\"n\":1E2}")[0].1 == .double(100))
        #expect(try Self.parse("{\"n\":-0}")[0].1 == .int(0))
        #expect(try Self.parse("{\"n\":12345678901234567890}")[0].1 == .double(1.2345678901234567e19))
    }

    /// The writer's escapes are part of the line format: the same text always gives the same
    /// bytes, so the hashes of lines written by any version agree.
    @Test func writerEscapesArePinned() {
        let text = "a\"b\\c\n\r\t\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F}\u{2028}\u{2029}/é🚑\u{85}e\u{301}"
        #expect(JSONText.quoted(text) == #""a\"b\\c\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028\u2029/é🚑"# + "\u{85}e\u{301}\"")
        #expect(JSONText.quoted("") == "\"\"")
        #expect(JSONText.encode(.int(-42)) == "-42")
        #expect(JSONText.encode(.bool(true)) == "true")
        #expect(JSONText.encode(.null) == "null")
        // Text after an escape at the very end, and a lone U+2028 byte prefix that is not one.
        #expect(JSONText.quoted("x\u{2028}") == #""x\u2028""#)
        #expect(JSONText.quoted("\u{2020}\u{2030}") == "\"\u{2020}\u{2030}\"")
    }

    @Test func escapes() throws {
        #expect(try Self.string(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == "a\"b\\c/d\u{08}e\u{0C}f\ng\rh\ti")
        #expect(try Self.string(#""\u00e9\u00E9\u0000\u001f\u2028""#) == "éé\u{00}\u{1F}\u{2028}")
        #expect(try Self.string(#""plain ü 🚑 then \n""#) == "plain ü 🚑 then \n")
        #expect(try Self.string(#""\\u0041""#) == "\\u0041")
        // Keys are unescaped too.
        #expect(try Self.parse(#"{"k\"ey\u00fc":1}"#).first?.0 == "k\"eyü")
    }

    @Test func surrogatePairs() throws {
        #expect(try Self.string(#""\ud83d\ude91""#) == "🚑")
        #expect(try Self.string(#""\uD834\uDD1E""#) == "𝄞")
        #expect(try Self.string(#""x\udbff\udfffy""#) == "x\u{10FFFF}y")
        #expect(try Self.string(#""\ud800\udc00""#) == "\u{10000}")
    }

    @Test(arguments: [
        #"{"k":"\ud83d"}"#, #"{"k":"\ud83d x"}"#, #"{"k":"\ud83d\u0041"}"#, #"{"k":"\ude91"}"#,
        #"{"k":"\ude91\ud83d"}"#, #"{"k":"\ud83d\ud83d"}"#, #"{"k":"\ud83d\n"}"#,
    ])
    func loneSurrogatesAreRefused(_ text: String) {
        #expect(throws: FlatJSON.Failure.self) { try Self.parse(text) }
        #expect(!Self.validates(text))
    }

    @Test(arguments: [
        "", " ", "null", "[]", "[1]", "\"s\"", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}", "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":{}}", "{\"a\":{\"b\":1}}",
        "{\"a\":[]}", "{\"a\":[1,2]}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":undefined}",
        "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":1e+}",
        "{\"a\":0x10}", "{\"a\":NaN}", "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12g4\"}", "{\"a\":\"raw \n newline\"}", "{\"a\":\"raw \t tab\"}", "{\"a\":\"raw \u{01}\"}",
        "{\"a\":\"ends in backslash\\", "{\"a\":1",
    ])
    func invalidIsRefused(_ text: String) {
        #expect(throws: FlatJSON.Failure.self, "\(text.debugDescription)") { try Self.parse(text) }
        #expect(!Self.validates(text), "\(text.debugDescription)")
    }

    @Test func failureNamesTheByte() {
        do {
            _ = try Self.parse("{\"a\":[1]}")
            Issue.record("accepted a nested array")
        } catch let f as FlatJSON.Failure {
            #expect(f.message.contains("nested"))
            #expect(f.message.contains("byte 6"))
        } catch {
            Issue.record("threw \(error)")
        }
    }

    /// Whatever the writer quotes, the reader gives back byte for byte, and so does an
    /// independent JSON decoder.
    @Test func writerAndReaderRoundTripRandomText() throws {
        var rng = SplitMix64(seed: 0x5EED_1234)
        let pool: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF, 0x2028...0x2029]
        for round in 0..<400 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 40) {
                let range = pool[Int(rng.next() % UInt64(pool.count))]
                let v = range.lowerBound + UInt32(rng.next() % UInt64(range.upperBound - range.lowerBound + 1))
                if let u = Unicode.Scalar(v) { s.append(u) }
            }
            let text = String(s)
            let line = "{\"k\":\(JSONText.quoted(text))}"
            let back = try Self.parse(line).first?.1.string
            #expect(back.map { Array($0.utf8) } == Array(text.utf8), "round \(round): \(text.debugDescription)")
            #expect(Self.validates(line))
            let foundation = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(foundation?["k"].map { Array($0.utf8) } == Array(text.utf8), "round \(round): Foundation reads \(line.debugDescription) differently")
        }
    }

    /// `validate` and `parse` must agree on every input, including every prefix of a line.
    @Test func validateAgreesWithParseOnPrefixes() {
        let line = "{\"seq\":12,\"note\":\"a\\\"b \\ud83d\\ude91 ü\",\"x\":-1.5e3,\"ok\":true,\"n\":null}"
        let bytes = Array(line.utf8)
        for n in 0...bytes.count {
            let prefix = Array(bytes[..<n])
            let parsed = (try? prefix.withUnsafeBufferPointer { try Self.parse($0) }) != nil
            let valid = (try? prefix.withUnsafeBufferPointer { try FlatJSON.validate($0) }) != nil
            #expect(parsed == valid, "prefix \(n)")
            #expect(parsed == (n == bytes.count), "prefix \(n)")
        }
    }
}

