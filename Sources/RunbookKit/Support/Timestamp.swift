import Foundation

/// A moment as whole milliseconds since 1970-01-01T00:00:00Z.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public var millis: Int64

    /// Wraps milliseconds since the epoch.
    public init(millis: Int64) { self.millis = millis }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(millis: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millis < b.millis }

    /// This moment moved by a number of seconds.
    public func adding(seconds: Int) -> Timestamp { Timestamp(millis: millis + Int64(seconds) * 1000) }

    /// Whole seconds from `self` to `other` (positive when `other` is later).
    public func seconds(until other: Timestamp) -> Int { Int((other.millis - millis) / 1000) }

    /// RFC 3339 in UTC with milliseconds: `2026-11-29T02:06:55.123Z`.
    public var rfc3339: String {
        var out: [UInt8] = []
        appendRFC3339(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `rfc3339`'s bytes to `out` (every journal line carries one).
    public func appendRFC3339(to out: inout [UInt8]) {
        var secs = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        let ms = Int(millis - Int64(secs) * 1000)
        var tmv = tm()
        gmtime_r(&secs, &tmv)
        func two(_ v: Int) {
            out.append(UInt8(48 + v / 10))
            out.append(UInt8(48 + v % 10))
        }
        let year = Int(tmv.tm_year) + 1900
        if (0...9999).contains(year) {
            two(year / 100)
            two(year % 100)
        } else {
            out.append(contentsOf: Timestamp.pad(year, 4).utf8)
        }
        out.append(0x2D)
        two(Int(tmv.tm_mon) + 1)
        out.append(0x2D)
        two(Int(tmv.tm_mday))
        out.append(0x54)
        two(Int(tmv.tm_hour))
        out.append(0x3A)
        two(Int(tmv.tm_min))
        out.append(0x3A)
        two(Int(tmv.tm_sec))
        out.append(0x2E)
        out.append(UInt8(48 + ms / 100))
        two(ms % 100)
        out.append(0x5A)
    }

    public var description: String { rfc3339 }

    /// Local wall-clock parts of this moment.
    public func localParts() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var secs = time_t(millis / 1000)
        var tmv = tm()
        localtime_r(&secs, &tmv)
        return (Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1, Int(tmv.tm_mday), Int(tmv.tm_hour), Int(tmv.tm_min), Int(tmv.tm_sec))
    }

    /// Local 24-hour clock, `14:05`.
    public var localHHMM: String {
        let p = localParts()
        return Timestamp.pad(p.hour, 2) + ":" + Timestamp.pad(p.minute, 2)
    }

    /// The local 24-hour time, with the day when it is not `now`'s day (`14:05`, `2 Dec 14:05`,
    /// `2 Dec 2027 14:05`): in an outage of days, a bare time could be any of them.
    public func localClock(relativeTo now: Timestamp) -> String {
        let p = localParts(), n = now.localParts()
        let hhmm = Timestamp.pad(p.hour, 2) + ":" + Timestamp.pad(p.minute, 2)
        if p.year == n.year && p.month == n.month && p.day == n.day { return hhmm }
        let month = Timestamp.monthName(p.month)
        return "\(p.day) \(month)" + (p.year == n.year ? "" : " \(p.year)") + " " + hhmm
    }

    /// Local date and 24-hour time, `2026-11-29 14:05`.
    public var localDateTime: String {
        let p = localParts()
        return "\(Timestamp.pad(p.year, 4))-\(Timestamp.pad(p.month, 2))-\(Timestamp.pad(p.day, 2)) \(Timestamp.pad(p.hour, 2)):\(Timestamp.pad(p.minute, 2))"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses RFC 3339 (`2026-11-29T02:06:55Z`, `…55.123+01:00`, a space instead of `T`).
    public init?(rfc3339 text: String) {
        var text = text
        // Parse the bytes in place: every journal entry carries one or two times.
        guard let v = text.withUTF8({ Timestamp.parseRFC3339(UnsafeBufferPointer(rebasing: $0[...])) }) else { return nil }
        millis = v
    }

    static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func num(_ i: Int, _ n: Int) -> Int? { ASCIIDigits.value(b, i..<(i + n)) }
        guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b[13] == 58, let mi = num(14, 2),
              b[16] == 58, let s = num(17, 2) else { return nil }
        guard (1...12).contains(mo), h < 24, mi < 60, s < 61 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d >= 1, d <= monthDays[mo - 1] else { return nil }
        var i = 19
        var ms = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 3 { ms = ms * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { ms *= 10 } }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 43 ? 1 : -1)
            i += 6
        } else { return nil }
        guard i == b.count else { return nil }
        let days = Timestamp.daysFromCivil(y, mo, d)
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
        return secs * 1000 + Int64(ms)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// That date and time on the local clock; nil for a date that does not exist (31 February:
    /// mktime would move it into March).
    public static func local(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> Timestamp? {
        var tmv = tm()
        tmv.tm_year = Int32(year - 1900)
        tmv.tm_mon = Int32(month - 1)
        tmv.tm_mday = Int32(day)
        tmv.tm_hour = Int32(hour)
        tmv.tm_min = Int32(minute)
        tmv.tm_isdst = -1
        let secs = mktime(&tmv)
        guard secs != -1, tmv.tm_mday == Int32(day), tmv.tm_mon == Int32(month - 1) else { return nil }
        return Timestamp(millis: Int64(secs) * 1000)
    }

    /// Today's local date at `hour:minute`, relative to `now`.
    public static func localToday(hour: Int, minute: Int, now: Timestamp) -> Timestamp? {
        var secs = time_t(now.millis / 1000)
        var tmv = tm()
        localtime_r(&secs, &tmv)
        tmv.tm_hour = Int32(hour)
        tmv.tm_min = Int32(minute)
        tmv.tm_sec = 0
        tmv.tm_isdst = -1
        let t = mktime(&tmv)
        guard t != -1 else { return nil }
        return Timestamp(millis: Int64(t) * 1000)
    }
}

/// Reads the `--at` forms: a 24-hour local `HH:MM` (its latest past occurrence, but never a
/// slow clock's few minutes ahead read as yesterday: `slowClockAhead`), a local
/// `YYYY-MM-DD HH:MM`, a relative `-40m`, or RFC 3339.
public enum WhenParser {
    /// The largest UTC offset any time zone has: ±14:00.
    static let maxOffsetMinutes = 14 * 60

    /// The UTC offset at the end of an RFC 3339 time, in minutes, or nil for `Z`. Minutes past
    /// 59 count as beyond any zone.
    static func offsetMinutes(_ t: String) -> Int? {
        let b = Array(t.utf8)
        guard b.count >= 6 else { return nil }
        let s = b.count - 6
        guard b[s] == UInt8(ascii: "+") || b[s] == UInt8(ascii: "-"), b[s + 3] == UInt8(ascii: ":") else { return nil }
        let digits = [b[s + 1], b[s + 2], b[s + 4], b[s + 5]].map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let h = digits[0] * 10 + digits[1], m = digits[2] * 10 + digits[3]
        let total = m >= 60 ? Int.max / 2 : h * 60 + m
        return b[s] == UInt8(ascii: "-") ? -total : total
    }

    /// Parses `text` against `now`; throws a user-facing error naming the accepted forms.
    /// The forms `--at` and `--eta` share: `YYYY-MM-DD HH:MM` in local time, or RFC 3339 with an
    /// offset no time zone exceeds (more than 14 hours from UTC is a typing slip); nil for
    /// other text. `what` names the text in the refusal.
    static func absolute(_ t: String, what: String) throws -> Timestamp? {
        let (wall, zone) = splitZone(t)
        if let local = localDateTime(wall) { return try local.moment(zone: zone, typed: t) }
        guard let ts = Timestamp(rfc3339: t) else { return nil }
        if let minutes = offsetMinutes(t), abs(minutes) > maxOffsetMinutes {
            throw RunbookError.usage("cannot read \(what): its UTC offset is more than 14 hours (no time zone is); check the +HH:MM at its end")
        }
        return ts
    }

    public static func parse(_ text: String, now: Timestamp) throws -> Timestamp {
        if let ts = try read(text, now: now) { return ts }
        throw RunbookError.usage("cannot read time '\(text)': use a 24-hour local time HH:MM (14:05, the latest that has passed), a local date and time YYYY-MM-DD HH:MM (2026-11-29 14:05), a time ago (-40m, -2h), or RFC 3339 with its offset (2026-11-29T14:05:00Z)")
    }

    /// `parse`, with nil for text in none of the forms (so a screen can tell "not a time yet"
    /// from a time refused: a slow clock's, one the clocks skipped or repeated).
    public static func read(_ text: String, now: Timestamp) throws -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("-"), let d = PlaybookDuration(parsing: String(t.dropFirst())) {
            return now.adding(seconds: -d.seconds)
        }
        let (clock, zone) = splitZone(t)
        // One reading of a clock time for --at and --eta alike (`hourMinute`): digits only, so
        // "-0:30" (half an hour ago) is never 00:30 and "14:+5" never 14:05.
        if let (h, m) = hourMinute(clock) {
            // The latest HH:MM that has passed: at 03:39, "23:40" is last night, not tonight
            // (a minute of skew allowed). But a clock time less than `slowClockWindow`
            // ahead is refused, never read as yesterday (`slowClockAhead`). The day chosen,
            // a time the clocks skipped or repeated that day is refused as a full date would be.
            let n = now.localParts()
            let ahead = h * 60 + m - (n.hour * 60 + n.minute)
            try slowClockAhead(clock, aheadMinutes: ahead, now: now)
            let yesterday = ahead > 1
            let p = yesterday ? now.adding(seconds: -86_400).localParts() : n
            if let wall = LocalWallTime(year: p.year, month: p.month, day: p.day, hour: h, minute: m) {
                return try wall.moment(zone: zone, typed: text)
            }
        }
        return try absolute(t, what: "time '\(text)'")
    }

    /// How far ahead of this computer's clock a bare `HH:MM` is refused rather than read as
    /// yesterday: 12 hours. At 08:00, "08:05" is a slow clock (or a slip), not yesterday 08:05
    /// (an activation typed five minutes ahead once started an incident a day early, every
    /// deadline overdue); "22:00" is last night. Yesterday beyond it takes the date.
    public static let slowClockWindow = 12 * 60

    /// The slow-clock rule, the one home the command line's `--at` and every screen prompt
    /// share (both read times with `parse`): a bare `typed` clock time more than the minute of
    /// skew and at most `slowClockWindow` ahead of `now` is refused (`Refusal.clockTimeAhead`).
    static func slowClockAhead(_ typed: String, aheadMinutes: Int, now: Timestamp) throws {
        guard aheadMinutes > 1, aheadMinutes <= slowClockWindow else { return }
        throw RunbookError.refused(.clockTimeAhead(typed: typed, minutes: aheadMinutes, now: now))
    }

    /// `YYYY-MM-DD HH:MM` (or with a `T`) on the local clock; nil for any other text.
    static func localDateTime(_ t: String) -> LocalWallTime? {
        let b = Array(t.utf8)
        guard b.count == 16, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":") else { return nil }
        func num(_ r: Range<Int>) -> Int? { ASCIIDigits.value(b, r) }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60 else { return nil }
        return LocalWallTime(year: y, month: mo, day: d, hour: h, minute: mi)
    }

    /// A local time's zone, which says which of two readings is meant when the clocks went back
    /// (`01:30 EST`, `2026-11-01 01:30 -05:00`, `2026-11-01 01:30-05:00`): the text before it
    /// and the zone, or the text and nil. Only after an `HH:MM` clock, so RFC 3339 is untouched.
    static func splitZone(_ t: String) -> (String, String?) {
        let b = Array(t.utf8)
        // A trailing ±HH:MM right after (or a space after) an HH:MM with no seconds.
        if b.count >= 10, b[b.count - 6] == UInt8(ascii: "+") || b[b.count - 6] == UInt8(ascii: "-"), b[b.count - 3] == UInt8(ascii: ":") {
            var body = Array(b[..<(b.count - 6)])
            if body.last == 0x20 { body.removeLast() }
            let head = String(decoding: body, as: UTF8.self)
            if isClock(head) { return (head, String(decoding: b[(b.count - 6)...], as: UTF8.self)) }
        }
        // A trailing zone abbreviation: 2 to 5 letters after a space (EST, EDT, CEST).
        if let space = t.lastIndex(of: " ") {
            let word = t[t.index(after: space)...], head = String(t[..<space])
            if (2...5).contains(word.count), word.allSatisfy({ $0.isASCII && $0.isLetter }), isClock(head) {
                return (head, String(word))
            }
        }
        return (t, nil)
    }

    /// Whether `t` ends in a bare `HH:MM` (a clock time, alone or after a date).
    static func isClock(_ t: String) -> Bool {
        let b = Array(t.utf8)
        guard b.count == 4 || b.count == 5 || b.count == 16 else { return false }
        return b[b.count - 3] == UInt8(ascii: ":")
    }
}
