import Foundation
import ArgumentParser
import RunbookKit

struct Correct: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct", abstract: "Mark an earlier entry entered in error (it is never edited).",
        discussion: "On a closed incident (named with --incident) only its close can be marked in error, which reopens it: on a terminal it asks for the incident's name first; without one it needs --yes.")
    @Argument(help: "The entry's number (seq), as in 'runbook log'.") var seq: Int
    @Option(help: "Why it was in error (required).") var reason: String
    @Flag(help: "Reopen a closed incident without asking (for scripts).") var yes = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let g = global
        let store = g.store
        let ctx = try action.context(g, note: nil, force: order.force, now: Timestamp.now())
        let id = try g.recordingIncident(store)
        // On a closed incident the engine takes only the close's correction, which reopens it:
        // asked like closing, by the incident's name.
        if let summary = store.list().first(where: { $0.id == id }), summary.closed, !yes {
            guard isatty(0) != 0 else {
                throw RunbookError.usage("incident \(id) is closed; marking its close in error reopens it, and there is no terminal to ask on: add --yes")
            }
            try Correct.confirmReopen(summary, id: id)
        }
        try record(.correct(seq, reason: reason), ctx, store: store, id: id)
    }

    /// Asks on the terminal for the incident's name, or REOPEN; anything else records nothing.
    static func confirmReopen(_ summary: IncidentStore.Summary, id: String) throws {
        let shown = TerminalText.escaped(summary.name)
        let answer = askOnTerminal("Incident “\(shown)” (\(id)) is closed. Marking its close entered in error reopens it.\nType its name, or REOPEN, to reopen it: ")
        guard ActionRules.confirmsReopen(answer, id: id, name: summary.name) else {
            throw RunbookError.refused(.reopenNotConfirmed(typed: answer))
        }
    }
}
