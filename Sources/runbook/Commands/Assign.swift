import Foundation
import ArgumentParser
import RunbookKit

struct Assign: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Record who holds a role.")
    @Argument(help: "The role id (ic, ops, intel…).", completion: .custom(Completion.roles)) var role: String
    @Argument(help: "The person's name.") var person: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.assign(role, person), global: global, options: action, force: order.force, note: note) }
}
