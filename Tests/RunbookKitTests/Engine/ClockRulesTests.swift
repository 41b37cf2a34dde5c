import Foundation
import Testing
@testable import RunbookKit

/// Issue 20, point 8: a wild clock (2100, 2262, 9999) cannot wreck the record. Recording more
/// than a day past the previous entry needs `--force`; an entry marked entered in error moves
/// no figure; a clock that went back is a fact the board shows as `status` does.
@Suite("Clock rules")
struct ClockRulesTests {
    static let wild = ["2100-01-01T00:00:00Z", "2262-04-11T23:47:16Z", "9999-12-31T23:59:59Z"].compactMap { Timestamp(rfc3339: $0) }

    /// Attack: the computer's clock jumps to 2100, 2262 or 9999 and someone records a note, a
    /// system, a task. Each is refused with the day-ahead rule (the journal untouched), by the
    /// full engine and the light one-line path alike; with `--force` it is recorded, saying so.
    @Test func recordingMoreThanADayAheadNeedsForce() throws {
        #expect(Self.wild.count == 3)
        for t in Self.wild {
            let f = try EngineFixture(twoHatsYAML)
            try f.act(.note("first", tag: nil))
            f.clock.set(t)
            for action in [Action.note("clock?", tag: nil), .system("EHR", .down), .task("declare", .done)] {
                let e = f.refuse(action)
                guard case .clockAhead(let now, let previous)? = e?.refusal else {
                    Issue.record("\(action) at \(t.rfc3339): \(String(describing: e))"); continue
                }
                #expect(now == t && previous == engineBase)
                #expect(e?.refusal?.words().contains("--force") == true)
            }
            // The one-line path (light state, no playbook) refuses the same way.
            let before = f.journalBytes
            #expect(throws: RunbookError.self) {
                try IncidentSession.record(.note("light", tag: nil), ActionContext(actor: "a"), store: f.store, id: f.id, now: { t })
            }
            #expect(f.journalBytes == before)
            let forced = try f.act(.note("the clock is right", tag: nil), force: true)
            #expect(forced.string("clockAhead")?.contains("after the previous entry") == true)
            #expect(forced["force"] == nil, "not a deviation: nothing was done out of order")
        }
    }

    /// A quiet day is not a wrong clock: up to a day after the previous entry records as before,
    /// and the light path sees the previous entry even when it is of a type it does not build.
    @Test func withinADayRecordsWithoutForce() throws {
        let f = try EngineFixture(twoHatsYAML)
        f.clock.advance(minutes: 24 * 60)
        try f.act(.note("a day later", tag: nil))
        f.clock.advance(minutes: 23 * 60)
        // A decision-free, system-free journal: the light read of a note builds no note entries.
        let r = try IncidentSession.record(.system("EHR", .down), ActionContext(actor: "a"), store: f.store, id: f.id, now: { f.clock.now })
        #expect(r.entry["force"] == nil)
        // Two days after the note, but within a day of the system entry the light path did not build.
        f.clock.advance(minutes: 60)
        _ = try IncidentSession.record(.note("and an hour on", tag: nil), ActionContext(actor: "a"), store: f.store, id: f.id, now: { f.clock.now })
    }

    /// Attack: a note forced in at 9999, then marked entered in error. The open incident's report
    /// ran "as of 9999, 2.9 million days", every deadline missed; now it runs to the last entry
    /// that counts.
    @Test func aCorrectedEntryMovesNoFigure() throws {
        let f = try EngineFixture(twoHatsYAML)
        f.clock.advance(minutes: 30)
        try f.act(.note("real", tag: nil))
        f.clock.set(Self.wild[2])
        let wild = try f.act(.note("wild clock", tag: nil), force: true)
        f.clock.set(engineBase)
        f.clock.advance(minutes: 45)
        try f.act(.correct(wild.seq, reason: "the clock was wrong"))
        let s = try f.reopened().state
        #expect(s.latestCounting == Timestamp(millis: engineBase.millis + 45 * 60_000))
        let md = Reports.text(.md, engine: try f.reopened().engine)
        // The entry itself stays in the timeline, struck through; no figure runs to it.
        #expect(md.contains("still open — this report is as of \(Timestamp(millis: engineBase.millis + 45 * 60_000).localDateTime)"))
        #expect(md.contains("45 min before this report"))
        #expect(!md.contains("million"))
        let json = Reports.text(.json, engine: try f.reopened().engine)
        #expect(json.contains("2026-11-29T08:45:00.000Z"))
        #expect(!json.contains("\"asOf\":\"9999"))
    }

    /// The board's light read builds few entries, but the reader sees every line's time: a
    /// clock that went back on a note (never built) is found as a full read finds it, at any
    /// place in a journal long enough to be read in parts on every core, seams included.
    @Test func aLightReadFindsEveryJumpAFullReadFinds() throws {
        let f = try EngineFixture(twoHatsYAML)
        let path = f.store.journalPath(f.id)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var prev = try #require(f.state.entries.last?.hash)
        var t = f.now
        // 6,000 notes (over a megabyte: the multi-core reader cuts it in parts), the clock set
        // back a few minutes at lines spread over the file.
        let jumps: Set<Int> = [7, 1_001, 1_500, 2_999, 3_000, 4_444, 5_998]
        for k in 0..<6_000 {
            t = t.adding(seconds: jumps.contains(k) ? -300 : 7)
            let draft = EntryDraft(type: .note, actor: "scribe", note: "radio check \(k) " + String(repeating: "x", count: 150))
            let bytes = JournalLine.encodeBytes(draft, seq: lines.count + 1, time: t, prev: prev)
            let line = String(decoding: bytes, as: UTF8.self)
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            prev = try #require(obj["hash"] as? String)
            lines.append(line)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let full = try IncidentSession(store: f.store, id: f.id, writable: false)
        #expect(full.state.clockWarnings.count == jumps.count, "\(full.state.clockWarnings.map(\.seq))")
        let light = try IncidentSession(store: f.store, id: f.id, writable: false, buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries)
        #expect(light.state.clockWarnings == full.state.clockWarnings)
        #expect(BoardFacts(light.engine, now: f.now).clockWarnings == BoardFacts(full.engine, now: f.now).clockWarnings)
    }

    /// A clock that went back is a board fact, in `status`'s words.
    @Test func aClockThatWentBackIsOnTheBoard() throws {
        let f = try EngineFixture(twoHatsYAML)
        f.clock.advance(minutes: 60)
        try f.act(.note("at nine", tag: nil))
        f.clock.advance(minutes: -30)
        try f.act(.note("the clock went back", tag: nil))
        let facts = BoardFacts(try f.reopened().engine, now: f.now)
        #expect(facts.clockWarnings.count == 1)
        #expect(facts.clockWarnings.first?.words.contains("clock went back") == true)
        #expect(try facts.clockWarnings == f.reopened().state.clockWarnings)
    }

    /// The board's own read builds no notes: a clock that went back at a note is still on it,
    /// named against the entry just before, as `status` names it.
    @Test func aClockThatWentBackAtANoteIsOnTheBoardsLightRead() throws {
        let f = try EngineFixture(twoHatsYAML)
        f.clock.advance(minutes: 60)
        try f.act(.system("EHR", .down))
        f.clock.advance(minutes: -30)
        try f.act(.note("the clock went back", tag: nil))
        f.clock.advance(minutes: 10)
        try f.act(.system("PACS", .down))
        let full = try f.reopened().state.clockWarnings
        let light = try IncidentSession(store: f.store, id: f.id, writable: false, buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries)
        let board = BoardFacts(light.engine, now: f.now)
        #expect(full.count == 1 && full.first?.seq == 3 && full.first?.words.hasPrefix("entry 3 ") == true, "\(full)")
        #expect(board.clockWarnings == full, "\(board.clockWarnings)")
    }

    /// `--at` is held to a minute of skew, not a day: a time more than a minute ahead is refused.
    @Test func atInTheFutureIsRefused() throws {
        let f = try EngineFixture(twoHatsYAML)
        for ahead in [2, 60 * 25, 60 * 24 * 365 * 70] {
            let e = f.refuse(.note("later", tag: nil), at: Timestamp(millis: f.now.millis + Int64(ahead) * 60_000))
            #expect(e?.isUsage == true)
        }
    }
}
