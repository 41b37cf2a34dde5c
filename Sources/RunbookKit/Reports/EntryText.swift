/// Plain-words descriptions of journal entries, for the timeline, the screen and reports.
public enum EntryText {
    /// What an entry records, e.g. "done: Activate the hospital command center [ic-activate-command]".
    /// A time it names (a restoration estimate) is written by `dateTime`: local time unless the
    /// caller's clock says otherwise (a report in UTC).
    public static func describe(_ e: JournalEntry, playbook: Playbook?,
                                dateTime: (Timestamp) -> String = { $0.localDateTime }) -> String {
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
        case .systemStatus?:
            let eta = e.string("eta").flatMap { Timestamp(rfc3339: $0) }.map { ", expected back \(dateTime($0))" } ?? ""
            return "system: \(e.string("system") ?? "") is \(e.string("state")?.uppercased() ?? "")\(eta)"
        case .note?:
            let tag = e.string("tag").map { " [\($0)]" } ?? ""
            return "note\(tag)"
        case .entryCorrected?:
            return "entry \(e["target"]?.int ?? 0) marked ENTERED IN ERROR: \(e.string("reason") ?? "")"
        case .periodStarted?: return "operational period \(e["period"]?.int ?? 0) begins"
        case .incidentClosed?: return "incident closed"
        case .incidentAmended?:
            var parts: [String] = []
            if let n = e.string("name") { parts.append("name “\(n)”") }
            if let t = e.string("activated").flatMap(Timestamp.init(rfc3339:)) { parts.append("activated \(dateTime(t))") }
            if let t = e.string("discovered").flatMap(Timestamp.init(rfc3339:)) { parts.append("discovered \(dateTime(t))") }
            if let x = e["exercise"]?.bool { parts.append(x ? "an EXERCISE" : "a real incident, not an exercise") }
            return "incident record amended: " + parts.joined(separator: "; ")
        case .stationJoined?:
            return "station \(e.string("stationName") ?? e.string("station") ?? "") joined the incident"
        case .stationSealed?:
            return "station \(e.string("stationName") ?? e.string("station") ?? "") sealed its record"
        case nil: return e.type
        }
    }

    /// Entry text with its note: "done: … — note text" on one line (newlines folded).
    /// The entry's line as it stands in `state`: a period's start carries its number in time
    /// order, which a start entered later with `--force` may have changed.
    public static func line(_ e: JournalEntry, playbook: Playbook?, state: IncidentState) -> String {
        renumbered(line(e, playbook: playbook), e, state: state)
    }

    /// `text` (the entry's words) with a period's recorded number replaced by its number in
    /// time order, when they differ: "operational period 3 begins (recorded as period 2)".
    public static func renumbered(_ text: String, _ e: JournalEntry, state: IncidentState) -> String {
        guard e.kind == .periodStarted, state.corrected[e.seq] == nil, let recorded = e["period"]?.int else { return text }
        let now = state.facts.period(at: e.when)
        guard now != Int(recorded) else { return text }
        let old = "operational period \(recorded) begins"
        guard text.hasPrefix(old) else { return text }
        return "operational period \(now) begins (recorded as period \(recorded); a start entered later came before it)" + text.dropFirst(old.count)
    }

    /// What an entry says, then its note on the same line: after ": " for a note entry's own
    /// words, after " — " for an action's.
    public static func withNote(_ what: String, note: String?, isNote: Bool) -> String {
        guard let n = note, !n.isEmpty else { return what }
        return what + (isNote ? ": " : " — ") + TextFold.oneLine(n)
    }

    public static func line(_ e: JournalEntry, playbook: Playbook?) -> String {
        var s = withNote(describe(e, playbook: playbook), note: e.note, isNote: e.kind == .note)
        if let p = paper(e) { s += " [\(p)]" }
        return s
    }

    /// "from paper" or "from paper: ICS 214 p3" for an entry transcribed from the binder.
    public static func paper(_ e: JournalEntry) -> String? {
        guard let p = e["paper"] else { return nil }
        if let ref = p.string { return "from paper: \(ref)" }
        return p.bool == true ? "from paper" : nil
    }

    /// Whose an entry is: "person (role)", or the person alone; for an entry recorded on
    /// someone's behalf, with who typed it ("Dr Ng (ic), typed by cmdpost").
    public static func who(_ e: JournalEntry) -> String { who(e, role: e.actorRole) }

    /// `who(e)` with the role the entry counts in (`IncidentFacts.role(of:)`), where the state is
    /// at hand: an entry typed before its person's assignment shows the role the report gives it.
    public static func who(_ e: JournalEntry, role: String?) -> String {
        who(person: e.person, role: role, typist: e.forPerson == nil ? nil : e.actor)
    }

    /// "person (role)", then ", typed by TYPIST" when someone else typed it.
    public static func who(person: String, role: String?, typist: String?) -> String {
        person + (role.map { " (\($0))" } ?? "") + (typist.map { ", typed by \($0)" } ?? "")
    }

    /// One timeline line as the screen shows it: "#12 2026-11-29 14:05 actor (role): what",
    /// with when it was recorded if that differs, and whether it was entered in error.
    public static func timelineLine(_ e: JournalEntry, playbook: Playbook?, counts: Bool) -> String {
        var text = "#\(e.seq) \(e.when.localDateTime) \(who(e)): \(line(e, playbook: playbook))"
        if e.isBackDated { text += " [recorded \(e.time.localClock(relativeTo: e.when))]" }
        if !counts { text += " [ENTERED IN ERROR]" }
        return text
    }

    /// The timeline: entries in the order things happened (`at` when given), ties by seq.
    public static func chronological(_ entries: [JournalEntry]) -> [JournalEntry] {
        HappenedOrder.sorted(entries)
    }
}

extension EntryText {
    /// `T+02:05` from activation to `t`, `T+54d 22:20` from 48 hours, `T−00:35` before it
    /// (`Elapsed`, the one way elapsed time is written).
    public static func offset(_ t: Timestamp, from activated: Timestamp) -> String {
        Elapsed.text(t, from: activated)
    }

    /// Whether the entries happened on more than one local day (then the timeline gives dates).
    public static func spansDays(_ entries: [JournalEntry]) -> Bool {
        guard let first = entries.map(\.when).min(), let last = entries.map(\.when).max() else { return false }
        let a = first.localParts(), b = last.localParts()
        return (a.year, a.month, a.day) != (b.year, b.month, b.day)
    }

    /// One line of `runbook log`: `#12  14:05  T+02:05  actor (role)  what happened`, the date
    /// first when the incident spans days; a back-dated entry with when it was recorded; an
    /// entry marked in error with the correction and its reason. With `clock` (`ReportClock.during`
    /// the incident) and the clocks changed during it, each time carries its zone (`01:30 EST`).
    public static func timelineText(_ e: JournalEntry, state: IncidentState, playbook: Playbook?, withDate: Bool,
                                    clock: ReportClock? = nil) -> String {
        let zoned = clock?.marksZones == true ? clock : nil
        let when = zoned.map { withDate ? $0.dateTime(e.when) : $0.time(e.when) } ?? (withDate ? e.when.localDateTime : e.when.localHHMM)
        let station = stationMark(e, state: state).map { " (\($0))" } ?? ""
        var s = "#\(e.seq)\(station)  \(when)  \(offset(e.when, from: state.activated))  \(who(e, role: state.facts.role(of: e)))  \(line(e, playbook: playbook, state: state))"
        if e.isBackDated {
            let recorded = zoned.map { withDate || $0.date(e.time) != $0.date(e.when) ? $0.dateTime(e.time) : $0.time(e.time) }
                ?? (withDate ? e.time.localDateTime : e.time.localClock(relativeTo: e.when))
            s += "  [recorded \(recorded)]"
        }
        if let by = state.corrected[e.seq] {
            let reason = state.entry(by)?.string("reason").map { ": " + $0.replacingOccurrences(of: "\n", with: " ") } ?? ""
            s += "  [ENTERED IN ERROR — corrected by #\(by)\(reason)]"
        }
        if let c = collisionMark(e, state: state) { s += "  [\(c)]" }
        return s
    }

    /// "COLLISION with #15 at IT war room": an entry that collided with another station's on the
    /// same task or decision, made apart (`Collision`); nil otherwise.
    public static func collisionMark(_ e: JournalEntry, state: IncidentState) -> String? {
        guard let c = state.collisions.first(where: { $0.seqs.contains(e.seq) }) else { return nil }
        let others = c.seqs.filter { $0 != e.seq }.compactMap { state.entry($0) }.map { o in
            "#\(o.seq)" + (o.origin.map { " at " + stationName($0.station, state: state) } ?? "")
        }
        let counts = c.seqs.last == e.seq ? "this one counts" : "the later counts"
        return "COLLISION with \(others.joined(separator: ", ")), made apart; \(counts)"
    }

    /// Which station recorded an entry of a merged record, and its number there: "ED desk #12"
    /// (a station not named yet goes by the first 8 characters of its id). Nil for an entry of
    /// a lone chain, whose number is its own.
    public static func stationMark(_ e: JournalEntry, state: IncidentState) -> String? {
        guard let o = e.origin else { return nil }
        return "\(stationName(o.station, state: state)) #\(o.seq)"
    }

    /// What station `id` is called in `state`'s record.
    public static func stationName(_ id: String, state: IncidentState) -> String {
        state.stationNames[id] ?? "station " + String(id.prefix(8))
    }

    /// Whether an entry concerns `role`: counted in it (`counted`, the role the entry counts in,
    /// else the one recorded with it), about one of its tasks or decisions, or its assignment.
    public static func concerns(_ e: JournalEntry, role: String, playbook: Playbook?, counted: String? = nil) -> Bool {
        if (counted ?? e.actorRole) == role { return true }
        if e.kind == .roleAssigned, e.string("role") == role { return true }
        if let t = e.string("task"), playbook?.task(t)?.role == role { return true }
        if let d = e.string("decision"), playbook?.decision(d)?.role == role { return true }
        return false
    }
}

extension EntryText {
    /// The status word a task entry records: started, done, skipped, blocked, reopened.
    public static func verb(_ kind: EntryType) -> String {
        switch kind {
        case .taskStarted: return "started"
        case .taskDone: return "done"
        case .taskSkipped: return "skipped"
        case .taskBlocked: return "blocked"
        case .taskReopened: return "reopened"
        default: return kind.rawValue
        }
    }
}
