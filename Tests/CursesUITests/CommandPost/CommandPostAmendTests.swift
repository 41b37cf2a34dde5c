import Foundation
import Testing
@testable import CursesUI
@testable import RunbookKit

/// Entry 1's facts corrected from the screen (Enter, then A), as `runbook amend` does, and a
/// mistaken close undone from the timeline.
@Suite("command post: amend and reopen")
struct CommandPostAmendTests {
    @Test func theActivationTimeIsAmendedFromTheMenu() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.enter, .char("A"))
        #expect(f.screen(post, 100, 30).contains("Amend “EHR outage”"))
        post.press(.char("a"))
        post.type("07:10")
        post.press(.enter)
        let last = try #require(try f.journalLines().last)
        #expect(last.contains("\"type\":\"incident.amended\""), "\(last)")
        #expect(last.contains("\"activated\":\"2026-11-29T07:10:00.000Z\""), "\(last)")
        #expect(try f.session().state.activated == Timestamp(rfc3339: "2026-11-29T07:10:00Z"))
        // A time that is no time is said, and nothing is written.
        let count = try f.journalLines().count
        post.press(.enter, .char("A"), .char("d"))
        post.type("soon")
        post.press(.enter)
        #expect(try f.journalLines().count == count)
        #expect(f.screen(post, 100, 30).contains("soon"))
    }

    @Test func theExerciseFlagIsAmendedAfterAYes() throws {
        let f = try ScreenFixture()
        let post = try f.post()
        post.press(.enter, .char("A"), .char("x"))
        #expect(f.screen(post, 100, 30).contains("an EXERCISE?"))
        post.press(.char("y"))
        #expect(try f.session().state.exercise)
    }

    @Test func aClosedIncidentTakesOnlyItsCloseCorrectionAfterItsName() throws {
        let f = try ScreenFixture()
        let s = try f.session()
        let close = try s.perform(.close, ActionContext(actor: "ic"), now: { f.now })
        let post = try f.post()
        post.press(.char("n"))
        #expect(try f.journalLines().count == 2, "a note on a closed incident")
        post.press(.tab, .tab, .end, .char("c"))
        post.type("closed by mistake")
        post.press(.enter)
        post.type("EHR OUTAGE")
        post.press(.enter)
        let lines = try f.journalLines()
        #expect(lines.count == 3)
        #expect(lines.last?.contains("\"target\":\(close.seq)") == true)
        #expect(try f.session().state.closed == nil)
    }
}
