import ArgumentParser
import Foundation
import RunbookKit

struct Playbooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List, check, show and print playbooks.",
        subcommands: [List.self, Check.self, Show.self, Print.self])

    struct List: RunbookCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Every playbook available: id, title, version, tasks, and where it comes from.",
            discussion: """
            Looked for in this order, the first with an id wins: the folder $RUNBOOK_PLAYBOOKS names, \
            <home>/playbooks, an installed share/runbook/playbooks, then the copies built into runbook.
            """)
        @OptionGroup var globals: SomeGlobalOptions<ReadsPlaybooks>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
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
                    Console.line("\(e.id)\t\(l.playbook.title)\t\(l.playbook.version)\t\(l.playbook.tasks.count) tasks\t\(from)")
                } else {
                    Console.line("\(e.id)\t(has mistakes: run 'runbook playbooks check \(e.path)')\t\t\t\(from)")
                }
            }
        }
    }

    struct Check: RunbookCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Check playbook files; every mistake as FILE:LINE:COLUMN: message.")
        @Argument(help: "Playbook files.") var paths: [String]
        @OptionGroup var globals: SomeGlobalOptions<ReadsPlaybooks>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
        func run() throws {
            let loader = PlaybookLoader(library: global.library)
            var bad = 0
            for p in paths {
                let findings = loader.check(path: p)
                if findings.isEmpty {
                    Console.line("\(p): ok")
                } else {
                    bad += 1
                    for f in findings { Console.line(f.description) }
                }
            }
            if bad > 0 { throw ExitCode(1) }
        }
    }

    struct Show: RunbookCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "The whole playbook, readable in a terminal.")
        @Argument(help: "A playbook id or path.") var playbook: String
        @Flag(help: "Print the playbook's own YAML, byte for byte (for a built-in, the copy inside runbook): a start for tailoring.")
        var source = false
        @OptionGroup var globals: SomeGlobalOptions<ReadsPlaybooks>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
        func run() throws {
            let loaded = try loadPlaybook(playbook, library: global.library)
            guard source else { return Console.say(PlaybookText.show(loaded.playbook)) }
            guard let bytes = PlaybookLibrary.contents(atPath: loaded.path) else {
                throw RunbookError.notFound("cannot read the playbook file \(loaded.path)")
            }
            Console.data(Array(bytes))
        }
    }

    struct Print: RunbookCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "The paper downtime binder: Job Action Sheets by role with check boxes, Time and Initials columns, stamped with the playbook's SHA-256.",
            discussion: "--format html gives the full binder to print (cover and sign-in sheet, a Job Action Sheet and a blank HICS 214 per role, a page each); save it with > binder.html and print from a browser.")
        @Argument(help: "A playbook id or path.") var playbook: String
        @Option(help: ArgumentHelp("Only this role's pages (its id, e.g. ic).", valueName: "role")) var role: String?
        @Option(help: "text (default) or html.") var format: BinderFormat = .text
        @OptionGroup var globals: SomeGlobalOptions<ReadsPlaybooks>
        var own: GlobalOptions { globals.all }
        @ParentCommand var root: Runbook
        func run() throws {
            let loaded = try loadPlaybook(playbook, library: global.library)
            let p = loaded.playbook
            if let role {
                guard p.role(role) != nil else {
                    throw RunbookError.notFound("no role '\(role)' in \(p.id)\(Nearest.hint(for: role, in: p.roles.map(\.id))) (roles: \(p.roles.map(\.id).joined(separator: ", ")))")
                }
                guard p.tasks.contains(where: { $0.role == role }) else {
                    throw RunbookError.notFound("role '\(role)' has no tasks in \(p.id): nothing to print")
                }
            }
            if format == .html {
                Console.data(Binder.html(loaded, role: role))
            } else {
                Console.say(PlaybookText.paper(p, sha256: Binder.digest(loaded), role: role))
            }
        }
    }
}

/// What `playbooks print --format` makes: the binder as text, or as one HTML page a browser prints.
enum BinderFormat: String, ExpressibleByArgument, CaseIterable {
    case text, html
}
