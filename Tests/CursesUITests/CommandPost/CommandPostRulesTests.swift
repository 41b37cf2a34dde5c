import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The command post asks the engine's rules rather than deriving its own (issue 19): closing
/// is confirmed as on the command line, the header counts are the engine's, and a closed
/// incident's refusal is the engine's value in the screen's words.
@Suite("command post asks the engine's rules")
struct CommandPostRulesTests {
    init() { TextWidth.ensureUTF8Locale() }

    /// The command line takes the incident's id as confirmation; so does the screen now.
    @Test func closingTakesTheIncidentIdAsTheCommandLineDoes() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("C"))
        p.type(f.id)
        p.press(.enter)
        guard case .prompt(let note) = p.modal, note.purpose == .closeNote else { Issue.record("\(p.modal)"); return }
        // Enter on the empty optional note closes it (Esc would cancel the close).
        p.press(.enter)
        #expect(p.engine.state.closed != nil)
        // Closed: the engine refuses everything, and the screen says so in the engine's words.
        guard case .refused(let e) = p.engine.recording, case .closed? = e.refusal else { Issue.record("\(p.engine.recording)"); return }
        p.press(.char("n"))
        #expect(p.model.message?.text == e.refusal?.words(on: .commandPost))
        #expect(p.model.modal == .none)
    }

    /// The header's Done n/m and Ready n are the engine's counts.
    @Test func theHeaderCountsAreTheEngines() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let c = p.engine.counts(now: f.now)
        #expect(p.model.taskCounts == c)
        let screen = f.screen(p, 120, 40)
        #expect(screen.contains("Done \(c.finished)/\(c.applicable)"), "\(screen)")
        #expect(screen.contains("Ready \(c.ready)"), "\(screen)")
    }
}
