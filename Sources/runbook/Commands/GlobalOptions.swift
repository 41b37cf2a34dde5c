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

    var library: PlaybookLibrary { PlaybookLibrary.standard(home: store.home) }

    /// For commands that only read (status, log, report, board): the incident as usual, or when
    /// none is open, the most recent closed one (the report is written after closing). A damaged
    /// journal is shown up to the damage, with a warning.
    func readingSession() throws -> IncidentSession {
        let s = store
        var id: String
        do {
            id = try s.resolve(incidentID)
        } catch let e as RunbookError {
            guard incidentID == nil, let last = s.list().first else { throw e }
            id = last.id
        }
        let session = try IncidentSession(store: s, id: id, writable: false, tolerateDamage: true)
        if let damage = session.damageSummary { FileIO.warn(damage) }
        return session
    }
}

/// `--at` and `--note`, shared by every action command.
struct ActionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When it really happened, if not now: HH:MM (24-hour local, the latest that has passed), YYYY-MM-DD HH:MM (local), -40m, or RFC 3339.", valueName: "time"))
    var at: String?

    @Option(name: .customLong("from-paper"),
            help: ArgumentHelp("Transcribed later from the paper binder: give the form and page (e.g. \"ICS 214 p.3\"), or put --from-paper last with no reference.", valueName: "ref"))
    var fromPaperOption: String?

    /// The paper reference: nil when not from paper, "" when no reference was given.
    var fromPaper: String? {
        fromPaperOption.map { $0 == CommandLineEntry.paperWithoutReference ? "" : $0 }
    }

    func when(now: Timestamp) throws -> Timestamp? {
        guard let at else { return nil }
        return try WhenParser.parse(at, now: now)
    }
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
