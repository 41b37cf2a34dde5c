/// One record out of several stations' chains (DESIGN.md, Stations): every station that holds
/// the same chains builds the same merged record, whichever of them is its own, so their
/// states — `status --json` byte for byte — agree.
///
/// The merged record numbers its entries anew: entry 1 is the incident's `incident.opened`,
/// then every other entry of every chain in the order it was recorded, ties by station id and
/// then seq — each chain keeps its own order. That number is the entry's `seq` for the engine,
/// the screens and `correct`; `origin` keeps its station and its seq in its own chain, which
/// `verify`, witnesses and the journal files go by. The engine then folds in the order things
/// happened (`HappenedOrder`: `at`, else the recorded time, ties by this number), as it does a
/// lone chain.
///
/// A correction names its target in its own chain's numbers (`target`, with `targetStation`
/// when the target is another station's); in the merged record its `target` is the target's
/// merged number, or absent when the target's chain is not held here yet.
public enum MergedChains {
    /// One station's chain, as read: its entries in chain order (seq 1, 2, 3…).
    public struct Chain: Sendable {
        public var station: String
        public var entries: [JournalEntry]

        public init(station: String, entries: [JournalEntry]) {
            self.station = station
            self.entries = entries
        }
    }

    /// The merged record of `chains` (one chain, another station's, is a merged record too:
    /// its entries carry their station).
    public static func merge(_ chains: [Chain]) -> [JournalEntry] {
        let chains = chains.filter { !$0.entries.isEmpty }.sorted { $0.station < $1.station }
        // The chain that opened the incident gives entry 1, whoever recorded first.
        let opener = chains.firstIndex { $0.entries[0].kind == .incidentOpened }
        var next = [Int](repeating: 0, count: chains.count)
        var out: [JournalEntry] = []
        out.reserveCapacity(chains.reduce(0) { $0 + $1.entries.count })
        // Merged number of each chain's entries, by chain seq - 1: for corrections' targets.
        var numbers = chains.map { [Int](repeating: 0, count: $0.entries.count) }
        func take(_ c: Int) {
            var e = chains[c].entries[next[c]]
            e.origin = EntryOrigin(station: chains[c].station, seq: e.seq)
            numbers[c][next[c]] = out.count + 1
            e.seq = out.count + 1
            out.append(e)
            next[c] += 1
        }
        if let opener { take(opener) }
        while true {
            // The earliest recorded among the chains' next entries; ties by station id (the
            // chains are in that order), then seq (each chain's own order).
            var best = -1
            for c in chains.indices where next[c] < chains[c].entries.count {
                if best < 0 || chains[c].entries[next[c]].time < chains[best].entries[next[best]].time { best = c }
            }
            guard best >= 0 else { break }
            take(best)
        }
        // Corrections point at merged numbers.
        let chainIndex = Dictionary(uniqueKeysWithValues: chains.enumerated().map { ($1.station, $0) })
        for i in out.indices where out[i].kind == .entryCorrected {
            guard let origin = out[i].origin else { continue }
            let station = out[i].string("targetStation") ?? origin.station
            var fields = out[i].fields.filter { $0.0 != "target" }
            if let t = out[i]["target"]?.int, let c = chainIndex[station], t >= 1, t <= numbers[c].count {
                fields.insert(("target", .int(Int64(numbers[c][Int(t) - 1]))), at: 0)
            }
            out[i].fields = fields
        }
        return out
    }

    /// The name a chain's station goes by in the chain itself: the `stationName` of its latest
    /// `station.sealed` or `station.joined`. Read from the chain, not from this home, so every
    /// station holding the chain names it alike.
    public static func stationName(_ entries: [JournalEntry]) -> String? {
        for e in entries.reversed() where e.kind == .stationSealed || e.kind == .stationJoined {
            if let n = e.string("stationName") { return n }
        }
        return nil
    }
}
