import Foundation

/// `runbook status --all --json`: the roll-up's rows as one document, encoded as every JSON
/// output is (`JSONOutput`: sorted keys, so the text is stable), every key always present.
public enum RollupJSON {
    /// The whole document.
    public struct Document: Codable, Sendable, Equatable {
        public var incidents: [Incident]
    }

    /// One incident's row.
    public struct Incident: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        @Nullable public var facility: String?
        @Nullable public var activated: String?
        @Nullable public var closed: String?
        public var exercise: Bool
        public var systemsDown: [String]
        public var diverting: Bool
        public var overdue: Int
        public var blocked: Int
        @Nullable public var next: Next?
        @Nullable public var lastEntry: String?
        public var stations: [Station]
        /// Why the incident, its journal or one of its chains cannot be trusted; null when all can.
        @Nullable public var problem: String?
    }

    /// The next deadline (`BoardFacts.next`).
    public struct Next: Codable, Sendable, Equatable {
        public var task, title, due: String
    }

    /// One chain of the incident.
    public struct Station: Codable, Sendable, Equatable {
        @Nullable public var id: String?
        @Nullable public var name: String?
        /// This station's own chain.
        public var own: Bool
        public var entries: Int
        @Nullable public var synced: String?
        public var head: String
        @Nullable public var problem: String?
    }

    /// The rows as the document's values.
    public static func document(_ rows: [Rollup.Row]) -> Document {
        Document(incidents: rows.map { r in
            let f = r.facts
            return Incident(id: r.id, name: r.name, facility: f?.facility, activated: f?.activated.rfc3339, closed: f?.closed?.rfc3339,
                            exercise: f?.exercise ?? false, systemsDown: f?.systemsDown ?? [], diverting: f?.diverting ?? false,
                            overdue: f?.overdue ?? 0, blocked: f?.blocked ?? 0,
                            next: f?.next.map { Next(task: $0.task, title: $0.title, due: $0.due.rfc3339) },
                            lastEntry: f?.lastEntry?.rfc3339,
                            stations: r.stations.map { Station(id: $0.id, name: $0.name, own: $0.own, entries: $0.entries,
                                                               synced: $0.synced?.rfc3339, head: $0.head, problem: $0.problem) },
                            problem: RollupText.problem(r))
        })
    }

    /// The rows as one JSON document.
    public static func render(_ rows: [Rollup.Row]) -> String {
        JSONOutput.text(document(rows))
    }
}

/// The roll-up in words: `status --all` (one line per incident), and the cells `board --all`
/// lays out (CursesUI's `RollupRenderer`, on the screen and `--once`).
public enum RollupText {
    /// The table's columns, in the order they are shown.
    public enum Column: String, CaseIterable, Sendable {
        case facility = "Facility", incident = "Incident", elapsed = "T+", down = "Systems down", diverting = "Diverting",
             overdue = "Overdue", blocked = "Blocked", next = "Next deadline", lastEntry = "Last entry", stations = "Stations"
    }

    /// What cannot be trusted about row `r`, in one line; nil when everything can.
    public static func problem(_ r: Rollup.Row) -> String? {
        if let p = r.problem { return "cannot be read: \(TextFold.oneLine(p))" }
        if let d = r.facts?.damage { return TextFold.oneLine(d) }
        if let s = r.stations.first(where: { $0.problem != nil }), let p = s.problem {
            return "\(s.label)'s chain is damaged after entry \(s.entries): \(TextFold.oneLine(p))"
        }
        return nil
    }

    /// `seconds` from now in words: "in 2 h 5 min", "5 min ago", "now".
    static func relative(_ t: Timestamp, now: Timestamp) -> String {
        let s = now.seconds(until: t)
        if abs(s) < 60 { return "now" }
        return s > 0 ? "in " + PlaybookDuration.spoken(seconds: s) : PlaybookDuration.spoken(seconds: -s) + " ago"
    }

    /// One chain's freshness: "ED desk: synced 14 min ago, 32 entries", "this station: 120 entries".
    /// Said as every screen says a station's part (`StationHeld.words`), with damage.
    public static func freshness(_ s: Rollup.Station, now: Timestamp) -> String {
        let held = StationHeld(id: s.id ?? "", name: s.name ?? (s.id == nil ? "this station" : nil), isOwn: s.own, entries: s.entries,
                               lastRecorded: s.lastRecorded, synced: s.synced)
        var out = held.words(now: now)
        if s.problem != nil { out += ", DAMAGED after entry \(s.entries)" }
        return out
    }

    /// Row `r`'s cell for `column` at `now`.
    public static func cell(_ r: Rollup.Row, _ column: Column, now: Timestamp) -> String {
        guard let f = r.facts else {
            switch column {
            case .facility: return "?"
            case .incident: return r.id
            case .stations: return stationsCell(r, now: now)
            default: return column == .elapsed ? "CANNOT BE READ" : ""
            }
        }
        switch column {
        case .facility: return f.facility ?? "—"
        case .incident: return f.name + (f.exercise ? " (EXERCISE)" : "") + (f.closed != nil ? " (closed)" : "") + (r.troubled ? " (DAMAGED)" : "")
        case .elapsed: return Elapsed.text(f.closed ?? now, from: f.activated)
        case .down: return f.systemsDown.isEmpty ? "none" : "\(f.systemsDown.count): " + f.systemsDown.joined(separator: ", ")
        case .diverting: return f.diverting ? "DIVERTING" : "no"
        case .overdue: return String(f.overdue)
        case .blocked: return String(f.blocked)
        case .next: return f.next.map { "\($0.title), \(relative($0.due, now: f.closed ?? now))" } ?? "—"
        case .lastEntry: return f.lastEntry.map { TimePreview.ago($0, now: now) } ?? "—"
        case .stations: return stationsCell(r, now: now)
        }
    }

    /// How many chains, and how long since the stalest copy was synced.
    static func stationsCell(_ r: Rollup.Row, now: Timestamp) -> String {
        let copies = r.stations.compactMap(\.synced)
        var s = "\(r.stations.count)"
        if let oldest = copies.min() { s += ", oldest synced \(TimePreview.ago(oldest, now: now))" }
        return s
    }

    /// `status --all`: one line per incident.
    public static func lines(_ rows: [Rollup.Row], now: Timestamp) -> String {
        if rows.isEmpty { return "No incidents in this home." }
        return rows.map { r in
            var parts = [cell(r, .facility, now: now), cell(r, .incident, now: now)]
            guard let f = r.facts else { return (parts + ["cannot be read", problem(r) ?? ""]).joined(separator: " · ") }
            parts.append(cell(r, .elapsed, now: now))
            parts.append(f.systemsDown.isEmpty ? "no system down" : "down: " + f.systemsDown.joined(separator: ", "))
            if f.diverting { parts.append("DIVERTING") }
            parts.append("\(f.overdue) overdue")
            parts.append("\(f.blocked) blocked")
            if f.next != nil { parts.append("next: " + cell(r, .next, now: now)) }
            parts.append("last entry " + cell(r, .lastEntry, now: now))
            parts.append("\(r.stations.count) station\(r.stations.count == 1 ? "" : "s")")
            if let p = problem(r) { parts.append("WARNING: " + p) }
            return parts.joined(separator: " · ")
        }.joined(separator: "\n")
    }
}
