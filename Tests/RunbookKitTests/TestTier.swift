import Foundation

/// How hard the long loops (fuzzing, kill -9, key storms, random histories) work: `make test`
/// runs the quick tier on every change, `make test-full` (and `make bench`) the full one, with
/// `RUNBOOK_TEST_TIER=full`. The tests are the same; only their iterations differ.
enum TestTier {
    static let isFull = ProcessInfo.processInfo.environment["RUNBOOK_TEST_TIER"] == "full"
    /// `quick` in the quick tier, `full` in the full one.
    static func pick<T>(quick: T, full: T) -> T { isFull ? full : quick }
}
