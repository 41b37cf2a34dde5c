import RunbookKit

/// The choice shown when more than one incident is open and none was named: a drill started on
/// the same host must not silently take over the executives' board or the command post. Lists
/// the open incidents, newest first, with what tells them apart (name, EXERCISE, when opened,
/// id); Enter opens the one chosen, q or Esc leaves without opening any.
public final class IncidentPicker: Screen {
    public let incidents: [IncidentStore.Summary]
    /// What Enter will open ("the command post", "the board"), for the heading.
    let purpose: String
    var selected = 0
    /// The incident chosen, once one is.
    public private(set) var chosen: IncidentStore.Summary?
    public private(set) var wantsToQuit = false

    public init(incidents: [IncidentStore.Summary], purpose: String) {
        self.incidents = incidents
        self.purpose = purpose
    }

    public func tick() -> Bool { false }

    typealias Binding = KeyBinding<IncidentPicker>

    /// The picker's keys: the one table for its actions, its hint bar and its help line.
    static let keyTable = KeyTable<IncidentPicker>([
        Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "choose", help: "Previous incident"),
        Binding([.down, .char("j")], .moveDown, hint: nil, help: "Next incident"),
        Binding([.home, .char("g")], .top, hint: nil, help: "First incident"),
        Binding([.end, .char("G")], .bottom, hint: nil, help: "Last incident"),
        Binding([.enter], .select, hint: "open", help: "Open this incident"),
        Binding([.char("q"), .escape, .ctrl("c")], .quit, hint: "quit", help: "Leave without opening any"),
    ])

    public func handle(_ key: Key) {
        guard let action = IncidentPicker.keyTable.enabledAction(for: key, self) else { return }
        if let to = action.moved(selected, count: incidents.count) { selected = to; return }
        switch action {
        case .select:
            guard incidents.indices.contains(selected) else { return }
            chosen = incidents[selected]
            wantsToQuit = true
        case .quit: wantsToQuit = true
        default: break
        }
    }

    /// One incident's two lines: what tells it apart (name, EXERCISE), then when it was
    /// activated (the time people know it by, not when it was typed in) and its id (for --incident).
    static func lines(_ s: IncidentStore.Summary) -> (String, String) {
        var first = s.name.isEmpty ? s.id : s.name
        if s.exercise { first += " · EXERCISE" }
        if s.damaged { first += " · DAMAGED" }
        return (first, "activated \(s.activated.localDateTime) · \(s.id)")
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        guard g.clearedForScreen() else { return nil }
        g.bar(" runbook — \(incidents.count) incidents are open", y: 0, style: .header)
        g.put("Which one? Enter opens \(purpose) on it:", x: 1, y: 2, style: .bold)
        let top = 4
        let rows = max(1, (g.height - top - 2) / 2)
        let first = min(max(0, selected - rows + 1), max(0, incidents.count - rows))
        for (row, i) in (first..<min(incidents.count, first + rows)).enumerated() {
            let s = incidents[i]
            let (name, detail) = IncidentPicker.lines(s)
            let style: Style = i == selected ? .selection : (s.exercise ? .exercise : .normal)
            g.bar((i == selected ? " ▸ " : "   ") + name, x: 1, y: top + 2 * row, width: g.width - 2, style: style)
            g.put("     " + detail, x: 1, y: top + 2 * row + 1, style: .muted)
        }
        let hint = IncidentPicker.keyTable.hints(self).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
        g.bar(" " + hint, y: g.height - 1, style: .reverse)
        return nil
    }
}
