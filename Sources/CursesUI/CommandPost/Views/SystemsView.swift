import RunbookKit

/// The systems view: each affected system and how long it has been down.
extension CommandPostModel {
    func systemLines(_ engine: Engine, now: Timestamp) -> [(String, Style)] {
        var out: [(String, Style)] = [("Affected systems (Enter → Set a system's state · e → when it is expected back)", .bold)]
        if engine.state.systems.isEmpty { out.append(("No system status recorded yet.", .muted)) }
        for s in engine.state.systems {
            let st: Style = s.state == .down ? .overdue : s.state == .degraded ? .blocked : .ok
            out.append(("\(s.state == .up ? "✓" : s.state == .down ? "✖" : "◐") \(s.name): \(s.state.rawValue.uppercased()) since \(s.since.localDateTime) — down or degraded \(PlaybookDuration.spoken(seconds: s.outageSeconds(now: now))) in all\(s.estimateText(now: now).map { " — " + $0 } ?? "")", s.isPastEstimate(now: now) ? .overdue : st))
        }
        return out
    }

}
