import Foundation

extension Timestamp {
    /// The local weekday of this moment, 0 = Sunday.
    public var localWeekday: Int {
        var secs = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var tmv = tm()
        localtime_r(&secs, &tmv)
        return Int(tmv.tm_wday)
    }

    /// Short English weekday names, Sunday first (the forms `Tue 14:00` takes and shows).
    public static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Short English month name of `month` (1–12, clamped): `Nov`.
    public static func monthName(_ month: Int) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][max(0, min(11, month - 1))]
    }

    /// The local 24-hour time alone today (`14:05`), else the one date form every screen uses
    /// (`Tue 1 Dec 14:05`, `localWeekdayDateClock`): how a restoration estimate is said. Never a
    /// bare weekday, which on a long outage can mean this week's Tuesday or last week's.
    public func localWeekdayClock(relativeTo now: Timestamp) -> String {
        let p = localParts(), n = now.localParts()
        if p.year == n.year && p.month == n.month && p.day == n.day { return Timestamp.pad(p.hour, 2) + ":" + Timestamp.pad(p.minute, 2) }
        return localWeekdayDateClock
    }
}

extension WhenParser {
    /// The forms a restoration estimate takes, for the help and the error.
    public static let estimateForms = "HH:MM (the next time the clock shows it: at 23:00, 06:00 is tomorrow morning), +36h or +1d12h (from now), Tue 14:00 (the next Tuesday, today if still ahead), YYYY-MM-DD HH:MM (local), or RFC 3339 (2026-12-01T14:00:00Z)"

    /// Reads when a system is expected back. Unlike `--at`, which looks back, an estimate looks
    /// ahead: `HH:MM` is its next occurrence and `Tue 14:00` the next Tuesday at 14:00.
    public static func parseEstimate(_ text: String, now: Timestamp) throws -> Timestamp {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("+"), let d = PlaybookDuration(parsing: String(t.dropFirst())) {
            return now.adding(seconds: d.seconds)
        }
        if let (h, m) = hourMinute(t) { return next(hour: h, minute: m, weekday: nil, now: now) }
        let parts = t.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count == 2, let (h, m) = hourMinute(String(parts[1])), let wd = weekday(String(parts[0])) {
            return next(hour: h, minute: m, weekday: wd, now: now)
        }
        if let ts = try absolute(t, what: "the estimate '\(text)'") { return ts }
        throw RunbookError.usage("cannot read the estimate '\(text)': use \(estimateForms)")
    }

    /// `14:05` or `9:30` as hour and minute; nil for other text. ASCII digits only: `Int("+1")`
    /// is 1, and an estimate typed "+1:30" (meant: in an hour and a half) was read as 01:30,
    /// an `--at -0:30` (half an hour ago) as 00:30.
    static func hourMinute(_ t: String) -> (Int, Int)? {
        let b = Array(t.utf8)
        guard b.count == 5 || b.count == 4, b[b.count - 3] == UInt8(ascii: ":"),
              let h = ASCIIDigits.value(b, 0..<(b.count - 3)), let m = ASCIIDigits.value(b, (b.count - 2)..<b.count),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return (h, m)
    }

    /// A weekday named in English, `tue`, `Tues`, `Tuesday`: 0 = Sunday.
    static func weekday(_ word: String) -> Int? {
        let w = word.lowercased()
        guard w.count >= 3 else { return nil }
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        return full.firstIndex { $0.hasPrefix(w) }
    }

    /// The first local `hour:minute` after `now` (on `weekday` if given).
    static func next(hour: Int, minute: Int, weekday: Int?, now: Timestamp) -> Timestamp {
        var day = now
        for _ in 0..<9 {
            if let t = Timestamp.localToday(hour: hour, minute: minute, now: day), t > now,
               weekday.map({ t.localWeekday == $0 }) ?? true {
                return t
            }
            day = day.adding(seconds: 86_400)
        }
        return now
    }
}
