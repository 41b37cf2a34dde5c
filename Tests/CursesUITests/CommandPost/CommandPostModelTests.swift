import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The model on its own: update returns effects and records nothing itself.
@Suite("command post model")
struct CommandPostModelTests {
    init() { TextWidth.ensureUTF8Locale() }

    func model(_ f: ScreenFixture) throws -> CommandPostModel {
        CommandPostModel(engine: try f.session().engine, actor: "scribe", now: f.now)
    }

    /// A key that records asks the runner to, and writes nothing itself.
    @Test func aRecordingKeyReturnsAnEffectAndWritesNothing() throws {
        let f = try ScreenFixture()
        var m = try model(f)
        _ = m.update(.key(.down))
        _ = m.update(.key(.down))
        #expect(m.selectedTaskID == "paper")
        let effects = m.update(.key(.char("s")))
        guard effects.count == 1, case .record(let action, let ctx) = effects[0] else {
            Issue.record("expected one record effect, got \(effects)")
            return
        }
        #expect(action == .task("paper", .start))
        #expect(ctx.actor == "scribe" && ctx.force == false)
        #expect(try f.journalLines().count == 1, "the model wrote to the journal")
        // Moving records nothing.
        #expect(m.update(.key(.up)).isEmpty)
    }

    /// A refused note brings its prompt back with what was typed and why.
    @Test func aRefusalBringsThePromptBack() throws {
        let f = try ScreenFixture()
        var m = try model(f)
        _ = m.update(.key(.char("n")))
        for c in "Runner to lab" { _ = m.update(.key(.char(c))) }
        let effects = m.update(.key(.enter))
        #expect(effects.count == 1)
        #expect(m.modal == .none)
        _ = m.update(.notRecorded(RunbookError.damagedJournal("the journal is damaged")))
        guard case .prompt(let p) = m.modal else {
            Issue.record("the prompt did not come back: \(m.modal)")
            return
        }
        #expect(p.editor.text == "Runner to lab")
        #expect(p.error == "NOT RECORDED — the journal is damaged")
    }

    /// The clock is a message: time passing makes a task overdue, without a key.
    @Test func theClockMovesOverdue() throws {
        let f = try ScreenFixture()
        f.now = ScreenFixture.activation.adding(seconds: 60)
        var m = try model(f)
        #expect(m.allTasks.filter(\.overdue).isEmpty)
        _ = m.update(.clock(ScreenFixture.activation.adding(seconds: 3 * 3600)))
        #expect(m.allTasks.filter(\.overdue).map(\.def.id).sorted() == ["activate", "declare", "paper"])
    }

    /// Paging follows the terminal's size, told by a resize message.
    @Test func aPageIsTheRowsShown() throws {
        let f = try ScreenFixture()
        var m = try model(f)
        _ = m.update(.resize(width: 80, height: 10))
        _ = m.update(.key(.pageDown))
        let small = m.selectedTaskID
        var big = try model(f)
        _ = big.update(.resize(width: 120, height: 40))
        _ = big.update(.key(.pageDown))
        #expect(small == "paper", "a 3-row page moves two tasks down")
        #expect(big.selectedTaskID == "divert-ems", "a long page goes to the end")
    }
}

/// The timeline is kept in the order things happened while it shows, entries added as they
/// come and a back-dated one put in its place.
@Suite("command post timeline order")
struct CommandPostTimelineOrderTests {
    @Test func newAndBackDatedEntriesTakeTheirPlace() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.tab, .tab)
        #expect(p.view == .timeline)
        let other = try f.session()
        func note(_ text: String, at: Timestamp? = nil) throws {
            try other.perform(.note(text, tag: nil), ActionContext(actor: "radio", at: at), now: { f.now })
            f.now = f.now.adding(seconds: 60)
            _ = p.tick()
        }
        try note("first")
        try note("second")
        try note("back-dated", at: ScreenFixture.activation.adding(seconds: 5 * 60))
        try note("last")
        let notes = p.model.timeline.compactMap(\.note)
        #expect(notes == ["back-dated", "first", "second", "last"])
        #expect(p.model.timeline.map(\.seq) == EntryText.chronological(p.engine.state.entries).map(\.seq))
        // Off the timeline it is not kept up; back on it, it catches up.
        p.press(.tab)
        try note("while on the systems view")
        p.press(.tab, .tab, .tab)
        #expect(p.view == .timeline)
        #expect(p.model.timeline.last?.note == "while on the systems view")
        #expect(p.model.timeline.count == p.engine.state.entryCount)
    }
}

/// A paste is text, never keys: the radio log that closed an incident, pasted again.
@Suite("command post paste")
struct CommandPostPasteTests {
    static let radioLog = "Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still down\u{1B}x"

    @Test func aPastedRadioLogStaysInTheNote() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let before = try f.journalLines()
        p.press(.char("n"))
        p.press(.paste(Self.radioLog))
        guard case .prompt(let prompt) = p.modal else {
            Issue.record("the paste left the note prompt: \(p.modal)")
            return
        }
        // Its line breaks are kept, its ESC dropped.
        #expect(prompt.editor.text == "Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still downx")
        #expect(f.screen(p, 80, 24).contains("> Radio log 02:10⏎⏎Cath lab ready⏎C⏎y⏎EHR still downx"))
        #expect(try f.journalLines() == before, "nothing recorded by the paste itself")
        p.press(.enter)
        let lines = try f.journalLines()
        #expect(lines.count == before.count + 1)
        #expect(lines.last?.contains(#"Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still downx"#) == true)
        #expect(p.engine.state.entries.last?.note == "Radio log 02:10\n\nCath lab ready\nC\ny\nEHR still downx")
        #expect(p.engine.state.closed == nil)
    }

    @Test func aPasteOutsideAPromptDoesNothing() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let before = try f.journalLines()
        p.press(.paste("x\n\nC\ny\n"))
        #expect(try f.journalLines() == before)
        #expect(p.modal == .none)
        #expect(p.message?.text.contains("pasted text was not used") == true)
    }
}
