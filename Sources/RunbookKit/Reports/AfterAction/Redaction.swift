/// What `report --redact` hides, in one place: every entry's actor and note, and every text field
/// but those that name the incident, the playbook's own ids and words, systems and times. The
/// kept fields are listed, not the hidden ones, so a field added later is hidden until it is
/// listed here. A redacted export also carries no entry's own hash or `prev` (the formats leave
/// them out when `ReportModel.redact`): with one, a guessed note or name could be confirmed by
/// hashing the entry's line again. Only the chain head is kept.
public enum Redaction {
    /// What replaces hidden text.
    public static let mark = ReportModel.redacted

    /// The text fields kept as recorded: the incident's and playbook's names and ids, task,
    /// decision, option, role and system ids and names, states, times, and the program's own words.
    static let keptTextFields: Set<String> = [
        "incident", "name", "playbook", "playbookTitle", "playbookVersion", "playbookSHA256", "discovered", "activated",
        "task", "system", "state", "eta", "decision", "option", "role", "targetType", "deviation",
    ]

    /// The one tag the program gives a meaning to (it feeds the improvement plan): kept, in the
    /// engine's spelling; every other tag is free text.
    static let lessonTag = "lesson"

    /// `e` with its actor, note and free-text fields (people's names, reasons, paper references,
    /// tags but `lesson`, any text field not listed as kept) replaced by `[redacted]`; seq, times,
    /// type, ids, states, numbers and flags kept.
    public static func entry(_ e: JournalEntry) -> JournalEntry {
        var r = e
        r.actor = mark
        if r.note != nil { r.note = mark }
        r.fields = e.fields.map { k, v in
            guard case .string(let text) = v, !keptTextFields.contains(k) else { return (k, v) }
            if k == "tag", text.lowercased() == lessonTag { return (k, .string(lessonTag)) }
            return (k, .string(mark))
        }
        return r
    }

    /// The incident `engine` has folded, folded again from its redacted entries: the report is
    /// computed from these, so no figure can depend on hidden text. The role each entry counts
    /// in (`IncidentFacts.role(of:)`) is settled first, as `actorRole`: once every name reads
    /// `[redacted]` the names can no longer tell whose role an entry falls in.
    public static func engine(_ engine: Engine) -> Engine {
        let facts = engine.state.facts
        return Engine.fold(playbook: engine.playbook, incidentID: engine.state.id, entries: engine.state.entries.map { e in
            var settled = e
            settled.actorRole = facts.role(of: e)
            return entry(settled)
        })
    }
}
