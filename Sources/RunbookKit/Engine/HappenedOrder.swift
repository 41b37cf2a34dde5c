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
    /// Where an entry stands in the fold's order: when it happened (the incident's own facts at
    /// the very start), then its seq.
    public typealias Key = (when: Int64, seq: Int)

    /// The sort key of `e` in the fold's order: the one definition `fold` sorts by and the
    /// engine compares a newly read entry with.
    @inlinable
    public static func foldKey(_ e: JournalEntry) -> Key {
        (isFact(e) ? Int64.min : e.when.millis, e.seq)
    }

    /// Whether `e` is one of the incident's own facts, folded first.
    @inlinable
    public static func isFact(_ e: JournalEntry) -> Bool {
        e.seq == 1 || e.kind == .incidentAmended
    }

    /// The indices of `entries` (in journal order) in the order they happened, or nil when
    /// that is already their order (the usual case: the check is one pass, nothing is sorted).
    public static func timeline(_ entries: [JournalEntry]) -> [Int]? {
        order(entries.map(\.when.millis))
    }

    /// The indices of `entries` (in journal order) in the fold's order, or nil when that is
    /// already their order.
    public static func fold(_ entries: [JournalEntry]) -> [Int]? {
        // By `foldKey`: its seq is the entry's place in `entries`, the index `order` breaks ties by.
        order(entries.map { foldKey($0).when })
    }

    /// The indices of `keys` sorted by key, ties by index, or nil when they already are. A
    /// journal is nearly in order — a few entries typed out of their turn among many — so it is
    /// not sorted whole: the entries that keep the order so far stay where they are, only the
    /// others are sorted, and the two runs are merged. A 200,000-entry journal with every tenth
    /// entry back-dated sorts 20,000, not 200,000; one in order is one pass.
    static func order(_ keys: [Int64]) -> [Int]? {
        let count = keys.count
        guard (1..<max(1, count)).contains(where: { keys[$0] < keys[$0 - 1] }) else { return nil }
        var spine: [Int] = []
        var late: [Int] = []
        spine.reserveCapacity(count)
        var top = Int64.min
        for i in 0..<count {
            if keys[i] < top { late.append(i) } else { spine.append(i); top = keys[i] }
        }
        late.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var merged: [Int] = []
        merged.reserveCapacity(count)
        var a = 0, b = 0
        while a < spine.count || b < late.count {
            // From the kept run unless the late one comes first (its key is lower, or equal with
            // a lower index).
            if b < late.count, a == spine.count || keys[late[b]] < keys[spine[a]] || (keys[late[b]] == keys[spine[a]] && late[b] < spine[a]) {
                merged.append(late[b]); b += 1
            } else {
                merged.append(spine[a]); a += 1
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
