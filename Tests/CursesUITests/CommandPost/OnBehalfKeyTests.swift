import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 21, point 3 on the screen: who is typing (asked once, shown in the header) and `w`,
/// which records the next action on someone else's behalf.
@Suite("who is typing, and for whom")
struct OnBehalfKeyTests {
    init() { TextWidth.ensureUTF8Locale() }

    /// A shared login: the IC is assigned, the scribe types for them.
    func fixture() throws -> ScreenFixture {
        let f = try ScreenFixture()
        let s = try f.session()
        try s.perform(.assign("ic", "Dr Ng"), ActionContext(actor: "cmdpost"), now: { f.now })
        return f
    }

    @Test func theHeaderSaysWhoIsTyping() throws {
        let f = try fixture()
        let post = try f.post(actor: "Pat Lee")
        let screen = f.screen(post, 80, 24)
        #expect(screen.split(separator: "\n").first?.contains("typing: Pat Lee") == true, "\(screen)")
    }

    @Test func wRecordsTheNextActionForThePersonChosenThenForTheTypistAgain() throws {
        let f = try fixture()
        let post = try f.post(actor: "Pat Lee")
        post.press(.char("w"))
        guard case .menu(let m) = post.modal else { Issue.record("no menu: \(post.modal)"); return }
        #expect(m.items.contains { $0.label.hasPrefix("Dr Ng — Incident Commander") }, "\(m.items.map(\.label))")
        #expect(m.items.contains { $0.label.contains("Whoever was Incident Commander") })
        // Dr Ng is the first item.
        post.press(.enter)
        #expect(post.model.forWhom == "Dr Ng")
        let shown = f.screen(post, 80, 24)
        // On the status line, first.
        #expect(shown.components(separatedBy: "\n").contains { $0.hasPrefix(" FOR Dr Ng ") }, "\(shown)")
        post.press(.char("n"))
        post.type("EMS told: divert")
        post.press(.enter)
        let e = try #require(post.engine.state.entries.last)
        #expect(e.actor == "Pat Lee" && e.forPerson == "Dr Ng" && e.actorRole == "ic")
        #expect(post.message?.text.contains("(for Dr Ng)") == true, "\(post.message?.text ?? "")")
        // The entry read in full says both.
        let full = post.model.entryLines(e.seq, width: 76).map(\.0)
        #expect(full.contains("By: Dr Ng acting as Incident Commander") && full.contains("Typed by: Pat Lee, on their behalf"), "\(full)")
        // Used: the next one is the typist's own.
        #expect(post.model.forWhom == nil)
        post.press(.char("n"))
        post.type("coffee")
        post.press(.enter)
        let own = try #require(post.engine.state.entries.last)
        #expect(own.actor == "Pat Lee" && own.forPerson == nil)
    }

    @Test func aNameTypedOrARoleAndMyselfCancels() throws {
        let f = try fixture()
        let post = try f.post(actor: "Pat Lee")
        post.press(.char("w"), .char("o"))
        guard case .prompt = post.modal else { Issue.record("no prompt: \(post.modal)"); return }
        post.type("Runner Sam")
        post.press(.enter)
        #expect(post.model.forWhom == "Runner Sam")
        // w again offers "Myself", which cancels it; nothing was recorded meanwhile.
        let count = post.engine.state.entryCount
        post.press(.char("w"), .char("m"))
        #expect(post.model.forWhom == nil)
        #expect(post.engine.state.entryCount == count)
        // A role: whoever held it when it happened, resolved by the engine.
        post.press(.char("w"))
        guard case .menu(let m) = post.modal, let i = m.items.firstIndex(where: { $0.label.contains("Whoever was Incident Commander") }) else {
            Issue.record("no role item"); return
        }
        for _ in 0..<i { post.press(.down) }
        post.press(.enter)
        #expect(post.model.forWhom == "ic")
        let pending = f.screen(post, 80, 24)
        #expect(pending.components(separatedBy: "\n").contains { $0.hasPrefix(" FOR the Incident Commander ") }, "\(pending)")
        post.press(.char("n"))
        post.type("press line opened")
        post.press(.enter)
        let e = try #require(post.engine.state.entries.last)
        #expect(e.forPerson == "Dr Ng" && e.actor == "Pat Lee" && e.actorRole == "ic")
    }

    @Test func whoIsTypingOffersThePeopleGivenRolesOrANewName() throws {
        let f = try fixture()
        let engine = try f.session().engine
        let people = WhoIsTyping.people(in: engine)
        #expect(people == [WhoIsTyping.Person(name: "Dr Ng", detail: "Incident Commander")])
        let pick = WhoIsTyping(people: people, incident: "EHR outage")
        var g = pick.frame(width: 80, height: 24).grid.text()
        #expect(g.contains("Who is typing?") && g.contains("Dr Ng — Incident Commander") && g.contains("Someone else:"), "\(g)")
        pick.handle(.enter)
        #expect(pick.chosen == "Dr Ng" && pick.wantsToQuit)

        let typed = WhoIsTyping(people: people, incident: "EHR outage")
        for c in "Pat Lee" { typed.handle(.char(c)) }
        typed.handle(.enter)
        #expect(typed.chosen == "Pat Lee")

        // An empty name is refused in words; Esc leaves choosing nobody.
        let empty = WhoIsTyping(people: [], incident: "start an incident")
        empty.handle(.enter)
        #expect(empty.chosen == nil && !empty.wantsToQuit)
        g = empty.frame(width: 80, height: 24).grid.text()
        #expect(g.contains("Your name:") && g.contains("the name is empty"), "\(g)")
        empty.handle(.escape)
        #expect(empty.chosen == nil && empty.wantsToQuit)
    }
}
