import Testing
@testable import RunbookKit

/// The timeline's remembered date-times read exactly as the clock writes each one, a minute at a
/// time across days, in zones a quarter or half hour off UTC and across a change of offset.
@Suite("the report's remembered date-times")
struct MinuteTextsTests {
    static func zone(_ rule: @escaping @Sendable (Int64) -> (seconds: Int, zone: String)) -> LocalWallTime.Zone { .init(offset: rule) }

    @Test(arguments: [
        ("India", 19_800, 19_800), ("Nepal", 20_700, 20_700), ("Newfoundland", -12_600, -9_000), ("New York", -18_000, -14_400),
    ])
    func everyMinuteReadsAsTheClockWritesIt(_ name: String, _ before: Int, _ after: Int) throws {
        let start = try #require(Timestamp(rfc3339: "2026-11-01T04:00:00Z"))
        // The offset changes at 06:00 UTC, a quarter hour of UTC as every real change is.
        let change = start.millis / 1000 + 2 * 3600
        let rule = Self.zone { s in s < change ? (before, "A") : (after, "B") }
        let clock = ReportClock(zone: rule).during(from: start, to: start.adding(seconds: 3 * 86_400))
        #expect(clock.marksZones == (before != after), "\(name)")
        var texts = MinuteTexts(clock: clock, activated: start)
        // Every 7 seconds for three days, and back again: repeats, new minutes and quarters.
        var t = start
        for _ in 0..<(3 * 86_400 / 7) {
            #expect(texts.dateTime(t) == clock.dateTime(t), "\(name) at \(t.rfc3339)")
            t = t.adding(seconds: 7)
        }
        for k in stride(from: 3 * 86_400, to: 0, by: -601) {
            let back = start.adding(seconds: k)
            #expect(texts.dateTime(back) == clock.dateTime(back), "\(name) at \(back.rfc3339)")
        }
    }
}
