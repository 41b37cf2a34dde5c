import ArgumentParser
import Foundation
import RunbookKit

/// Parses argv, runs the command, and turns every error into one `runbook: error:` line.
enum CommandLineEntry {
    /// The options every command takes, and that take a value.
    static let globalOptions: Set<String> = ["--home", "--incident", "--actor"]

    /// A command's name, as its configuration gives it.
    static func name(_ c: ParsableCommand.Type) -> String { c.configuration.commandName ?? "" }

    /// The command names at the start of `args`, global options (and their values) skipped:
    /// `runbook --home X playbooks list` gives ["playbooks", "list"].
    static func commandPath(_ args: [String]) -> [String] {
        var words: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if globalOptions.contains(a) { i += 2; continue }
            if a.hasPrefix("-") { i += 1; continue }
            words.append(a)
            i += 1
        }
        guard let first = words.first, let top = Runbook.configuration.subcommands.first(where: { name($0) == first }) else { return [] }
        if words.count > 1, top.configuration.subcommands.contains(where: { name($0) == words[1] }) {
            return [first, words[1]]
        }
        return [first]
    }

    /// `runbook [command [subcommand]] --help` for the commands named in `args`.
    static func helpCommand(_ args: [String]) -> String {
        (["runbook"] + commandPath(args) + ["--help"]).joined(separator: " ")
    }

    static func run(_ args: [String]) -> Int32 {
        // `runbook help X` for an X that is no command would print the general help and succeed.
        if args.first == "help", args.count > 1, !args[1].hasPrefix("-"),
           !Runbook.configuration.subcommands.contains(where: { name($0) == args[1] }) {
            let names = Runbook.configuration.subcommands.map(name)
            printError("no command '\(args[1])'\(Nearest.suggestion(for: args[1], in: names)) (see 'runbook --help')")
            return 2
        }
        do {
            var command = try Runbook.parseAsRoot(args)
            try command.run()
            return 0
        } catch let e as RunbookError {
            return fail(e)
        } catch let e as ExitCode {
            return e.rawValue
        } catch {
            let code = Runbook.exitCode(for: error)
            if code == .success {
                print(Runbook.fullMessage(for: error))
                return 0
            }
            if error is CleanExit {
                print(Runbook.fullMessage(for: error))
                return 0
            }
            // The parser's message may quote a value with line breaks in it: escape the values
            // first, so cutting at the first line keeps the whole of this one.
            var full = Runbook.message(for: error)
            for a in Set(args) where a.unicodeScalars.contains(where: TerminalText.needsEscape) {
                full = full.replacingOccurrences(of: a, with: TerminalText.escaped(a))
            }
            // The parser lists six or more valid values one a line ("  - md"): they join the line.
            let lines = full.split(separator: "\n").map(String.init)
            var msg = lines.first ?? "\(error)"
            let values = lines.dropFirst().prefix { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
            if !values.isEmpty { msg += " " + values.joined(separator: ", ") }
            let lowered = msg.hasPrefix("Error: ") ? String(msg.dropFirst(7)) : msg
            // Point at the help of the command that was being used, if one was named.
            let help = helpCommand(args)
            printError("\(lowered) (see '\(TerminalText.escaped(help))')")
            return code.rawValue == 0 ? 2 : code.rawValue
        }
    }

    /// Prints a runbook error as one line (a broken playbook by its first finding) and picks
    /// the exit code.
    static func fail(_ e: RunbookError) -> Int32 {
        switch e {
        case .playbook(let lines):
            // One line, naming the first mistake's file and line; the checker lists them all.
            let first = lines.first ?? "the playbook has a mistake"
            let more = lines.count > 1 ? " (and \(lines.count - 1) more: run 'runbook playbooks check' on the file to see them all)" : ""
            printError("\(first)\(more)")
            return 1
        case .usage:
            printError(e.description)
            return 2
        default:
            printError(e.description)
            return 1
        }
    }

    /// The one place errors reach the terminal: `runbook: error: MESSAGE` on stderr, on one
    /// line, with every control character or text-direction control in it (from a user's
    /// value echoed back) written out visibly, so no message can break the line or send
    /// terminal codes, whatever it quotes.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(Symbols.current.shown("runbook: error: \(TerminalText.escaped(message))\n").utf8))
    }
}
