import ArgumentParser
import Foundation
import RunbookKit

struct Report: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The after-action report and exports: md, html, csv (timeline), json, ics214, ics214-html.",
        discussion: """
        Made from the journal alone: the same journal gives the same bytes. A closed incident is \
        reported to its close; an open one "as of" the last entry recorded. A journal that fails \
        verification is reported with that warning first, naming the damaged entry.
        """)
    @Option(help: "md, html, csv, json, ics214 or ics214-html (default: from --output's extension, else md).") var format: ReportFormat?
    @Option(help: ArgumentHelp("HICS 214 logs per 'position' (default) or per 'person'.", valueName: "position|person")) var by: HICS214Grouping?
    @Flag(help: "Replace notes, reasons, paper references and tags by [redacted] and people's names by Person A, Person B… (in the order they first appear, the same in every section), and leave out every entry's hash but the chain head (runbook verify --export checks the copy): for an ISAC, a vendor or an insurer.")
    var redact = false
    @Flag(help: "The CSV for Excel on Windows: starts with a UTF-8 byte order mark, so T−, → and ⏎ open as written (the plain CSV has none: scripts read it as it is).")
    var excel = false
    @Flag(help: "Only the few pages a board and an insurer read: page one, the executive summary, the decisions and deadlines (md and html).")
    var summary = false
    @Flag(help: "Write times in UTC instead of this computer's local time.") var utc = false
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        let output = self.output == "-" ? nil : self.output  // `-` is standard output
        var f = format ?? .md
        if format == nil, let output {
            let ext = (output as NSString).pathExtension.lowercased()
            let known: [String: ReportFormat] = ["md": .md, "markdown": .md, "txt": .md, "html": .html, "htm": .html, "csv": .csv,
                                                 "json": .json, "ics214": .ics214, "214": .ics214]
            if let byName = known[ext] {
                f = byName
            } else if !ext.isEmpty {
                throw RunbookError.usage("cannot tell the report format from '.\(ext)': add --format md, html, csv, json, ics214 or ics214-html")
            }
        }
        if by != nil, f != .ics214 && f != .ics214HTML {
            throw RunbookError.usage("--by only applies to the HICS 214 logs: add --format ics214 or ics214-html")
        }
        if excel, f != .csv {
            throw RunbookError.usage("--excel only applies to the CSV timeline: add --format csv")
        }
        if summary, !f.hasSummary {
            throw RunbookError.usage("--summary is a short form of the report itself: add --format md or html (csv, json and the HICS 214 logs are always whole)")
        }
        let byPerson = by == .person
        // Refused before the journal is read: a long journal would make a bad target slow to say so.
        if let output { try ExportFile.check(output, incidentsDir: global.store.incidentsDir) }
        let session = try global.readingSession()
        warnTorn(session)
        let check = ReportModel.Check(problem: session.damageSummary, tornTail: session.journal?.tornTail != nil)
        let options = ReportOptions(clock: ReportClock(utc: utc), byPerson: byPerson, redact: redact, check: check, excel: excel, summary: summary)
        // Written as it is made: a long HTML report's first rows are on their way while its
        // later ones are still being made.
        if let output {
            try ExportFile.write(to: output, incidentsDir: global.store.incidentsDir) { write in
                try Reports.write(f, engine: session.engine, options: options, into: write)
            }
            Console.line("wrote \(output)")
        } else {
            var last: UInt8?
            Reports.write(f, engine: session.engine, options: options) { piece in
                Console.data(piece)
                if let l = piece.last { last = l }
            }
            if last != UInt8(ascii: "\n") { Console.data("\n") }
        }
        // Everything is written: the process ends here rather than take apart a long journal's
        // entries and rows one by one, which costs a 200,000-entry report a tenth of its time.
        Foundation.exit(0)
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// How `--by` groups the HICS 214 logs: one per position (the default), or one per person.
enum HICS214Grouping: String, ExpressibleByArgument, CaseIterable {
    case position, person
}
