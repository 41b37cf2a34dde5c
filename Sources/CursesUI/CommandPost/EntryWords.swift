import RunbookKit

/// Entries in the command post's words: the report's words (`EntryText`), except that a
/// decision leads with its answer (`decided → divert: Divert ambulances…?`), so a cut line
/// still says what was decided, and a note about a task names the task.
enum EntryWords {
    static func describe(_ e: JournalEntry, playbook: Playbook) -> String {
        switch e.kind {
        case .decisionMade?:
            let id = e.string("decision") ?? ""
            return "decided → \(e.string("option") ?? ""): \(playbook.decision(id)?.question ?? id)"
        case .note?:
            if let id = e.string("task") {
                let tag = e.string("tag").map { " [\($0)]" } ?? ""
                let system = e.string("system").map { " for \($0)" } ?? ""
                return "note\(tag) on “\(playbook.task(id)?.title ?? id)”\(system)"
            }
            return EntryText.describe(e, playbook: playbook)
        default:
            return EntryText.describe(e, playbook: playbook)
        }
    }

    /// The entry with its note, on one line (line breaks as ⏎).
    static func line(_ e: JournalEntry, playbook: Playbook, state: IncidentState? = nil) -> String {
        var s = describe(e, playbook: playbook)
        if let state { s = EntryText.renumbered(s, e, state: state) }
        return TextWidth.oneLine(EntryText.withNote(s, note: e.note, isNote: e.kind == .note))
    }
}
