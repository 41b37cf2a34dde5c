import ArgumentParser
import Foundation
import RunbookKit

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The full-screen command post (the default when no command is given).")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw RunbookError.usage("'runbook open' needs a terminal (standard input and output are not a TTY); use 'runbook status' or 'runbook log' in scripts")
        }
        let store = global.store
        let id = try? store.resolve(global.incidentID)
        if global.incidentID != nil, id == nil { _ = try store.resolve(global.incidentID) }
        if let id {
            try runScreen(session: try IncidentSession(store: store, id: id), boardOnly: false)
        } else {
            try runStartScreen(global: global)
        }
    }
}

func runScreen(session: IncidentSession, boardOnly: Bool) throws {
    print(StatusText.render(session.engine, now: Timestamp.now()))
}

func runStartScreen(global: GlobalOptions) throws {
    throw RunbookError.notFound("no open incident: start one with 'runbook new --playbook occi --name \"…\"'")
}
