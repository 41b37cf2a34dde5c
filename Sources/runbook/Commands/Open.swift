import ArgumentParser
import Foundation
import CursesUI
import RunbookKit

struct Open: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "The full-screen command post (the default when no command is given).",
        discussion: "It first asks who is typing (a person already given a role, or a new name), unless --as, --actor or RUNBOOK_ACTOR says.")
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is typing: entries are recorded in this name, and the question is not asked.", valueName: "name"))
    var asName: String?
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw RunbookError.usage("'runbook open' needs a terminal (standard input and output are not a TTY); use 'runbook status' or 'runbook log' in scripts")
        }
        // A terminal that cannot draw a screen (TERM=dumb, unset, unknown) is said before any
        // question is asked.
        if let problem = TerminalProblem.find(environment: ProcessInfo.processInfo.environment) {
            throw RunbookError.usage(problem.words)
        }
        let store = global.store
        // An unsafe home is refused before anything is shown, not when an incident is started.
        try store.checkHome()
        // Who is typing: said, or asked once (the login name of a shared account says nothing).
        let said = try saidActor()
        var id = try? store.resolve(global.incidentID)
        if global.incidentID != nil, id == nil { _ = try store.resolve(global.incidentID) }
        if global.incidentID == nil, id != nil {
            // Several open: the person chooses; q chooses none.
            guard let picked = try pickIncident(store: store, purpose: "the command post") else { return }
            id = picked
        }
        if let id {
            try openForScreen(store: store, id: id) { engine in
                try said ?? askWhoIsTyping(people: WhoIsTyping.people(in: engine), incident: engine.state.name)
            }
        } else if let actor = try said ?? askWhoIsTyping(people: [], incident: "start an incident") {
            try runStartScreen(global: global, actor: actor)
        }
    }

    /// The typist named by `--as`, `--actor` or RUNBOOK_ACTOR (checked like any name); nil: ask.
    func saidActor() throws -> String? {
        if let asName {
            try TextRules.checkName(asName, what: "name after --as")
            return asName.trimmingCharacters(in: .whitespaces)
        }
        let g = global
        guard g.actor != nil || !(g.env["RUNBOOK_ACTOR"] ?? "").isEmpty else { return nil }
        return try g.actorName()
    }
}

/// Asks who is typing; nil when the person left with Esc (nothing is opened).
func askWhoIsTyping(people: [WhoIsTyping.Person], incident: String) throws -> String? {
    let screen = WhoIsTyping(people: people, incident: incident)
    let backend = try CursesBackend()
    defer { backend.end() }
    ScreenRunner.run(screen, backend: backend)
    return screen.chosen
}

/// The open incident to show when none was named: the only one, or, when several are open,
/// the one chosen on the picker (nil: the person left without choosing).
func pickIncident(store: IncidentStore, purpose: String) throws -> String? {
    let open = store.list().filter { !$0.closed }
    guard open.count > 1 else { return try store.resolve(nil) }
    let picker = IncidentPicker(incidents: open, purpose: purpose)
    let backend = try CursesBackend()
    defer { backend.end() }
    ScreenRunner.run(picker, backend: backend)
    return picker.chosen?.id
}

/// Runs the full-screen command post on an incident.
func runScreen(session: IncidentSession, actor: String) throws {
    let backend = try CursesBackend()
    defer { backend.end() }
    let post = CommandPost(session: session, actor: actor, damage: nil)
    ScreenRunner.run(post, backend: backend)
}

/// Opens an incident for the screen; a journal that fails verification opens read-only.
/// `typist` says who is typing, once the incident is read (it may ask, offering the people
/// given roles); nil opens nothing.
func openForScreen(store: IncidentStore, id: String, typist: (Engine) throws -> String?) throws {
    let session: IncidentSession
    do {
        session = try IncidentSession(store: store, id: id, onWarning: { _ in })
    } catch RunbookError.damagedJournal(let why) {
        let session = try IncidentSession(store: store, id: id, writable: false, tolerateDamage: true)
        guard let actor = try typist(session.engine) else { return }
        let backend = try CursesBackend()
        defer { backend.end() }
        let post = CommandPost(session: session, actor: actor, damage: session.damageSummary ?? why)
        ScreenRunner.run(post, backend: backend)
        return
    }
    guard let actor = try typist(session.engine) else { return }
    try runScreen(session: session, actor: actor)
}

/// The start screen, then the command post on the incident it creates.
func runStartScreen(global: GlobalOptions, actor: String) throws {
    let store = global.store
    let lib = global.library
    let loader = PlaybookLoader(library: lib)
    let entries = lib.entries().sorted { a, b in (a.id == "occi" ? 0 : 1, a.id) < (b.id == "occi" ? 0 : 1, b.id) }
    let choices = entries.compactMap { (id, path) -> StartScreen.Choice? in
        guard let l = try? loader.load(path: path) else { return nil }
        return StartScreen.Choice(id: id, title: l.playbook.title, detail: "\(l.playbook.version), \(l.playbook.tasks.count) tasks", path: path)
    }
    let backend = try CursesBackend()
    defer { backend.end() }
    let start = StartScreen(choices: choices) { choice, name, exercise, at, discovered in
        let loaded = try loader.load(path: choice.path)
        let (id, _) = try store.create(loaded: loaded, name: name, exercise: exercise, actor: actor, at: at, now: Timestamp.now(),
                                       discovered: discovered)
        return try IncidentSession(store: store, id: id, onWarning: { _ in })
    }
    ScreenRunner.run(start, backend: backend)
    guard let session = start.session else { return }
    backend.invalidate()
    let post = CommandPost(session: session, actor: actor, damage: nil)
    ScreenRunner.run(post, backend: backend)
}
