import Foundation
import ArgumentParser
import RunbookKit

struct Correct: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "correct", abstract: "Mark an earlier entry entered in error (it is never edited).")
    @Argument(help: "The entry's number (seq), as in 'runbook log'.") var seq: Int
    @Option(help: "Why it was in error (required).") var reason: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.correct(seq, reason: reason), global: global, options: action, force: order.force, note: nil) }
}
