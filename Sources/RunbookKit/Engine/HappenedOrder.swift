/// The order things happened, the one rule every reader of the story goes by: by when each
/// entry happened (`at`, else the time it was recorded), ties by seq. Entries are typed in
/// another order all the time — transcribed from the paper binder hours later, a start time
/// corrected by a second report — and the state, the timeline, the report's system segments
/// and the board's outage figures all follow this order, never the typing order.
///
/// The fold puts the incident's own facts first: entry 1 (`incident.opened`) and the
/// amendments of it (`incident.amended`) say what the incident is and when it began, which
/// every other entry is read against, so they come before everything whenever they happened
/// (an entry may rightly be back-dated before the activation).
public enum HappenedOrder {
    /// The sort key of `e` in the fold's order.
    @inlinable
    public static func foldKey(_ e: JournalEntry) -> (rank: Int, millis: Int64, seq: Int) {
        (isFact(e) ? 0 : 1, isFact(e) ? 0 : e.when.millis, e.seq)
    }

    /// Whether `e` is one of the incident's own facts, folded first.
    @inlinable
    public static func isFact(_ e: JournalEntry) -> Bool {
        e.seq == 1 || e.kind == .incidentAmended
    }

    /// Whether `a` comes before `b` in the story (the timeline's order: when, then seq).
    @inlinable
    public static func precedes(_ a: JournalEntry, _ b: JournalEntry) -> Bool {
        a.when != b.when ? a.when < b.when : a.seq < b.seq
    }

    /// The indices of `entries` (in journal order) in the order they happened, or nil when
    /// that is already their order (the usual case: the check is one pass, nothing is sorted).
    public static func timeline(_ entries: [JournalEntry]) -> [Int]? {
        let whens = entries.map(\.when.millis)
        guard zip(whens, whens.dropFirst()).contains(where: { $0 > $1 }) else { return nil }
        return entries.indices.sorted { whens[$0] != whens[$1] ? whens[$0] < whens[$1] : $0 < $1 }
    }

    /// The indices of `entries` (in journal order) in the fold's order, or nil when that is
    /// already their order.
    public static func fold(_ entries: [JournalEntry]) -> [Int]? {
        var previous: (rank: Int, millis: Int64, seq: Int)?
        var sorted = true
        for i in entries.indices {
            let k = foldKey(entries[i])
            if let p = previous, p > k { sorted = false; break }
            previous = k
        }
        if sorted { return nil }
        let keys = entries.map(foldKey)
        return entries.indices.sorted { keys[$0] < keys[$1] }
    }

    /// `entries` in the order they happened.
    public static func sorted(_ entries: [JournalEntry]) -> [JournalEntry] {
        guard let order = timeline(entries) else { return entries }
        return order.map { entries[$0] }
    }
}
