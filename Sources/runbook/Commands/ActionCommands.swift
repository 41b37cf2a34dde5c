import ArgumentParser
import RunbookKit

struct Do: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "do", abstract: "Act on a task: start, done, skip, block or reopen (skip and block need --note).")
    @Argument(help: "The task id, as in 'runbook status'; TASK@SYSTEM for one system's turn of a per-system task (intel-validate-restored@EHR).") var task: String
    @Argument(help: "start, done, skip, block or reopen.") var verb: String
    @Option(help: "Why, or what was done (required for skip and block).") var note: String?
    @Flag(help: "Act on a task that is still waiting or does not apply; recorded as a deviation.") var force = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        guard let v = Action.TaskVerb(rawValue: verb) else {
            throw RunbookError.usage("'\(verb)' is not a task action\(Nearest.hint(for: verb, in: Action.TaskVerb.allCases.map(\.rawValue))) (use start, done, skip, block or reopen)")
        }
        try record(.task(task, v), global: global, options: action, note: note, force: force)
    }
}

struct Decide: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record a decision and the option chosen.")
    @Argument(help: "The decision id.") var decision: String
    @Argument(help: "The option chosen.") var option: String
    @Option(help: "Why.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.decide(decision, option), global: global, options: action, note: note) }
}

struct Assign: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Record who holds a role.")
    @Argument(help: "The role id (ic, ops, intel…).") var role: String
    @Argument(help: "The person's name.") var person: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.assign(role, person), global: global, options: action, note: note) }
}

struct SystemCmd: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "system", abstract: "Record the state of an affected system (EHR, PACS, phones…).")
    @Argument(help: "The system's name.") var name: String
    @Argument(help: "down, degraded or up.") var state: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        guard let st = SystemRecord.State(rawValue: state) else {
            throw RunbookError.usage("'\(state)' is not a system state\(Nearest.hint(for: state, in: ["down", "degraded", "up"])) (use down, degraded or up)")
        }
        try record(.system(name, st), global: global, options: action, note: note)
    }
}

struct Note: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a free entry to the log; --tag lesson feeds the improvement plan.")
    @Argument(help: "The text (several words are joined).") var text: [String]
    @Option(help: "A tag, e.g. lesson.") var tag: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        try record(.note(text.joined(separator: " "), tag: tag), global: global, options: action, note: nil)
    }
}

struct Correct: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "correct", abstract: "Mark an earlier entry entered in error (it is never edited).")
    @Argument(help: "The entry's number (seq), as in 'runbook log'.") var seq: Int
    @Option(help: "Why it was in error (required).") var reason: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.correct(seq, reason: reason), global: global, options: action, note: nil) }
}

struct Period: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "period", abstract: "Begin the next operational period (shift change, briefing).")
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.period, global: global, options: action, note: note) }
}

struct Close: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close the incident; it then takes no more actions.")
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.close, global: global, options: action, note: note) }
}

/// Records one action and prints what was recorded. What is read to check it is the engine's
/// business (`Action.reads`), not the command's.
func record(_ action: Action, global: GlobalOptions, options: ActionOptions, note: String?, force: Bool = false) throws {
    let now = Timestamp.now()
    let ctx = ActionContext(actor: try global.actorName(), at: try options.when(now: now), note: note, force: force)
    let store = global.store
    let (entry, playbook) = try IncidentSession.record(action, ctx, store: store, id: try store.resolve(global.incidentID))
    var line = "recorded #\(entry.seq) \(EntryText.describe(entry, playbook: playbook))"
    if let at = entry.at { line += " (happened \(at.localDateTime))" }
    print(line)
}
