import Foundation
import ArgumentParser
import RunbookKit

/// Records one action and prints what was recorded. What is read to check it is the engine's
/// business (`Action.reads`), not the command's.
func record(_ action: Action, global: GlobalOptions, options: ActionOptions, force: Bool, note: String?) throws {
    let ctx = try options.context(global, note: note, force: force, now: Timestamp.now())
    let store = global.store
    try record(action, ctx, store: store, id: try global.recordingIncident(store))
}

/// Records one action on incident `id` and prints what was recorded, a line an entry (a
/// decision, then the task it completes), after what a system's report says besides
/// (`SystemNotice`): an alias on standard output, a kind left unsaid as a one-line warning on
/// standard error.
func record(_ action: Action, _ ctx: ActionContext, store: IncidentStore, id: String) throws {
    var notices: [SystemNotice] = []
    let (entries, playbook, engine) = try IncidentSession.recordAll(action, ctx, store: store, id: id, notices: { notices = $0 })
    for n in notices {
        switch n {
        case .aliasOf: Console.line(n.words())
        case .kindNotGiven: Console.warn(n.words())
        }
    }
    for entry in entries { recorded(entry, playbook: playbook) }
    // A new period or the close is sealed with this station's key, when this home is a station.
    if case .sealed(let seq) = StationSeal.afterRecording(entries, journalPath: store.journalPath(id), home: store.home, actor: ctx.actor,
                                                          files: store.files, warn: Console.warn) {
        Console.line("sealed #\(seq): this station signed the record so far")
    }
    // A decision recorded alone: its task's done was held back, and stays to do.
    if case .decide(let decision, _) = action, entries.count == 1,
       let open = engine?.decisionTaskLeftOpen(decision, now: Timestamp.now()) {
        Console.line(open.why.decisionTaskLeftOpenWords(task: open.task))
    }
}

/// The line saying `entry` is recorded.
private func recorded(_ entry: JournalEntry, playbook: Playbook?) {
    var line = "recorded #\(entry.seq) \(EntryText.describe(entry, playbook: playbook))"
    if let at = entry.at { line += " (happened \(at.localDateTime)\(farBack(at, recorded: entry.time, seq: entry.seq)))" }
    if let person = entry.forPerson { line += " for \(person)\(entry.actorRole.map { " (\($0))" } ?? ""), typed by \(entry.actor)" }
    if let paper = entry["paper"] { line += paper.string.map { " (from paper: \($0))" } ?? " (from paper)" }
    Console.line(line)
}

/// What the command line says of a time given more than 12 hours back
/// (`ActionTime.needsConfirming`): the screen asks y/n; a command is typed deliberately (often
/// transcribing paper the next morning), so it is recorded and said on the same line, with the
/// way back if the day was wrong.
func farBack(_ at: Timestamp, recorded: Timestamp, seq: Int) -> String {
    guard ActionTime.needsConfirming(at, now: recorded) else { return "" }
    return ", \(PlaybookDuration.spoken(seconds: at.seconds(until: recorded))) ago: more than 12 h back, check the day; if it is wrong, 'runbook correct \(seq) --reason …' and record it again"
}

/// Asks `question` on the terminal (standard error) and returns the line typed, trimmed: the
/// confirmation closing and reopening ask for (the incident's name).
func askOnTerminal(_ question: String) -> String {
    FileHandle.standardError.write(Data(Symbols.current.shown(question).utf8))
    return readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) ?? ""
}

// The task verbs and system states are the engine's own words: the parser takes them as they
// are, offers them to shell completion and names them all when given another.
extension Action.TaskVerb: ExpressibleByArgument {}
extension SystemRecord.State: ExpressibleByArgument {}
