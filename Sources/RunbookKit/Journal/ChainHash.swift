/// A hash as the journal writes it: 64 lowercase hex characters, kept inline (no heap text),
/// so reading a long journal does not allocate two strings per entry for its chain.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    // The 64 ASCII bytes, eight at a time.
    private var w0, w1, w2, w3, w4, w5, w6, w7: UInt64

    /// The hash from its 64 bytes of text; nil for any other length.
    public init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        w3 = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        w4 = raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
        w5 = raw.loadUnaligned(fromByteOffset: 40, as: UInt64.self)
        w6 = raw.loadUnaligned(fromByteOffset: 48, as: UInt64.self)
        w7 = raw.loadUnaligned(fromByteOffset: 56, as: UInt64.self)
    }

    /// The hash from its text; nil unless it is 64 bytes long.
    public init?(_ text: String) {
        var t = text
        guard let h = t.withUTF8({ ChainHash($0) }) else { return nil }
        self = h
    }

    /// The hash of nothing before entry 1: 64 zeros.
    public static let zero = ChainHash(JournalLine.zeroHash)!

    /// Whether `bytes` are this hash's text.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let other = ChainHash(bytes) else { return false }
        return other == self
    }

    /// The 64 characters.
    public var text: String {
        withUnsafeBytes(of: self) { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the 64 characters to `bytes` (no string made).
    func append(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: self) { bytes.append(contentsOf: $0) }
    }

    /// Appends the first `n` characters (at most 64) to `bytes`: the report's short form.
    func append(prefix n: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: self) { bytes.append(contentsOf: $0.prefix(n)) }
    }

    public var description: String { text }
}
