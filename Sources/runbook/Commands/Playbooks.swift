import ArgumentParser
import Foundation
import RunbookKit

struct Playbooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List, check, show and print playbooks.",
        subcommands: [List.self, Check.self, Show.self, Print.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Every playbook available: id, title, version, tasks, and where it comes from.",
            discussion: """
            Looked for in this order, the first with an id wins: the folder $RUNBOOK_PLAYBOOKS names, \
            <home>/playbooks, an installed share/runbook/playbooks, then the copies built into runbook.
            """)
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let lib = global.library
            let loader = PlaybookLoader(library: lib)
            for e in lib.listing() {
                let over = switch e.overBuiltin {
                case .none: ""
                case .sameBytes: " (the same as the built-in)"
                case .replaces: " (instead of the built-in)"
                }
                let from = e.origin == .builtIn ? e.origin.label : "\(e.origin.label): \(e.path)\(over)"
                if let l = try? loader.load(path: e.path) {
                    print("\(e.id)\t\(l.playbook.title)\t\(l.playbook.version)\t\(l.playbook.tasks.count) tasks\t\(from)")
                } else {
                    print("\(e.id)\t(has mistakes: run 'runbook playbooks check \(e.path)')\t\t\t\(from)")
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Check playbook files; every mistake as FILE:LINE:COLUMN: message.")
        @Argument(help: "Playbook files.") var paths: [String]
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let loader = PlaybookLoader(library: global.library)
            var bad = 0
            for p in paths {
                let findings = loader.check(path: p)
                if findings.isEmpty {
                    print("\(p): ok")
                } else {
                    bad += 1
                    for f in findings { print(f.description) }
                }
            }
            if bad > 0 { throw ExitCode(1) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "The whole playbook, readable in a terminal.")
        @Argument(help: "A playbook id or path.") var playbook: String
        @Flag(help: "Print the playbook's own YAML, byte for byte (for a built-in, the copy inside runbook): a start for tailoring.")
        var source = false
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let loaded = try loadPlaybook(playbook, library: global.library)
            guard source else { return print(PlaybookText.show(loaded.playbook)) }
            guard let bytes = PlaybookLibrary.contents(atPath: loaded.path) else {
                throw RunbookError.notFound("cannot read the playbook file \(loaded.path)")
            }
            FileHandle.standardOutput.write(bytes)
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "print", abstract: "The paper checklist: tasks by role and phase with Time and Initials columns.")
        @Argument(help: "A playbook id or path.") var playbook: String
        @OptionGroup var global: GlobalOptions
        func run() throws { print(PlaybookText.paper(try loadPlaybook(playbook, library: global.library).playbook)) }
    }
}
