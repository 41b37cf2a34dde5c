import Foundation
import ArgumentParser
import RunbookKit

struct Do: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "do", abstract: "Act on a task: start, done, skip, block or reopen (skip and block need --note).")
    @Argument(help: "The task id, as in 'runbook status'; TASK@SYSTEM for one system's turn of a per-system task (intel-validate-restored@EHR).", completion: .custom(Completion.tasks)) var task: String
    @Argument(help: "start, done, skip, block or reopen.") var verb: Action.TaskVerb
    @Option(help: "Why, or what was done (required for skip and block).") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.task(task, verb), global: global, options: action, force: order.force, note: note) }
}
