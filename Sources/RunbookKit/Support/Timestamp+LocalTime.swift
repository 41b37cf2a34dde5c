import Foundation

/// A local wall-clock time on this computer's clock, which may name no moment (the clocks went
/// forward over it in spring) or two (they went back over it in autumn).
public struct LocalWallTime: Sendable {
    /// The moment with its zone's abbreviation ("EDT") and UTC offset in seconds.
    public struct Reading: Sendable, Equatable {
        public var moment: Timestamp
        public var zone: String
        public var offset: Int
    }

    /// A time zone's rule: the UTC offset (seconds) and abbreviation in force at a moment
    /// (seconds since the epoch). `system` is this computer's clock; tests give others.
    public struct Zone: Sendable {
        public var offset: @Sendable (Int64) -> (seconds: Int, zone: String)
        public init(offset: @escaping @Sendable (Int64) -> (seconds: Int, zone: String)) { self.offset = offset }
        /// This computer's clock (`localtime_r`, so `TZ` applies).
        public static let system = Zone(offset: LocalWallTime.systemOffset)
    }

    public var year, month, day, hour, minute: Int
    /// The moments it names: none (in a spring-forward gap), one, or two (the autumn repeat).
    public var readings: [Reading]
    let zoneRule: Zone

    /// The readings of `year-month-day hour:minute` on the clock of `zone`; nil for a date that
    /// does not exist (31 February).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, zone: Zone = .system) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute
        self.zoneRule = zone
        let days = Timestamp.daysFromCivil(year, month, day)
        guard (1...12).contains(month), (1...31).contains(day), (0..<24).contains(hour), (0..<60).contains(minute),
              Timestamp.civil(fromDays: days) == (year, month, day) else { return nil }
        let wall = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60)
        var found: [Reading] = []
        // Every offset in use on either side of this wall time: a moment reads back as it only
        // at one of them, and across a change of offset at none or both.
        for probe in [wall - 86_400 - 14 * 3600, wall, wall + 86_400 + 14 * 3600] {
            let off = zone.offset(probe).seconds
            let moment = wall - Int64(off)
            let (o, abbreviation) = zone.offset(moment)
            if o == off, !found.contains(where: { $0.moment.millis == moment * 1000 }) {
                found.append(Reading(moment: Timestamp(millis: moment * 1000), zone: abbreviation, offset: off))
            }
        }
        readings = found.sorted { $0.moment < $1.moment }
    }

    /// The UTC offset (seconds) and zone abbreviation in force at `secs` on this computer.
    @Sendable static func systemOffset(_ secs: Int64) -> (seconds: Int, zone: String) {
        var t = time_t(secs)
        var tmv = tm()
        localtime_r(&t, &tmv)
        let zone = tmv.tm_zone.map { String(cString: $0) } ?? ""
        return (Int(tmv.tm_gmtoff), zone)
    }

    /// Where the clocks changed near this wall time: the wall time they changed from and to,
    /// and the zones before and after ("02:00", "03:00", "EST", "EDT").
    public var change: (from: String, to: String, before: String, after: String)? {
        let wall = Int64(Timestamp.daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60)
        var lo = wall - 86_400 - 14 * 3600, hi = wall + 86_400 + 14 * 3600
        let first = zoneRule.offset(lo), last = zoneRule.offset(hi)
        guard first.seconds != last.seconds else { return nil }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if zoneRule.offset(mid).seconds == first.seconds { lo = mid } else { hi = mid }
        }
        func clock(_ wallSecs: Int64) -> String {
            let s = ((wallSecs % 86_400) + 86_400) % 86_400
            return Timestamp.pad(Int(s / 3600), 2) + ":" + Timestamp.pad(Int(s % 3600 / 60), 2)
        }
        return (clock(hi + Int64(first.seconds)), clock(hi + Int64(last.seconds)), first.zone, last.zone)
    }

    /// `-05:00` for an offset in seconds.
    public static func offsetText(_ seconds: Int) -> String {
        let m = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + Timestamp.pad(m / 60, 2) + ":" + Timestamp.pad(m % 60, 2)
    }

    /// The one moment this wall time names, chosen by `zone` (an abbreviation such as EST, or an
    /// offset such as -05:00) when given; throws one line naming the gap, or asking which of the
    /// two when the clocks went back over it. `typed` is the time as the person wrote it.
    public func moment(zone: String?, typed: String) throws -> Timestamp {
        let shown = "\(Timestamp.pad(year, 4))-\(Timestamp.pad(month, 2))-\(Timestamp.pad(day, 2)) \(Timestamp.pad(hour, 2)):\(Timestamp.pad(minute, 2))"
        if let zone {
            if let r = readings.first(where: { $0.zone.caseInsensitiveCompare(zone) == .orderedSame || LocalWallTime.offsetText($0.offset) == zone }) {
                return r.moment
            }
            if let off = WhenParser.offsetMinutes("x" + zone), abs(off) <= WhenParser.maxOffsetMinutes {
                let wall = Int64(Timestamp.daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60)
                return Timestamp(millis: (wall - Int64(off) * 60) * 1000)
            }
            let known = readings.map(\.zone).joined(separator: " or ")
            throw RunbookError.usage("cannot read time '\(typed)': \(shown) is not \(zone) on this computer's clock\(known.isEmpty ? "" : " (it is \(known))"); give the offset instead, e.g. \(shown)\(readings.first.map { LocalWallTime.offsetText($0.offset) } ?? "+00:00")")
        }
        switch readings.count {
        case 1:
            return readings[0].moment
        case 0:
            let c = change
            let why = c.map { "the clocks went forward from \($0.from) to \($0.to) that night (\($0.before) to \($0.after))" } ?? "the clocks skipped it"
            throw RunbookError.usage("time '\(typed)' does not exist: \(why), so \(shown) never happened on this computer's clock; give the time the clock showed (before \(c?.from ?? "it") or from \(c?.to ?? "after it"))")
        default:
            let a = readings[0], b = readings[readings.count - 1]
            let c = change
            let why = c.map { "the clocks went back from \($0.from) to \($0.to) that night" } ?? "the clocks went back"
            throw RunbookError.usage("time '\(typed)' is ambiguous: \(why), so \(shown) happened twice; say which: add \(a.zone) or \(b.zone) / \(LocalWallTime.offsetText(a.offset)) or \(LocalWallTime.offsetText(b.offset)) (e.g. '\(typed) \(b.zone)')")
        }
    }
}

extension Timestamp {
    /// The civil date of a day count from 1970-01-01 (the inverse of `daysFromCivil`).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
