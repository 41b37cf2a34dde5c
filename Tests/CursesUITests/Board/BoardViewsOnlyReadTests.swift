import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The board's views only read: its state changes in layout, keys and ticks, never in render;
/// the journal's warnings go to its hint line; a writer's lock never holds its keys.
@Suite("Board views only read", .serialized)
struct BoardViewsOnlyReadTests {
    /// What `measure` says without drawing is what `draw` draws, at every size the board meets.
    @Test func measureIsWhatDrawDraws() throws {
        let f = try BoardFixture()
        for (w, h) in [(80, 24), (100, 40), (120, 40), (200, 60), (240, 67), (20, 6), (60, 12)] {
            for options in [BoardRenderer.Options(), BoardRenderer.Options(damage: "damaged at entry 3", bigClock: false, lastEntries: 5)] {
                for top in [0, 3] {
                    var g = CellGrid(width: w, height: h)
                    let drawn = BoardRenderer.draw(f.session.engine, now: BoardFixture.now, into: &g, top: top, bottom: h - 1, scroll: 0, options: options)
                    let measured = BoardRenderer.measure(f.session.engine, now: BoardFixture.now, width: w, top: top, bottom: h - 1, options: options)
                    #expect(measured == drawn, "\(w)x\(h) top \(top)")
                }
            }
        }
    }

    /// Rendering the live board changes nothing of it, whatever the grid's size: the scroll,
    /// what the keys page by and the hint line stay as the last layout left them.
    @Test func renderingTheBoardChangesNothing() throws {
        let f = try BoardFixture()
        let board = BoardScreen(session: try IncidentSession(store: f.store, id: f.id, writable: false), clock: { BoardFixture.now })
        board.layout(width: 80, height: 24)
        board.handle(.end)
        let (scroll, drawn, hint) = (board.scroll, board.drawn, board.hintLine)
        #expect(scroll > 10 && hint.contains("rows"))
        for (w, h) in [(80, 24), (120, 40), (240, 67), (10, 3)] {
            var g = CellGrid(width: w, height: h)
            _ = board.render(into: &g)
            _ = board.render(into: &g)
        }
        #expect(board.scroll == scroll && board.drawn == drawn && board.hintLine == hint)
        // A larger screen is a layout: the scroll is kept within what it can show.
        board.layout(width: 240, height: 67)
        #expect(board.scroll == board.drawn.maxScroll && board.scroll < scroll)
    }

    /// Rendering the command post sends no message: its model keeps its size and time.
    @Test func renderingTheCommandPostChangesNothing() throws {
        let f = try BoardFixture()
        var now = BoardFixture.now
        let post = CommandPost(session: try IncidentSession(store: f.store, id: f.id), actor: "Dr. Kim", clock: { now })
        post.layout(width: 80, height: 24)
        post.handle(.tab)
        let before = (post.model.width, post.model.height, post.model.now, post.model.boardScroll, post.model.boardLayout.drawn)
        now = now.adding(seconds: 3600)
        var g = CellGrid(width: 120, height: 40)
        _ = post.render(into: &g)
        #expect(g.text().contains("BOARD, as executives see it"))
        #expect((post.model.width, post.model.height, post.model.now, post.model.boardScroll) == (before.0, before.1, before.2, before.3))
        #expect(post.model.boardLayout.drawn == before.4)
        post.layout(width: 120, height: 40)
        #expect(post.model.width == 120 && post.model.now == now)
    }

    /// The Board tab's scroll keys and hint bar read what the update recorded, which is the
    /// board as drawn on the screen of the model's size.
    @Test func theBoardTabRecordsHowItScrolls() throws {
        let f = try BoardFixture()
        let post = CommandPost(session: try IncidentSession(store: f.store, id: f.id), actor: "Dr. Kim", clock: { BoardFixture.now })
        for (w, h) in [(80, 24), (120, 40)] {
            post.layout(width: w, height: h)
            if post.view != .board { post.handle(.tab) }
            let l = post.model.layout
            let measured = BoardRenderer.measure(post.engine, now: BoardFixture.now, width: w, top: l.bodyTop + 1, bottom: l.bodyBottom,
                                                 options: post.model.boardOptions)
            #expect(post.model.boardLayout.drawn == measured, "\(w)x\(h)")
            post.handle(.end)
            #expect(post.model.boardScroll == measured.maxScroll)
            let hints = CommandPostModel.keyTable(.board).hints(post.model).map(\.label)
            #expect(hints.contains("scroll") == (measured.maxScroll > 0))
            post.handle(.home)
        }
    }

    /// A journal replaced under the board (a restore tool) is said on its hint line, not
    /// written to stderr over the screen.
    @Test func aWarningGoesToTheHintLine() throws {
        let f = try BoardFixture()
        let board = BoardScreen(session: try IncidentSession(store: f.store, id: f.id, writable: false), clock: { BoardFixture.now })
        let path = f.store.journalPath(f.id)
        try FileManager.default.copyItem(atPath: path, toPath: path + ".copy")
        #expect(rename(path + ".copy", path) == 0)
        #expect(board.tick())
        #expect(board.hintLine.contains("Warning: the journal file was replaced"), "\(board.hintLine)")
        var g = CellGrid(width: 120, height: 40)
        g = board.frame(width: 120, height: 40).grid
        #expect(g.text().contains("Warning: the journal file was replaced"))
        board.handle(.char("j"))
        #expect(!board.hintLine.contains("Warning"))
    }

    /// The first read's warnings, on the reading thread, come to the hint line once it is up.
    @Test func theFirstReadsWarningsComeToTheHintLine() throws {
        let f = try BoardFixture()
        let store = f.store, id = f.id
        let board = BoardScreen(title: "Ransomware — EHR down", warningOpen: { warn in
            warn("a warning while reading")
            return try IncidentSession.forBoard(store: store, id: id, onWarning: warn)
        }, clock: { BoardFixture.now })
        #expect(board.waitUntilLoaded())
        #expect(board.tick())
        #expect(board.hintLine == "Warning: a warning while reading")
    }

    /// A line that looks damaged is re-read under the lock; while another process holds it
    /// the board's tick gives up at once (its keys never wait) and looks again on the next.
    @Test func aWritersLockNeverHoldsTheBoard() throws {
        let f = try BoardFixture()
        let board = BoardScreen(session: try IncidentSession(store: f.store, id: f.id, writable: false), clock: { BoardFixture.now })
        let path = f.store.journalPath(f.id)
        let writer = open(path, O_RDWR | O_APPEND)
        #expect(writer >= 0)
        defer { close(writer) }
        #expect(flock(writer, LOCK_EX) == 0)
        let bad = Array("{\"seq\":999,\"hash\":\"00\"}\n".utf8)
        #expect(write(writer, bad, bad.count) == bad.count)
        let started = Date()
        #expect(!board.tick())
        board.handle(.char("j"))
        #expect(Date().timeIntervalSince(started) < 1, "the tick waited for the lock")
        #expect(board.damage == nil)
        #expect(flock(writer, LOCK_UN) == 0)
        #expect(board.tick())
        #expect(board.damage != nil)
    }
}
