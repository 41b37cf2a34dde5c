import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The key tables: each mode's keys, and the hint bar and help screen they write.
@Suite("key tables")
struct KeyTableTests {
    init() { TextWidth.ensureUTF8Locale() }

    /// Everything a key can change, to tell whether it did something. The status line is not
    /// in it: a key that only says why it cannot act (a refusal) has done nothing.
    struct Snapshot: Equatable {
        var modal: Modal
        var view: CommandPost.ViewMode
        var filter: CommandPost.Filter
        var roleFilter: String?
        var search: String
        var selected: String?
        var boardScroll = 0
        var timelineScroll: Int?
        var quit: Bool
        var entries: Int
        var waiting: Bool
    }

    static func snapshot(_ p: CommandPost) -> Snapshot {
        Snapshot(modal: p.modal, view: p.view, filter: p.filter, roleFilter: p.model.roleFilter, search: p.model.search,
                 selected: p.selectedTaskID, boardScroll: p.model.boardScroll, timelineScroll: p.timelineScroll, quit: p.wantsToQuit,
                 entries: p.engine.state.entryCount, waiting: p.model.waiting != nil)
    }

    /// A post on an incident closed (by another terminal) after `notes` were written.
    static func closed(_ f: ScreenFixture, notes: [String] = []) throws -> CommandPost {
        let p = try f.post()
        for text in notes { p.press(.char("n")); p.type(text); p.press(.enter) }
        try f.session().perform(.close, ActionContext(actor: "ic"), now: { f.now })
        p.tick()
        return p
    }

    /// The states the command post can be in, by name, each built fresh on a new incident.
    static var states: [(String, (ScreenFixture) throws -> CommandPost)] { [
        // The second task, so that every moving key has somewhere to go.
        ("checklist", { f in let p = try f.post(); p.press(.down); return p }),
        // A ready task with a task under it, and one done: the task keys it takes are offered.
        ("checklist, a ready task", { f in let p = try f.post(); p.press(.down, .down); return p }),
        ("checklist, a done task", { f in let p = try f.post(); p.press(.down, .down, .char("x")); return p }),
        ("checklist, searching", { f in let p = try f.post(); p.press(.char("/")); p.type("e"); p.press(.enter); p.press(.down); return p }),
        ("board", { f in let p = try f.post(); p.press(.tab); return p }),
        ("timeline", { f in let p = try f.post(); p.press(.tab, .tab); return p }),
        ("systems", { f in let p = try f.post(); p.press(.tab, .tab, .tab); return p }),
        ("confirm", { f in let p = try f.post(); p.press(.char("x")); return p }),
        ("menu", { f in let p = try f.post(); p.press(.enter); return p }),
        // Text with the cursor inside it, so that every moving key has somewhere to go.
        ("note prompt", { f in let p = try f.post(); p.press(.char("n")); p.type("abc"); p.press(.left); return p }),
        ("search prompt", { f in let p = try f.post(); p.press(.char("/")); p.type("abc"); p.press(.left); return p }),
        ("throw the draft away?", { f in let p = try f.post(); p.press(.char("n")); p.type("abc"); p.press(.escape); return p }),
        ("closing: its name", { f in let p = try f.post(); p.press(.enter, .char("C")); p.type("EHR"); p.press(.left); return p }),
        ("period briefing note", { f in let p = try f.post(); p.press(.enter, .char("p"), .char("y")); p.type("abc"); p.press(.left); return p }),
        // The middle one of three, so that every moving key has somewhere to go.
        ("timeline, an entry selected", { f in
            let p = try f.post()
            for text in ["abc", "def"] { p.press(.char("n")); p.type(text); p.press(.enter) }
            p.press(.tab, .tab, .up)
            return p
        }),
        ("closed incident", { f in let p = try closed(f); p.press(.down); return p }),
        ("timeline, closed incident", { f in let p = try closed(f, notes: ["abc"]); p.press(.tab, .tab, .up); return p }),
        ("an entry read, closed incident", { f in let p = try closed(f); p.press(.tab, .tab, .enter); return p }),
    ] }

    /// Every key a hint or help line names does something in that mode: pressed on a fresh
    /// post in that state, it changes what the screen shows or what is recorded.
    @Test func everyOfferedKeyDoesSomething() throws {
        var checked = 0
        for (name, make) in Self.states {
            let f = try ScreenFixture()
            let probe = try make(f)
            let mode = probe.keyMode
            for b in CommandPostModel.keyTable(mode).bindings where b.enabled(probe.model) && (b.hint != nil || b.help != nil) {
                for key in b.keys {
                    let f = try ScreenFixture()
                    let p = try make(f)
                    let before = Self.snapshot(p)
                    p.press(key)
                    #expect(Self.snapshot(p) != before, "\(name): \(key.label) (\(b.action)) is offered but does nothing")
                    checked += 1
                }
            }
        }
        #expect(checked > 60)
    }

    /// Every key its table shows as disabled does nothing in that mode (at most it says why):
    /// it is neither offered on the hint bar nor listed in the help, so it must not act.
    @Test func everyDisabledKeyDoesNothing() throws {
        var checked = 0
        for (name, make) in Self.states {
            let f = try ScreenFixture()
            let probe = try make(f)
            let table = CommandPostModel.keyTable(probe.keyMode)
            let enabledKeys = Set(table.bindings.filter { $0.enabled(probe.model) }.flatMap(\.keys))
            for b in table.bindings where !b.enabled(probe.model) {
                for key in b.keys where !enabledKeys.contains(key) {
                    let f = try ScreenFixture()
                    let p = try make(f)
                    let before = Self.snapshot(p)
                    p.press(key)
                    #expect(Self.snapshot(p) == before, "\(name): \(key.label) (\(b.action)) is disabled but acted")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }

    /// A disabled key that would record says why nothing can be recorded, as the action would.
    @Test func aDisabledRecordingKeySaysWhy() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        try f.session().perform(.close, ActionContext(actor: "ic"), now: { f.now })
        p.tick()
        for key in [Key.enter, .char("n"), .char("x")] {
            p.press(key)
            #expect(p.modal == .none, "\(key.label)")
            #expect(p.message?.text.contains("closed") == true, "\(key.label): \(p.message?.text ?? "")")
        }
        p.press(.tab)
        p.press(.char("f"))
        #expect(p.filter == .all)
        #expect(p.message?.text == "The key 'f' does nothing here. Press ? for help.")
        let other = try ScreenFixture()
        let open = try other.post()
        open.press(.tab, .tab, .tab, .char("e"))
        #expect(open.modal == .none)
        #expect(open.message?.text == "No system is down or degraded: an estimate is only for one that is.")
    }

    /// Every mode's hint bar fits 80 columns whole: no hint is dropped for lack of room.
    @Test func everyHintLineFits80Columns() throws {
        for (name, make) in Self.states {
            let f = try ScreenFixture()
            let p = try make(f)
            let hints = CommandPostModel.keyTable(p.keyMode).hints(p.model)
            #expect(!hints.isEmpty, "\(name) offers no key")
            let bar = f.screen(p, 80, 24).split(separator: "\n", omittingEmptySubsequences: false)[23]
            for h in hints {
                #expect(bar.contains("\(h.key) \(h.label)".trimmingCharacters(in: .whitespaces)), "\(name): '\(h.key) \(h.label)' cut from \(bar)")
            }
        }
    }

    /// The timeline does not offer task keys: there is no task there to act on.
    @Test func theTimelineOffersNoTaskKeys() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.tab, .tab)
        #expect(p.view == .timeline)
        let bar = f.screen(p, 120, 40).split(separator: "\n", omittingEmptySubsequences: false)[39]
        #expect(!bar.contains("x done") && !bar.contains("s start"), "\(bar)")
        #expect(bar.contains("Tab view") && bar.contains("n note"))
        p.press(.char("?"))
        let help = CommandPostModel.keyTable(.timeline).helpLines(p.model).joined(separator: "\n")
        #expect(help.contains("Previous entry") && !help.contains("Mark the task done"))
        #expect(f.screen(p, 120, 40).contains("Previous entry"))
    }

    /// The help screen is the checklist's table: every enabled key and its sentence.
    @Test func helpIsWrittenFromTheTable() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let lines = CommandPostModel.keyTable(.checklist).helpLines(p.model)
        #expect(lines.contains("x             Mark the task done"))
        #expect(lines.contains("? F1          This help"))
        #expect(!lines.contains { $0.hasPrefix("Esc") }, "Esc clears a search, and there is none")
        p.press(.char("?"))
        // The help is paged: every line shows on one page or another, its start whole.
        var screen = f.screen(p, 100, 30)
        for _ in 0..<5 { p.press(.pageDown); screen += f.screen(p, 100, 30) }
        for l in lines { #expect(screen.contains(l.prefix(40)), "help lacks \(l)") }
    }

    /// A key row too long for the box wraps its sentence under the sentence, whatever the width
    /// of its key column (a row of several keys is wider than twelve): the rows are data, not
    /// lines whose layout is guessed back.
    @Test func helpWrapsEachSentenceUnderItselfNotUnderItsKeys() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let width = 34
        let wrapped = p.model.helpLines(width: width).map(\.0)
        var checked = 0
        for row in CommandPostModel.keyTable(.checklist).helpRows(p.model) where TextWidth.of(row.line) > width {
            let first = try #require(wrapped.firstIndex { $0.hasPrefix(row.head) && row.help.hasPrefix($0.dropFirst(row.head.count)) },
                                     "\(row.line) is not in the help")
            let next = wrapped[first + 1]
            #expect(next.hasPrefix(String(repeating: " ", count: row.head.count)) && next.count > row.head.count
                    && next.dropFirst(row.head.count).first != " ", "\(row.keys): \(next)")
            checked += 1
        }
        #expect(checked > 3, "no row was long enough to wrap")
    }

    /// Within a mode a key means one thing (Enter in a prompt is two rows, never both enabled).
    @Test func noKeyIsBoundTwiceInAMode() throws {
        for (name, make) in Self.states {
            let f = try ScreenFixture()
            let p = try make(f)
            var seen = Set<Key>()
            for b in CommandPostModel.keyTable(p.keyMode).bindings where b.enabled(p.model) {
                for k in b.keys { #expect(seen.insert(k).inserted, "\(name): \(k.label) bound twice") }
            }
        }
    }

    /// The start screen's steps write their hint bars from their tables.
    @Test func startScreenHintsComeFromItsTables() throws {
        let choice = StartScreen.Choice(id: "mini", title: "Mini", detail: "1, 4 tasks", path: "/nonexistent")
        let s = StartScreen(choices: [choice]) { _, _, _, _, _ in throw RunbookError.usage("not in this test") }
        func bar() -> String {
            var g = CellGrid(width: 80, height: 24)
            _ = s.render(into: &g)
            return String(g.text().split(separator: "\n", omittingEmptySubsequences: false)[23])
        }
        #expect(bar() == " ↑↓ choose  Enter select  q quit")
        s.handle(.enter)
        #expect(bar() == " Enter next  Esc back")
        s.type("Drill")
        s.handle(.enter)
        #expect(bar() == " y exercise  n/Enter real incident  Esc back")
        s.handle(.char("n"))
        #expect(bar() == " Enter start the incident  Tab next field  Esc back")
        let empty = StartScreen(choices: []) { _, _, _, _, _ in throw RunbookError.usage("not in this test") }
        var g = CellGrid(width: 80, height: 24)
        _ = empty.render(into: &g)
        #expect(g.text().split(separator: "\n", omittingEmptySubsequences: false)[23] == " q quit")
    }
}

/// The start screen asks when the organization first knew, beside the activation time.
@Suite("start screen discovery time")
struct StartScreenDiscoveryTests {
    @Test func tabMovesToTheDiscoveryTimeAndBothReachCreate() throws {
        let choice = StartScreen.Choice(id: "mini", title: "Mini", detail: "1, 4 tasks", path: "/nonexistent")
        nonisolated(unsafe) var got: (at: Timestamp?, discovered: Timestamp?)?
        let s = StartScreen(choices: [choice]) { _, _, _, at, discovered in
            got = (at, discovered)
            throw RunbookError.usage("stop here")
        }
        s.handle(.enter)
        s.type("Drill")
        s.handle(.enter)
        s.handle(.char("n"))
        s.type("-30m")
        s.handle(.tab)
        s.type("-3h")
        var g = CellGrid(width: 80, height: 24)
        _ = s.render(into: &g)
        #expect(g.text().contains("First known at (Tab; empty = when activated): -3h"))
        #expect(g.text().contains("Activated at (Enter = now; or 14:05, -40m): -30m"))
        s.handle(.enter)
        let times = try #require(got)
        let now = Timestamp.now()
        let at = try #require(times.at), discovered = try #require(times.discovered)
        #expect(abs(now.millis - at.millis - 30 * 60_000) < 5_000)
        #expect(abs(now.millis - discovered.millis - 3 * 3_600_000) < 5_000)
        // Nothing typed in it: no discovery time, so the store takes the activation time.
        let t = StartScreen(choices: [choice]) { _, _, _, _, discovered in
            got = (nil, discovered)
            throw RunbookError.usage("stop here")
        }
        t.handle(.enter); t.type("Drill"); t.handle(.enter); t.handle(.char("n")); t.handle(.enter)
        #expect(got?.discovered == nil)
    }
}

extension StartScreen {
    func type(_ text: String) { for c in text { handle(.char(c)) } }
}
