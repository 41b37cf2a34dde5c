import Foundation

/// The chains an incident's record is made of (DESIGN.md, Stations): this station's own
/// `journal.jsonl`, and the verified copies of other stations' chains that `runbook sync` keeps
/// in `stations/<station-id>.jsonl` beside it. The one place that says which files those are:
/// the merged fold, `verify`, sync and the roll-up all ask it.
public enum IncidentChains {
    /// One chain file of an incident.
    public struct Chain: Sendable, Equatable {
        /// The station whose chain it is; nil for this station's own `journal.jsonl` (whose
        /// station id is this home's, when it has one).
        public var station: String?
        /// Where the chain is.
        public var path: String
        /// When this station last took the copy in (the file's modification time); nil for
        /// its own journal.
        public var synced: Timestamp?
        /// This station's own chain.
        public var isOwn: Bool { station == nil }
    }

    /// The folder of other stations' chains of incident `id`.
    public static func stationsFolder(store: IncidentStore, id: String) -> String {
        store.incidentsDir + "/" + id + "/stations"
    }

    /// The path of station `station`'s chain copy in incident `id`.
    public static func copyPath(store: IncidentStore, id: String, station: String) -> String {
        stationsFolder(store: store, id: id) + "/" + station + ".jsonl"
    }

    /// Whether `name` is a station id: 16 lowercase hex characters (`Station.id`).
    public static func isStationID<S: StringProtocol>(_ name: S) -> Bool {
        let u = Array(name.utf8)
        return u.count == 16 && u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The copies of other stations' chains held for incident `id`, ordered by station id:
    /// regular files named `<station-id>.jsonl` only (a temporary name a sync left, a link or
    /// anything else is not a chain). Empty when the incident has none.
    public static func copies(store: IncidentStore, id: String) -> [Chain] {
        let folder = stationsFolder(store: store, id: id)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var out: [Chain] = []
        for name in names where name.hasSuffix(".jsonl") {
            let station = String(name.dropLast(6))
            guard isStationID(station) else { continue }
            let path = folder + "/" + name
            var st = stat()
            guard store.files.lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            let synced = Timestamp(millis: Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000)
            out.append(Chain(station: station, path: path, synced: synced))
        }
        return out.sorted { ($0.station ?? "") < ($1.station ?? "") }
    }

    /// Every chain of incident `id`: its own journal first (when this station has acted on it),
    /// then the copies by station id.
    public static func all(store: IncidentStore, id: String) -> [Chain] {
        var out: [Chain] = []
        var st = stat()
        if store.files.lstat(store.journalPath(id), &st) == 0 { out.append(Chain(station: nil, path: store.journalPath(id), synced: nil)) }
        return out + copies(store: store, id: id)
    }
}
