import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// What the board must do besides looking right: fit any width, carry meaning without colour,
/// change nothing, scroll, and be the same board in the command post.
@Suite("Board behaviour", .serialized)
struct BoardBehaviourTests {
    /// A computer clock that went back is said on the board as `status` says it (issue 20,
    /// point 8): its times may be wrong.
    @Test func aClockThatWentBackIsSaidOnTheBoard() throws {
        let f = try BoardFixture()
        #expect(!(try f.live(120, 40)).contains("WARNING:"))
        try f.act("18:30", .note("typed on a laptop whose clock is behind", tag: nil), actor: "Dr. Kim")
        let screen = try f.live(120, 40)
        #expect(screen.contains("WARNING:") && screen.contains("clock went back"), "\(screen)")
    }

    @Test func onceFitsEveryWidthWithoutEscapes() throws {
        let f = try BoardFixture()
        for w in [40, 60, 80, 100, 132, 200, 240] {
            let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: w, damage: nil)
            for line in text.split(separator: "\n") {
                #expect(TextWidth.of(String(line)) <= w, "width \(w): \(line)")
            }
            #expect(!text.contains("\u{1B}"))
            for panel in ["SYSTEMS", "DECISIONS", "DEADLINES", "PROGRESS", "ROLES", "LAST ENTRIES"] {
                #expect(text.contains(panel), "width \(w) lacks \(panel)")
            }
            // Never cut mid-word: the names and numbers appear whole.
            for whole in ["Sam Ortiz", "Dr. Kim", "Tue 1 Dec 14:00", "+2 days 2 h", "PAST ETA Sun 29 Nov 17:00", "OVERDUE 10 h 30 min", "13 h left", "STALE: last entry 20 min ago"] {
                #expect(text.replacingOccurrences(of: "\n", with: "").contains(whole) && text.contains(whole), "width \(w): '\(whole)' was cut")
            }
        }
    }

    @Test func everyStateHasAWord() throws {
        let f = try BoardFixture()
        let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 100, damage: nil)
        for word in ["DOWN", "DEGRADED", "UP", "PASSED", "OVERDUE", "BLOCKED", "UNFILLED", "STALE", "OPEN", "DIVERT", "✓ chain verified"] {
            #expect(text.contains(word), "\(word)")
        }
    }

    @Test func aSystemDownThenDegradedSaysItsWholeOutage() throws {
        let f = try BoardFixture()
        try f.act("18:45", .system("Pharmacy", .down, eta: nil), actor: "it-lead")
        try f.act("18:55", .system("Pharmacy", .degraded, eta: nil), actor: "it-lead")
        let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 80, damage: nil)
        let joined = text.replacingOccurrences(of: "\n", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(joined.contains("Pharmacy — degraded since Sun 29 Nov 18:55, out 15 min in all"), "\(text)")
    }

    @Test func freshnessTurnsAmberThenRed() throws {
        let f = try BoardFixture()
        func header(_ minutes: Int) -> String {
            BoardRenderer.text(f.session.engine, now: Timestamp(rfc3339: "2026-11-29T18:40:00Z")!.adding(seconds: minutes * 60), width: 120, damage: nil)
        }
        #expect(header(5).contains("Picture: last entry 5 min ago"))
        #expect(header(16).contains("STALE: last entry 16 min ago"))
        #expect(header(61).contains("STALE: no entry for 1 h 1 min"))
    }

    @Test func damageIsSaidInTheFooter() throws {
        let f = try BoardFixture()
        let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 80, damage: "the journal is damaged at entry 9")
        #expect(text.contains("NOT VERIFIED: the journal is damaged at entry 9"))
        #expect(!text.contains("✓ chain verified"))
    }

    @Test func keysChangeNothingAndHelpSaysReadOnly() throws {
        let f = try BoardFixture()
        let path = f.store.journalPath(f.id)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try IncidentSession(store: f.store, id: f.id, writable: false)
        let board = BoardScreen(session: reader, clock: { BoardFixture.now })
        var g = CellGrid(width: 80, height: 24)
        g = board.frame(width: g.width, height: g.height).grid
        for v in 32..<127 where Character(UnicodeScalar(v)!) != "q" {
            board.handle(.char(Character(UnicodeScalar(v)!)))
            board.handle(.enter)
            board.handle(.paste("decide divert no"))
            g = board.frame(width: g.width, height: g.height).grid
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!board.wantsToQuit)
        board.handle(.char("x"))
        #expect(board.hintLine.contains("read-only"))
        board.handle(.char("?"))
        g = board.frame(width: g.width, height: g.height).grid
        #expect(g.text().contains("READ-ONLY: nothing can be recorded or changed"))
        // The read-only board's help lists no task keys, and says what its symbols mean.
        let help = board.helpLines.joined(separator: "\n")
        #expect(!help.contains("Mark the task done") && !help.contains("Write a note"), "\(help)")
        #expect(help.contains("Symbols") && help.contains("✖ DOWN"), "\(help)")
        board.handle(.char("q"))  // closes the help
        #expect(!board.wantsToQuit)
        board.handle(.char("q"))
        #expect(board.wantsToQuit)
    }

    @Test func scrollKeysMoveTheBoard() throws {
        let f = try BoardFixture()
        let reader = try IncidentSession(store: f.store, id: f.id, writable: false)
        let board = BoardScreen(session: reader, clock: { BoardFixture.now })
        var g = CellGrid(width: 80, height: 24)
        g = board.frame(width: g.width, height: g.height).grid
        #expect(board.scroll == 0)
        board.handle(.char("j"))
        #expect(board.scroll == 1)
        board.handle(.end)
        let bottom = board.scroll
        #expect(bottom > 10)
        g = board.frame(width: g.width, height: g.height).grid
        // The bottom of the last panel: its oldest entry shown.
        #expect(g.text().contains("#8 Dr. Lee (ic): decided"), "\(g.text())")
        board.handle(.pageUp)
        #expect(board.scroll < bottom)
        board.handle(.home)
        #expect(board.scroll == 0)
        board.handle(.char("k"))
        #expect(board.scroll == 0)
    }

    @Test func liveBoardFollowsAnotherWriter() throws {
        let f = try BoardFixture()
        let reader = try IncidentSession(store: f.store, id: f.id, writable: false)
        let board = BoardScreen(session: reader, clock: { BoardFixture.now })
        #expect(!board.tick())
        try f.act("18:50", .system("PACS", .up), actor: "Sam Ortiz")
        #expect(board.tick())
        var g = CellGrid(width: 120, height: 40)
        g = board.frame(width: g.width, height: g.height).grid
        #expect(g.text().contains("SYSTEMS — 1 DOWN · 2 UP"))
    }

    @Test func commandPostBoardTabIsTheSameBoard() throws {
        let f = try BoardFixture()
        let post = CommandPost(session: try IncidentSession(store: f.store, id: f.id), actor: "Dr. Kim", clock: { BoardFixture.now })
        post.handle(.tab)
        #expect(post.view == .board)
        var g = CellGrid(width: 120, height: 40)
        g = post.frame(width: g.width, height: g.height).grid
        let screen = g.text()
        for panel in ["SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP", "DEADLINES — 1 PASSED", "back Tue 1 Dec 14:00"] { #expect(screen.contains(panel), "\(panel)") }
        // The hint line offers only keys that act here.
        let hints = CommandPostModel.keyTable(post.keyMode).hints(post.model).map(\.label)
        #expect(hints.contains("scroll"))
        #expect(!hints.contains("done") && !hints.contains("start"))
        post.handle(.char("j"))
        #expect(post.model.boardScroll == 1)
        post.handle(.end)
        #expect(post.model.boardScroll > 1)
        post.handle(.home)
        #expect(post.model.boardScroll == 0)
    }

    @Test func systemsViewSetsAnEstimate() throws {
        let f = try BoardFixture()
        var clock = BoardFixture.now
        let post = CommandPost(session: try IncidentSession(store: f.store, id: f.id), actor: "Sam Ortiz", clock: { clock })
        post.press(.tab, .tab, .tab)
        #expect(post.view == .systems)
        post.press(.char("e"))
        guard case .menu(let m) = post.modal else { Issue.record("no system menu: \(post.modal)"); return }
        #expect(m.items.count == 2)  // EHR down, PACS degraded; Phones is up
        post.press(.down, .enter)  // PACS
        guard case .prompt = post.modal else { Issue.record("no prompt"); return }
        for c in "soon" { post.handle(.char(c)) }
        post.press(.enter)
        guard case .prompt(let p) = post.modal else { Issue.record("a bad estimate closed the prompt"); return }
        #expect(p.error?.contains("Tue 14:00") == true)
        for _ in 0..<4 { post.handle(.backspace) }
        for c in "+6h" { post.handle(.char(c)) }
        post.press(.enter)
        #expect(post.modal == .none)
        let pacs = try #require(post.engine.state.facts.system(named: "PACS"))
        #expect(pacs.eta == BoardFixture.now.adding(seconds: 6 * 3600))
        #expect(pacs.estimateMoves == 1)
        clock = clock.adding(seconds: 60)
    }
}

/// The live board's first frame comes at once; the journal is read on another thread.
@Suite("Board loading", .serialized)
struct BoardLoadingTests {
    @Test func firstFrameSaysItIsReadingThenTheBoardComes() throws {
        let f = try BoardFixture()
        let store = f.store, id = f.id
        let gate = NSLock()
        gate.lock()
        let board = BoardScreen(title: "Ransomware — EHR down", open: {
            gate.lock()
            defer { gate.unlock() }
            return try IncidentSession(store: store, id: id, writable: false)
        }, clock: { BoardFixture.now })
        var g = CellGrid(width: 80, height: 24)
        g = board.frame(width: g.width, height: g.height).grid
        #expect(g.text().contains("Reading and verifying the journal"))
        #expect(g.text().contains("Ransomware — EHR down") && g.text().contains("READ-ONLY"))
        board.handle(.char("x"))
        #expect(!board.wantsToQuit)
        gate.unlock()
        #expect(board.waitUntilLoaded())
        g = CellGrid(width: 80, height: 24)
        g = board.frame(width: g.width, height: g.height).grid
        #expect(g.text().contains("SYSTEMS — 1 DOWN"))
    }

    @Test func aJournalThatCannotBeReadIsSaid() throws {
        let board = BoardScreen(title: "Gone", open: { throw RunbookError.notFound("no incident 'gone'") }, clock: { BoardFixture.now })
        #expect(board.waitUntilLoaded())
        var g = CellGrid(width: 80, height: 24)
        g = board.frame(width: g.width, height: g.height).grid
        #expect(g.text().contains("The incident cannot be shown: no incident 'gone'"))
        board.handle(.char("q"))
        #expect(board.wantsToQuit)
    }
}
