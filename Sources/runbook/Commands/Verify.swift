import ArgumentParser
import Foundation
import RunbookKit

struct Verify: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole journal: exit 0 intact, 1 broken, naming the first bad entry.",
        discussion: """
        With --export FILE, also prove a report export (any format, redacted or not) matches the \
        journal: it is made again from the journal's first entries with the options it was made \
        with, and must be the same bytes. Exit 1 if it is not, naming the first difference.
        """)
    @Option(help: ArgumentHelp("A journal file to check instead of the incident's.", valueName: "path")) var journal: String?
    @Option(help: ArgumentHelp("A report export to check against the incident's journal.", valueName: "file")) var export: String?
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        if export != nil && journal != nil {
            throw RunbookError.usage("--export checks an export against an incident's journal: name the incident with --incident ID instead of --journal")
        }
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

        Console.say("intact: \(report.entries) \(report.entries == 1 ? "entry" : "entries"), chain head \(report.head)")
        if let export { try check(export: export) }
    }

    /// Makes the export again from the journal and compares (`ExportVerifier`): exit 0 when it
    /// matches, 1 when it does not.
    func check(export file: String) throws {
        let bytes = try FileIO.readRegular(path: file, what: "the export")
        let stamp = ReportStamp.find(in: bytes)
        // Times are written as the export wrote them: in its time zone.
        if let stamp, !stamp.utc, let zone = stamp.zone {
            setenv("TZ", zone, 1)
            tzset()
        }
        let session = try global.readingSession()
        switch ExportVerifier.check(bytes, engine: session.engine) {
        case let .matches(format, redacted, entries, head):
            Console.line("\(file) matches the journal up to entry \(entries) (head \(head)): \(redacted ? "a redacted" : "an unredacted") \(format.rawValue) export")
        case .differs(let why):
            let zone = stamp.map { !$0.utc && $0.zone == nil } == true
                ? " (its times are in a local time zone it does not name: check it on a computer set to that zone)" : ""
            CommandLineEntry.printError("\(file) does NOT match the journal: \(why)\(zone)")
            throw ExitCode(1)
        case .unrecognized:
            CommandLineEntry.printError("\(file) is not an export runbook report made: it has no runbook-report stamp, and is not a CSV timeline")
            throw ExitCode(1)
        }
    }
}
