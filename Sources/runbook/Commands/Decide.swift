import Foundation
import ArgumentParser
import RunbookKit

struct Decide: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record a decision and the option chosen; the task that records it (its task: in the playbook) is marked done with it.")
    @Argument(help: "The decision id.", completion: .custom(Completion.decisions)) var decision: String
    @Argument(help: "The option chosen.", completion: .custom(Completion.options)) var option: String
    @Option(help: "Why.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.decide(decision, option), global: global, options: action, force: order.force, note: note) }
}
