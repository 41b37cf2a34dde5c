import ArgumentParser
import Foundation
import RunbookKit

struct Status: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The current state: every task's status, decisions, roles and systems.",
        discussion: "--all prints every incident in the home instead, one line each (the health system's roll-up, as `board --all` shows it: facility, name, T+, systems down, diverting, overdue, blocked, next deadline, last entry, stations), trouble first; --all --json gives the same rows to scripts as {\"incidents\": [...]}.")
    @Flag(help: "Print the state as JSON.") var json = false
    @Flag(help: "Every incident in the home, one line each (with --json: one object each).") var all = false
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        if all {
            if global.incident != nil { throw RunbookError.usage("--all shows every incident: leave out --incident") }
            let store = global.store
            try store.checkHome()
            let now = Timestamp.now()
            let rows = Rollup.rows(store: store, now: now)
            if json { Console.data(RollupJSON.render(rows) + "\n") } else { Console.say(RollupText.lines(rows, now: now)) }
            return
        }
        let session = try global.readingSession()
        warnTorn(session)
        // A closed incident is measured against its close, as the board measures it.
        let now = session.engine.measuredAt(Timestamp.now())
        if json { Console.data(StatusJSON.render(session.engine, now: now) + "\n") } else { Console.say(StatusText.render(session.engine, now: now, everyTask: true)) }
    }
}
