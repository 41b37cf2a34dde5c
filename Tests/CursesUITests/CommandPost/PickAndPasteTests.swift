import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// Issue 23, part B: the cursor stays on what was chosen. A search lands on the best match, `/`
/// starts a new search, pickers take type-ahead letters, the systems picker keeps its order,
/// and a paste too long for one note is offered as numbered notes.
@Suite("the selection never jumps, pickers take type-ahead, long pastes split")
struct PickAndPasteTests {
    func entries(_ f: ScreenFixture) throws -> [[String: Any]] {
        try f.journalLines().compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    // MARK: search

    /// "start" is in the detail of "Activate the command center" (listed first) and in the
    /// title of "Start paper downtime forms": the cursor goes to the title, the list keeps its order.
    @Test func aSearchLandsOnATitleBeforeADetail() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("/"))
        p.type("start")
        #expect(p.visibleTasks(now: f.now).map(\.def.id) == ["activate", "paper"], "the list keeps the checklist's order")
        #expect(p.selectedTaskID == "paper")
        p.press(.enter)
        #expect(p.selectedTaskID == "paper")
    }

    /// An exact title wins over a title that only holds it, wherever each is in the list.
    @Test func anExactTitleWinsOverAPartOfOne() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("/"))
        p.type("tell ems about the diversion")
        #expect(p.selectedTaskID == "divert-ems")
        // Every word of a title, in another order, still finds it.
        p.press(.ctrl("u"))
        p.type("forms paper")
        #expect(p.visibleTasks(now: f.now).map(\.def.id) == ["paper"])
        #expect(p.selectedTaskID == "paper")
    }

    /// `/` opens empty: what is typed is a new search, not added to the one kept; Esc puts the
    /// kept one back, and the prompt says what it was.
    @Test func slashStartsANewSearch() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("/"))
        p.type("paper")
        p.press(.enter)
        #expect(p.model.search == "paper")
        p.press(.char("/"))
        guard case .prompt(let prompt) = p.modal else { Issue.record("no search prompt: \(p.modal)"); return }
        #expect(prompt.editor.text.isEmpty)
        #expect(prompt.title.contains("was “paper”"), "\(prompt.title)")
        p.type("declare")
        #expect(p.model.search == "declare")
        #expect(p.selectedTaskID == "declare")
        p.press(.escape)
        #expect(p.model.search == "paper")
    }

    // MARK: type-ahead

    /// Assigning a role: a letter jumps to the role whose title starts with it; Enter takes it.
    @Test func theRolePickerTakesTypeAhead() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("a"))
        guard case .menu(let m) = p.modal, m.title == "Assign a role" else { Issue.record("no role picker: \(p.modal)"); return }
        #expect(m.typeAhead)
        p.type("o")
        guard case .menu(let after) = p.modal else { Issue.record("the picker closed: \(p.modal)"); return }
        #expect(after.selected == 1, "o jumps to Operations Section Chief")
        p.press(.enter)
        guard case .prompt(let prompt) = p.modal else { Issue.record("no name asked: \(p.modal)"); return }
        #expect(prompt.title.contains("Operations Section Chief"))
        p.type("Dana")
        p.press(.enter)
        let last = try #require(try entries(f).last)
        #expect(last["type"] as? String == "role.assigned")
        #expect(last["role"] as? String == "ops")
    }

    /// Letters typed within a second add up ("inc"); after a pause a letter starts anew; a
    /// letter that matches nothing leaves the highlight where it was.
    @Test func typeAheadAddsUpThenStartsAnew() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("a"))
        p.type("op")
        guard case .menu(let m1) = p.modal else { Issue.record("closed: \(p.modal)"); return }
        #expect(m1.selected == 1)
        p.type("z")
        guard case .menu(let m2) = p.modal else { Issue.record("closed: \(p.modal)"); return }
        #expect(m2.selected == 1, "no match: the highlight stays")
        #expect(f.screen(p, 80, 24).contains("nothing here matches"))
        f.now = f.now.adding(seconds: 2)
        p.type("i")
        guard case .menu(let m3) = p.modal else { Issue.record("closed: \(p.modal)"); return }
        #expect(m3.selected == 0, "after a pause, i starts anew: Incident Commander")
        // j and q are letters here, not moves or cancel; the arrows still move.
        p.press(.down)
        guard case .menu(let m4) = p.modal else { Issue.record("closed: \(p.modal)"); return }
        #expect(m4.selected == 1)
        #expect(f.screen(p, 80, 24).contains("Letters jump to a name"))
    }

    /// The decision picker matches a word of the question ("div" → Divert ambulances?).
    @Test func theDecisionPickerTakesTypeAhead() throws {
        let items = ["→ yes · Disconnect the network?", "not decided · Divert ambulances?", "not decided · Is CISA's CIRCIA rule in force?"]
            .map { label -> MenuItem in
                var i = MenuItem(nil, label, .nothing(""))
                i.name = String(label.split(separator: "·")[1].dropFirst())
                return i
            }
        #expect(CommandPostModel.typeAheadMatch("div", in: items) == 1)
        #expect(CommandPostModel.typeAheadMatch("cir", in: items) == 2, "a word of the question")
        #expect(CommandPostModel.typeAheadMatch("d", in: items) == 0)
        #expect(CommandPostModel.typeAheadMatch("xyz", in: items) == nil)
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("d"))
        guard case .menu(let m) = p.modal, m.title == "Record a decision" else { Issue.record("no decisions: \(p.modal)"); return }
        #expect(m.typeAhead)
        p.type("div")
        p.press(.enter)
        guard case .menu(let answers) = p.modal else { Issue.record("no answers: \(p.modal)"); return }
        #expect(answers.title == "Divert ambulances?")
    }

    // MARK: systems

    /// Reporting Phones does not move it: the same keys reach it again to correct it (they
    /// once reached the Lab system instead).
    @Test func theSystemsPickerKeepsItsOrder() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("y"))
        guard case .menu(let before) = p.modal else { Issue.record("no systems: \(p.modal)"); return }
        let order = before.items.map(\.name)
        #expect(order.prefix(3) == ["EHR", "Phones", "Lab system"])
        p.press(.down, .enter, .char("g"), .char("1"))
        var last = try #require(try entries(f).last)
        #expect(last["system"] as? String == "Phones")
        #expect(last["state"] as? String == "degraded")
        p.press(.enter, .char("y"))
        guard case .menu(let after) = p.modal else { Issue.record("no systems: \(p.modal)"); return }
        #expect(after.items.map(\.name) == order)
        // UP tells the whole hospital: y confirms it.
        p.press(.down, .enter, .char("u"), .char("y"))
        last = try #require(try entries(f).last)
        #expect(last["system"] as? String == "Phones")
        #expect(last["state"] as? String == "up")
        // The other system's key still works as the first letter: o, another system.
        p.press(.enter, .char("y"), .char("o"))
        guard case .prompt(let prompt) = p.modal else { Issue.record("o did not ask a name: \(p.modal)"); return }
        #expect(prompt.purpose == .systemName)
    }

    /// Type-ahead in the systems picker: "la" → the Lab system.
    @Test func theSystemsPickerTakesTypeAhead() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("y"))
        #expect(f.screen(p, 80, 24).contains("Esc cancels · o: another system"), "the hint fits 80 columns")
        p.type("la")
        p.press(.enter)
        guard case .menu(let m) = p.modal else { Issue.record("no state menu: \(p.modal)"); return }
        #expect(m.title.hasPrefix("Lab system is now"), "\(m.title)")
    }

    // MARK: paste

    /// A paste longer than a note: split into numbered notes, each recorded, nothing lost.
    @Test func aLongPasteSplitsIntoNumberedNotes() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let lines = (1...600).map { "Line \($0): bed \($0 % 40) moved to paper charting, vitals every hour" }
        let text = lines.joined(separator: "\n")
        #expect(text.utf8.count > TextRules.maxNoteBytes)
        p.press(.char("n"))
        p.press(.paste(text))
        guard case .menu(let m) = p.modal else { Issue.record("no question: \(p.modal)"); return }
        #expect(m.title.contains("too long for one note"))
        #expect(try entries(f).count == 1, "nothing recorded yet")
        p.press(.char("s"))
        let notes = try entries(f).dropFirst().compactMap { $0["note"] as? String }
        #expect(notes.count >= 3)
        for (i, n) in notes.enumerated() {
            #expect(n.hasPrefix("(\(i + 1)/\(notes.count)) "), "\(n.prefix(20))")
            #expect(n.utf8.count <= TextRules.maxNoteBytes)
        }
        // Cut at line ends: every line is whole in one note.
        let back = notes.map { String($0.drop { $0 != " " }.dropFirst()) }.joined(separator: "\n")
        #expect(back == text)
        #expect(p.modal == .none)
    }

    /// Esc (or n) goes back to the note as it was; c keeps what fits and says what was left out.
    @Test func aLongPasteCanBeCutOrLeftOut() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let text = String(repeating: "0123456789 ", count: 2_000)
        p.press(.char("t"))
        p.type("Before: ")
        p.press(.paste(text))
        p.press(.escape)
        guard case .prompt(let back) = p.modal else { Issue.record("not back to the note: \(p.modal)"); return }
        #expect(back.editor.text == "Before: ")
        p.press(.paste(text))
        p.press(.char("c"))
        guard case .prompt(let cut) = p.modal else { Issue.record("not back to the note: \(p.modal)"); return }
        #expect(cut.editor.text.utf8.count == TextRules.maxNoteBytes)
        #expect(cut.error?.contains("left out") == true)
        p.press(.escape, .char("y"))
        #expect(try entries(f).count == 1, "nothing recorded")
    }

    /// One action at a time: while another waits for the journal, splitting is dimmed (s says
    /// so), and Esc goes back to the note as typed: nothing is recorded past the waiting one.
    @Test func whileAnotherActionWaitsSplittingIsDimmedAndNothingIsLost() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let lock = try CommandPostWaitingTests.HeldLock(f.store.journalPath(f.id))
        defer { lock.release() }
        CommandPostWaitingTests.note(p, "radio log 02:10")
        #expect(p.model.waiting != nil)
        p.press(.char("n"))
        p.type("Kept: ")
        p.press(.paste(String(repeating: "Paper forms handed out on 4 West. ", count: 1_000)))
        guard case .menu(let m) = p.modal else { Issue.record("no question: \(p.modal)"); return }
        #expect(m.items.first { $0.hotkey == "s" }?.enabled == false)
        p.press(.char("s"))
        guard case .menu = p.modal else { Issue.record("a dimmed split closed the question: \(p.modal)"); return }
        p.press(.escape)
        guard case .prompt(let back) = p.modal else { Issue.record("not back to the note: \(p.modal)"); return }
        #expect(back.editor.text == "Kept: ")
        #expect(try f.journalLines().count == 1)
    }

    /// A task's note split in several keeps its task on every part.
    @Test func aSplitTaskNoteKeepsItsTask() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("t"))
        p.press(.paste(String(repeating: "Paper forms handed out on 4 West. ", count: 1_000)))
        p.press(.char("s"))
        let notes = try entries(f).dropFirst()
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { $0["task"] as? String == "declare" })
    }

    /// A note of several lines is read back above the prompt before it is recorded.
    @Test func aMultiLineNoteIsPreviewed() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("n"))
        p.press(.paste("Radio log 02:10\nCath lab ready\nEHR still down"))
        let screen = f.screen(p, 80, 24)
        #expect(screen.contains("Preview: 3 lines"), "\(screen)")
        #expect(screen.contains("  Cath lab ready"))
        #expect(try entries(f).count == 1)
    }
}
