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
    @Option(help: "md, html, csv, json, ics214 or ics214-html (default: from --output's extension, else md).") var format: String?
    @Option(help: ArgumentHelp("HICS 214 logs per 'position' (default) or per 'person'.", valueName: "position|person")) var by: String?
    @Flag(help: "Replace notes, reasons and people's names by [redacted] (every entry's number and hash are kept): for an ISAC, a vendor or an insurer.")
    var redact = false
    @Flag(help: "Write times in UTC instead of this computer's local time.") var utc = false
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let output = self.output == "-" ? nil : self.output  // `-` is standard output
        var format = self.format ?? "md"
        if self.format == nil, let output {
            let ext = (output as NSString).pathExtension.lowercased()
            let known = ["md": "md", "markdown": "md", "txt": "md", "html": "html", "htm": "html", "csv": "csv",
                         "json": "json", "ics214": "ics214", "214": "ics214"]
            if let f = known[ext] {
                format = f
            } else if !ext.isEmpty {
                throw RunbookError.usage("cannot tell the report format from '.\(ext)': add --format md, html, csv, json, ics214 or ics214-html")
            }
        }
        guard let f = ReportFormat(rawValue: format) else {
            throw RunbookError.usage("unknown report format '\(format)'\(Nearest.hint(for: format, in: ReportFormat.allCases.map(\.rawValue))) (use md, html, csv, json, ics214 or ics214-html)")
        }
        var byPerson = false
        if let by {
            guard by == "person" || by == "position" else {
                throw RunbookError.usage("--by takes 'position' or 'person', not '\(by)'")
            }
            guard f == .ics214 || f == .ics214HTML else {
                throw RunbookError.usage("--by only applies to the HICS 214 logs: add --format ics214 or ics214-html")
            }
            byPerson = by == "person"
        }
        // Refused before the journal is read: a long journal would make a bad target slow to say so.
        if let output { try ExportFile.check(output, incidentsDir: global.store.incidentsDir) }
        let session = try global.readingSession()
        warnTorn(session)
        let check = ReportModel.Check(problem: session.damageSummary, tornTail: session.journal.tornTail != nil)
        let options = ReportOptions(clock: ReportClock(utc: utc), byPerson: byPerson, redact: redact, check: check)
        // Written as it is made: a long HTML report's first rows are on their way while its
        // later ones are still being made.
        if let output {
            try ExportFile.write(to: output, incidentsDir: global.store.incidentsDir) { write in
                try Reports.write(f, engine: session.engine, options: options, into: write)
            }
            print("wrote \(TerminalText.escaped(output))")
        } else {
            var last: UInt8?
            Reports.write(f, engine: session.engine, options: options) { piece in
                FileHandle.standardOutput.write(Data(piece))
                if let l = piece.last { last = l }
            }
            if last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
        // Everything is written: the process ends here rather than take apart a long journal's
        // entries and rows one by one, which costs a 200,000-entry report a tenth of its time.
        Foundation.exit(0)
    }
}
