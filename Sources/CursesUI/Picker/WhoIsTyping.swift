import RunbookKit

/// The question `runbook open` asks once, before the command post: who is at the keyboard. On a
/// shared login (a "cmdpost" account) the login name says nothing, and every entry, HICS 214
/// and decision would be credited to it. Offers the people already given roles, then a field
/// for a new name; Enter takes the one chosen, Esc leaves without opening anything.
public final class WhoIsTyping: Screen {
    /// A person on offer: the name, and what tells them apart (their roles now).
    public struct Person: Sendable, Equatable {
        public var name: String
        public var detail: String
        public init(name: String, detail: String) { self.name = name; self.detail = detail }
    }

    public let people: [Person]
    /// What the incident is, for the heading.
    let incident: String
    /// The row chosen: one of `people`, or `people.count` for the new name's field.
    var selected = 0
    var editor = LineEditor(maxBytes: 480)
    var error: String?
    /// The name chosen, once one is.
    public private(set) var chosen: String?
    public private(set) var wantsToQuit = false

    public init(people: [Person], incident: String) {
        self.people = people
        self.incident = incident
    }

    /// Everyone given a role in `engine`'s incident so far, in the order first given one, with
    /// the roles each holds now (a role handed over is no longer theirs).
    public static func people(in engine: Engine) -> [Person] {
        let facts = engine.state.facts
        var order: [String] = []
        for a in facts.assignments where !order.contains(a.person) { order.append(a.person) }
        return order.map { person in
            let held = engine.playbook.roles.filter { facts.roles[$0.id]?.person == person }.map(\.title)
            return Person(name: person, detail: held.isEmpty ? "no role now" : held.joined(separator: ", "))
        }
    }

    public func tick() -> Bool { false }

    var onField: Bool { selected == people.count }

    typealias Binding = KeyBinding<WhoIsTyping>

    /// The keys: the one table for what they do and for the hint bar. Other keys type the name.
    static let keyTable = KeyTable<WhoIsTyping>([
        Binding([.up], .moveUp, hintKeys: "↑↓", hint: "choose", help: "Previous person", enabled: { !$0.people.isEmpty }),
        Binding([.down, .tab], .moveDown, hint: nil, help: "Next person, then the new name", enabled: { !$0.people.isEmpty }),
        Binding([.enter], .select, hint: "this is me", help: "Record entries in this name"),
        Binding([.escape, .ctrl("c")], .quit, hint: "quit", help: "Leave without opening the incident"),
    ])

    public func handle(_ key: Key) {
        if key == .resize { return }
        let action = WhoIsTyping.keyTable.enabledAction(for: key, self)
        if let to = action?.moved(selected, count: people.count + 1) { selected = to; error = nil; return }
        switch action {
        case .select?:
            if !onField {
                chosen = people[selected].name
                wantsToQuit = true
                return
            }
            let name = editor.text.trimmingCharacters(in: .whitespaces)
            do {
                try TextRules.checkName(name, what: "name")
                chosen = name
                wantsToQuit = true
            } catch {
                self.error = "\(error)"
            }
        case .quit?:
            wantsToQuit = true
        default:
            // Typing goes to the new name's field, wherever the selection was.
            if editor.handle(key) { selected = people.count; error = nil }
        }
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        guard g.clearedForScreen() else { return nil }
        g.bar(" runbook — \(incident)", y: 0, style: .header)
        g.put("Who is typing? Everything you record here is recorded in this name.", x: 1, y: 2, style: .bold)
        var y = 4
        let rows = max(1, g.height - 9)
        let first = min(max(0, selected - rows + 1), max(0, people.count - rows))
        for i in first..<min(people.count, first + rows) {
            let p = people[i]
            g.bar((i == selected ? " ▸ " : "   ") + p.name + " — " + p.detail, x: 1, y: y, width: g.width - 2,
                  style: i == selected ? .selection : .normal)
            y += 1
        }
        if !people.isEmpty { y += 1 }
        let label = people.isEmpty ? " ▸ Your name:" : (onField ? " ▸ Someone else:" : "   Someone else:")
        g.put(label, x: 1, y: y, style: onField ? .bold : .normal)
        let (text, col) = editor.visible(columns: g.width - TextWidth.of(label) - 4)
        g.put(text, x: 2 + TextWidth.of(label), y: y, style: .underlined)
        let cursor = onField ? (2 + TextWidth.of(label) + col, y) : nil
        if let error { g.bar(error, y: g.height - 2, style: .danger) }
        let hint = WhoIsTyping.keyTable.hints(self).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
        g.bar(" " + hint, y: g.height - 1, style: .reverse)
        return cursor.map { (x: $0.0, y: $0.1) }
    }
}
