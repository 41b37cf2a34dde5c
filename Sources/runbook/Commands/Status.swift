import ArgumentParser
import Foundation
import RunbookKit

struct Status: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The current state: every task's status, decisions, roles and systems.")
    @Flag(help: "Print the state as JSON.") var json = false
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let session = try global.readingSession()
        warnTorn(session)
        let now = Timestamp.now()
        print(json ? StatusJSON.render(session.engine, now: now) : StatusText.render(session.engine, now: now, everyTask: true))
    }
}

struct Board: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "The executive status board: read-only and live; --once prints it as plain text and exits.")
    @Flag(help: "Print the board once as plain text and exit.") var once = false
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        if once || isatty(0) == 0 || isatty(1) == 0 {
            let session = try global.readingSession()
            warnTorn(session)
            print(StatusText.render(session.engine, now: Timestamp.now()))
            return
        }
        let store = global.store
        let id: String
        if global.incidentID != nil { id = try store.resolve(global.incidentID) } else {
            guard let picked = try pickIncident(store: store, purpose: "the board") else { return }
            id = picked
        }
        try openForScreen(store: store, id: id, actor: try global.actorName(), boardOnly: true)
    }
}
