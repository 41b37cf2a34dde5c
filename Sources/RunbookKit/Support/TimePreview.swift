import Foundation

/// What a typed time resolves to, shown under every prompt that takes one as it is typed
/// (the start screen, `@`, the "when did it happen" step): `= Sun 6 Dec 11:03, 23 h 55 min ago`,
/// or why it cannot be used, in the words the command line would say. One formatter, so every
/// prompt says the same thing of the same text.
public enum TimePreview {
    /// What the preview line says.
    public enum Line: Sendable, Equatable {
        /// Nothing typed yet.
        case empty
        /// Not one of the forms yet (still being typed): the forms, as a reminder.
        case incomplete(String)
        /// A time: the moment and its line, and whether it is far enough back to be confirmed.
        case resolves(Timestamp, String, confirm: Bool)
        /// A time that cannot be used: a slow clock's, in the future, skipped or repeated by a
        /// change of the clocks.
        case refused(String)

        /// The words shown.
        public var text: String {
            switch self {
            case .empty: return ""
            case .incomplete(let s), .refused(let s): return s
            case .resolves(_, let s, _): return s
            }
        }

        /// Whether the text is shown as a problem (the danger colour).
        public var isProblem: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// The preview of `typed` at `now`.
    public static func line(_ typed: String, now: Timestamp) -> Line {
        let t = typed.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .empty }
        let at: Timestamp
        do {
            guard let read = try WhenParser.read(t, now: now) else {
                return .incomplete("a time: 14:05, -40m, or 2026-11-29 14:05")
            }
            at = read
        } catch {
            return .refused("\(error)".split(whereSeparator: { $0.isNewline }).joined(separator: " "))
        }
        if ActionRules.isInFuture(at, now: now) {
            return .refused("= \(resolved(at, now: now)): that is \(PlaybookDuration.spoken(seconds: now.seconds(until: at))) from now, in the future; give the time it really happened")
        }
        if at < ActionTime.earliest || !ActionTime.isRecordable(at) {
            return .refused("= \(resolved(at, now: now)): before the year 2000; give the time it really happened")
        }
        let confirm = ActionTime.needsConfirming(at, now: now)
        return .resolves(at, "= \(resolved(at, now: now)), \(ago(at, now: now))" + (confirm ? " (more than 12 h ago: you will be asked to confirm)" : ""), confirm: confirm)
    }

    /// `Sun 6 Dec 11:03` (with the year when it is not `now`'s), with the zone's abbreviation
    /// when it is not the one in force now or the clocks repeated that hour (`01:30 EST`).
    public static func resolved(_ at: Timestamp, now: Timestamp) -> String {
        let p = at.localParts(), n = now.localParts()
        let days = Timestamp.daysFromCivil(p.year, p.month, p.day)
        let weekday = Timestamp.weekdayNames[((days % 7) + 7 + 4) % 7]
        let month = Timestamp.monthName(p.month)
        var s = "\(weekday) \(p.day) \(month)" + (p.year == n.year ? "" : " \(p.year)") + " "
            + Timestamp.pad(p.hour, 2) + ":" + Timestamp.pad(p.minute, 2)
        let zone = LocalWallTime.systemOffset(at.millis / 1000), zoneNow = LocalWallTime.systemOffset(now.millis / 1000)
        let repeated = (LocalWallTime(year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute)?.readings.count ?? 1) > 1
        if (zone.seconds != zoneNow.seconds || repeated) && !zone.zone.isEmpty { s += " " + zone.zone }
        return s
    }

    /// `23 h 55 min ago`, `just now`.
    static func ago(_ at: Timestamp, now: Timestamp) -> String {
        let s = at.seconds(until: now)
        return s < 60 ? "just now" : PlaybookDuration.spoken(seconds: s) + " ago"
    }
}
