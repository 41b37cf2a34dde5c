import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Any terminal: the ASCII symbol set (chosen from the environment), every screen drawn in it
/// holding only ASCII, and the layouts at 80 and 240 columns.
@Suite("ASCII screens and 80/240 columns", .serialized)
struct AsciiScreenTests {
    init() { TextWidth.ensureUTF8Locale() }

    static let sizes = [(80, 24), (120, 40), (240, 67)]

    /// Every screen the board fixture shows: the live board and its help, and the command post's
    /// four views and its help, at 80x24, 120x40 and 240x67, with an entry marked in error.
    static func screens(_ f: BoardFixture) throws -> [(String, CellGrid)] {
        let last = f.session.state.entries.last?.seq ?? 1
        try f.session.perform(.correct(last, reason: "wrong unit"), ActionContext(actor: "Dr. Kim"), now: { BoardFixture.now })
        var out: [(String, CellGrid)] = []
        for (w, h) in sizes {
            let reader = try IncidentSession(store: f.store, id: f.id, writable: false)
            let board = BoardScreen(session: reader, clock: { BoardFixture.now })
            out.append(("board \(w)x\(h)", board.frame(width: w, height: h).grid))
            board.handle(.char("?"))
            out.append(("board help \(w)x\(h)", board.frame(width: w, height: h).grid))
            let post = CommandPost(session: f.session, actor: "scribe", clock: { BoardFixture.now })
            for view in ["checklist", "board", "timeline", "systems"] {
                out.append(("\(view) \(w)x\(h)", post.frame(width: w, height: h).grid))
                post.handle(.tab)
            }
            post.handle(.char("?"))
            out.append(("help \(w)x\(h)", post.frame(width: w, height: h).grid))
        }
        return out
    }

    @Test func everySymbolDrawnHasAnAsciiStandInAndAsciiScreensHoldOnlyAscii() throws {
        let f = try BoardFixture()
        for (what, grid) in try Self.screens(f) {
            var missing: Set<Character> = []
            for c in grid.cells where !c.isContinuation {
                guard let ch = c.text.first, !ch.isASCII else { continue }
                if Symbols.table[ch] == nil { missing.insert(ch) }
            }
            #expect(missing.isEmpty, "\(what): no ASCII stand-in for \(missing.map { String($0) + String(format: " U+%04X", $0.unicodeScalars.first?.value ?? 0) })")
            let ascii = grid.shown(in: .ascii)
            #expect(ascii.width == grid.width && ascii.height == grid.height)
            // Byte by byte, as the terminal would get it.
            let bad = ascii.cells.flatMap { Array($0.text.utf8) }.filter { $0 >= 0x80 }
            #expect(bad.isEmpty, "\(what): \(bad.count) bytes above 0x7F")
            // Nothing moved: each row keeps its columns.
            #expect(ascii.text().split(separator: "\n").map(\.count) == grid.text().split(separator: "\n").map { TextWidth.of(String($0)) },
                    "\(what): columns moved")
        }
    }

    @Test func boardOnceTextInAsciiKeepsItsColumns() throws {
        let f = try BoardFixture()
        for width in [80, 120, 240] {
            let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: width, damage: nil)
            #expect(!text.utf8.allSatisfy { $0 < 0x80 }, "the Unicode text has symbols to replace")
            let ascii = Symbols.ascii.shown(text)
            #expect(ascii.utf8.allSatisfy { $0 < 0x80 })
            #expect(ascii.split(separator: "\n").map(\.count) == text.split(separator: "\n").map { TextWidth.of(String($0)) })
            #expect(ascii.contains("X DOWN") && ascii.contains("% DEGRADED"), "\(ascii)")
            #expect(Symbols.unicode.shown(text) == text)
        }
    }

    @Test func theSetIsChosenFromTheEnvironment() {
        let utf8 = "UTF-8"
        #expect(Symbols.choose(environment: ["TERM": "xterm-256color"], codeset: utf8) == .unicode)
        #expect(Symbols.choose(environment: ["TERM": "xterm", "RUNBOOK_ASCII": "1"], codeset: utf8) == .ascii)
        #expect(Symbols.choose(environment: ["TERM": "xterm", "RUNBOOK_ASCII": "0"], codeset: utf8) == .unicode)
        #expect(Symbols.choose(environment: ["TERM": "xterm"], codeset: "ANSI_X3.4-1968") == .ascii)  // LANG=C
        #expect(Symbols.choose(environment: ["TERM": "linux"], codeset: utf8) == .ascii)
        #expect(Symbols.choose(environment: ["TERM": "vt100"], codeset: utf8) == .ascii)
        #expect(Symbols.choose(environment: ["TERM": "vt220"], codeset: utf8) == .ascii)
        #expect(Symbols.choose(environment: ["TERM": "screen"], codeset: utf8) == .unicode)
        // A locale not installed: its name decides.
        #expect(Symbols.choose(environment: ["TERM": "xterm", "LANG": "en_US.UTF-8"], codeset: nil) == .unicode)
        #expect(Symbols.choose(environment: ["TERM": "xterm", "LANG": "C"], codeset: nil) == .ascii)
        #expect(Symbols.choose(environment: ["TERM": "xterm", "LC_ALL": "C", "LANG": "en_US.UTF-8"], codeset: nil) == .ascii)
    }

    @Test func typedTextIsShownAsAsciiOneCharacterForOne() {
        #expect(Symbols.ascii.shown("José Muñoz — ✓ done…") == "Jose Munoz - + done~")
        #expect(Symbols.ascii.shown("Zürich 病院 ⏎") == "Zurich ?? /")
        var g = CellGrid(width: 10, height: 1)
        g.put("病a✗é", x: 0, y: 0)
        #expect(g.shown(in: .ascii).text() == "? ax" + "e")
        #expect(g.shown(in: .unicode) == g)
    }

    @Test func noSymbolCommonFontsLack() throws {
        let f = try BoardFixture()
        for (what, grid) in try Self.screens(f) {
            #expect(!grid.text().contains("\u{23F1}"), "\(what) draws ⏱, which DejaVu and most fonts lack")
        }
    }

    @Test func aTerminalThatCannotDrawIsSaidBeforeCursesStarts() {
        #expect(TerminalProblem.find(environment: [:]) == .noTerm)
        #expect(TerminalProblem.find(environment: ["TERM": ""]) == .noTerm)
        #expect(TerminalProblem.find(environment: ["TERM": "dumb"]) == .cannotDraw("dumb"))
        #expect(TerminalProblem.find(environment: ["TERM": "no-such-terminal-rb"]) == .unknown("no-such-terminal-rb"))
        #expect(TerminalProblem.find(environment: ["TERM": "xterm"]) == nil)
        #expect(TerminalProblem.find(environment: ["TERM": "linux"]) == nil)
        let words = TerminalProblem.cannotDraw("dumb").words
        #expect(words.contains("TERM=dumb") && words.contains("runbook board --once") && !words.contains("\n"))
    }

    // MARK: 80 columns

    @Test func aCorrectedEntryStillShowsItsWordsAt80Columns() throws {
        let f = try BoardFixture()
        let last = f.session.state.entries.last?.seq ?? 1
        try f.session.perform(.correct(last, reason: "wrong unit"), ActionContext(actor: "Dr. Kim"), now: { BoardFixture.now })
        let post = CommandPost(session: f.session, actor: "scribe", clock: { BoardFixture.now })
        post.press(.tab, .tab)
        let screen = post.frame(width: 80, height: 24).grid.text()
        let row = screen.split(separator: "\n").first { $0.contains("#\(last) ") && $0.contains("IN ERROR") }
        #expect(row?.contains("Paper charts running low") == true, "\(screen)")
    }

    @Test func theSystemsViewNeverCutsTheEstimateAt80Columns() throws {
        let f = try BoardFixture()
        let post = CommandPost(session: f.session, actor: "scribe", clock: { BoardFixture.now })
        post.press(.tab, .tab, .tab)
        let screen = post.frame(width: 80, height: 24).grid.text()
        #expect(screen.contains("SYSTEMS"), "\(screen)")
        #expect(screen.contains("ETA Tue 1 Dec 14:00"), "\(screen)")
        #expect(screen.contains("moved 2 times"), "\(screen)")
        #expect(!screen.split(separator: "\n").contains { $0.contains("ETA") && $0.hasSuffix("…") }, "\(screen)")
    }

    @Test func aLongStatusMessageTakesTwoRowsAt80Columns() throws {
        let f = try BoardFixture()
        let post = CommandPost(session: f.session, actor: "scribe", clock: { BoardFixture.now })
        var g = post.frame(width: 80, height: 24).grid
        let long = "Recorded on behalf of the Operations Section Chief: Start paper downtime forms on every unit is done; the next task is Tell EMS about the diversion."
        post.model.renderMessage(&g, long, x: 0, y: 22, style: .accent)
        let rows = g.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows[21].hasPrefix("Recorded on behalf"), "\(rows[21])")
        #expect(rows[22].hasSuffix("diversion."), "\(rows[22])")
        // A short one keeps to its row.
        var h = post.frame(width: 80, height: 24).grid
        let before = h.text().split(separator: "\n", omittingEmptySubsequences: false)[21]
        post.model.renderMessage(&h, "Saved.", x: 0, y: 22, style: .accent)
        #expect(h.text().split(separator: "\n", omittingEmptySubsequences: false)[21] == before)
    }

    // MARK: 240 columns

    @Test func roleAndDueStayNearTheTitleAt240Columns() throws {
        let f = try BoardFixture()
        let post = CommandPost(session: f.session, actor: "scribe", clock: { BoardFixture.now })
        let screen = post.frame(width: 240, height: 67).grid.text()
        let listWidth = Layout(width: 240, height: 67).listWidth
        let rows = screen.split(separator: "\n").map { String($0.prefix(listWidth)) }
        let row = rows.first { $0.contains("Notify the cyber insurer") }
        let used = row.map { TextWidth.of($0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)) } ?? 999
        #expect(used <= 3 + CommandPostModel.maxTitleWidth + 1 + 36, "row ends at column \(used): \(row ?? "none")")
        #expect(row?.contains(" ic ") == true, "\(row ?? "none")")
    }
}
