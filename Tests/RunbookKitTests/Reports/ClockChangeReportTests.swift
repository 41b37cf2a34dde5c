import Foundation
import Testing
@testable import RunbookKit

/// Issue 21, point 8: across the night the clocks went back (New York, 1 November 2020, 02:00
/// EDT became 01:00 EST at 06:00 UTC), 01:30 happened twice; the report says which each time
/// was, and its title block names both zones. Fixed times, and New York's rule given to the
/// report's clock, so nothing depends on now or on this machine's zone.
@Suite struct ClockChangeReportTests {
    /// America/New_York in 2020: EDT from 2020-03-08T07:00Z to 2020-11-01T06:00Z.
    static let newYork = LocalWallTime.Zone { secs in
        secs >= 1_583_650_800 && secs < 1_604_210_400 ? (-4 * 3600, "EDT") : (-5 * 3600, "EST")
    }
    static func utc(_ s: String) -> Timestamp { Timestamp(rfc3339: s)! }

    /// Activated 00:45 EDT, a note at each 01:30, closed 03:00 EST.
    static func fallBackNight() throws -> EngineFixture {
        let f = try EngineFixture(engineRulesYAML, now: utc("2020-11-01T04:45:00Z"), discovered: utc("2020-11-01T04:30:00Z"))
        f.clock.set(utc("2020-11-01T05:30:00Z"))
        try f.act(.note("the first 01:30", tag: nil))
        f.clock.set(utc("2020-11-01T06:30:00Z"))
        try f.act(.note("the second 01:30", tag: nil))
        f.clock.set(utc("2020-11-01T08:00:00Z"))
        try f.act(.close)
        return f
    }

    @Test func theZoneRuleIsRight() {
        #expect(Self.utc("2020-03-08T07:00:00Z").millis == 1_583_650_800_000)
        #expect(Self.utc("2020-11-01T06:00:00Z").millis == 1_604_210_400_000)
    }

    @Test func timesAcrossTheFallBackSayWhichZone() throws {
        let f = try Self.fallBackNight()
        let clock = ReportClock(zone: Self.newYork)
        let md = Reports.text(.md, engine: f.engine, options: ReportOptions(clock: clock))
        #expect(md.contains("2020-11-01 01:30 EDT"), "\(md)")
        #expect(md.contains("2020-11-01 01:30 EST"), "\(md)")
        #expect(md.contains("2020-11-01 00:45 EDT") && md.contains("2020-11-01 03:00 EST"), "\(md)")
        #expect(md.contains("(EDT/EST: the clocks changed during the incident; each time says which)"), "\(md)")
        #expect(!md.contains("| 2020-11-01 01:30 |"), "no 01:30 without its zone: \(md)")
        let html = Reports.text(.html, engine: f.engine, options: ReportOptions(clock: clock))
        #expect(html.contains("01:30 EDT") && html.contains("01:30 EST") && html.contains("EDT/EST"))
        let ics = Reports.text(.ics214, engine: f.engine, options: ReportOptions(clock: clock))
        #expect(ics.contains("01:30 EDT") && ics.contains("01:30 EST"), "\(ics)")
        // The model built straight from the engine carries the same clock.
        let m = ReportModel.build(f.engine, clock: clock)
        #expect(m.clock.marksZones && m.clock.zones == ["EDT", "EST"])
    }

    /// One offset all through: times as before, the zone named once in the title block.
    @Test func oneOffsetThroughoutAddsNothingToTheTimes() throws {
        let f = try EngineFixture(engineRulesYAML, now: Self.utc("2020-11-01T07:00:00Z"))
        f.clock.set(Self.utc("2020-11-01T07:30:00Z"))
        try f.act(.note("after the change", tag: nil))
        let md = Reports.text(.md, engine: f.engine, options: ReportOptions(clock: ReportClock(zone: Self.newYork)))
        #expect(md.contains("2020-11-01 02:30") && !md.contains("02:30 EST"), "\(md)")
        #expect(md.contains("(UTC-05:00)"), "\(md)")
        // And in UTC, never a local zone.
        let u = Reports.text(.md, engine: try Self.fallBackNight().engine, options: ReportOptions(clock: ReportClock(utc: true, zone: Self.newYork)))
        #expect(!u.contains("EDT") && !u.contains("EST") && u.contains("2020-11-01 05:30"), "\(u)")
    }

    /// The clock-change rule on its own: one hour's sampling finds the change, and an incident
    /// wholly on one side of it has one zone.
    @Test func theRuleFindsTheChange() {
        let c = ReportClock(zone: Self.newYork)
        #expect(c.during(from: Self.utc("2020-11-01T05:59:00Z"), to: Self.utc("2020-11-01T06:01:00Z")).zones == ["EDT", "EST"])
        #expect(c.during(from: Self.utc("2020-10-01T00:00:00Z"), to: Self.utc("2020-11-01T05:59:00Z")).zones == ["EDT"])
        // Through spring and autumn: a year's incident had both.
        #expect(c.during(from: Self.utc("2020-01-01T00:00:00Z"), to: Self.utc("2020-12-31T00:00:00Z")).marksZones)
    }
}
