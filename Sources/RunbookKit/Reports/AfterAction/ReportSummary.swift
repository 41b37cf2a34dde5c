/// The executive summary: one paragraph in plain words, built from the report's figures only.
enum ReportSummary {
    static func paragraph(_ m: ReportModel) -> String {
        let h = m.header, c = m.clock
        var out: [String] = []
        let kind = h.exercise ? "The exercise" : "The incident"
        if let closed = h.closed {
            out.append("\(kind) “\(h.name)” was activated \(c.dateTime(h.activated)) and closed \(c.dateTime(closed)), after \(PlaybookDuration.spoken(seconds: h.durationSeconds)) and \(h.periodCount) operational period\(h.periodCount == 1 ? "" : "s").")
        } else {
            out.append("\(kind) “\(h.name)” was activated \(c.dateTime(h.activated)) and was still open as of \(c.dateTime(h.end)), \(PlaybookDuration.spoken(seconds: h.durationSeconds)) later, in operational period \(h.periodCount).")
        }
        if h.discovered < h.activated {
            out.append("It was first known \(PlaybookDuration.spoken(seconds: h.discovered.seconds(until: h.activated))) before activation.")
        }
        if m.systems.isEmpty {
            out.append("No affected system was recorded.")
        } else {
            let parts = m.systems.sorted { $0.outageSeconds > $1.outageSeconds }.map { sys in
                "\(sys.name) \(PlaybookDuration.spoken(seconds: sys.outageSeconds))" + (sys.stateAtEnd == .up ? "" : " (still \(sys.stateAtEnd.rawValue))")
            }
            out.append("\(m.systems.count) system\(m.systems.count == 1 ? " was" : "s were") down or degraded: \(parts.joined(separator: "; ")).")
        }
        let made = m.decisions.filter { $0.option != nil }
        if made.isEmpty {
            out.append("No decision was recorded.")
        } else {
            out.append("Key decisions: " + made.map { d in
                "\(d.question) — \(d.option ?? "") at \(ReportClock.tPlus(m.tPlus(d.when ?? h.activated)))"
            }.joined(separator: "; ") + ".")
        }
        let late = m.deviations.filter { $0.kind == .late }
        let skipped = m.deviations.filter { $0.kind == .skipped }.count
        let never = m.deviations.filter { $0.kind == .notDone }.count
        let forced = m.deviations.filter { $0.kind == .forced }.count
        let done = m.roles.reduce(0) { $0 + $1.done }
        var tasks = "\(done) task\(done == 1 ? " was" : "s were") done"
        if late.isEmpty { tasks += ", none late" } else {
            tasks += ", \(late.count) late (\(late.prefix(3).map(\.what).joined(separator: "; "))\(late.count > 3 ? "…" : ""))"
        }
        if h.closed == nil {
            // An interim report: what is open but not missed is said as such, not as never done.
            let notYetDue = m.roles.reduce(0) { $0 + $1.notYetDue }, onDecision = m.roles.reduce(0) { $0 + $1.waitingOnDecision }
            tasks += "; \(skipped) skipped; \(never) not done though due; \(notYetDue) open, not yet due; \(onDecision) waiting on a decision"
        } else {
            tasks += "; \(skipped) skipped; \(never) never done"
        }
        if forced > 0 { tasks += "; \(forced) action\(forced == 1 ? "" : "s") recorded out of order" }
        out.append(tasks + ".")
        let missed = m.deadlines.filter { $0.met == false }
        if !m.deadlines.isEmpty {
            out.append(missed.isEmpty ? "Every external deadline recorded was met or is still open."
                       : "Missed deadline\(missed.count == 1 ? "" : "s"): \(missed.map(\.title).joined(separator: "; ")).")
        }
        let lessons = m.improvements.filter { $0.source.hasPrefix("lesson") }.count
        if lessons > 0 { out.append("\(lessons) lesson\(lessons == 1 ? " was" : "s were") recorded for the improvement plan.") }
        if !m.integrity.verified { out.insert("WARNING: the journal failed verification; this is not a clean record.", at: 0) }
        return out.joined(separator: " ")
    }
}
