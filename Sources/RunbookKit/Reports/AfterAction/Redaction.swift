/// What `report --redact` hides, in one place: every entry's note, and every text field but those
/// that name the incident, the playbook's own ids and words, systems and times; people's names
/// (the actor, `for`, a role's `person`) become pseudonyms, "Person A", "Person B"… (`Pseudonyms`),
/// the same in every section and format, so one person's entries and log still read as one's. The
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

    /// The fields that hold a person's name, as the actor does: each is given its pseudonym.
    static let personFields: Set<String> = ["for", "person"]

    /// The one tag the program gives a meaning to (it feeds the improvement plan): kept, in the
    /// engine's spelling; every other tag is free text.
    static let lessonTag = "lesson"

    /// `e` with its note and free-text fields (reasons, paper references, tags but `lesson`, any
    /// text field not listed as kept) replaced by `[redacted]` and people's names (actor, `for`,
    /// `person`) by their pseudonyms in `names` (`[redacted]` for a name it does not hold); seq,
    /// times, type, ids, states, numbers and flags kept.
    public static func entry(_ e: JournalEntry, names: Pseudonyms = Pseudonyms()) -> JournalEntry {
        var r = e
        r.actor = names[e.actor]
        if r.note != nil { r.note = mark }
        r.fields = e.fields.map { k, v in
            guard case .string(let text) = v, !keptTextFields.contains(k) else { return (k, v) }
            if personFields.contains(k) { return (k, .string(names[text])) }
            if k == "tag", text.lowercased() == lessonTag { return (k, .string(lessonTag)) }
            return (k, .string(mark))
        }
        return r
    }

    /// The incident `engine` has folded, folded again from its redacted entries: the report is
    /// computed from these, so no figure can depend on hidden text. The role each entry counts
    /// in (`IncidentFacts.role(of:)`) is settled first, as `actorRole`: once every name reads
    /// `[redacted]` the names can no longer tell whose role an entry falls in.
    /// Each name given its pseudonym once, from the whole journal, before any entry is redacted:
    /// every section and format of the report then reads the same "Person B" for the same person.
    public static func engine(_ engine: Engine) -> Engine {
        let facts = engine.state.facts
        let names = Pseudonyms(engine.state.entries)
        return Engine.fold(playbook: engine.playbook, incidentID: engine.state.id, entries: engine.state.entries.map { e in
            var settled = e
            settled.actorRole = facts.role(of: e)
            return entry(settled, names: names)
        })
    }
}

/// The pseudonyms `report --redact` gives people: "Person A", "Person B"… "Person Z", then
/// "Person AA", "Person AB"…, in the order each name first appears in the journal (by entry, its
/// actor, then whom it was `for`, then the `person` a role went to). Names are told apart as the
/// engine tells them (exactly as typed), so a pseudonym stands for whom the report's roles, lanes
/// and logs count as one person.
public struct Pseudonyms: Sendable {
    private var given: [String: String] = [:]

    /// No names: every name reads `[redacted]`.
    public init() {}

    /// The pseudonyms of everyone named in `entries`, in the order they first appear.
    public init(_ entries: [JournalEntry]) {
        for e in entries {
            add(e.actor)
            for k in ["for", "person"] { if let n = e.string(k) { add(n) } }
        }
    }

    private mutating func add(_ name: String) {
        guard given[name] == nil else { return }
        given[name] = "Person " + Self.letters(given.count)
    }

    /// The pseudonym of `name`, or `[redacted]` for a name not in the journal.
    public subscript(_ name: String) -> String { given[name] ?? Redaction.mark }

    /// How many names have a pseudonym.
    public var count: Int { given.count }

    /// The letters of the `n`th pseudonym (from 0), as a spreadsheet names its columns: A…Z, AA, AB….
    static func letters(_ n: Int) -> String {
        var n = n + 1, out: [Character] = []
        while n > 0 {
            n -= 1
            out.append(Character(UnicodeScalar(UInt8(65 + n % 26))))
            n /= 26
        }
        return String(out.reversed())
    }
}
