/// The times a journal entry may carry: what its reader accepts, and what a person may give
/// with `--at` (or `--discovered`). The writer checks these before anything is written, so
/// nothing is acknowledged that `verify` would later call damage.
public enum ActionTime {
    /// 2000-01-01T00:00:00Z: no outage this program records happened before it.
    public static let earliest = Timestamp(millis: 946_684_800_000)
    /// How far before the incident's discovery `--at` may reach (a year of 366 days).
    public static let maxBeforeDiscovery = 366 * 86_400

    /// Whether the journal's reader reads `t` back as written: the reader's own rule, the
    /// formatter then the parser of `Timestamp`, so the two can never disagree.
    public static func isRecordable(_ t: Timestamp) -> Bool {
        Timestamp(rfc3339: t.rfc3339)?.millis == t.millis
    }

    /// Refuses to record anything while the computer's clock reads a time the journal cannot hold.
    public static func checkClock(_ now: Timestamp) throws {
        guard isRecordable(now), now >= earliest else {
            throw RunbookError.refused(.clockWrong(now: now))
        }
    }

    /// How far past the previous entry's recorded time the computer's clock may read before
    /// recording needs `--force` (a day): a clock set to 2100 or 9999 would otherwise make one
    /// entry the report's "as of" and every deadline missed.
    public static let maxAheadOfPrevious: Int64 = 86_400_000

    /// The day-ahead rule: recording while the computer's clock reads more than a day past the
    /// previous entry's recorded time (`previous`) is refused; with `--force` (the screen asks)
    /// it is recorded, and the entry says so in its `clockAhead` member. Not a deviation: the
    /// work was not done out of order, the clock was only checked (a quiet weekend is real; a
    /// clock in 2100 is not).
    static func checkAhead(_ now: Timestamp, previous: Timestamp?, force: Bool) throws -> JSONScalar? {
        guard let previous, now.millis - previous.millis > maxAheadOfPrevious else { return nil }
        let refusal = Refusal.clockAhead(now: now, previous: previous)
        guard force else { throw RunbookError.refused(refusal) }
        return .string(refusal.deviation ?? "")
    }

    /// The minute rule: whether `at` is before `other`, where a time given to the minute (a
    /// typed `09:24` or `2026-11-29 09:24`, no seconds) is a minute wide, so 09:24 is not before
    /// a prerequisite done at 09:24:31. Every check of a back-dated time's order asks this.
    /// It reads only the two times, so the same entry is judged the same on every reading.
    public static func isBefore(_ at: Timestamp, _ other: Timestamp) -> Bool {
        guard at.millis % 60_000 == 0 else { return at < other }
        let otherMinute = other.millis - ((other.millis % 60_000) + 60_000) % 60_000
        return at.millis < otherMinute
    }

    /// How far back a typed time may be before it is confirmed (12 hours): the screen asks
    /// y/n, the command line says it on a `runbook: note:` line. Further back is often right
    /// (paper transcribed the next morning), and as often a wrong day.
    public static let confirmBackAfter = 12 * 3600

    /// Whether `at` is more than `confirmBackAfter` before `now`.
    public static func needsConfirming(_ at: Timestamp, now: Timestamp) -> Bool {
        now.millis - at.millis > Int64(confirmBackAfter) * 1000
    }

    /// Checks the clock and a time given with `--at` against the incident: not before 2000,
    /// not more than a year before `discovered`, not in the future.
    public static func check(_ at: Timestamp?, now: Timestamp, discovered: Timestamp) throws {
        try checkClock(now)
        guard let at else { return }
        guard at >= earliest, isRecordable(at) else {
            throw RunbookError.usage("--at \(at.rfc3339) is before the year 2000; give the time it really happened")
        }
        guard at.millis >= discovered.millis - Int64(maxBeforeDiscovery) * 1000 else {
            throw RunbookError.usage("--at \(at.localDateTime) is more than a year before the incident was discovered (\(discovered.localDateTime)); give the time it really happened")
        }
        guard !ActionRules.isInFuture(at, now: now) else {
            throw RunbookError.usage("--at \(at.localDateTime) is in the future; give the time it really happened")
        }
    }
}
