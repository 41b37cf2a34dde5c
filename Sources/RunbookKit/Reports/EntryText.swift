/// Plain-words descriptions of journal entries, for the timeline, the screen and reports.
public enum EntryText {
    /// What an entry records, e.g. "done: Activate the hospital command center [ic-activate-command]".
    public static func describe(_ e: JournalEntry, playbook: Playbook?) -> String {
        func taskTitle(_ id: String) -> String {
            // One instance of a per-system task names its system: "… for EHR [task@EHR]".
            let system = e.string("system")
            let shown = system.map { "\(id)@\($0)" } ?? id
            if let t = playbook?.task(id) { return "\(t.title)\(system.map { " for \($0)" } ?? "") [\(shown)]" }
            return shown
        }
        let round = e["round"]?.int.map { " (round \($0))" } ?? ""
        let forced = e["force"]?.bool == true ? " — OUT OF ORDER" : ""
        switch e.kind {
        case .incidentOpened?:
            let ex = e["exercise"]?.bool == true ? " (EXERCISE)" : ""
            return "incident opened: \(e.string("name") ?? "")\(ex) — playbook \(e.string("playbook") ?? "") \(e.string("playbookVersion") ?? "")"
        case .taskStarted?: return "started: \(taskTitle(e.string("task") ?? ""))\(round)\(forced)"
        case .taskDone?: return "done: \(taskTitle(e.string("task") ?? ""))\(round)\(forced)"
        case .taskSkipped?: return "skipped: \(taskTitle(e.string("task") ?? ""))\(round)\(forced)"
        case .taskBlocked?: return "blocked: \(taskTitle(e.string("task") ?? ""))\(forced)"
        case .taskReopened?: return "reopened: \(taskTitle(e.string("task") ?? ""))\(forced)"
        case .decisionMade?:
            let id = e.string("decision") ?? ""
            let q = playbook?.decision(id)?.question ?? id
            return "decided: \(q) → \(e.string("option") ?? "")"
        case .roleAssigned?:
            let r = e.string("role") ?? ""
            return "role: \(playbook?.role(r)?.title ?? r) is now \(e.string("person") ?? "")"
        case .systemStatus?: return "system: \(e.string("system") ?? "") is \(e.string("state")?.uppercased() ?? "")"
        case .note?:
            let tag = e.string("tag").map { " [\($0)]" } ?? ""
            return "note\(tag)"
        case .entryCorrected?:
            return "entry \(e["target"]?.int ?? 0) marked ENTERED IN ERROR: \(e.string("reason") ?? "")"
        case .periodStarted?: return "operational period \(e["period"]?.int ?? 0) begins"
        case .incidentClosed?: return "incident closed"
        case nil: return e.type
        }
    }

    /// Entry text with its note: "done: … — note text" on one line (newlines folded).
    public static func line(_ e: JournalEntry, playbook: Playbook?) -> String {
        var s = describe(e, playbook: playbook)
        if let n = e.note, !n.isEmpty {
            s += (e.kind == .note ? ": " : " — ") + n.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\t", with: " ")
        }
        return s
    }

    /// Who recorded an entry: "actor (role)", or the actor alone.
    public static func who(_ e: JournalEntry) -> String {
        e.actor + (e.actorRole.map { " (\($0))" } ?? "")
    }

    /// One timeline line as the screen shows it: "#12 2026-11-29 14:05 actor (role): what",
    /// with when it was recorded if that differs, and whether it was entered in error.
    public static func timelineLine(_ e: JournalEntry, playbook: Playbook?, counts: Bool) -> String {
        var text = "#\(e.seq) \(e.when.localDateTime) \(who(e)): \(line(e, playbook: playbook))"
        if e.at != nil { text += " [recorded \(e.time.localClock(relativeTo: e.when))]" }
        if !counts { text += " [ENTERED IN ERROR]" }
        return text
    }

    /// The timeline: entries in the order things happened (`at` when given), ties by seq.
    public static func chronological(_ entries: [JournalEntry]) -> [JournalEntry] {
        entries.sorted { $0.when != $1.when ? $0.when < $1.when : $0.seq < $1.seq }
    }
}
