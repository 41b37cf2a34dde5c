import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 24, part A: the board's first screen answers the executives' questions at a laptop's
/// 80x24, 120x40 and a wall's 240x67; "Next:" is the next hard deadline or the most overdue
/// task; one date form; a wall screen pages by itself and shows no free text; `--no-notes`;
/// the HTML board escapes what people typed.
@Suite("Board first screen", .serialized)
struct BoardFirstScreenTests {
    /// The screen's text with the block letters taken out and every run of blanks made one
    /// space: a phrase wrapped onto the next row (or set beside the block-letter clock) reads whole.
    static func flat(_ screen: String) -> String {
        screen.replacingOccurrences(of: "█", with: " ").split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    /// The rows of `screen` before the board's first separator (the header band, which never scrolls).
    static func header(_ screen: String) -> String {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return rows.prefix { !$0.hasPrefix("────") }.joined(separator: "\n")
    }

    static let discovered = Timestamp(rfc3339: "2026-11-29T06:00:00Z")!

    /// Every answer an executive asks for is in the header band, on the first screen without
    /// scrolling, at each size: the specific names, reason, deadline and time left.
    @Test(arguments: [(80, 24), (120, 40), (240, 67)])
    func everyAnswerIsOnTheFirstScreen(size: (Int, Int)) throws {
        let f = try BoardFixture(discovered: BoardFirstScreenTests.discovered)
        let screen = try f.live(size.0, size.1)
        #expect(screen.split(separator: "\n", omittingEmptySubsequences: false).count == size.1)
        let head = BoardFirstScreenTests.flat(BoardFirstScreenTests.header(screen))
        let answers = [
            "Down T+11:00 since activation Sun 29 Nov 08:00",  // how long we have been down
            "13 h since discovery Sun 29 Nov 06:00",        // and since discovery
            "In charge: Dr. Kim — Incident Commander",     // who is in charge
            "Divert → DIVERT",                               // are we diverting
            "EHR down 10 h 55 min — back Tue 1 Dec 14:00",  // systems out, expected back
            "PACS degraded 10 h 40 min — PAST ETA Sun 29 Nov 17:00",
            "Next: Notify the state health department — deadline due Sun 29 Nov 14:00 · PASSED 5 h ago",
            "5 OVERDUE · 1 BLOCKED",                         // how many overdue and blocked
            "BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz Sun 29 Nov 09:10: no transport staff on the night shift · role held by Sam Ortiz",
        ]
        for a in answers { #expect(head.contains(a), "\(size): '\(a)' not on the first screen:\n\(screen)") }
    }

    /// A narrow laptop with many systems out and several blocked tasks: the lists end in
    /// "+N more" so the deadline and the counts stay on the first screen.
    @Test func longListsAreCappedAt80x24() throws {
        let f = try BoardFixture()
        for (i, name) in ["Lab", "Pharmacy", "Radiology", "Email"].enumerated() {
            try f.act("18:4\(i + 1)", .system(name, .down, eta: nil), actor: "Sam Ortiz")
        }
        try f.act("18:50", .task("paper", .block), actor: "Sam Ortiz", note: "forms locked in the print shop")
        try f.act("18:51", .task("state-notice", .block), actor: "Dr. Kim", note: "counsel must review first")
        try f.act("18:52", .task("declare", .reopen), actor: "Dr. Kim", note: "reopened")
        try f.act("18:53", .task("declare", .block), actor: "Dr. Kim", note: "board chair unreachable")
        let screen = try f.live(80, 24)
        let head = BoardFirstScreenTests.flat(BoardFirstScreenTests.header(screen))
        #expect(head.contains("+4 more out (SYSTEMS below)"), "\(screen)")
        #expect(head.contains("+2 more blocked (PROGRESS below)"), "\(screen)")
        #expect(!screen.contains("WARNING"), "the script's times went back:\n\(screen)")
        #expect(head.contains("Next: Notify the state health department"), "\(screen)")
        #expect(head.contains("4 BLOCKED"), "\(screen)")
        #expect(head.contains("In charge: Dr. Kim"), "\(screen)")
    }

    /// "Next:" is the next hard deadline (a passed one first), else the most overdue task;
    /// never the census round coming due.
    @Test func nextIsTheHardDeadlineElseTheMostOverdueTask() throws {
        let f = try BoardFixture()
        var facts = BoardFacts(f.session.engine, now: BoardFixture.now)
        #expect(facts.next?.view.def.id == "state-notice")
        for id in ["state-notice", "insurer", "hhs"] { try f.act("18:50", .task(id, .done), actor: "Dr. Kim") }
        facts = BoardFacts(f.session.engine, now: BoardFixture.now)
        guard case .overdue(let v)? = facts.next else { Issue.record("no overdue task named: \(String(describing: facts.next))"); return }
        #expect(v.def.id == "runners")
        // The census round is running and coming due, and still not what "Next:" names.
        let census = f.session.engine.taskView("census", now: BoardFixture.now)
        #expect(census?.def.every != nil && census?.status.isFinished == false && census?.due != nil)
        let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 120, damage: nil)
        #expect(text.contains("Next: Set up runners for lab specimens — due Sun 29 Nov 08:30 · OVERDUE 10 h 30 min"), "\(text)")
        #expect(!text.contains("Next: Bed census"))
    }

    /// One date form on the whole board: never a bare weekday or a bare time before a clock.
    @Test func oneDateFormEverywhere() throws {
        let f = try BoardFixture()
        let texts = [try f.live(80, 24), try f.live(120, 40), try f.live(240, 67),
                     BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 100, damage: nil)]
        for t in texts {
            let flat = BoardFirstScreenTests.flat(t)
            #expect(flat.range(of: #"\b(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d:\d\d"#, options: .regularExpression) == nil, "a bare weekday:\n\(t)")
            #expect(flat.range(of: #"(since|due|back|ETA) \d\d:\d\d"#, options: .regularExpression) == nil, "a bare time:\n\(t)")
            #expect(flat.range(of: #"\d{4}-\d\d-\d\d \d\d:\d\d"#, options: .regularExpression) == nil, "another form:\n\(t)")
            #expect(!flat.contains("back since"))
        }
    }

    /// A wall screen turns its pages by the clock ("page 2 of N") and shows no free text:
    /// neither a note's words nor a block reason nor a decision's rationale, on any page.
    @Test func theWallPagesAndShowsNoFreeText() throws {
        let f = try BoardFixture()
        try f.act("18:41", .note("Zanzibar patient in bed 4 West", tag: nil), actor: "Dr. Kim")
        try f.act("18:42", .task("paper", .block), actor: "Sam Ortiz", note: "Quetzal forms locked away")
        let reader = try IncidentSession(store: f.store, id: f.id, writable: false)
        var t = BoardFixture.now
        let board = BoardScreen(session: reader, clock: { t })
        board.wall = true
        board.pageSeconds = 10
        var pagesSeen = Set<String>()
        var all = ""
        for step in 0..<8 {
            t = BoardFixture.now.adding(seconds: step * 5)
            let screen = board.frame(width: 80, height: 24).grid.text()
            all += screen
            if let r = screen.range(of: #"page \d+ of \d+"#, options: .regularExpression) { pagesSeen.insert(String(screen[r])) }
            #expect(board.scroll == min(board.page * board.drawn.bodyRows, board.drawn.maxScroll))
        }
        // Nothing scrolls a wall: a key says it pages by itself, and the page stays said.
        let before = board.scroll
        board.handle(.char("j"))
        #expect(board.scroll == before)
        #expect(board.frame(width: 80, height: 24).grid.text().contains("turns its pages by itself · page "))
        #expect(board.pages > 1, "the fixture needs more than one page at 80x24")
        #expect(pagesSeen.contains("page 1 of \(board.pages)") && pagesSeen.contains("page 2 of \(board.pages)"), "\(pagesSeen)")
        for secret in ["Zanzibar", "Quetzal", "no transport staff", "ED at capacity", "vendor rebuilding", "Paper charts running low", "shift change"] {
            #expect(!all.contains(secret), "'\(secret)' on the wall:\n\(all)")
        }
        // What the wall does show: names, titles, states, figures.
        #expect(all.contains("BLOCKED Set up runners for lab specimens") && all.contains("In charge: Dr. Kim"))
        // The same rule on paper: --once --wall.
        let once = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 120, damage: nil, freeText: .hidden)
        for secret in ["Zanzibar", "Quetzal", "no transport staff", "ED at capacity", "vendor rebuilding"] { #expect(!once.contains(secret)) }
        #expect(!once.contains("LAST ENTRIES"))
    }

    /// The normal board shows notes; `--no-notes` hides them (a block reason stays).
    @Test func noNotesHidesNotesButKeepsTheBlockReason() throws {
        let f = try BoardFixture()
        // One column (80), so that a wrapped line reads whole once flattened.
        let shown = BoardFirstScreenTests.flat(BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 80, damage: nil))
        #expect(shown.contains("Paper charts running low on 4 West") && shown.contains("ED at capacity"))
        let hidden = BoardFirstScreenTests.flat(BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 80, damage: nil, freeText: .noNotes))
        for note in ["Paper charts running low", "ED at capacity", "vendor rebuilding servers", "shift change"] {
            #expect(!hidden.contains(note), "\(note) with --no-notes:\n\(hidden)")
        }
        #expect(hidden.contains("no transport staff on the night shift"))
        #expect(hidden.contains("LAST ENTRIES"))
        let live = try f.live(240, 67) { $0.freeText = .noNotes }
        #expect(!live.contains("Paper charts running low") && live.contains("LAST ENTRIES"), "\(live)")
    }

    /// The HTML board: every piece of text typed by people escaped; no script, nothing fetched.
    @Test func theHTMLBoardEscapesWhatPeopleTyped() throws {
        let f = try BoardFixture()
        try f.act("18:41", .note("<script>alert('x')</script> & co", tag: nil), actor: "Dr. Kim")
        try f.act("18:42", .system("<img src=x onerror=alert(1)>", .down, eta: nil), actor: "Sam Ortiz")
        try f.act("18:43", .task("paper", .block), actor: "Sam Ortiz", note: "\"quoted\" <b>reason</b>")
        let page = BoardRenderer.html(f.session.engine, now: BoardFixture.now, damage: nil)
        #expect(!page.contains("<script") && !page.contains("<img") && !page.contains("<b>"), "\(page)")
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("&quot;quoted&quot; &lt;b&gt;reason&lt;/b&gt;"))
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains(" src=\""), "nothing fetched")
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("In charge: <span class=\"b\">Dr.\u{00A0}Kim</span>"))
        let wall = BoardRenderer.html(f.session.engine, now: BoardFixture.now, damage: nil, freeText: .hidden)
        // The system's name is a label, shown (escaped); the note and the reason are not.
        #expect(!wall.contains("alert(&#39;x") && !wall.contains("quoted") && wall.contains("&lt;img src=x"))
        // The page's title holds text only: the name (with an em dash and Hebrew in it here) is
        // escaped there without the <bdi> that element content gets, which a title would show.
        let f2 = try BoardFixture(name: "Ransomware — EHR <down> \u{05D0}")
        let titled = BoardRenderer.html(f2.session.engine, now: BoardFixture.now, damage: nil)
        let title = try #require(titled.range(of: "<title>").flatMap { s in titled.range(of: "</title>").map { titled[s.upperBound..<$0.lowerBound] } })
        #expect(title == "Board — Ransomware — EHR &lt;down&gt; \u{05D0}", "\(title)")
    }
}
