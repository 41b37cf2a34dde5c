/// What this station holds of each station's chain of an incident, and how fresh it is: "ED
/// desk: synced 14 min ago, 32 entries". Read from the files (a copy's modification time is
/// when sync took it in), not folded from the entries: every screen shows it, `status --json`
/// does not (two stations holding the same chains took them in at different times).
public struct StationHeld: Sendable, Equatable {
    public var id: String
    /// The name the chain gives its station, if any.
    public var name: String?
    /// This station's own chain.
    public var isOwn: Bool
    /// Entries of the chain held here.
    public var entries: Int
    /// When its last entry was recorded, by its station's clock.
    public var lastRecorded: Timestamp?
    /// When this station took the copy in (nil for its own chain).
    public var synced: Timestamp?

    /// How far past the time this station took the copy in its last entry was recorded: that
    /// station's clock ran at least this far ahead (isolated laptops lose time sync). Nil when
    /// within `clockTolerance`.
    public var clockAhead: Int? {
        guard let synced, let last = lastRecorded else { return nil }
        let ahead = synced.seconds(until: last)
        return ahead > StationHeld.clockTolerance ? ahead : nil
    }

    /// A clock this far ahead is only a slow sync or a few seconds' drift: not flagged.
    public static let clockTolerance = 5 * 60

    /// What the station is called: its name, else "station" and the first 8 characters of its id.
    public var label: String { name ?? "station " + String(id.prefix(8)) }

    /// In words, as of `now`: "ED desk: synced 14 min ago, 32 entries; its clock runs ≥ 14 min
    /// ahead" or "ED desk (this station): 12 entries". The board, `status`, the command post
    /// and the roll-up all say it so.
    public func words(now: Timestamp) -> String {
        var s = label
        if isOwn {
            s += " (this station): \(entries) \(entries == 1 ? "entry" : "entries")"
        } else if let synced {
            s += ": synced \(PlaybookDuration.spoken(seconds: max(0, synced.seconds(until: now)))) ago, \(entries) \(entries == 1 ? "entry" : "entries")"
        }
        if let ahead = clockAhead { s += "; its clock runs ≥ \(PlaybookDuration.spoken(seconds: ahead)) ahead" }
        return s
    }
}
