import ArgumentParser
import CursesUI
import Foundation
import RunbookKit

struct Board: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "The executive status board: read-only and live; --once prints it as plain text and exits.",
        discussion: "The board never changes anything: it opens the journal for reading only and takes no lock, so it also runs on a copy of an incident nobody can write. --once prints the same panels as plain text as wide as COLUMNS (80 when unset), for email, the radio log or a printer.")
    @Flag(help: "Print the board once as plain text and exit.") var once = false
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        let store = global.store
        if once || isatty(0) == 0 || isatty(1) == 0 {
            // Notes change nothing the board shows but the latest entries: every line is checked,
            // the notes are not built, and the last entries are read whole.
            let session = try global.readingSession(buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries)
            warnTorn(session)
            let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 >= 20 ? $0 : nil } ?? 80
            let text = BoardRenderer.text(session.engine, now: Timestamp.now(), width: width, damage: session.damageSummary)
            Console.say(text)
            // Everything is written (unbuffered): the process ends here rather than tear down a
            // 200,000-entry state piece by piece, which costs as much as a fifth of the run.
            Foundation.exit(0)
        }
        try store.checkHome()
        let id: String
        let open = global.incidentID == nil ? store.list().filter { !$0.closed } : []
        let backend: CursesBackend
        if open.count > 1 {
            let picker = IncidentPicker(incidents: open, purpose: "the board")
            backend = try CursesBackend()
            ScreenRunner.run(picker, backend: backend)
            guard let chosen = picker.chosen?.id else { backend.end(); return }
            backend.invalidate()
            id = chosen
        } else {
            id = try global.readingIncident(store)
            backend = try CursesBackend()
        }
        defer { backend.end() }
        // Read-only: the session has no write descriptor and takes no write lock. A long journal
        // is read on another thread while the first frame says so; what it warns of is said on
        // the board's hint line, never written over the screen.
        let title = store.summary(id).map { "\($0.name)\($0.exercise ? " — EXERCISE" : "")" } ?? id
        let board = BoardScreen(title: title, warningOpen: { warn in try IncidentSession.forBoard(store: store, id: id, onWarning: warn) })
        ScreenRunner.run(board, backend: backend)
    }
}
