import Foundation
import ArgumentParser
import RunbookKit

struct Do: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "do", abstract: "Act on a task: start, done, skip, block or reopen (skip and block need --note).")
    @Argument(help: "The task id, as in 'runbook status'; TASK@SYSTEM for one system's turn of a per-system task (intel-validate-restored@EHR).") var task: String
    @Argument(help: "start, done, skip, block or reopen.") var verb: Action.TaskVerb
    @Option(help: "Why, or what was done (required for skip and block).") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.task(task, verb), global: global, options: action, force: order.force, note: note) }
}

struct Decide: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record a decision and the option chosen.")
    @Argument(help: "The decision id.") var decision: String
    @Argument(help: "The option chosen.") var option: String
    @Option(help: "Why.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.decide(decision, option), global: global, options: action, force: order.force, note: note) }
}

struct Assign: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Record who holds a role.")
    @Argument(help: "The role id (ic, ops, intel…).") var role: String
    @Argument(help: "The person's name.") var person: String
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.assign(role, person), global: global, options: action, force: order.force, note: note) }
}

struct SystemCmd: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "system", abstract: "Record the state of an affected system (EHR, PACS, phones…) and, with --eta, when it is expected back.")
    @Argument(help: "The system's name.") var name: String
    @Argument(help: "down, degraded or up.") var state: SystemRecord.State
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When it is expected back (down or degraded only): HH:MM (the next time the clock shows it), +36h (from now), Tue 14:00 (the next Tuesday), YYYY-MM-DD HH:MM (local), or RFC 3339.", valueName: "time"))
    var eta: String?
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let estimate = try eta.map { try WhenParser.parseEstimate($0, now: Timestamp.now()) }
        try record(.system(name, state, eta: estimate), global: global, options: action, force: order.force, note: note)
    }
}

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

struct Period: RunbookCommand {
    static let configuration = CommandConfiguration(commandName: "period", abstract: "Begin the next operational period (shift change, briefing).")
    @Option(help: "A note.") var note: String?
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws { try record(.period, global: global, options: action, force: order.force, note: note) }
}

struct Close: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close the incident for good; it then takes no more actions.",
        discussion: "On a terminal it asks for the incident's name (or CLOSE) first. Without a terminal it needs --yes, or the incident named with --incident ID.")
    @Option(help: "A note.") var note: String?
    @Flag(help: "Close without asking (for scripts).") var yes = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var order: ForceOption
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let g = global
        let store = g.store
        let now = Timestamp.now()
        let ctx = ActionContext(actor: try g.actorName(), at: try action.when(now: now), note: note, force: order.force,
                                paper: try action.paper())
        // Several open and none named: the newest is only a guess, and closing is for good.
        // On a terminal the question below names it and wants its name; unattended, refuse.
        let open = store.list().filter { !$0.closed }
        if g.incidentID == nil, open.count > 1, yes || isatty(0) == 0 {
            throw RunbookError.usage("\(open.count) incidents are open (\(open.map(\.id).joined(separator: ", "))) and closing is for good: name the one to close with --incident ID")
        }
        let id = try g.resolvedIncident(store)
        if !yes {
            if isatty(0) != 0 {
                try Close.confirm(store.list().first { $0.id == id }, id: id)
            } else if g.incidentID == nil {
                throw RunbookError.usage("closing an incident is for good and there is no terminal to ask on: name the incident with --incident ID, or add --yes")
            }
        }
        try record(.close, ctx, store: store, id: id)
    }

    /// Asks on the terminal for the incident's name, or CLOSE; anything else closes nothing.
    static func confirm(_ summary: IncidentStore.Summary?, id: String) throws {
        let name = summary?.name ?? id
        let shown = TerminalText.escaped(name)
        let ask = "Close incident “\(shown)” (\(id))\(summary?.exercise == true ? ", an EXERCISE" : "")? It then takes no more actions, for good.\nType its name, or CLOSE, to close it: "
        FileHandle.standardError.write(Data(ask.utf8))
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard ActionRules.confirmsClose(answer, id: id, name: name) else {
            throw RunbookError.refused(.closeNotConfirmed(typed: answer))
        }
    }
}

/// Records one action and prints what was recorded. What is read to check it is the engine's
/// business (`Action.reads`), not the command's.
func record(_ action: Action, global: GlobalOptions, options: ActionOptions, force: Bool, note: String?) throws {
    let now = Timestamp.now()
    let ctx = ActionContext(actor: try global.actorName(), at: try options.when(now: now), note: note, force: force,
                            paper: try options.paper())
    let store = global.store
    try record(action, ctx, store: store, id: try global.resolvedIncident(store))
}

/// Records one action on incident `id` and prints what was recorded.
func record(_ action: Action, _ ctx: ActionContext, store: IncidentStore, id: String) throws {
    let (entry, playbook) = try IncidentSession.record(action, ctx, store: store, id: id)
    var line = "recorded #\(entry.seq) \(EntryText.describe(entry, playbook: playbook))"
    if let at = entry.at { line += " (happened \(at.localDateTime))" }
    if let paper = entry["paper"] { line += paper.string.map { " (from paper: \($0))" } ?? " (from paper)" }
    Console.line(line)
}

// The task verbs and system states are the engine's own words: the parser takes them as they
// are, offers them to shell completion and names them all when given another.
extension Action.TaskVerb: ExpressibleByArgument {}
extension SystemRecord.State: ExpressibleByArgument {}
