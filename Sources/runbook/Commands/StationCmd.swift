import ArgumentParser
import Foundation
import RunbookKit

/// `runbook station`: it reads only the home (no incident, no one's name).
enum ReadsHome: GlobalsRead {
    static let incident = false
    static let actor = false
}

/// `runbook station [name TEXT]`: this home's station — id, name, key fingerprint — made the
/// first time it is asked for (`StationStore`).
struct StationCmd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "This laptop's station: its name, id and key fingerprint (made the first time).",
        discussion: """
        Each home is one station, with a random id and an Ed25519 key kept in <home>/station \
        (private: never copy it to another laptop). Read the fingerprint aloud to compare it \
        with what another station shows.
        """,
        subcommands: [Show.self, Name.self],
        defaultSubcommand: Show.self)

    struct Show: RunbookCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the station's name, id, fingerprint and where it is kept (the default).")
        @Flag(help: "Print it as JSON.") var json = false
        @OptionGroup var globals: SomeGlobalOptions<ReadsHome>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
        func run() throws {
            let station = try StationStore(home: global.store.home).loadOrCreate()
            if json { Console.data(StationJSON.render(station) + "\n") } else { Console.say(StationJSON.text(station)) }
        }
    }

    struct Name: RunbookCommand {
        static let configuration = CommandConfiguration(
            commandName: "name",
            abstract: "Name the station, e.g. \"ED desk\" (1 to 60 characters, one line).")
        @Argument(help: ArgumentHelp("The name people call this laptop by.", valueName: "text")) var text: String
        @OptionGroup var globals: SomeGlobalOptions<ReadsHome>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
        func run() throws {
            let station = try StationStore(home: global.store.home).setName(text)
            Console.line("This station is now named \"\(station.name ?? text)\" (id \(station.id)).")
        }
    }
}
