import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// `board --once` reads the journal lightly (every line checked, notes not built, the latest
/// entries read whole): what it prints must be exactly what the full read prints.
@Suite struct BoardLightReadTests {
    static let boardTypes = BoardFacts.foldedTypes

    @Test(arguments: [0, 3, 40])
    func theLightReadPrintsTheSameBoard(extraNotes: Int) throws {
        let f = try BoardFixture()
        // Notes between and after the other entries, one about a task, one corrected.
        for i in 0..<extraNotes { try f.act("18:5\(i % 10)", .note("radio check \(i)", tag: i % 7 == 0 ? "lesson" : nil), actor: "Scribe") }
        let full = try IncidentSession(store: f.store, id: f.id, writable: false, tolerateDamage: true)
        for tail in [1, 5, 256] {
            let light = try IncidentSession(store: f.store, id: f.id, writable: false, tolerateDamage: true,
                                            buildOnly: Self.boardTypes, tail: tail)
            #expect(light.state.entryCount == full.state.entryCount)
            #expect(light.state.head == full.state.head)
            for width in [80, 120] where tail == 256 {
                let a = BoardRenderer.text(full.engine, now: BoardFixture.now, width: width, damage: nil)
                let b = BoardRenderer.text(light.engine, now: BoardFixture.now, width: width, damage: nil)
                #expect(a == b, "width \(width), \(extraNotes) notes:\n\(a)\n---\n\(b)")
            }
            // Every entry still there is found by its seq.
            for e in light.state.entries { #expect(light.state.entry(e.seq)?.hash == e.hash) }
        }
    }

    /// A live board read lightly, then following: notes and corrections that land later are
    /// read whole, and the count, head and latest entries stay the journal's.
    @Test func theLightReadFollowsWhatLandsLater() throws {
        let f = try BoardFixture()
        for i in 0..<30 { try f.act("18:4\(i % 10)", .note("radio check \(i)", tag: nil), actor: "Scribe") }
        let light = try IncidentSession(store: f.store, id: f.id, writable: false, tolerateDamage: true,
                                        buildOnly: Self.boardTypes, tail: 8)
        try f.act("18:55", .note("new note after the board opened", tag: nil), actor: "Scribe")
        let n = try #require(f.session.state.entries.last)
        try f.act("18:56", .correct(n.seq, reason: "wrong unit"), actor: "Scribe")
        try f.act("18:57", .system("PACS", .down), actor: "Sam Ortiz")
        try light.refresh()
        let full = try IncidentSession(store: f.store, id: f.id, writable: false, tolerateDamage: true)
        #expect(light.state.entryCount == full.state.entryCount)
        #expect(light.state.head == full.state.head)
        #expect(light.state.corrected == full.state.corrected)
        #expect(light.state.systems.map(\.name) == full.state.systems.map(\.name))
        let a = BoardRenderer.text(full.engine, now: BoardFixture.now, width: 100, damage: nil)
        let b = BoardRenderer.text(light.engine, now: BoardFixture.now, width: 100, damage: nil)
        #expect(a == b, "\(a)\n---\n\(b)")
    }
}

/// A closed incident's board is the picture at its close: hours later nothing has fallen
/// overdue and nothing is called stale; only the footer's printing time moves.
@Suite struct ClosedBoardTests {
    @Test func aClosedIncidentIsShownAsItStoodAtItsClose() throws {
        let f = try BoardFixture()
        try f.act("18:50", .close, actor: "Dr. Kim", note: "stood down")
        let atClose = BoardRenderer.text(f.session.engine, now: Timestamp(rfc3339: "2026-11-29T18:50:00Z")!, width: 100, damage: nil)
        let later = BoardRenderer.text(f.session.engine, now: Timestamp(rfc3339: "2026-11-30T07:00:00Z")!, width: 100, damage: nil)
        func body(_ t: String) -> [Substring] { t.split(separator: "\n").dropLast() }
        #expect(body(atClose) == body(later), "\(later)")
        #expect(later.contains("Closed at Sun 29 Nov 18:50"))
        #expect(!later.contains("STALE"))
    }
}
