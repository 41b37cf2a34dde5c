import ArgumentParser
import Foundation
import RunbookKit

struct Status: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The current state: every task's status, decisions, roles and systems.")
    @Flag(help: "Print the state as JSON.") var json = false
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        let session = try global.readingSession()
        warnTorn(session)
        // A closed incident is measured against its close, as the board measures it.
        let now = session.engine.measuredAt(Timestamp.now())
        if json { Console.data(StatusJSON.render(session.engine, now: now) + "\n") } else { Console.say(StatusText.render(session.engine, now: now, everyTask: true)) }
    }
}
