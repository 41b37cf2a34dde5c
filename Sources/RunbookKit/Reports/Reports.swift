/// The export formats of `runbook report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, csv, json, ics214
    case ics214HTML = "ics214-html"

    /// Whether the format has a summary form (`--summary`): the report to read, md and html.
    /// The CSV and JSON are the data, the HICS 214 the logs: always whole.
    public var hasSummary: Bool { self == .md || self == .html }
}

/// How a report is made: times in UTC or local time, HICS 214 per person, redacted, the CSV
/// for Excel, and what the journal's check found.
public struct ReportOptions: Sendable {
    public var clock: ReportClock
    public var byPerson: Bool
    public var redact: Bool
    public var check: ReportModel.Check
    /// The CSV as Excel on Windows reads it (`ReportCSV.excelPreamble`); only the CSV has this form.
    public var excel: Bool
    /// The after-action report's summary form (`--summary`): md and html only
    /// (`ReportFormat.hasSummary`).
    public var summary: Bool

    public init(clock: ReportClock = ReportClock(), byPerson: Bool = false, redact: Bool = false, check: ReportModel.Check = .init(),
                excel: Bool = false, summary: Bool = false) {
        self.clock = clock; self.byPerson = byPerson; self.redact = redact; self.check = check; self.excel = excel; self.summary = summary
    }
}

/// The after-action report, the timeline and the HICS 214 activity logs, from the journal alone.
public enum Reports {
    /// Renders `format` for the incident `engine` has folded: the same journal and options
    /// give the same bytes (no clock is read).
    public static func render(_ format: ReportFormat, engine: Engine, options: ReportOptions = ReportOptions()) -> [UInt8] {
        var out: [UInt8] = []
        write(format, engine: engine, options: options) { out.append(contentsOf: $0) }
        return out
    }

    /// `render`, handed to `sink` in pieces as they are made: a long HTML report is written
    /// while its later timeline rows are still being made.
    public static func write(_ format: ReportFormat, engine: Engine, options: ReportOptions = ReportOptions(),
                             into sink: ([UInt8]) throws -> Void) rethrows {
        // Redaction happens to the entries, before anything is computed: no format can leak.
        let folded = options.redact ? Redaction.engine(engine) : engine
        let model = Builder(engine: folded, check: options.check, redact: options.redact, clock: options.clock).model()
        switch format {
        // The text formats are read in terminals too: a control code or direction override in a
        // note is written out visibly (TerminalText, the rule every output follows).
        case .md: try sink(Array(TerminalText.keepingLines(AfterActionMarkdown.render(model, summary: options.summary)).utf8))
        case .html: try AfterActionHTML.write(model, summary: options.summary, into: sink)
        case .csv: try sink((options.excel ? ReportCSV.excelPreamble : []) + ReportCSV.render(model))
        case .json: try sink(Array(ReportJSON.render(model, engine: folded).utf8))
        case .ics214: try sink(Array(TerminalText.keepingLines(ICS214.text(model, byPerson: options.byPerson)).utf8))
        case .ics214HTML: try sink(ICS214.html(model, byPerson: options.byPerson))
        }
    }

    /// `render` as text.
    public static func text(_ format: ReportFormat, engine: Engine, options: ReportOptions = ReportOptions()) -> String {
        String(decoding: render(format, engine: engine, options: options), as: UTF8.self)
    }

    /// Text made safe in Markdown: the characters that make raw HTML, entities, links and code
    /// are backslash-escaped (so a note holding `<script>` stays text when the report is turned
    /// into a web page), and a line break continues the same list item with a hard break, its
    /// next line's leading markup (`#`, `-`, `1.`, `>`, `===`…) escaped so it starts nothing new.
    public static func escapeMarkdown(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var lineStart = true    // at the start of a line: leading markup is escaped
        var digits = false      // inside a leading number ("1." would start a list)
        for ch in s.unicodeScalars {
            if lineStart && (ch == " " || ch == "\t") { out.unicodeScalars.append(ch); continue }
            if lineStart {
                lineStart = false
                if "#-+*=>|_~:".unicodeScalars.contains(ch) { out += "\\"; out.unicodeScalars.append(ch); continue }
                if ("0"..."9").contains(ch) { digits = true; out.unicodeScalars.append(ch); continue }
            }
            if digits {
                if ("0"..."9").contains(ch) { out.unicodeScalars.append(ch); continue }
                digits = false
                if ch == "." || ch == ")" { out += "\\"; out.unicodeScalars.append(ch); continue }
            }
            switch ch {
            case "\\", "`", "[", "]", "<", ">", "&":
                out += "\\"
                out.unicodeScalars.append(ch)
            case "\n":
                out += "\\\n  "
                lineStart = true
            case "\r": break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
