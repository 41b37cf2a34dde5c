import ArgumentParser
import CursesUI
import Foundation
import RunbookKit

struct Board: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "The executive status board: read-only and live; --once prints it as plain text and exits.",
        discussion: "The board never changes anything: it opens the journal for reading only and takes no lock, so it also runs on a copy of an incident nobody can write. Its first screen answers first: how long we have been down, who is in charge, what was decided, which systems are out and when they are expected back, the next hard deadline, what is overdue and blocked and why. --once prints the same panels as plain text as wide as COLUMNS (80 when unset), for email, the radio log or a printer; --once --format html as one printable page. --wall is for a screen on a wall: it turns its pages by itself and shows no free text typed by people (no notes, no reasons), only titles, states, names and figures. --all shows every incident in the home instead, one row each (facility, name, T+, systems down, diverting, overdue, blocked, next deadline, last entry, stations and how fresh their copies are), trouble first: for a health system's EOC that syncs from each hospital. Enter opens the chosen incident's board, q or Esc comes back; --all --once prints the rows as plain text. The rows show no free text, so --wall and --no-notes change only the boards opened from them.")
    @Flag(help: "Print the board once as plain text and exit.") var once = false
    @Flag(help: "Every incident in the home, one row each (the health system's roll-up); Enter opens one's board.") var all = false
    @Flag(help: "For a wall screen nobody scrolls: it turns its pages by itself and shows no free text (no notes, no reasons typed by people).") var wall = false
    @Flag(name: .customLong("no-notes"), help: "Leave out notes (note entries and the notes on entries); a blocked task's reason stays.") var noNotes = false
    @Option(help: ArgumentHelp("With --wall: how long each page shows (default 15).", valueName: "seconds")) var pageSeconds: Int?
    @Option(help: "text or html (html with --once: one printable page).") var format: BoardFormat = .text
    @Option(help: ArgumentHelp("With --once: write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    /// What free text the board shows: none on a wall, no notes with --no-notes.
    var freeText: BoardFacts.FreeText { wall ? .hidden : noNotes ? .noNotes : .shown }

    func run() throws {
        let store = global.store
        // Checked before anything is read: bad options get one line and nothing else.
        if format == .html && !once { throw RunbookError.usage("--format html prints one page and exits: add --once") }
        if output != nil && !once { throw RunbookError.usage("--output writes the board once: add --once") }
        if let p = pageSeconds {
            guard wall else { throw RunbookError.usage("--page-seconds only applies to --wall") }
            guard (3...3600).contains(p) else { throw RunbookError.usage("--page-seconds must be between 3 and 3600, not \(p)") }
        }
        let output = self.output == "-" ? nil : self.output  // `-` is standard output
        if let output { try ExportFile.check(output, incidentsDir: store.incidentsDir) }
        if all { return try runAll(store: store, output: output) }
        if once || isatty(0) == 0 || isatty(1) == 0 {
            // Notes change nothing the board shows but the latest entries: every line is checked,
            // the notes are not built, and the last entries are read whole.
            let session = try global.readingSession(buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries)
            warnTorn(session)
            let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 >= 20 ? $0 : nil } ?? 80
            let text = format == .html
                ? BoardRenderer.html(session.engine, now: Timestamp.now(), damage: session.damageSummary, freeText: freeText)
                : BoardRenderer.text(session.engine, now: Timestamp.now(), width: width, damage: session.damageSummary, freeText: freeText)
            if let output {
                // Private (0600), written aside and renamed, never into an incident: as `report --output`.
                try ExportFile.write(Array(text.utf8), to: output, incidentsDir: store.incidentsDir)
                Console.line("wrote \(output)")
            } else if format == .html {
                Console.data(text)  // a page is data: byte for byte into a file or a pipe
            } else {
                Console.say(text)
            }
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
        board.wall = wall
        board.freeText = freeText
        if let pageSeconds { board.pageSeconds = pageSeconds }
        ScreenRunner.run(board, backend: backend)
    }
}

extension Board {
    /// `board --all`: the roll-up of every incident in the home (`Rollup`), read-only. Its rows
    /// show no free text, so `--wall` and `--no-notes` apply to the boards opened from it.
    func runAll(store: IncidentStore, output: String?) throws {
        if global.incident != nil { throw RunbookError.usage("--all shows every incident: leave out --incident") }
        if format == .html { throw RunbookError.usage("--all prints plain text only: leave out --format html") }
        let cache = RollupCache(store: store)
        if once || isatty(0) == 0 || isatty(1) == 0 {
            let now = Timestamp.now()
            let text = RollupRenderer.text(Rollup.rows(store: store, now: now, cache: cache), now: now)
            if let output {
                try ExportFile.write(Array(text.utf8), to: output, incidentsDir: store.incidentsDir)
                Console.line("wrote \(output)")
            } else {
                Console.say(text)
            }
            return
        }
        try store.checkHome()
        let backend = try CursesBackend()
        defer { backend.end() }
        let rollup = RollupScreen(store: store, cache: cache)
        while true {
            ScreenRunner.run(rollup, backend: backend)
            guard let id = rollup.chosen, !backend.terminalGone else { return }
            // The incident's own live board, read-only, as `board --incident ID` opens it.
            let title = rollup.rows.first(where: { $0.id == id }).map { "\($0.name)\($0.facts?.exercise == true ? " — EXERCISE" : "")" } ?? id
            let board = BoardScreen(title: title, warningOpen: { warn in try IncidentSession.forBoard(store: store, id: id, onWarning: warn) })
            board.wall = wall
            board.freeText = freeText
            if let pageSeconds { board.pageSeconds = pageSeconds }
            backend.invalidate()
            ScreenRunner.run(RollupBoard(board), backend: backend)
            if backend.terminalGone { return }
            backend.invalidate()
            rollup.resume()
        }
    }
}

/// What `board --once` prints: plain text, or one printable HTML page.
enum BoardFormat: String, ExpressibleByArgument, CaseIterable {
    case text, html
}
