import ArgumentParser
import Foundation
import RunbookKit

struct Report: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The after-action report and exports: md, html, csv (timeline), json, ics214.")
    @Option(help: "md, html, csv, json or ics214 (default: from --output's extension, else md).") var format: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        var format = self.format ?? "md"
        if self.format == nil, let output {
            let ext = (output as NSString).pathExtension.lowercased()
            let known = ["md": "md", "markdown": "md", "txt": "md", "html": "html", "htm": "html", "csv": "csv",
                         "json": "json", "ics214": "ics214", "214": "ics214"]
            if let f = known[ext] {
                format = f
            } else if !ext.isEmpty {
                throw RunbookError.usage("cannot tell the report format from '.\(ext)': add --format md, html, csv, json or ics214")
            }
        }
        guard let f = ReportFormat(rawValue: format) else {
            throw RunbookError.usage("unknown report format '\(format)'\(Nearest.hint(for: format, in: ReportFormat.allCases.map(\.rawValue))) (use md, html, csv, json or ics214)")
        }
        // Refused before the journal is read: a long journal would make a bad target slow to say so.
        if let output { try ExportFile.check(output, incidentsDir: global.store.incidentsDir) }
        let session = try global.readingSession()
        warnTorn(session)
        let text = Reports.render(f, engine: session.engine, now: Timestamp.now())
        if let output {
            try ExportFile.write(Array(text.utf8), to: output, incidentsDir: global.store.incidentsDir)
            print("wrote \(TerminalText.escaped(output))")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
