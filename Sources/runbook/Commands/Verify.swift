import ArgumentParser
import Foundation
import RunbookKit

struct Verify: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole journal: exit 0 intact, 1 broken, naming the first bad entry.")
    @Option(help: ArgumentHelp("A journal file to check instead of the incident's.", valueName: "path")) var journal: String?
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let path: String
        if let journal { path = journal } else {
            let store = global.store
            try store.checkHome()
            let id = try global.readingIncident(store)
            path = store.journalPath(id)
        }
        try IncidentStore.checkIncidentFiles(journalPath: path)
        // Only a regular file is read: a FIFO or device there would block the check forever.
        close(try FileIO.openRegular(path: path, flags: O_RDONLY, what: "the journal"))
        let report = try JournalVerifier.verify(path: path)
        if let d = report.damage {
            let before = report.entries == 0 ? "" : "; the \(report.entries) \(report.entries == 1 ? "entry" : "entries") before it \(report.entries == 1 ? "is" : "are") intact"
            CommandLineEntry.printError("\(path) is damaged: \(d)\(before)")
            throw ExitCode(1)
        }
        if let t = report.torn {
            FileIO.warn("the journal ends in \(t.length) bytes after its last complete line (at byte \(t.offset)): an entry cut short by a crash mid-write; it is not a recorded action, and the next write will set it aside")
        }
        // The frozen playbook beside the journal (given by --journal or not) must be there and
        // be the one entry 1 sealed, and entry 1 must name the incident folder the journal is in.
        if let problem = IncidentStore.frozenPlaybookProblem(journalPath: path) {
            CommandLineEntry.printError("\(problem); the journal's \(report.entries) \(report.entries == 1 ? "entry is" : "entries are") intact")
            throw ExitCode(1)
        }

        print("intact: \(report.entries) \(report.entries == 1 ? "entry" : "entries"), chain head \(report.head)")
    }
}
