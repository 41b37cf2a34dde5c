/// Digits written in ASCII, read as a number: the one reader the time parsers and the incident
/// folder names share.
enum ASCIIDigits {
    /// The number the bytes `range` of `b` spell, or nil if the range runs past `b` or any of
    /// its bytes is not 0-9.
    @inline(__always)
    static func value<C: RandomAccessCollection>(_ b: C, _ range: Range<Int>) -> Int? where C.Element == UInt8, C.Index == Int {
        guard range.lowerBound >= b.startIndex, range.upperBound <= b.endIndex else { return nil }
        var v = 0
        for k in range {
            let d = b[k] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }
}
