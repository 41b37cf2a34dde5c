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
            // The estimate's date and clock stay together on one line (no-break spaces until wrapped).
            let eta = s.etaLabel(now: now).map { label in
                Self.together(label) + (s.movesText(together: Self.together).map { " · " + $0 } ?? "")
            }
            var line = "\(s.state == .up ? "✓" : s.state == .down ? "✖" : "◐") \(s.name) (\(engine.systemKind(s.name))): \(s.state.rawValue.uppercased()) since \(Self.together(s.since.localDateTime)) — down or degraded \(Self.together(PlaybookDuration.spoken(seconds: s.outageSeconds(now: now)))) in all\(eta.map { " — " + $0 } ?? "")"
            if s.state == .up, notLive.contains(s.name) {
                line += " — go-live not recorded"
                st = .blocked
            }
            // Wrapped, never cut: the estimate is what people read this view for (80 columns
            // cut it to "ETA Thu 1…"). Following lines are indented under the name.
            let style = s.isPastEstimate(now: now) ? .overdue : st
            for (i, part) in TextWidth.wrap(line, max(20, width - 4)).enumerated() {
                out.append(((i == 0 ? "" : "  ") + part.replacingOccurrences(of: "\u{00A0}", with: " "), style))
            }
        }
        return out
    }

    /// `words` with no-break spaces, so a wrap keeps them on one line.
    static func together(_ words: String) -> String { words.replacingOccurrences(of: " ", with: "\u{00A0}") }
}
