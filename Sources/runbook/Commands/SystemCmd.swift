import Foundation
import ArgumentParser
import RunbookKit

struct SystemCmd: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "system", abstract: "Record the state of an affected system (EHR, PACS, phones…) and, with --eta, when it is expected back.")
    @Argument(help: "The system's name.", completion: .custom(Completion.systems)) var name: String
    @Argument(help: "down, degraded or up.") var state: SystemRecord.State
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When it is expected back (down or degraded only): HH:MM (the next time the clock shows it), +36h (from now), Tue 14:00 (the next Tuesday), YYYY-MM-DD HH:MM (local), or RFC 3339.", valueName: "time"))
    var eta: String?
    @Option(help: ArgumentHelp("What kind of system it is, one of the playbook's kinds (clinical-record, lab, pharmacy, imaging…, or other): per-system tasks may be for some kinds only. A system the playbook knows has its kind already; a later report may change it.", valueName: "kind"), completion: .custom(Completion.kinds))
    var kind: String?
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let estimate = try eta.map { try WhenParser.parseEstimate($0, now: Timestamp.now()) }
        try record(.system(name, state, eta: estimate, kind: kind), global: global, options: action, force: order.force, note: note)
    }
}
