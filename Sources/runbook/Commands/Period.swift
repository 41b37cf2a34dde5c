import Foundation
import ArgumentParser
import RunbookKit

struct Period: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "period", abstract: "Begin the next operational period (shift change, briefing).")
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.period, global: global, options: action, force: order.force, note: note) }
}
