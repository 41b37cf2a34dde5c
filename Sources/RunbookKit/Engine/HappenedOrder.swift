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

    /// The indices of `entries` (in journal order) in the order they happened, or nil when
    /// that is already their order (the usual case: the check is one pass, nothing is sorted).
    public static func timeline(_ entries: [JournalEntry]) -> [Int]? {
        let whens = entries.map(\.when.millis)
        return order(whens.count) { i, j in whens[i] != whens[j] ? whens[i] < whens[j] : i < j }
    }

    /// The indices of `entries` (in journal order) in the fold's order, or nil when that is
    /// already their order.
    public static func fold(_ entries: [JournalEntry]) -> [Int]? {
        // Facts first (rank 0, time 0), then by when; seq (the index + 1) breaks ties.
        let ranked = entries.map { isFact($0) ? Int64.min : $0.when.millis }
        return order(ranked.count) { i, j in ranked[i] != ranked[j] ? ranked[i] < ranked[j] : i < j }
    }

    /// The indices 0..<count sorted by `before` (a strict order in which index breaks ties), or
    /// nil when they already are. A journal is nearly in order — a few entries typed out of
    /// their turn among many — so it is not sorted whole: the entries that keep the order so
    /// far stay where they are, only the others are sorted, and the two runs are merged. A
    /// 200,000-entry journal with every tenth entry back-dated sorts 20,000, not 200,000.
    static func order(_ count: Int, _ before: (Int, Int) -> Bool) -> [Int]? {
        var spine: [Int] = []
        var late: [Int] = []
        spine.reserveCapacity(count)
        for i in 0..<count {
            if let last = spine.last, before(i, last) { late.append(i) } else { spine.append(i) }
        }
        if late.isEmpty { return nil }
        late.sort(by: before)
        var merged: [Int] = []
        merged.reserveCapacity(count)
        var a = 0, b = 0
        while a < spine.count || b < late.count {
            if b == late.count || (a < spine.count && !before(late[b], spine[a])) {
                merged.append(spine[a]); a += 1
            } else {
                merged.append(late[b]); b += 1
            }
        }
        return merged
    }

    /// `entries` in the order they happened.
    public static func sorted(_ entries: [JournalEntry]) -> [JournalEntry] {
        guard let order = timeline(entries) else { return entries }
        return order.map { entries[$0] }
    }
}
