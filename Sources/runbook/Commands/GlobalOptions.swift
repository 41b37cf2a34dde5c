import ArgumentParser
import Foundation
import RunbookKit

/// `--home`, `--incident`, `--actor`, with their environment variables. Every command takes
/// them, before its name (`runbook --home X note …`, parsed by the root) or after it.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Where incidents live (also RUNBOOK_HOME).", valueName: "dir"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp("Which incident (also RUNBOOK_INCIDENT); default: the most recent open one.", valueName: "id"))
    var incident: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting (also RUNBOOK_ACTOR); default: your login name.", valueName: "name"))
    var actor: String?

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

    /// The incident to act on: the one named, else the most recent open one. When several are
    /// open and none was named, says on stderr which one it took, so a drill started on the
    /// same host never silently takes the real incident's entries.
    func resolvedIncident(_ s: IncidentStore) throws -> String {
        let id = try s.resolve(incidentID)
        if incidentID == nil { IncidentStore.noteDefault(id, in: s) }
        return id
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
    /// Says which incident a command took by default when more than one is open.
    static func noteDefault(_ id: String, in s: IncidentStore) {
        let open = s.list().filter { !$0.closed }
        guard open.count > 1, let chosen = open.first(where: { $0.id == id }) else { return }
        let others = open.filter { $0.id != id }.map { "\($0.id)\($0.exercise ? " (exercise)" : "")" }.joined(separator: ", ")
        FileIO.warn("\(open.count) incidents are open; this acts on the newest, \(id) “\(chosen.name)”\(chosen.exercise ? " (EXERCISE)" : ""). The other\(open.count > 2 ? "s" : ""): \(others). Name one with --incident ID")
    }
}

/// `--at` and `--from-paper`, shared by every action command, `new` included.
struct ActionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When it really happened, if not now: HH:MM (24-hour local, the latest that has passed), YYYY-MM-DD HH:MM (local), -40m, or RFC 3339.", valueName: "time"))
    var at: String?

    /// Bare (`--from-paper` alone, or before another option) it takes the value `true`.
    @Option(name: .customLong("from-paper"), defaultAsFlag: PaperArgument.unreferenced, parsing: .next,
            help: ArgumentHelp("Transcribed later from the paper binder; REF names the form or page (e.g. \"ICS 214 p3\"). Alone (or 'true'), it just marks the entry as from paper.", valueName: "ref"))
    var fromPaper: PaperArgument? = nil

    /// What the entry records as `paper`: the reference, or true for a bare `--from-paper`.
    func paper() throws -> PaperReference? {
        switch fromPaper {
        case nil: return nil
        case .unreferenced?: return .unreferenced
        case .reference(let ref)?:
            try TextRules.checkName(ref, what: "paper reference")
            return .reference(ref)
        }
    }

    func when(now: Timestamp) throws -> Timestamp? {
        guard let at else { return nil }
        return try WhenParser.parse(at, now: now)
    }
}

/// `--force`, for every action that can be out of order (not `new`).
struct ForceOption: ParsableArguments {
    @Flag(help: "Record it although it is out of order: a task still waiting or that does not apply, a time before the incident's discovery, a task done before it was started or before its prerequisite, a period begun before the current one. Recorded as a deviation.")
    var force = false
}

/// A runbook subcommand: its own global options, over the ones given to the root command
/// before its name.
protocol RunbookCommand: ParsableCommand {
    /// The global options written after the command's name.
    var own: GlobalOptions { get }
    /// The root command, holding the global options written before the command's name.
    var root: Runbook { get }
}

extension RunbookCommand {
    /// The global options in force: the command's own, else the root's.
    var global: GlobalOptions { own.over(root.global) }
}

/// What `--from-paper` was given: nothing or `true` (the entry is from paper, no form named), or
/// the form or page it was copied from. `true` and a bare flag record the same `"paper": true`.
enum PaperArgument: ExpressibleByArgument, CustomStringConvertible {
    case unreferenced
    case reference(String)

    init?(argument: String) { self = argument == "true" ? .unreferenced : .reference(argument) }

    var description: String {
        switch self {
        case .unreferenced: return "true"
        case .reference(let ref): return ref
        }
    }
}
