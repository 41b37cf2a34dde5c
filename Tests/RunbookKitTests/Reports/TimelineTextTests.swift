import Foundation
import Testing
import RunbookKit

/// The words of `runbook log`: T+, the date when the incident spans days, both times of a
/// back-dated entry, and a correction with its reason.
@Suite("Timeline text", .serialized)
struct TimelineTextTests {
    init() { setenv("TZ", "UTC", 1); tzset() }

    @Test func offsets() {
        let a = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!
        #expect(EntryText.offset(a, from: a) == "T+00:00")
        #expect(EntryText.offset(a.adding(seconds: 2 * 3600 + 5 * 60), from: a) == "T+02:05")
        #expect(EntryText.offset(a.adding(seconds: 38 * 3600 + 12 * 60), from: a) == "T+38:12")
        #expect(EntryText.offset(a.adding(seconds: -35 * 60), from: a) == "T−00:35")
        // From 48 hours, in days: the log of an incident of weeks reads at a glance.
        #expect(EntryText.offset(a.adding(seconds: (54 * 24 + 22) * 3600 + 20 * 60), from: a) == "T+54d 22:20")
    }

    @Test func linesAcrossDays() throws {
        let f = try EngineFixture(EstimateTests.yaml, now: Timestamp(rfc3339: "2026-11-29T22:00:00Z")!,
                                  discovered: Timestamp(rfc3339: "2026-11-29T21:00:00Z")!)
        f.clock.advance(minutes: 60)
        let back = try f.act(.system("EHR", .down), at: Timestamp(rfc3339: "2026-11-29T21:30:00Z")!, actor: "Sam")
        f.clock.advance(minutes: 70)  // past midnight: the incident now spans two days
        let wrong = try f.act(.note("generator on fuel", tag: nil), actor: "Sam")
        try f.act(.correct(wrong.seq, reason: "that was building B"), actor: "Sam")
        let s = f.state
        #expect(EntryText.spansDays(s.entries))
        let line = EntryText.timelineText(back, state: s, playbook: f.engine.playbook, withDate: true)
        #expect(line == "#\(back.seq)  2026-11-29 21:30  T−00:30  Sam  system: EHR is DOWN  [recorded 2026-11-29 23:00]")
        let corrected = EntryText.timelineText(wrong, state: s, playbook: f.engine.playbook, withDate: true)
        #expect(corrected.hasSuffix("[ENTERED IN ERROR — corrected by #\(wrong.seq + 1): that was building B]"))
        #expect(corrected.hasPrefix("#\(wrong.seq)  2026-11-30 00:10  T+02:10  Sam  note: generator on fuel"))
        let sameDay = EntryText.timelineText(back, state: s, playbook: f.engine.playbook, withDate: false)
        #expect(sameDay.hasPrefix("#\(back.seq)  21:30  T−00:30"))
    }
}
