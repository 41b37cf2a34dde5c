import Foundation

/// A span of time written as in playbooks: `45m`, `2h`, `1h30m`, `3d`.
public struct PlaybookDuration: Hashable, Sendable, CustomStringConvertible {
    /// Length in seconds.
    public let seconds: Int

    /// Wraps a number of seconds.
    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `3d`, `2h`, `45m`, `1h30m`, `1d12h` (units largest first, each at most once).
    /// Returns nil for anything else.
    public init?(parsing text: String) {
        let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60)]
        var total = 0
        var number = 0
        var haveDigits = false
        var nextUnit = 0
        var any = false
        for ch in text {
            if let d = ch.wholeNumberValue, ch.isASCII {
                number = number * 10 + d
                haveDigits = true
                if number > 100_000_000 { return nil }
                continue
            }
            guard haveDigits, let idx = units[nextUnit...].firstIndex(where: { $0.0 == ch }) else { return nil }
            total += number * units[idx].1
            number = 0
            haveDigits = false
            nextUnit = idx + 1
            any = true
        }
        // At most `longest`, so that what is read prints back (`description`) as text this
        // reads again: "99999999d99999999h" would print as 104166665d15h, which it refuses,
        // and a playbook's frozen copy would then not load.
        guard any, !haveDigits, total <= PlaybookDuration.longest else { return nil }
        seconds = total
    }

    /// The longest duration read: 100,000,000 days, the most one number may say.
    static let longest = 100_000_000 * 86_400

    /// The compact form used in playbooks, e.g. `1h30m`.
    public var description: String {
        if seconds == 0 { return "0m" }
        var rest = seconds
        var out = ""
        let d = rest / 86_400; rest %= 86_400
        let h = rest / 3_600; rest %= 3_600
        let m = rest / 60
        if d > 0 { out += "\(d)d" }
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        return out.isEmpty ? "\(seconds)s" : out
    }

    /// Plain words for people: "12 min", "2 h 5 min", "3 days 4 h".
    public static func spoken(seconds: Int) -> String {
        let s = abs(seconds)
        if s < 60 { return "<1 min" }
        let m = s / 60
        if m < 60 { return "\(m) min" }
        let h = m / 60, mm = m % 60
        if h < 48 { return mm == 0 ? "\(h) h" : "\(h) h \(mm) min" }
        let d = h / 24, hh = h % 24
        return hh == 0 ? "\(d) days" : "\(d) days \(hh) h"
    }
}
