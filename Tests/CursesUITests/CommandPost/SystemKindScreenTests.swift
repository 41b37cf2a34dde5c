import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The command post and systems by kind: each system's kind in the systems view, and a new
/// system asked its kind in a picker of the playbook's kinds, where Esc records nothing.
@Suite("systems by kind on the screen")
struct SystemKindScreenTests {
    @Test func aNewSystemIsAskedItsKindAndTheViewShowsIt() throws {
        let f = try ScreenFixture()
        _ = try f.session().perform(.system("EHR", .down, kind: "clinical-record"), ActionContext(actor: "it"), now: { f.now })
        var p = try f.post()
        p.press(.tab, .tab, .tab)
        #expect(f.screen(p, 100, 24).contains("EHR (clinical-record): DOWN"), "\(f.screen(p, 100, 24))")
        func reportNew() -> Menu? {
            p.press(.enter, .char("o"))
            p.type("Bed board")
            p.press(.enter)
            guard case .menu(let states) = p.modal, states.title == "Bed board is now…" else { return nil }
            p.press(.char("d"))
            guard case .menu(let kinds) = p.modal else { return nil }
            return kinds
        }
        let before = try f.journalLines().count
        let picker = try #require(reportNew())
        #expect(picker.title.hasPrefix("What kind of system is Bed board?"))
        #expect(picker.items.map(\.label) == SystemCatalog.shippedKinds + ["other"])
        p.press(.escape)
        #expect(try f.journalLines().count == before, "Esc records nothing")
        p = try f.post()
        p.press(.tab, .tab, .tab)
        _ = try #require(reportNew())
        p.press(.char("3"))  // imaging
        let lines = try f.journalLines()
        #expect(lines.count == before + 1)
        #expect(lines.last?.contains("\"system\":\"Bed board\",\"state\":\"down\",\"kind\":\"imaging\"") == true, "\(lines.last ?? "")")
        // Reported now: no kind is asked again.
        p.press(.enter, .char("o"))
        p.type("bed board")
        p.press(.enter)
        guard case .menu(let again) = p.modal else { Issue.record("\(p.modal)"); return }
        p.press(.char("u"))
        // UP tells the whole hospital: asked with y first.
        p.press(.char("y"))
        #expect(again.title == "Bed board is now…")
        #expect(try f.journalLines().count == before + 2)
    }
}
