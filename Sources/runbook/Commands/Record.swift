import Foundation
import ArgumentParser
import RunbookKit

/// Records one action and prints what was recorded. What is read to check it is the engine's
/// business (`Action.reads`), not the command's.
func record(_ action: Action, global: GlobalOptions, options: ActionOptions, force: Bool, note: String?) throws {
    let now = Timestamp.now()
    let ctx = ActionContext(actor: try global.actorName(), at: try options.when(now: now), note: note, force: force,
                            paper: try options.paper(), forWhom: try options.forWhom())
    let store = global.store
    try record(action, ctx, store: store, id: try global.recordingIncident(store))
}

/// Records one action on incident `id` and prints what was recorded.
func record(_ action: Action, _ ctx: ActionContext, store: IncidentStore, id: String) throws {
    let (entry, playbook) = try IncidentSession.record(action, ctx, store: store, id: id)
    var line = "recorded #\(entry.seq) \(EntryText.describe(entry, playbook: playbook))"
    if let at = entry.at { line += " (happened \(at.localDateTime))" }
    if let person = entry.forPerson { line += " for \(person)\(entry.actorRole.map { " (\($0))" } ?? ""), typed by \(entry.actor)" }
    if let paper = entry["paper"] { line += paper.string.map { " (from paper: \($0))" } ?? " (from paper)" }
    Console.line(line)
}

// The task verbs and system states are the engine's own words: the parser takes them as they
// are, offers them to shell completion and names them all when given another.
extension Action.TaskVerb: ExpressibleByArgument {}
extension SystemRecord.State: ExpressibleByArgument {}
