import Foundation

/// How the report writes times: local wall-clock time of the computer that makes it (the
/// default, what the command post read on its screens), or UTC (`utc`, for golden tests and for
/// a report shared across time zones). The zone is named in the report's title block.
public struct ReportClock: Sendable {
    public var utc: Bool
    /// The zones (abbreviation or offset) the local clock showed during the incident, in
    /// order (`during`): more than one when the clocks changed (EDT, then EST).
    public private(set) var zones: [String] = []

    /// The local zone's rule when not this computer's (`TZ`): tests give New York's.
    public var zone: LocalWallTime.Zone?

    public init(utc: Bool = false, zone: LocalWallTime.Zone? = nil) { self.utc = utc; self.zone = zone }

    /// The clock-change rule, its one home: when the local zone's UTC offset was not the same
    /// all through the incident (`from`, activation or discovery, to `to`, its close or as-of),
    /// every local time the report shows carries its zone (`01:30 EDT`, `01:30 EST`, or
    /// `+05:30` for a zone without an abbreviation), since one wall-clock time then names two
    /// moments; the title block names both. In UTC, or with one offset throughout, nothing changes.
    public func during(from: Timestamp, to: Timestamp) -> ReportClock {
        var c = self
        c.zones = []
        guard !utc else { return c }
        let start = min(from, to), end = max(from, to)
        // An hour at a time (a day at a time past a year): every change of offset lasts longer.
        let span = end.millis - start.millis
        let step: Int64 = span > 366 * 86_400_000 ? 86_400_000 : 3_600_000
        var t = start.millis
        var lastOffset: Int?
        while true {
            let moment = Timestamp(millis: min(t, end.millis))
            let off = parts(moment).offset
            if off != lastOffset {
                lastOffset = off
                let z = zoneMark(moment)
                if !c.zones.contains(z) { c.zones.append(z) }
            }
            if t >= end.millis { break }
            t += step
        }
        return c
    }

    /// `during` the incident `s` has folded: from its discovery or activation, whichever came
    /// first, to its close or, open, the latest recorded time (the report's "as of").
    public func during(_ s: IncidentState) -> ReportClock {
        during(from: min(s.discovered, s.activated), to: s.closed ?? (s.latestCounting ?? s.activated))
    }

    /// Whether every local time carries its zone: the offset changed during the incident.
    public var marksZones: Bool { zones.count > 1 }

    /// The zone's abbreviation at `t` (`EDT`), or its UTC offset (`+05:30`) when it has none
    /// made of letters.
    func zoneMark(_ t: Timestamp) -> String {
        let (seconds, name) = (zone ?? .system).offset(t.millis >= 0 ? t.millis / 1000 : (t.millis - 999) / 1000)
        if !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) { return name }
        return LocalWallTime.offsetText(seconds)
    }

    /// " EDT" after a local time when `marksZones`; nothing otherwise.
    func zoneSuffix(_ t: Timestamp) -> String { marksZones ? " " + zoneMark(t) : "" }

    /// Wall-clock parts and the offset from UTC in seconds.
    func parts(_ t: Timestamp) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, offset: Int) {
        var secs = time_t(t.millis >= 0 ? t.millis / 1000 : (t.millis - 999) / 1000)
        if !utc, let zone {
            let off = zone.offset(Int64(secs)).seconds
            let wall = Int64(secs) + Int64(off)
            let days = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
            let (y, mo, d) = Timestamp.civil(fromDays: Int(days))
            let s = Int(wall - days * 86_400)
            return (y, mo, d, s / 3600, s % 3600 / 60, off)
        }
        var tmv = tm()
        if utc { gmtime_r(&secs, &tmv) } else { localtime_r(&secs, &tmv) }
        return (Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1, Int(tmv.tm_mday), Int(tmv.tm_hour), Int(tmv.tm_min),
                utc ? 0 : Int(tmv.tm_gmtoff))
    }

    /// This computer's time zone as `TZ` names it (`Europe/Paris`), for an export's stamp: `TZ`
    /// when set, else the zone `/etc/localtime` links to; nil when it has no such name. With it,
    /// `verify --export` elsewhere writes the export's times as they were written.
    public static var localZoneName: String? {
        if let tz = getenv("TZ").map({ String(cString: $0) }), !tz.isEmpty { return isZoneName(tz) ? tz : nil }
        var buf = [CChar](repeating: 0, count: 1024)
        let n = readlink("/etc/localtime", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        let target = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let r = target.range(of: "zoneinfo/") else { return nil }
        let name = String(target[r.upperBound...])
        return isZoneName(name) ? name : nil
    }

    /// Whether `s` can stand in a stamp as a zone's name: short, letters, digits and `/_+-:.,`.
    static func isZoneName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "/_+-:.,".utf8.contains(b)
        }
    }

    /// `2026-11-29 14:05`.
    public func dateTime(_ t: Timestamp) -> String {
        let d = dateTimePieces(t)
        return d.head + Timestamp.pad(d.minute, 2) + d.tail
    }

    /// `dateTime` in pieces: the text up to its minute (`2026-11-29 14:`), the minute, and the
    /// zone mark after it, which the report's rows reuse for a whole quarter hour (`MinuteTexts`).
    func dateTimePieces(_ t: Timestamp) -> (head: String, minute: Int, tail: String) {
        let p = parts(t)
        return ("\(Timestamp.pad(p.year, 4))-\(Timestamp.pad(p.month, 2))-\(Timestamp.pad(p.day, 2)) \(Timestamp.pad(p.hour, 2)):", p.minute, zoneSuffix(t))
    }

    /// `2026-11-29`.
    public func date(_ t: Timestamp) -> String {
        let p = parts(t)
        return "\(Timestamp.pad(p.year, 4))-\(Timestamp.pad(p.month, 2))-\(Timestamp.pad(p.day, 2))"
    }

    /// `Mon 2 Nov`: the day, as the picture's axis labels its midnights.
    public func day(_ t: Timestamp) -> String {
        let p = parts(t)
        let month = Timestamp.monthName(p.month)
        return "\(Timestamp.weekdayNames[weekday(t)]) \(p.day) \(month)"
    }

    /// The day of the week at `t` on this clock, 0 = Sunday.
    public func weekday(_ t: Timestamp) -> Int {
        let p = parts(t)
        // 1970-01-01 was a Thursday.
        return ((Timestamp.daysFromCivil(p.year, p.month, p.day) % 7) + 7 + 4) % 7
    }

    /// The first local midnight after `t` (the next day's first moment when the clocks skip
    /// midnight): where the picture's day ticks go.
    public func nextMidnight(after t: Timestamp) -> Timestamp {
        let p = parts(t)
        let day = Int64(Timestamp.daysFromCivil(p.year, p.month, p.day) + 1) * 86_400
        // The offset at midnight may differ from `t`'s (a change of the clocks): take it there.
        var at = day - Int64(p.offset)
        let q = parts(Timestamp(millis: at * 1000))
        if q.offset != p.offset { at = day - Int64(q.offset) }
        return Timestamp(millis: max(at * 1000, t.millis + 1))
    }

    /// `14:05` (24-hour; `01:30 EST` when `marksZones`).
    public func time(_ t: Timestamp) -> String {
        let p = parts(t)
        return Timestamp.pad(p.hour, 2) + ":" + Timestamp.pad(p.minute, 2) + zoneSuffix(t)
    }

    /// The zone as the title block names it: `UTC`, or `local time in Europe/Paris
    /// (UTC+01:00)` at moment `t` (the zone's name when this computer has one); when the
    /// clocks changed during the incident, both zones: `local time in America/New_York
    /// (EDT/EST: the clocks changed during the incident; each time says which)`.
    public func zoneName(at t: Timestamp) -> String {
        if utc { return "UTC" }
        // A rule given in place of this computer's has no name here.
        let name = zone == nil ? ReportClock.localZoneName.map { " in \($0)" } ?? "" : ""
        if marksZones {
            return "local time\(name) (\(zones.joined(separator: "/")): the clocks changed during the incident; each time says which)"
        }
        return "local time\(name) (UTC\(LocalWallTime.offsetText(parts(t).offset)))"
    }

    /// Time after activation as it is written everywhere (`Elapsed`): `T+00:45`, `T+26:05`,
    /// `T+54d 22:20` from 48 hours, `T−01:10` before it.
    public static func tPlus(_ seconds: Int) -> String { Elapsed.text(seconds: seconds) }

    /// A signed difference against plan in words: `on time`, `12 min late`, `1 h 5 min early`.
    public static func against(plan seconds: Int) -> String {
        if abs(seconds) < 60 { return "on time" }
        return PlaybookDuration.spoken(seconds: seconds) + (seconds > 0 ? " late" : " early")
    }
}

/// The timeline's date-time and T+ texts, remembered for the last minute seen: consecutive
/// entries mostly share a minute, and a long timeline would otherwise convert every one. The
/// date, hour and zone mark are remembered for the quarter hour: an outage of weeks has an
/// entry every half minute or so, not several a minute.
struct MinuteTexts {
    let clock: ReportClock
    let activated: Timestamp
    private var minute: Int64 = .min
    private var text = ""
    private var quarter: Int64 = .min
    private var pieces: (head: String, minute: Int, tail: String) = ("", 0, "")
    private var offsetMinute: Int64 = .min
    private var offsetText = ""

    init(clock: ReportClock, activated: Timestamp) { self.clock = clock; self.activated = activated }

    /// `clock.dateTime(t)`.
    mutating func dateTime(_ t: Timestamp) -> String {
        let m = t.millis >= 0 ? t.millis / 60_000 : (t.millis - 59_999) / 60_000
        if m == minute { return text }
        // Zones are offset from UTC, and change their offsets, by whole quarter hours at quarter
        // hours of UTC: within one, the local date, hour and zone mark hold and the local
        // minute moves with UTC's.
        let q = m >= 0 ? m / 15 : (m - 14) / 15
        if q != quarter { quarter = q; pieces = clock.dateTimePieces(Timestamp(millis: q * 15 * 60_000)) }
        minute = m
        text = pieces.head + Timestamp.pad(pieces.minute + Int(m - q * 15), 2) + pieces.tail
        return text
    }

    /// `ReportClock.tPlus` of `t` after activation.
    mutating func tPlus(_ t: Timestamp) -> String {
        let s = Int64(activated.seconds(until: t))
        // Whole minutes toward zero, and the sign: exactly what the text shows.
        let m = (s / 60) * 2 + (s < 0 ? 1 : 0)
        if m != offsetMinute { offsetMinute = m; offsetText = ReportClock.tPlus(Int(s)) }
        return offsetText
    }
}
