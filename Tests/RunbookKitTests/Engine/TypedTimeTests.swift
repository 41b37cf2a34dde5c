import Foundation
import Testing
@testable import RunbookKit

/// Issue 21, point 4: a clock time a few minutes ahead is a slow clock, refused and never read
/// as yesterday; what a typed time resolves to is said as it is typed; more than 12 hours back
/// is confirmed; a time typed to the minute compares to the minute.
@Suite struct TypedTimeTests {
    /// `hour:minute` on the local clock, on the day of engineBase.
    static func local(_ hour: Int, _ minute: Int, second: Int = 0) throws -> Timestamp {
        try #require(Timestamp.localToday(hour: hour, minute: minute, now: engineBase)).adding(seconds: second)
    }

    /// At 14:00, "14:05" is five minutes ahead: refused in one line naming the slow clock and
    /// the two ways out, never read as yesterday 14:05 (an incident activated a day early).
    @Test func aClockTimeMinutesAheadIsASlowClockNotYesterday() throws {
        let now = try Self.local(14, 0, second: 20)
        do {
            let read = try WhenParser.parse("14:05", now: now)
            Issue.record("14:05 at 14:00 was read as \(read.localDateTime)")
        } catch let e as RunbookError {
            #expect(e.refusal == .clockTimeAhead(typed: "14:05", minutes: 5, now: now))
            let words = e.description
            #expect(words.hasPrefix("14:05 is 5 min from now"), "\(words)")
            #expect(words.contains("clock is slow") && words.contains("-10m") && words.contains("type the date too"), "\(words)")
            #expect(!words.contains("\n"))
        }
        // The minute of skew between terminals is still today.
        #expect(try WhenParser.parse("14:01", now: now) == (try Self.local(14, 1)))
        // Earlier today is today.
        #expect(try WhenParser.parse("02:30", now: now) == (try Self.local(2, 30)))
        // With its date, yesterday's 14:05 is taken.
        let y = now.adding(seconds: -86_400).localParts()
        let dated = String(format: "%04d-%02d-%02d 14:05", y.year, y.month, y.day)
        #expect(now.millis - (try WhenParser.parse(dated, now: now)).millis > 23 * 3_600_000)
    }

    /// The window is 12 hours: up to it a clock time ahead is refused, past it it is last night.
    @Test func pastTheWindowAClockTimeIsLastNight() throws {
        let now = try Self.local(3, 39)
        let late = try WhenParser.parse("23:40", now: now)
        #expect(late < now && now.millis - late.millis < 4 * 3_600_000)
        #expect(throws: RunbookError.refused(.clockTimeAhead(typed: "15:39", minutes: 12 * 60, now: now))) {
            try WhenParser.parse("15:39", now: now)
        }
        let justPast = try WhenParser.parse("15:40", now: now)
        #expect(justPast < now && justPast.localParts().hour == 15)
    }

    /// The one preview every prompt shows.
    @Test func thePreviewSaysWhatATimeResolvesTo() throws {
        let now = try Self.local(14, 0, second: 20)
        #expect(TimePreview.line("", now: now) == .empty)
        #expect(TimePreview.line("  ", now: now) == .empty)
        if case .incomplete = TimePreview.line("14:", now: now) {} else { Issue.record("a time half typed is not refused") }
        let ahead = TimePreview.line("14:05", now: now)
        #expect(ahead.isProblem && ahead.text.contains("5 min from now"), "\(ahead)")
        let ago = TimePreview.line("-40m", now: now)
        guard case .resolves(let t, let text, let confirm) = ago else { Issue.record("\(ago)"); return }
        #expect(t == now.adding(seconds: -2400))
        #expect(!confirm)
        #expect(text.hasPrefix("= ") && text.hasSuffix(", 40 min ago"), "\(text)")
        #expect(text.contains(t.localHHMM))
        let far = TimePreview.line("-23h55m", now: now)
        guard case .resolves(_, let farText, let farConfirm) = far else { Issue.record("\(far)"); return }
        #expect(farConfirm && farText.contains("23 h 55 min ago") && farText.contains("confirm"), "\(farText)")
        let future = TimePreview.line(Timestamp(millis: now.millis + 3_600_000).rfc3339, now: now)
        #expect(future.isProblem && future.text.contains("in the future"), "\(future)")
        // The day, with its weekday, as typed.
        let sunday = TimePreview.line("2026-11-29 11:03", now: try #require(Timestamp(rfc3339: "2026-11-30T20:00:00Z")))
        #expect(sunday.text.hasPrefix("= Sun 29 Nov 11:03"), "\(sunday)")
    }

    @Test func moreThanTwelveHoursBackIsConfirmed() {
        let now = engineBase
        #expect(!ActionTime.needsConfirming(now.adding(seconds: -12 * 3600), now: now))
        #expect(ActionTime.needsConfirming(now.adding(seconds: -12 * 3600 - 1), now: now))
        #expect(!ActionTime.needsConfirming(now.adding(seconds: -60), now: now))
    }

    /// 09:24 typed is a minute wide: not before a prerequisite done at 09:24:31.
    @Test func aTimeTypedToTheMinuteComparesToTheMinute() throws {
        let done = engineBase.adding(seconds: 2 * 3600 + 31)
        #expect(!ActionTime.isBefore(engineBase.adding(seconds: 2 * 3600), done))
        #expect(ActionTime.isBefore(engineBase.adding(seconds: 2 * 3600 - 60), done))
        #expect(ActionTime.isBefore(engineBase.adding(seconds: 2 * 3600 + 10), done), "a time with seconds compares exactly")

        let f = try EngineFixture(engineRulesYAML, now: engineBase.adding(seconds: 3 * 3600), at: engineBase.adding(seconds: 3600),
                                  discovered: engineBase)
        try f.act(.task("declare", .done), at: done)
        // The same minute, typed: recorded, and no deviation.
        let e = try f.act(.task("activate", .done), at: engineBase.adding(seconds: 2 * 3600))
        #expect(e["force"] == nil && e.string("deviation") == nil)
        // The minute before is still before.
        let g = try EngineFixture(engineRulesYAML, now: engineBase.adding(seconds: 3 * 3600), at: engineBase.adding(seconds: 3600),
                                  discovered: engineBase)
        try g.act(.task("declare", .done), at: done)
        #expect(g.refuse(.task("activate", .done), at: engineBase.adding(seconds: 2 * 3600 - 60))?.isRefused == true)
        // And one typed with its seconds compares exactly.
        #expect(g.refuse(.task("activate", .done), at: engineBase.adding(seconds: 2 * 3600 + 10))?.isRefused == true)
    }
}
