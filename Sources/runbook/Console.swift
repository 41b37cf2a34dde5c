import Foundation
import RunbookKit

/// Everything the command line writes to standard output goes out here, under one rule
/// (`TerminalText`): a value read from a journal or a playbook never reaches a terminal as a
/// control code or a text-direction override. Text for people (the log, status, the board,
/// playbook lists, what was recorded) always has them written out visibly; data (a report,
/// the journal's own lines, JSON, YAML) goes out byte for byte into a file or a pipe, and
/// only a terminal gets it made visible. Text for people is drawn with `Symbols.current`
/// (ASCII only under LANG=C, on the Linux console or with RUNBOOK_ASCII=1); data never is.
enum Console {
    /// Whether standard output is a terminal.
    static let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Text for people, then a line break: its line breaks and tabs kept, every other control
    /// or direction mark written out (`\u{1B}`).
    static func say(_ text: String) { out(Symbols.current.shown(TerminalText.keepingLines(text)) + "\n") }

    /// One record that must stay on one line (a finding, a list row): every control, line
    /// breaks included, written out; tabs between fields kept.
    static func line(_ text: String) {
        out(Symbols.current.shown(text.split(separator: "\t", omittingEmptySubsequences: false).map { TerminalText.escaped(String($0)) }.joined(separator: "\t")) + "\n")
    }

    /// Data, byte for byte into a file or a pipe; on a terminal, as text with its controls
    /// written out.
    static func data(_ bytes: [UInt8]) {
        guard isTerminal else { return FileHandle.standardOutput.write(Data(bytes)) }
        out(TerminalText.keepingLines(String(decoding: bytes, as: UTF8.self)))
    }

    /// Data given as text (`data` of its UTF-8).
    static func data(_ text: String) { data(Array(text.utf8)) }

    /// A one-line warning on standard error, `runbook: warning: …`, written out like an error
    /// (no control character in it reaches the terminal).
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data(Symbols.current.shown("runbook: warning: \(TerminalText.escaped(message))\n").utf8))
    }

    private static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
