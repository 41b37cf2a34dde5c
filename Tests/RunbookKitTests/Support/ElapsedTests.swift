import Testing
import RunbookKit

/// Issue 22/23: elapsed time written one way, in days from 48 hours.
@Suite struct ElapsedTests {
    @Test func underFortyEightHoursHoursAndMinutes() {
        #expect(Elapsed.text(seconds: 0) == "T+00:00")
        #expect(Elapsed.text(seconds: 59) == "T+00:00", "whole minutes, cut toward activation")
        #expect(Elapsed.text(seconds: 50 * 60) == "T+00:50")
        #expect(Elapsed.text(seconds: 26 * 3600 + 5 * 60) == "T+26:05")
        #expect(Elapsed.text(seconds: 47 * 3600 + 59 * 60 + 59) == "T+47:59")
    }

    @Test func fromFortyEightHoursDays() {
        #expect(Elapsed.text(seconds: 48 * 3600) == "T+2d 00:00")
        #expect(Elapsed.text(seconds: 72 * 3600 + 5 * 60) == "T+3d 00:05")
        #expect(Elapsed.text(seconds: (54 * 24 + 22) * 3600 + 20 * 60) == "T+54d 22:20")
        #expect(Elapsed.text(seconds: 400 * 86_400 + 9 * 3600 + 7 * 60) == "T+400d 09:07")
    }

    @Test func beforeActivationTheMinusSign() {
        #expect(Elapsed.text(seconds: -29 * 60) == "T\u{2212}00:29")
        #expect(Elapsed.text(seconds: -(47 * 3600 + 59 * 60)) == "T−47:59")
        #expect(Elapsed.text(seconds: -(3 * 86_400 + 70 * 60)) == "T−3d 01:10")
    }

    @Test func theMinutesAreTheOnesShown() {
        #expect(Elapsed.minutes(seconds: 0) == 0)
        #expect(Elapsed.minutes(seconds: 59) == 0)
        #expect(Elapsed.minutes(seconds: (54 * 24 + 22) * 3600 + 20 * 60 + 30) == 79_100)
        #expect(Elapsed.minutes(seconds: -29 * 60 - 10) == -29)
    }

    @Test func fromTimestamps() {
        let a = Timestamp(rfc3339: "2026-11-01T08:00:00Z")!
        #expect(Elapsed.text(Timestamp(rfc3339: "2026-12-26T06:20:00Z")!, from: a) == "T+54d 22:20")
        #expect(Elapsed.text(Timestamp(rfc3339: "2026-11-01T07:31:00Z")!, from: a) == "T−00:29")
    }
}
