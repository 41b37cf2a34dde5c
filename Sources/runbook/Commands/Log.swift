import ArgumentParser
import Foundation
import RunbookKit

struct Log: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The timeline as text, in the order things happened; --follow keeps printing new entries.",
        discussion: "Each line: #seq, when it happened (with the date when the incident spans days), T+ from activation, who (and in which role), what happened. An entry that was back-dated shows when it was recorded; an entry marked in error says so, with the correction and its reason. --format jsonl prints the verified journal lines exactly as they are, in journal order, for jq.")
    @Flag(help: "Keep printing new entries as they are recorded (Ctrl-C to stop).") var follow = false
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Only entries that happened at or after this time: HH:MM (the latest that has passed), YYYY-MM-DD HH:MM, -2h, or RFC 3339.", valueName: "time"))
    var since: String?
    @Option(name: .long, help: ArgumentHelp("Only entries recorded in this role, about its tasks or decisions, or assigning it.", valueName: "role"), completion: .custom(Completion.roles))
    var role: String?
    @Option(name: .long, help: ArgumentHelp("Only entries of this type (task.done, system.status…), or of a group (task, decision, system…).", valueName: "type"))
    var type: String?
    @Option(name: .long, help: ArgumentHelp("text (default), or jsonl: the journal's own lines.", valueName: "format"))
    var format: LogFormat = .text
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        let types = try type.map(Log.entryTypes)
        let sinceTime = try since.map { try WhenParser.parse($0, now: Timestamp.now()) }
        let session = try global.readingSession()
        warnTorn(session)
        let pb = session.engine.playbook
        if let role, pb.role(role) == nil {
            throw RunbookError.notFound("no role '\(role)'\(Nearest.hint(for: role, in: pb.roles.map(\.id))) (roles: \(pb.roles.map(\.id).joined(separator: ", ")))")
        }
        func wanted(_ e: JournalEntry) -> Bool {
            if let types, !types.contains(e.type) { return false }
            if let sinceTime, e.when < sinceTime { return false }
            if let role, !EntryText.concerns(e, role: role, playbook: pb, counted: session.state.facts.role(of: e)) { return false }
            return true
        }
        let state = session.state
        var lines = JournalLines(session: session)
        if format == .jsonl {
            let raw = try lines.next(state.entries)
            var text = ""
            for (e, line) in zip(state.entries, raw) where wanted(e) { text += line + "\n" }
            Console.data(text)
        } else {
            Console.say("\(state.name)\(state.exercise ? " — EXERCISE" : "") — \(state.playbookTitle) \(state.playbookVersion) — activated \(state.activated.localDateTime)")
            let withDate = EntryText.spansDays(state.entries) || follow
            // EDT or EST on each time when the clocks changed during the incident.
            let clock = ReportClock().during(state)
            var text = ""
            for e in EntryText.chronological(state.entries) where wanted(e) {
                text += EntryText.timelineText(e, state: state, playbook: pb, withDate: withDate, clock: clock) + "\n"
            }
            if !text.isEmpty { Console.say(String(text.dropLast())) }
        }
        guard follow else { return }
        while true {
            usleep(250_000)
            var fresh: [JournalEntry] = []
            try session.refresh { e, _ in fresh.append(e) }
            guard !fresh.isEmpty else { continue }
            var text = ""
            if format == .jsonl {
                for (e, line) in zip(fresh, try lines.next(fresh)) where wanted(e) { text += line + "\n" }
            } else {
                let clock = ReportClock().during(session.state)
                for e in fresh where wanted(e) {
                    text += EntryText.timelineText(e, state: session.state, playbook: pb, withDate: true, clock: clock) + "\n"
                }
            }
            // Written straight to the descriptor: a pipe (| tee, | grep) sees each entry at once.
            if format == .jsonl { Console.data(text) } else if !text.isEmpty { Console.say(String(text.dropLast())) }
        }
    }

    /// The entry types `--type` names: one type, or a group by its first word (`task`).
    static func entryTypes(_ text: String) throws -> Set<String> {
        let all = EntryType.allCases.map(\.rawValue)
        if all.contains(text) { return [text] }
        let group = all.filter { $0.hasPrefix(text + ".") }
        if !group.isEmpty { return Set(group) }
        let groups = Set(all.map { String($0.split(separator: ".").first ?? "") })
        throw RunbookError.usage("'\(text)' is not an entry type\(Nearest.hint(for: text, in: all + groups.sorted())) (types: \(all.joined(separator: ", ")))")
    }
}

/// The journal's lines as bytes on disk, read forward through the session's open journal
/// (never a second open by path, which could be another file by now): `--format jsonl`
/// prints them as they are, never re-encoded. A merged record's lines are each read from
/// the chain that holds it (`IncidentSession.chainLines`).
struct JournalLines {
    let session: IncidentSession
    var offset: Int64 = 0

    init(session: IncidentSession) { self.session = session }

    /// The lines of `entries`, the next ones read (without their newlines).
    mutating func next(_ entries: [JournalEntry]) throws -> [String] {
        guard !session.isMerged, let journal = session.journal else { return try session.chainLines(entries) }
        let read = try journal.checkedLines(from: offset, count: entries.count)
        offset = read.end
        return read.lines
    }
}

/// Says so on stderr when the journal ends in a torn line (it is not counted).
func warnTorn(_ session: IncidentSession) {
    if let t = session.journal?.tornTail {
        FileIO.warn("the journal's last line (\(t.length) bytes) is incomplete — a crash mid-write; it is ignored and not a recorded action")
    }
}

/// What `log --format` prints: the timeline as text, or the journal's own lines (JSON Lines).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}
