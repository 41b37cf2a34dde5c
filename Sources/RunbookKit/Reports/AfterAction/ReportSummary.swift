/// The executive summary: short sentences a chief executive can read aloud, built from the
/// report's figures only (page one's among them). The questions are not recited: page one
/// names each decision by its short name with its answer.
enum ReportSummary {
    /// The sentences, in the order they are read.
    static func sentences(_ m: ReportModel) -> [String] {
        let h = m.header, c = m.clock
        var out: [String] = []
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let kind = h.exercise ? "The exercise" : "The incident"
        let lasted = PlaybookDuration.spoken(seconds: h.durationSeconds)
        if let closed = h.closed {
            out.append("\(kind) “\(h.name)” lasted \(lasted): activated \(c.dateTime(h.activated)), closed \(c.dateTime(closed)).")
        } else {
            out.append("\(kind) “\(h.name)” is still open: activated \(c.dateTime(h.activated)), \(lasted) before this report (as of \(c.dateTime(h.end))).")
        }
        if h.discovered < h.activated {
            out.append("It was first known \(PlaybookDuration.spoken(seconds: h.discovered.seconds(until: h.activated))) before activation.")
        }
        let systems = m.board.systems
        if systems.isEmpty {
            out.append("No affected system was recorded.")
        } else if let longest = systems.max(by: { $0.downSeconds < $1.downSeconds }) {
            let still = systems.filter { $0.backUp == nil }
            if systems.count == 1 {
                out.append("\(longest.name) was down for \(PlaybookDuration.spoken(seconds: longest.downSeconds))\(still.isEmpty ? "" : " and is not back yet").")
            } else {
                out.append("Systems were down for up to \(PlaybookDuration.spoken(seconds: longest.downSeconds)) (\(longest.name)); \(plural(systems.count, "system was", "systems were")) affected.")
                if !still.isEmpty {
                    out.append(still.count == systems.count ? "None is back yet." : "Not back yet: \(still.map(\.name).joined(separator: ", ")).")
                }
            }
        }
        if let d = m.board.diversion {
            if d.seconds == 0 && !d.ongoing {
                out.append("We did not divert ambulances.")
            } else {
                out.append("We diverted ambulances for \(PlaybookDuration.spoken(seconds: d.seconds))\(d.ongoing ? ", and still are" : "").")
            }
        }
        let made = m.keyDecisions.count
        if made == 0 { out.append("No decision was recorded.") } else {
            out.append("\(plural(made, "decision was", "decisions were")) made\(made < m.decisions.count ? " and \(m.decisions.count - made) not made" : "").")
        }
        let late = m.deviations.filter { $0.kind == .late }.count
        let skipped = m.deviations.filter { $0.kind == .skipped }.count
        let never = m.deviations.filter { $0.kind == .notDone }.count
        let forced = m.deviations.filter { $0.kind == .forced }.count
        let done = m.roles.reduce(0) { $0 + $1.done }
        out.append("\(plural(done, "task was", "tasks were")) done\(late == 0 ? ", none late" : ", \(late) late").")
        if h.closed == nil {
            // An interim report: what is open but not missed is said as such, not as never done.
            let notYetDue = m.roles.reduce(0) { $0 + $1.notYetDue }, onDecision = m.roles.reduce(0) { $0 + $1.waitingOnDecision }
            out.append("\(skipped) skipped; \(never) not done though due; \(notYetDue) not yet due; \(onDecision) waiting on a decision.")
        } else if skipped + never > 0 {
            out.append("\(skipped) skipped; \(never) never done.")
        }
        if forced > 0 { out.append("\(plural(forced, "action was", "actions were")) recorded out of order.") }
        if !m.deadlines.isEmpty {
            let missed = m.missedDeadlines
            let names = missed.map(\.title).joined(separator: "; ")
            if missed.isEmpty { out.append("Every external deadline was met or is still open.") }
            else if m.deadlines.count == 1 { out.append("The external deadline was missed: \(names).") }
            else { out.append("\(missed.count) of \(m.deadlines.count) external deadlines were missed: \(names).") }
        }
        let lessons = m.improvements.filter { $0.source.hasPrefix("lesson") }.count
        if lessons > 0 { out.append("\(plural(lessons, "lesson was", "lessons were")) recorded for the improvement plan.") }
        if !m.integrity.verified { out.insert("WARNING: the journal failed verification; this is not a clean record.", at: 0) }
        return out
    }

    /// The sentences as one paragraph (the JSON's `summary`).
    static func paragraph(_ m: ReportModel) -> String { sentences(m).joined(separator: " ") }
}
