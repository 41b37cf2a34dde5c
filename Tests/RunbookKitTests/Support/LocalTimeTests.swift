import Foundation
import Testing
@testable import RunbookKit

/// Issue 20, point 10: a local time the clocks skipped (spring forward) is refused naming the
/// gap; one they repeated (fall back) is refused asking which, and read with its zone or offset.
@Suite("Local times across clock changes")
struct LocalTimeTests {
    /// America/New_York in 2026: EDT from 2026-03-08 07:00Z, EST again from 2026-11-01 06:00Z.
    static let newYork = LocalWallTime.Zone { secs in
        let springForward: Int64 = 1_772_953_200  // 2026-03-08T07:00:00Z
        let fallBack: Int64 = 1_793_512_800       // 2026-11-01T06:00:00Z
        return secs >= springForward && secs < fallBack ? (-4 * 3600, "EDT") : (-5 * 3600, "EST")
    }

    @Test func theZoneRuleIsRight() {
        #expect(Timestamp(rfc3339: "2026-03-08T07:00:00Z")?.millis == 1_772_953_200_000)
        #expect(Timestamp(rfc3339: "2026-11-01T06:00:00Z")?.millis == 1_793_512_800_000)
    }

    @Test func aSkippedTimeIsRefusedNamingTheGap() throws {
        let w = try #require(LocalWallTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30, zone: Self.newYork))
        #expect(w.readings.isEmpty)
        do {
            _ = try w.moment(zone: nil, typed: "2026-03-08 02:30")
            Issue.record("a time that never happened was read")
        } catch let e as RunbookError {
            let words = e.description
            #expect(words.contains("does not exist"))
            #expect(words.contains("02:00 to 03:00"))
            #expect(words.contains("EST to EDT"))
            #expect(!words.contains("\n"))
        }
        // Either side of the gap is one moment.
        #expect(LocalWallTime(year: 2026, month: 3, day: 8, hour: 1, minute: 59, zone: Self.newYork)?.readings.count == 1)
        #expect(LocalWallTime(year: 2026, month: 3, day: 8, hour: 3, minute: 0, zone: Self.newYork)?.readings.count == 1)
    }

    @Test func aRepeatedTimeAsksWhichAndTakesAZone() throws {
        let w = try #require(LocalWallTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30, zone: Self.newYork))
        #expect(w.readings.map(\.zone) == ["EDT", "EST"])
        do {
            _ = try w.moment(zone: nil, typed: "2026-11-01 01:30")
            Issue.record("an ambiguous time was read")
        } catch let e as RunbookError {
            let words = e.description
            #expect(words.contains("EDT or EST"), "\(words)")
            #expect(words.contains("-04:00 or -05:00"), "\(words)")
            #expect(words.contains("02:00 to 01:00"), "\(words)")
        }
        #expect(try w.moment(zone: "EDT", typed: "x") == Timestamp(rfc3339: "2026-11-01T05:30:00Z"))
        #expect(try w.moment(zone: "est", typed: "x") == Timestamp(rfc3339: "2026-11-01T06:30:00Z"))
        #expect(try w.moment(zone: "-05:00", typed: "x") == Timestamp(rfc3339: "2026-11-01T06:30:00Z"))
        #expect(throws: RunbookError.self) { try w.moment(zone: "PST", typed: "x") }
    }

    /// The parser splits a zone off a local time, and leaves RFC 3339 alone.
    @Test func theParserReadsAZoneAfterALocalTime() throws {
        #expect(WhenParser.splitZone("2026-11-01 01:30 EST") == ("2026-11-01 01:30", "EST"))
        #expect(WhenParser.splitZone("2026-11-01 01:30-05:00") == ("2026-11-01 01:30", "-05:00"))
        #expect(WhenParser.splitZone("2026-11-01 01:30 -05:00") == ("2026-11-01 01:30", "-05:00"))
        #expect(WhenParser.splitZone("01:30 EDT") == ("01:30", "EDT"))
        #expect(WhenParser.splitZone("2026-11-01T01:30:00-05:00") == ("2026-11-01T01:30:00-05:00", nil))
        #expect(WhenParser.splitZone("-40m") == ("-40m", nil))
        let now = try #require(Timestamp(rfc3339: "2026-11-29T12:00:00Z"))
        #expect(try WhenParser.parse("2026-11-01 01:30 +00:00", now: now) == Timestamp(rfc3339: "2026-11-01T01:30:00Z"))
        #expect(try WhenParser.parse("2026-11-01T06:30:00Z", now: now) == Timestamp(rfc3339: "2026-11-01T06:30:00Z"))
    }

    /// Dates that do not exist are still not read (31 February).
    @Test func impossibleDatesAreNotRead() {
        #expect(LocalWallTime(year: 2026, month: 2, day: 31, hour: 1, minute: 0) == nil)
        #expect(LocalWallTime(year: 2028, month: 2, day: 29, hour: 1, minute: 0) != nil)
    }
}
