/// The timeline as CSV: one row per entry, in the order things happened; every cell quoted,
/// and any cell a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or CR)
/// prefixed with `'` so it stays text; `t_plus_minutes`, last, is only ever a whole number. Redacted, the `hash` column holds only the chain head,
/// on the last entry's row (`Redaction`). A damaged journal's CSV starts with a warning row.
enum ReportCSV {
    static let header = ["seq", "recorded", "happened", "t_plus", "actor", "role", "type", "subject", "subject_title",
                         "status", "what", "note", "entered_in_error", "corrected_by", "correction_reason", "from_paper", "hash",
                         // Added last, so a sheet or script reading columns by position keeps working.
                         "for",
                         // The whole minutes `t_plus` writes, as a number a sheet can sort and sum
                         // (`t_plus` reads in days from 48 hours: `T+54d 22:20`).
                         "t_plus_minutes"]

    static func field(_ raw: String, into out: inout [UInt8]) {
        // A spreadsheet is not a terminal, but a CSV is read in one too (TerminalText's rule).
        let s = TerminalText.keepingLines(raw)
        out.append(UInt8(ascii: "\""))
        if let f = s.utf8.first, f == UInt8(ascii: "=") || f == UInt8(ascii: "+") || f == UInt8(ascii: "-") || f == UInt8(ascii: "@") || f == 0x09 || f == 0x0D {
            out.append(UInt8(ascii: "'"))
        }
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// What `report --excel` writes before the CSV: the UTF-8 byte order mark. Without it Excel on
    /// Windows opens a CSV in the computer's old code page and "T−00:29", "→" and "⏎" come out as
    /// "Tâˆ’00:29"; with it, as written. Only with `--excel`: a script reading the plain CSV
    /// (Python's csv module without `utf-8-sig`) would take the mark for part of the first
    /// header. The rows already end in CRLF, which Excel reads either way.
    static let excelPreamble: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The first row of a CSV made from a journal that failed its check.
    static func damageWarning(_ problem: String) -> String {
        "WARNING: the journal failed its check (\(problem)); these rows are what could be read and are not a verified record. Run 'runbook verify'."
    }

    static func render(_ m: ReportModel) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + m.timeline.count * 300)
        // A damaged journal says so in the file itself, not only on the terminal that made it:
        // one cell on the first row, before the header, that no spreadsheet can miss.
        if let problem = m.integrity.problem {
            field(damageWarning(problem), into: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: header.joined(separator: ",").utf8)
        out.append(contentsOf: "\r\n".utf8)
        for r in m.timeline {
            let cells = [String(r.seq), r.recorded.rfc3339, r.when.rfc3339, ReportClock.tPlus(m.tPlus(r.when)), r.actor, r.role ?? "", r.type,
                         r.subject ?? "", r.subjectTitle ?? "", r.status ?? "", r.what, r.note ?? "",
                         r.correctedBy == nil ? "no" : "yes", r.correctedBy.map(String.init) ?? "", r.correctionReason ?? "",
                         r.paper.map { $0.isEmpty ? "yes" : $0 } ?? "", !m.redact || r.seq == m.integrity.entries ? r.hash : "", r.forPerson ?? ""]
            for (k, c) in cells.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                field(c, into: &out)
            }
            // A number, never a formula: its `-` before activation keeps no `'`, so a sheet reads it as one.
            out.append(contentsOf: ",\"\(Elapsed.minutes(seconds: m.tPlus(r.when)))\"".utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        return out
    }
}
