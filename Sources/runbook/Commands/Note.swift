import Foundation
import ArgumentParser
import RunbookKit

struct Note: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a free entry to the log; --tag lesson feeds the improvement plan.")
    @Argument(help: "The text (several words are joined).") var text: [String]
    @Option(help: "A tag, e.g. lesson.") var tag: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        try record(.note(text.joined(separator: " "), tag: tag), global: global, options: action, force: order.force, note: nil)
    }
}
