import ArgumentParser
import Foundation
import RunbookKit

/// `--home`, `--incident`, `--actor`, with their environment variables. Every command takes
/// them, before its name (`runbook --home X note …`, parsed by the root) or after it.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: GlobalOptions.homeHelp, completion: .directory)
    var home: String?

    @Option(name: .long, help: GlobalOptions.incidentHelp, completion: .custom(Completion.incidents))
    var incident: String?

    @Option(name: .long, help: GlobalOptions.actorHelp)
    var actor: String?

    // Written once, for every command's own copy of these options (`SomeGlobalOptions`).
    static let homeHelp = ArgumentHelp("Where incidents live (also RUNBOOK_HOME).", valueName: "dir")
    static let incidentHelp = ArgumentHelp("Which incident (also RUNBOOK_INCIDENT); default: the most recent open one.", valueName: "id")
    static let actorHelp = ArgumentHelp("Who is acting (also RUNBOOK_ACTOR); default: your login name.", valueName: "name")

    var env: [String: String] { ProcessInfo.processInfo.environment }

    /// These options where given, else `outer`'s (the ones written before the command's name).
    func over(_ outer: GlobalOptions) -> GlobalOptions {
        var g = self
        g.home = home ?? outer.home
        g.incident = incident ?? outer.incident
        g.actor = actor ?? outer.actor
        return g
    }

    var store: IncidentStore {
        if let h = home, !h.isEmpty { return IncidentStore(home: h) }
        return IncidentStore(home: IncidentStore.defaultHome(env: env))
    }

    var incidentID: String? { incident ?? env["RUNBOOK_INCIDENT"].flatMap { $0.isEmpty ? nil : $0 } }

    func actorName() throws -> String {
        let name = actor ?? env["RUNBOOK_ACTOR"].flatMap { $0.isEmpty ? nil : $0 } ?? GlobalOptions.loginName()
        try TextRules.checkName(name, what: "actor name")
        return name
    }

    static func loginName() -> String {
        let env = ProcessInfo.processInfo.environment
        if let u = env["USER"], !u.isEmpty { return u }
        if let u = env["LOGNAME"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let n = pw.pointee.pw_name { return String(cString: n) }
        return "unknown"
    }

    /// The incident to read: the one named, else the most recent open one. When several are
    /// open and none was named, says on stderr which one it took, so a drill started on the
    /// same host is never silently read as the real incident (recording refuses instead:
    /// `recordingIncident`).
    func resolvedIncident(_ s: IncidentStore) throws -> String {
        let id = try s.resolve(incidentID)
        if incidentID == nil { IncidentStore.noteDefault(id, in: s) }
        return id
    }

    /// The incident a command that records acts on: the one named, else the only open one. With
    /// several open and none named it refuses and lists them (`IncidentStore.resolveForRecording`).
    func recordingIncident(_ s: IncidentStore) throws -> String {
        try s.resolveForRecording(incidentID)
    }

    var library: PlaybookLibrary { PlaybookLibrary.standard(home: store.home) }

    /// The incident a command that only reads looks at: the one named, else the most recent
    /// open one (said when several are open), else the most recent closed one.
    func readingIncident(_ s: IncidentStore) throws -> String {
        do {
            return try resolvedIncident(s)
        } catch let e as RunbookError {
            guard incidentID == nil, let last = s.list().first else { throw e }
            return last.id
        }
    }

    /// For commands that only read (status, log, report, board): the incident as usual, or when
    /// none is open, the most recent closed one (the report is written after closing). A damaged
    /// journal is shown up to the damage, with a warning.
    /// `buildOnly` and `tail` make it a light read for one look (see `IncidentSession.init`).
    func readingSession(buildOnly: [EntryType] = [], tail: Int = 0) throws -> IncidentSession {
        let s = store
        let id = try readingIncident(s)
        let session = try IncidentSession(store: s, id: id, writable: false, tolerateDamage: true, buildOnly: buildOnly, tail: tail)
        if let damage = session.damageSummary { FileIO.warn(damage) }
        return session
    }
}

extension IncidentStore {
    /// Says which incident a reading command took by default when more than one is open.
    static func noteDefault(_ id: String, in s: IncidentStore) {
        let open = s.list().filter { !$0.closed }
        guard open.count > 1, let chosen = open.first(where: { $0.id == id }) else { return }
        let others = open.filter { $0.id != id }.map { "\($0.id)\($0.exercise ? " (exercise)" : "")" }.joined(separator: ", ")
        FileIO.warn("\(open.count) incidents are open; this shows the newest, \(id) “\(chosen.name)”\(chosen.exercise ? " (EXERCISE)" : ""). The other\(open.count > 2 ? "s" : ""): \(others). Name one with --incident ID")
    }
}

/// Which global options a command reads, and so lists in its `--help`.
protocol GlobalsRead {
    static var incident: Bool { get }
    static var actor: Bool { get }
}

/// Commands that only read an incident (board, status, log, verify, report): no one's name is
/// recorded, so `--actor` does nothing there.
enum ReadsIncident: GlobalsRead {
    static let incident = true
    static let actor = false
}

/// `new`: it starts an incident (none is chosen yet) in someone's name.
enum StartsIncident: GlobalsRead {
    static let incident = false
    static let actor = true
}

/// The playbook commands: they read only the home's playbooks, no incident, no one's name.
enum ReadsPlaybooks: GlobalsRead {
    static let incident = false
    static let actor = false
}

/// The global options as a command that reads only some of them takes them after its name:
/// the ones it reads are listed in its `--help`; the others are still accepted (a script may
/// give `--actor` to every command it runs) but not listed, since they would do nothing there.
struct SomeGlobalOptions<Read: GlobalsRead>: ParsableArguments {
    @Option(name: .long, help: GlobalOptions.homeHelp, completion: .directory)
    var home: String?

    @Option(name: .long, help: SomeGlobalOptions.shown(GlobalOptions.incidentHelp, Read.incident), completion: .custom(Completion.incidents))
    var incident: String?

    @Option(name: .long, help: SomeGlobalOptions.shown(GlobalOptions.actorHelp, Read.actor))
    var actor: String?

    /// `help`, hidden from `--help` unless the command reads the option.
    static func shown(_ help: ArgumentHelp, _ read: Bool) -> ArgumentHelp {
        var h = help
        if !read { h.visibility = .hidden }
        return h
    }

    /// The same options as the full set every command reads them through.
    var all: GlobalOptions {
        var g = GlobalOptions()
        g.home = home
        g.incident = incident
        g.actor = actor
        return g
    }
}
