import Foundation

/// SplitMix64, as in RunbookKitTests/Support (test targets cannot share a file): the end-to-end
/// fuzzers draw from it so every case replays from its seed.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &self)] }
    /// Random bytes, often from `alphabet`.
    mutating func bytes(_ count: Int, alphabet: [UInt8] = []) -> [UInt8] {
        (0..<count).map { _ in !alphabet.isEmpty && chance(0.7) ? pick(alphabet) : UInt8(truncatingIfNeeded: next()) }
    }
}
