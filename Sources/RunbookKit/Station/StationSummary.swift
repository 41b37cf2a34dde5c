/// Each station's part of an incident's record, read from the record itself (so every station
/// holding the same chains says the same): its id, the name its chain goes by, how many entries
/// it holds and its head. `status --json` lists them; the board and command post add how fresh
/// each copy is (`IncidentSession.stationFreshness`).
public struct StationSummary: Sendable, Equatable, Codable {
    /// The station's id.
    public var id: String
    /// The name its chain last gave (`stationName` of its latest seal or joining), if any.
    public var name: String?
    /// Entries of its chain held here.
    public var entries: Int
    /// Its chain's last entry's hash.
    public var head: String
    /// That entry as a witness (`HASH@SEQ` in its own chain), for `verify --witness`.
    public var witness: String
    /// When its last entry was recorded (by that station's clock).
    public var lastRecorded: String

    /// The stations of `state`'s record, by id. A merged record's entries carry their
    /// station (`origin`); a lone chain is its station's once it was sealed or joined (before
    /// its first sync it names no station, and the list is empty).
    public static func of(_ state: IncidentState) -> [StationSummary] {
        var byStation: [String: (count: Int, last: JournalEntry)] = [:]
        var lone: String?
        for e in state.entries {
            if e.origin == nil, lone == nil, e.kind == .stationSealed || e.kind == .stationJoined { lone = e.string("station") }
        }
        for e in state.entries {
            guard let station = e.origin?.station ?? lone else { continue }
            var r = byStation[station] ?? (0, e)
            r.count += 1
            if (e.origin?.seq ?? e.seq) >= (r.last.origin?.seq ?? r.last.seq) { r.last = e }
            byStation[station] = r
        }
        if lone != nil, let only = byStation.keys.first {
            // A lone chain's count is the journal's, even after a light read that kept only some.
            byStation[only]?.count = state.entryCount
        }
        return byStation.keys.sorted().compactMap { id in
            guard let r = byStation[id] else { return nil }
            let w = Witness(seq: r.last.origin?.seq ?? r.last.seq, hash: r.last.hash)
            return StationSummary(id: id, name: state.stationNames[id], entries: r.count, head: r.last.hash, witness: w.full, lastRecorded: r.last.time.rfc3339)
        }
    }
}
