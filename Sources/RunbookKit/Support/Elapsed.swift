/// Time after activation, written one way on every screen, board, log and report: `T+00:50`,
/// `T+47:59`; from 48 hours on, in days, `T+54d 22:20` (an incident of weeks reads at a glance,
/// where `T+1318:20` needs arithmetic); before activation the real minus sign, `T−00:29`,
/// `T−3d 01:10`. Whole minutes, cut toward activation: the clock reads `T+00:00` for the first
/// minute, as a stopwatch does. The one home of the rule; a sentence that needs the time in
/// words ("5 h ago") asks `PlaybookDuration.spoken` instead.
public enum Elapsed {
    /// From this many seconds on, the days are written apart from the hours.
    public static let daysFrom = 48 * 3600

    /// `T+HH:MM` under 48 hours, `T+Nd HH:MM` from 48 hours, `T−…` before activation.
    public static func text(seconds: Int) -> String {
        let a = abs(seconds) / 60
        let sign = seconds < 0 ? "T−" : "T+"
        let clock = { (h: Int, m: Int) in (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m) }
        if abs(seconds) < daysFrom { return sign + clock(a / 60, a % 60) }
        return sign + String(a / 1440) + "d " + clock(a % 1440 / 60, a % 60)
    }

    /// `text` of the time from `activated` to `t`.
    public static func text(_ t: Timestamp, from activated: Timestamp) -> String {
        text(seconds: activated.seconds(until: t))
    }

    /// The whole minutes `text` shows, with their sign (a CSV's or JSON's number beside it).
    public static func minutes(seconds: Int) -> Int { seconds / 60 }
}
