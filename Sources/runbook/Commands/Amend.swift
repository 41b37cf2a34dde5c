import Foundation
import ArgumentParser
import RunbookKit

/// `runbook amend`: corrects entry 1's facts by an appended `incident.amended` entry.
struct Amend: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Correct the incident's activation time, discovery time, name or exercise flag (appended; entry 1 is never edited).",
        discussion: "Every figure then uses the amended values, and the report shows both. Works on a closed incident too.")
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When the incident was really activated: HH:MM (24-hour local, the latest that has passed), YYYY-MM-DD HH:MM (local), -3h, or RFC 3339.", valueName: "time"))
    var at: String?
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When the organization first knew, in the same forms.", valueName: "time"))
    var discovered: String?
    @Option(help: "The incident's name.") var name: String?
    @Option(help: ArgumentHelp("Whether it is an exercise: yes or no.", valueName: "yes|no")) var exercise: YesNo?
    @Option(help: "Why it is amended (recorded as the entry's note).") var note: String?
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let g = global
        let now = Timestamp.now()
        let amendment = Amendment(activated: try at.map { try ActionOptions.time($0, option: "--at", now: now) },
                                  discovered: try discovered.map { try ActionOptions.time($0, option: "--discovered", now: now) },
                                  name: name, exercise: exercise.map { $0 == .yes })
        let ctx = ActionContext(actor: try g.actorName(), note: note)
        let store = g.store
        try record(.amend(amendment), ctx, store: store, id: try g.recordingIncident(store))
    }
}

/// `yes` or `no`, as `--exercise` takes it.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
}
