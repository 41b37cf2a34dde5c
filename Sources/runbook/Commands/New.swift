import ArgumentParser
import Foundation
import RunbookKit

struct New: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start an incident on a playbook; prints its id as the last line.")
    @Option(help: ArgumentHelp("A built-in playbook id (occi, hic-tcr) or a path to a playbook file.", valueName: "id|path"))
    var playbook: String
    @Option(help: "The incident's name, e.g. \"EHR ransomware outage\".") var name: String
    @Flag(help: "Mark it an exercise, not a real incident.") var exercise = false
    @Option(parsing: .unconditional,
            help: ArgumentHelp("When the organization first knew, if before activation: HH:MM (24-hour local, the latest that has passed), YYYY-MM-DD HH:MM (local), -3h, or RFC 3339.",
                               valueName: "time"))
    var discovered: String?
    @Option(help: ArgumentHelp("The facility (hospital) it happens at, for the health system's roll-up, e.g. \"St. Mary's\".", valueName: "name"))
    var facility: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var globals: SomeGlobalOptions<StartsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        let now = Timestamp.now()
        let at = try action.when(now: now)
        if let at, at.millis > now.millis + 60_000 {
            throw RunbookError.usage("--at \(at.localDateTime) is in the future; give the time the incident was really activated")
        }
        let found = try discovered.map { try ActionOptions.time($0, option: "--discovered", now: now) }
        if let found, found.millis > now.millis + 60_000 {
            throw RunbookError.usage("--discovered \(found.localDateTime) is in the future; give when the organization first knew")
        }
        let actor = try global.actorName()
        let loaded = try loadPlaybook(playbook, library: global.library)
        let store = global.store
        let (id, _) = try store.create(loaded: loaded, name: name, exercise: exercise, actor: actor, at: at, now: now, discovered: found,
                                       paper: try action.paper(), forWhom: try action.forWhom(), facility: facility)
        let pb = loaded.playbook
        Console.line("Started \(exercise ? "EXERCISE " : "")incident \"\(name)\" on \(pb.title) \(pb.version) (\(pb.tasks.count) tasks) in \(store.incidentsDir)/\(id)")
        if let at, ActionTime.needsConfirming(at, now: now) {
            Console.line("Activated \(at.localDateTime), \(PlaybookDuration.spoken(seconds: at.seconds(until: now))) ago: more than 12 h back; check the day (if it is wrong, start the incident again)")
        }
        print(id)
    }
}

/// Loads a playbook named by id or path, with every finding reported if it is broken.
func loadPlaybook(_ idOrPath: String, library: PlaybookLibrary) throws -> LoadedPlaybook {
    let loader = PlaybookLoader(library: library)
    if PlaybookLibrary.looksLikePath(idOrPath) { return try loader.load(path: idOrPath) }
    guard let path = library.resolve(idOrPath) else {
        let ids = library.ids()
        throw RunbookError.notFound("no playbook '\(idOrPath)'\(Nearest.hint(for: idOrPath, in: ids)) (available: \(ids.joined(separator: ", ")); or give a path to a .yaml file)")
    }
    return try loader.load(path: path)
}
