import Foundation
import ArgumentParser
import RunbookKit

struct Close: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close the incident for good; it then takes no more actions.",
        discussion: "On a terminal it asks for the incident's name (or CLOSE) first. Without a terminal it needs --yes, or the incident named with --incident ID.")
    @Option(help: "A note.") var note: String?
    @Flag(help: "Close without asking (for scripts).") var yes = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let g = global
        let store = g.store
        let ctx = try action.context(g, note: note, force: order.force, now: Timestamp.now())
        // Several open and none named: refused like every command that records.
        let id = try g.recordingIncident(store)
        if !yes {
            if isatty(0) != 0 {
                try Close.confirm(store.list().first { $0.id == id }, id: id)
            } else if g.incidentID == nil {
                throw RunbookError.usage("closing an incident is for good and there is no terminal to ask on: name the incident with --incident ID, or add --yes")
            }
        }
        try record(.close, ctx, store: store, id: id)
    }

    /// Asks on the terminal for the incident's name, or CLOSE; anything else closes nothing.
    static func confirm(_ summary: IncidentStore.Summary?, id: String) throws {
        let name = summary?.name ?? id
        let shown = TerminalText.escaped(name)
        let answer = askOnTerminal("Close incident “\(shown)” (\(id))\(summary?.exercise == true ? ", an EXERCISE" : "")? It then takes no more actions, for good.\nType its name, or CLOSE, to close it: ")
        guard ActionRules.confirmsClose(answer, id: id, name: name) else {
            throw RunbookError.refused(.closeNotConfirmed(typed: answer))
        }
    }
}
