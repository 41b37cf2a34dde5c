/// Proves an export (`runbook report`, any format, redacted or not) matches a journal by making
/// it again: a report is a function of the journal's first entries and the options its stamp
/// names (`ReportStamp`), so the same bytes must come out. A redacted export carries no entry's
/// hash, so this is how it is checked entry by entry. A CSV, which has no stamp, covers as many
/// entries as it has rows, and is tried as made with and without `--redact`.
public enum ExportVerifier {
    /// What the comparison found.
    public enum Outcome: Equatable, Sendable {
        /// Byte for byte what the journal's first `entries` make; `head` is the chain head there.
        case matches(format: ReportFormat, redacted: Bool, entries: Int, head: String)
        /// Not what the journal makes: `why` in plain words (where the first difference is, or
        /// why there is nothing to compare with).
        case differs(why: String)
        /// Not an export runbook made (no stamp, and not our CSV).
        case unrecognized
    }

    /// Where two versions of an export first differ, a line each as they read there.
    public struct Difference: Equatable, Sendable {
        public var line, column: Int
        public var expected, found: String
    }

    /// Checks `export` against the incident `engine` has folded (the whole journal, checked).
    public static func check(_ export: [UInt8], engine: Engine) -> Outcome {
        let entries = engine.state.entries
        var candidates: [(ReportFormat, ReportOptions, Int)] = []
        if let stamp = ReportStamp.find(in: export) {
            guard stamp.entries <= entries.count else {
                return .differs(why: "it covers \(stamp.entries) entries; this journal has \(entries.count)")
            }
            let have = entries[stamp.entries - 1].hash
            guard stamp.head == have else {
                return .differs(why: "its chain head at entry \(stamp.entries) is \(stamp.head); this journal's is \(have) (an export of another incident, or of another copy of this journal)")
            }
            candidates = [(stamp.format, stamp.options, stamp.entries)]
        } else if let rows = csvRows(export) ?? csvRows(Array(export.dropFirst(ReportCSV.excelPreamble.count))) {
            guard rows > 0 else { return .differs(why: "it has no entry") }
            guard rows <= entries.count else { return .differs(why: "it has \(rows) entries; this journal has \(entries.count)") }
            // Made with `--excel`, it starts with the byte order mark (`ReportCSV.excelPreamble`).
            let excel = export.starts(with: ReportCSV.excelPreamble)
            candidates = [false, true].map { (.csv, ReportOptions(clock: ReportClock(utc: true), redact: $0, excel: excel), rows) }
        } else {
            return .unrecognized
        }
        var closest: Difference?
        for (format, options, n) in candidates {
            let prefix = n == entries.count ? engine : Engine.fold(playbook: engine.playbook, incidentID: engine.state.id, entries: Array(entries.prefix(n)))
            let made = Reports.render(format, engine: prefix, options: options)
            guard let d = firstDifference(expected: made, found: export) else {
                return .matches(format: format, redacted: options.redact, entries: n, head: entries[n - 1].hash)
            }
            if closest.map({ ($0.line, $0.column) < (d.line, d.column) }) ?? true { closest = d }
        }
        guard let d = closest else { return .unrecognized }
        return .differs(why: "first difference at line \(d.line), column \(d.column): the journal gives “\(d.expected)”, the file has “\(d.found)”")
    }

    /// Where `found` first departs from `expected`, nil when they are the same bytes.
    public static func firstDifference(expected: [UInt8], found: [UInt8]) -> Difference? {
        let n = min(expected.count, found.count)
        var k = 0
        while k < n && expected[k] == found[k] { k += 1 }
        if k == n && expected.count == found.count { return nil }
        let lineStart = expected[..<k].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = expected[..<k].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = String(decoding: expected[lineStart..<k], as: UTF8.self).count + 1
        // A little before the difference and some after, on its line.
        var from = max(lineStart, k - 20)
        while from < k && expected[from] & 0xC0 == 0x80 { from += 1 }
        func excerpt(_ b: [UInt8]) -> String {
            guard from < b.count else { return "(the end of the file)" }
            var end = from
            while end < b.count && (end < k + 40 || b[end] & 0xC0 == 0x80) && b[end] != UInt8(ascii: "\n") { end += 1 }
            let text = String(decoding: b[from..<end], as: UTF8.self)
            return (from > lineStart ? "…" : "") + (text.isEmpty ? "(the end of the line)" : text) + (end < b.count && b[end] != UInt8(ascii: "\n") ? "…" : "")
        }
        return Difference(line: line, column: column, expected: excerpt(expected), found: excerpt(found))
    }

    /// How many rows (entries) follow the header of a CSV timeline export, nil when `bytes` is
    /// none: records end at CRLF outside quotes.
    static func csvRows(_ bytes: [UInt8]) -> Int? {
        let header = Array((ReportCSV.header.joined(separator: ",") + "\r\n").utf8)
        guard bytes.starts(with: header) else { return nil }
        var rows = 0, quoted = false
        var prev: UInt8 = 0
        for b in bytes[header.count...] {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && b == UInt8(ascii: "\n") && prev == UInt8(ascii: "\r") { rows += 1 }
            prev = b
        }
        return rows
    }
}
