import Foundation
import Testing
@testable import RunbookKit

@Suite("Timestamp RFC 3339")
struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_796_000_001_500, "2026-11-30T00:53:21.500Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
        (1_709_208_000_007, "2024-02-29T12:00:00.007Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMilliseconds(_ millis: Int64, _ text: String) {
        #expect(Timestamp(millis: millis).rfc3339 == text)
        #expect(Timestamp(rfc3339: text)?.millis == millis)
    }

    /// Formatting checked against Python's datetime over many moments, then parsed back.
    @Test func roundTripAgainstPython() throws {
        var rng = SplitMix64(seed: 42)
        var values: [Int64] = [0, -1, 1, 999, 1000, -999, -1000, -1001, 68_169_599_999, 253_402_300_799_999]
        for _ in 0..<300 { values.append(Int64(rng.next() % 5_000_000_000_000) - 1_000_000_000_000) }
        let script = """
        import sys, datetime
        epoch = datetime.datetime(1970, 1, 1)
        for v in sys.stdin.read().split():
            t = epoch + datetime.timedelta(milliseconds=int(v))
            print(t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000))
        """
        let r = try JournalFixture.run("/usr/bin/python3", ["-c", script], input: Array(values.map(String.init).joined(separator: "\n").utf8))
        #expect(r.status == 0, "\(r.err)")
        let expected = r.out.split(separator: "\n").map(String.init)
        try #require(expected.count == values.count)
        for (v, e) in zip(values, expected) {
            let t = Timestamp(millis: v)
            #expect(t.rfc3339 == e, "\(v)")
            #expect(Timestamp(rfc3339: t.rfc3339) == t, "\(v)")
        }
    }

    @Test(arguments: [
        ("2026-11-29T02:06:55Z", Int64(1_795_918_015_000)),
        ("2026-11-29T02:06:55.1Z", 1_795_918_015_100),
        ("2026-11-29T02:06:55.12Z", 1_795_918_015_120),
        ("2026-11-29T02:06:55.123Z", 1_795_918_015_123),
        ("2026-11-29t02:06:55.123z", 1_795_918_015_123),
        ("2026-11-29 02:06:55.123Z", 1_795_918_015_123),
        ("2026-11-29T03:06:55.123+01:00", 1_795_918_015_123),
        ("2026-11-28T20:36:55-05:30", 1_795_918_015_000),
        ("2026-11-29T02:06:55.000+00:00", 1_795_918_015_000),
    ])
    func parsesOffsetsAndFractions(_ text: String, _ millis: Int64) {
        #expect(Timestamp(rfc3339: text)?.millis == millis, "\(text)")
    }

    /// RFC 3339 allows any number of fraction digits; microseconds and nanoseconds are what
    /// `date --rfc-3339=ns` and most languages print. Run in a child process: it used to trap.
    @Test(arguments: ["2026-11-29T02:06:55.1234Z", "2026-11-29T02:06:55.123456Z", "2026-11-29T02:06:55.123456789+00:00"])
    func longFractionsAreTruncatedToMilliseconds(_ text: String) async {
        await #expect(processExitsWith: .success, "parsing \(text)") { [text] in
            precondition(Timestamp(rfc3339: text)?.millis == 1_795_918_015_123)
        }
    }

    @Test(arguments: [
        "", "garbage", "2026-11-29", "2026-11-29T02:06:55", "2026-11-29T02:06Z", "2026-11-29T02:06:55.Z",
        "2026-11-29T02:06:55+0100", "2026-11-29T02:06:55+01", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-11-32T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z", "2026-11-29T02:06:55Zjunk",
        "2026-11-29X02:06:55Z", "26-11-29T02:06:55Z", "２０２６-11-29T02:06:55Z", "2026-11-29T02:06:55.123Z ",
    ])
    func refusesMalformed(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil, "\(text.debugDescription)")
    }
}

@Suite("WhenParser --at")
struct WhenParserTests {
    static let now = Timestamp(millis: 1_795_918_015_123)

    @Test(arguments: [("-40m", 2_400), ("-2h", 7_200), ("-1h30m", 5_400), ("-1d", 86_400), (" -5m ", 300), ("-0m", 0)])
    func relative(_ text: String, _ seconds: Int) throws {
        #expect(try WhenParser.parse(text, now: Self.now) == Self.now.adding(seconds: -seconds))
    }

    /// HH:MM is its latest past occurrence: today's, or yesterday's when today's has not come
    /// and is more than 12 hours ahead; up to 12 hours ahead it is refused (a slow clock).
    @Test(arguments: [("14:05", 14, 5), ("00:00", 0, 0), ("23:59", 23, 59), ("9:07", 9, 7), ("02:07", 2, 7), ("14:07", 14, 7)])
    func localClockLatestPast(_ text: String, _ hour: Int, _ minute: Int) throws {
        let n = Self.now.localParts()
        let ahead = hour * 60 + minute - (n.hour * 60 + n.minute)
        if ahead > 1 && ahead <= 12 * 60 {
            #expect(throws: RunbookError.refused(.clockTimeAhead(typed: text, minutes: ahead, now: Self.now))) {
                try WhenParser.parse(text, now: Self.now)
            }
            return
        }
        let t = try WhenParser.parse(text, now: Self.now)
        let p = t.localParts()
        #expect(p.hour == hour && p.minute == minute && p.second == 0)
        #expect(t.millis % 1000 == 0)
        #expect(t.millis <= Self.now.millis + 60_000 && Self.now.millis - t.millis < 86_400_000)
        // Independent: the C library's idea of that local time, today, else yesterday.
        func local(dayBack: Int) -> Int64 {
            var secs = time_t(Self.now.millis / 1000 - Int64(dayBack) * 86_400)
            var tmv = tm()
            localtime_r(&secs, &tmv)
            tmv.tm_hour = Int32(hour); tmv.tm_min = Int32(minute); tmv.tm_sec = 0; tmv.tm_isdst = -1
            return Int64(mktime(&tmv)) * 1000
        }
        let today = local(dayBack: 0)
        #expect(t.millis == (today <= Self.now.millis + 60_000 ? today : local(dayBack: 1)))
    }

    @Test func rfc3339IsTakenAsIs() throws {
        #expect(try WhenParser.parse("2026-11-29T14:05:00Z", now: Self.now) == Timestamp(rfc3339: "2026-11-29T14:05:00Z"))
        #expect(try WhenParser.parse("2025-01-02T03:04:05.678+02:00", now: Self.now).millis == 1_735_779_845_678)
    }

    @Test(arguments: [
        "", " ", "yesterday", "now", "40m", "+40m", "-40", "-m", "--40m", "-40s", "-1m2h", "-4 0m", "24:00", "12:60",
        "12:5", "1:5", "123:00", "12:005", "12-05", "12:05pm", "-12:05", "2026-11-29", "14h05",
    ])
    func garbageIsRefused(_ text: String) {
        do {
            let t = try WhenParser.parse(text, now: Self.now)
            Issue.record("\(text.debugDescription) was read as \(t)")
        } catch let e as RunbookError {
            guard case .usage(let m) = e else { Issue.record("\(e) is not a usage error"); return }
            #expect(m.contains("'\(text)'") && m.contains("HH:MM") && m.contains("-40m"))
        } catch {
            Issue.record("threw \(error)")
        }
    }
}

@Suite("PlaybookDuration")
struct PlaybookDurationTests {
    @Test(arguments: [
        ("45m", 2_700), ("2h", 7_200), ("1h30m", 5_400), ("3d", 259_200), ("1d12h", 129_600), ("0m", 0),
        ("1d1h1m", 90_060), ("90m", 5_400), ("007m", 420),
    ])
    func parses(_ text: String, _ seconds: Int) {
        #expect(PlaybookDuration(parsing: text)?.seconds == seconds, "\(text)")
    }

    @Test(arguments: ["1m2h", "2h1d", "1h1h", "h", "", "5", "m5", "1h 30m", " 1h", "1.5h", "-5m", "5s", "5M", "1hm", "٣m", "99999999999d"])
    func refuses(_ text: String) {
        #expect(PlaybookDuration(parsing: text) == nil, "\(text.debugDescription)")
    }

    @Test func describesCompactlyAndRoundTrips() {
        for s in [60, 2_700, 5_400, 86_400, 90_060, 129_600, 3 * 86_400 + 60] {
            let d = PlaybookDuration(seconds: s)
            #expect(PlaybookDuration(parsing: d.description)?.seconds == s, "\(d)")
        }
        #expect(PlaybookDuration(seconds: 5_400).description == "1h30m")
        #expect(PlaybookDuration(seconds: 0).description == "0m")
    }
}

@Suite("local clock text")
struct LocalClockTests {
    /// A due time on another day says which day: in a week-long outage "due 02:42" could be any.
    @Test func showsTheDayOnlyWhenItIsNotToday() throws {
        let now = try #require(Timestamp.localToday(hour: 10, minute: 0, now: Timestamp(rfc3339: "2026-11-29T12:00:00Z")!))
        let later = try #require(Timestamp.localToday(hour: 14, minute: 5, now: now))
        #expect(later.localClock(relativeTo: now) == "14:05")
        let threeDays = later.adding(seconds: 3 * 86_400)
        let p = threeDays.localParts()
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][p.month - 1]
        #expect(threeDays.localClock(relativeTo: now) == "\(p.day) \(month) \(Timestamp.pad(p.hour, 2)):\(Timestamp.pad(p.minute, 2))")
        #expect(threeDays.localClock(relativeTo: now) != "14:05")
        let nextYear = later.adding(seconds: 400 * 86_400)
        #expect(nextYear.localClock(relativeTo: now).contains(" \(nextYear.localParts().year) "))
        let yesterday = later.adding(seconds: -86_400)
        #expect(yesterday.localClock(relativeTo: now).hasSuffix(":05") && yesterday.localClock(relativeTo: now).count > 5)
    }
}

/// `--at HH:MM` after midnight means last night, and a local date and time is read as such.
@Suite("when parser across midnight")
struct WhenParserMidnightTests {
    /// A moment at `hour:minute` local time, on the day of `reference`.
    static func local(_ hour: Int, _ minute: Int, _ reference: Timestamp) throws -> Timestamp {
        try #require(Timestamp.localToday(hour: hour, minute: minute, now: reference))
    }

    @Test func hhmmIsTheLatestThatHasPassed() throws {
        let base = try #require(Timestamp(rfc3339: "2026-11-30T12:00:00Z"))
        let now = try Self.local(3, 39, base)
        let late = try WhenParser.parse("23:40", now: now)
        #expect(late < now)
        #expect(now.millis - late.millis < 24 * 3_600_000)
        #expect(late.localParts().hour == 23 && late.localParts().minute == 40)
        // Earlier today stays today; a minute of clock skew ahead stays today too.
        #expect(try WhenParser.parse("03:10", now: now) == (try Self.local(3, 10, now)))
        #expect(try WhenParser.parse("03:40", now: now) == (try Self.local(3, 40, now)))
    }

    @Test func localDateAndTime() throws {
        let now = try #require(Timestamp(rfc3339: "2026-11-30T12:00:00Z"))
        let t = try WhenParser.parse("2026-11-29 22:15", now: now)
        let p = t.localParts()
        #expect(p.year == 2026 && p.month == 11 && p.day == 29 && p.hour == 22 && p.minute == 15)
        #expect(try WhenParser.parse("2026-11-29T22:15", now: now) == t)
        for bad in ["2026-02-31 10:00", "2026-13-01 10:00", "2026-11-29 24:00", "2026-11-29 9:00", "yesterday"] {
            #expect(throws: RunbookError.self, "\(bad)") { try WhenParser.parse(bad, now: now) }
        }
        do {
            _ = try WhenParser.parse("yesterday", now: now)
        } catch let e as RunbookError {
            #expect(e.description.contains("2026-11-29 14:05") && e.description.contains("latest that has passed"))
        }
    }
}
