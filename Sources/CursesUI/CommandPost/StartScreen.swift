import Foundation
import RunbookKit

/// The screen shown when there is no open incident: choose a playbook, name the incident,
/// say whether it is an exercise, and optionally when it was activated.
public final class StartScreen: Screen {
    /// A playbook on offer.
    public struct Choice: Sendable {
        public var id: String
        public var title: String
        public var detail: String
        public var path: String
        public init(id: String, title: String, detail: String, path: String) {
            self.id = id; self.title = title; self.detail = detail; self.path = path
        }
    }

    enum Step: Equatable { case playbook, name, exercise, activation }

    let choices: [Choice]
    /// Creates the incident; throws with the reason shown on screen.
    let create: (_ choice: Choice, _ name: String, _ exercise: Bool, _ at: Timestamp?) throws -> IncidentSession
    var step: Step = .playbook
    var selected = 0
    var editor = LineEditor(maxBytes: 480)
    var name = ""
    var exercise = false
    var error: String?
    /// The incident created, once it is.
    public private(set) var session: IncidentSession?
    public private(set) var wantsToQuit = false

    public init(choices: [Choice], create: @escaping (Choice, String, Bool, Timestamp?) throws -> IncidentSession) {
        self.choices = choices
        self.create = create
    }

    public func tick() -> Bool { false }

    public func handle(_ key: Key) {
        if key == .resize { return }
        switch step {
        case .playbook:
            switch key {
            case .up, .char("k"): selected = max(0, selected - 1)
            case .down, .char("j"): selected = min(choices.count - 1, selected + 1)
            case .enter:
                guard choices.indices.contains(selected) else { return }
                step = .name
                error = nil
            case .char("q"), .escape, .ctrl("c"): wantsToQuit = true
            default: break
            }
        case .name:
            switch key {
            case .escape: step = .playbook; error = nil
            case .ctrl("c"): wantsToQuit = true
            case .enter:
                let n = editor.text.trimmingCharacters(in: .whitespaces)
                do {
                    try TextRules.checkName(n, what: "incident name")
                    name = n
                    editor = LineEditor(maxBytes: 64)
                    step = .exercise
                    error = nil
                } catch {
                    self.error = "\(error)"
                }
            default: _ = editor.handle(key)
            }
        case .exercise:
            switch key {
            case .char("y"), .char("Y"): exercise = true; step = .activation
            case .char("n"), .char("N"), .enter: exercise = false; step = .activation
            case .escape: step = .name; editor = LineEditor(text: name, maxBytes: 480)
            case .ctrl("c"): wantsToQuit = true
            default: break
            }
        case .activation:
            switch key {
            case .escape: step = .exercise
            case .ctrl("c"): wantsToQuit = true
            case .enter:
                let t = editor.text.trimmingCharacters(in: .whitespaces)
                do {
                    let now = Timestamp.now()
                    let at = t.isEmpty ? nil : try WhenParser.parse(t, now: now)
                    if let at, at.millis > now.millis + 60_000 { throw RunbookError.usage("that time is in the future") }
                    session = try create(choices[selected], name, exercise, at)
                    wantsToQuit = true
                } catch {
                    self.error = "NOT STARTED — \(error)"
                }
            default: _ = editor.handle(key)
            }
        }
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        g.fill(x: 0, y: 0, width: g.width, height: g.height)
        guard g.width >= CommandPost.minWidth, g.height >= CommandPost.minHeight else {
            g.put("Terminal too small — enlarge the window", x: 0, y: 0, style: .bold)
            return nil
        }
        g.bar(" runbook — start an incident", y: 0, style: .header)
        var y = 2
        g.put("No incident is open. Choose the playbook to run (↑↓, Enter):", x: 1, y: y, style: .bold)
        y += 2
        for (i, c) in choices.enumerated() {
            let st: Style = i == selected ? .selection : .normal
            g.bar((i == selected ? " ▸ " : "   ") + c.title + " [" + c.id + "] — " + c.detail, x: 1, y: y, width: g.width - 2, style: st)
            y += 1
        }
        if choices.isEmpty { g.put("No playbooks found. Install runbook with 'make install', or set RUNBOOK_PLAYBOOKS.", x: 3, y: y, style: .danger); y += 1 }
        y += 1
        var cursor: (x: Int, y: Int)?
        func field(_ label: String, _ value: String, active: Bool) {
            g.put(label, x: 1, y: y, style: .bold)
            if active {
                let (text, col) = editor.visible(columns: g.width - TextWidth.of(label) - 4)
                g.put(text, x: 2 + TextWidth.of(label), y: y, style: .underlined)
                cursor = (2 + TextWidth.of(label) + col, y)
            } else {
                g.put(value, x: 2 + TextWidth.of(label), y: y)
            }
            y += 1
        }
        if step != .playbook { field("Incident name:", name, active: step == .name) }
        if step == .exercise || step == .activation {
            g.put("Is this an exercise (drill)? y = yes, n or Enter = no, a real incident", x: 1, y: y, style: step == .exercise ? .accent : .muted)
            y += 1
            if step == .activation { g.put(exercise ? "EXERCISE" : "Real incident", x: 3, y: y, style: exercise ? .exercise : .bold); y += 1 }
        }
        if step == .activation {
            field("Activated at (Enter = now; or 14:05, -40m):", "", active: true)
        }
        if let error { g.bar(error, y: g.height - 2, style: .danger) }
        let hint: String
        switch step {
        case .playbook: hint = " ↑↓ choose  Enter select  q quit"
        case .name: hint = " Enter next  Esc back"
        case .exercise: hint = " y exercise  n/Enter real incident  Esc back"
        case .activation: hint = " Enter start the incident  Esc back"
        }
        g.bar(hint, y: g.height - 1, style: .reverse)
        return cursor
    }
}
