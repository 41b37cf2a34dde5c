import ArgumentParser
import Foundation
import RunbookKit

struct Playbooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List, check, show and print playbooks.",
        subcommands: [List.self, Check.self, Show.self, Print.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every playbook available: id, title, version, tasks, file.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let lib = global.library
            let loader = PlaybookLoader(library: lib)
            if lib.entries().isEmpty {
                throw RunbookError.notFound("no playbooks found (looked in \(lib.directories.isEmpty ? "nothing" : lib.directories.joined(separator: ", "))): install runbook with 'make install', or set RUNBOOK_PLAYBOOKS to the folder holding occi.yaml")
            }
            for (id, path) in lib.entries() {
                if let l = try? loader.load(path: path) {
                    print("\(id)\t\(l.playbook.title)\t\(l.playbook.version)\t\(l.playbook.tasks.count) tasks\t\(path)")
                } else {
                    print("\(id)\t(has mistakes: run 'runbook playbooks check \(path)')\t\t\t\(path)")
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
        @OptionGroup var global: GlobalOptions
        func run() throws { print(PlaybookText.show(try loadPlaybook(playbook, library: global.library).playbook)) }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "print", abstract: "The paper checklist: tasks by role and phase with Time and Initials columns.")
        @Argument(help: "A playbook id or path.") var playbook: String
        @OptionGroup var global: GlobalOptions
        func run() throws { print(PlaybookText.paper(try loadPlaybook(playbook, library: global.library).playbook)) }
    }
}
