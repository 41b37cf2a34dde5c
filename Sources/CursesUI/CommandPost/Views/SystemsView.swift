import RunbookKit

/// The systems view: each affected system and how long it has been down.
extension CommandPostModel {
    func systemLines(_ engine: Engine, now: Timestamp) -> [(String, Style)] {
        var out: [(String, Style)] = [("Affected systems (Enter → Set a system's state · e → when it is expected back)", .bold)]
        if engine.state.systems.isEmpty { out.append(("No system status recorded yet.", .muted)) }
        // Up by report with its go-live not recorded (`Engine.goLiveNotRecorded`), said on its line.
        let notLive = engine.goLiveNotRecorded(now: now).map(\.system)
        for s in engine.state.systems {
            var st: Style = s.state == .down ? .overdue : s.state == .degraded ? .blocked : .ok
            // Its kind (`Engine.systemKind`): which per-system tasks it has.
            var line = "\(s.state == .up ? "✓" : s.state == .down ? "✖" : "◐") \(s.name) (\(engine.systemKind(s.name))): \(s.state.rawValue.uppercased()) since \(s.since.localDateTime) — down or degraded \(PlaybookDuration.spoken(seconds: s.outageSeconds(now: now))) in all\(s.estimateText(now: now).map { " — " + $0 } ?? "")"
            if s.state == .up, notLive.contains(s.name) {
                line += " — go-live not recorded"
                st = .blocked
            }
            out.append((line, s.isPastEstimate(now: now) ? .overdue : st))
        }
        return out
    }

}
