import Foundation
import RunbookKit

/// The screen shown when there is no open incident: choose a playbook, name the incident,
/// say whether it is an exercise, and optionally when it was activated and when the
/// organization first knew (the breach-notification clocks run from discovery).
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

    enum Step: Equatable { case playbook, name, exercise, activation, confirmTime }

    let choices: [Choice]
    /// Creates the incident; throws with the reason shown on screen.
    let create: (_ choice: Choice, _ name: String, _ exercise: Bool, _ at: Timestamp?, _ discovered: Timestamp?) throws -> IncidentSession
    var step: Step = .playbook
    var selected = 0
    var editor = LineEditor(maxBytes: 480)
    var name = ""
    var exercise = false
    var error: String?
    /// On the last step: the discovery time's field (Tab moves between it and activation's).
    var discoveredEditor = LineEditor(maxBytes: 64)
    var typingDiscovered = false
    /// On `confirmTime`: the question about a time more than 12 hours back.
    var farBack: String?
    /// The incident created, once it is.
    public private(set) var session: IncidentSession?
    public private(set) var wantsToQuit = false

    public init(choices: [Choice], create: @escaping (Choice, String, Bool, Timestamp?, Timestamp?) throws -> IncidentSession) {
        self.choices = choices
        self.create = create
    }

    public func tick() -> Bool { false }

    typealias Binding = KeyBinding<StartScreen>

    /// The keys of each step: the one place that says what a key does there, and writes the
    /// hint bar.
    static func keyTable(_ step: Step) -> KeyTable<StartScreen> {
        let quit = Binding([.ctrl("c")], .quit, hint: nil, help: "Quit")
        let back = Binding([.escape], .cancel, hint: "back", help: "Back")
        switch step {
        case .playbook:
            return KeyTable([
                Binding([.up, .char("k")], .moveUp, hintKeys: "↑↓", hint: "choose", help: "Previous playbook", enabled: { !$0.choices.isEmpty }),
                Binding([.down, .char("j")], .moveDown, hint: nil, help: "Next playbook", enabled: { !$0.choices.isEmpty }),
                Binding([.enter], .select, hint: "select", help: "Run this playbook", enabled: { !$0.choices.isEmpty }),
                Binding([.char("q"), .escape, .ctrl("c")], .quit, hint: "quit", help: "Quit"),
            ])
        case .name:
            return KeyTable([Binding([.enter], .select, hint: "next", help: "Next"), back, quit])
        case .exercise:
            return KeyTable([
                Binding([.char("y"), .char("Y")], .yes, hint: "exercise", help: "An exercise (drill)"),
                Binding([.char("n"), .char("N"), .enter], .no, hintKeys: "n/Enter", hint: "real incident", help: "A real incident"),
                back, quit,
            ])
        case .activation:
            return KeyTable([
                Binding([.enter], .select, hint: "start the incident", help: "Start the incident"),
                Binding([.tab], .switchView, hint: "next field", help: "Move between the activation and discovery times"),
                back, quit,
            ])
        case .confirmTime:
            return KeyTable([
                Binding([.char("y"), .char("Y")], .yes, hint: "yes, start it", help: "The time is right: start the incident"),
                Binding([.char("n"), .char("N"), .enter, .escape], .no, hintKeys: "n/Esc", hint: "back to the time", help: "Back to the times"),
                quit,
            ])
        }
    }

    /// Takes one key, through the present step's key table; other keys go to the text field.
    public func handle(_ key: Key) {
        if key == .resize { return }
        let action = StartScreen.keyTable(step).enabledAction(for: key, self)
        if action == .quit { wantsToQuit = true; return }
        switch step {
        case .playbook:
            if let to = action?.moved(selected, count: choices.count) { selected = to; return }
            switch action {
            case .select?:
                guard choices.indices.contains(selected) else { return }
                step = .name
                error = nil
            default: break
            }
        case .name:
            switch action {
            case .cancel?: step = .playbook; error = nil
            case .select?:
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
            switch action {
            case .yes?: exercise = true; step = .activation
            case .no?: exercise = false; step = .activation
            case .cancel?: step = .name; editor = LineEditor(text: name, maxBytes: 480)
            default: break
            }
        case .activation:
            switch action {
            case .cancel?: step = .exercise
            case .switchView?: typingDiscovered.toggle()
            case .select?: start(confirmed: false)
            default:
                if typingDiscovered { _ = discoveredEditor.handle(key) } else { _ = editor.handle(key) }
            }
        case .confirmTime:
            switch action {
            case .yes?: start(confirmed: true)
            case .no?: step = .activation; farBack = nil
            default: break
            }
        }
    }

    /// Starts the incident with the times typed; a time more than 12 hours back is asked about
    /// first (`ActionTime.needsConfirming`), as every prompt of the command post asks.
    func start(confirmed: Bool) {
        let t = editor.text.trimmingCharacters(in: .whitespaces)
        let d = discoveredEditor.text.trimmingCharacters(in: .whitespaces)
        do {
            let now = Timestamp.now()
            let at = t.isEmpty ? nil : try WhenParser.parse(t, now: now)
            if let at, ActionRules.isInFuture(at, now: now) { throw RunbookError.usage("the activation time is in the future") }
            let discovered = d.isEmpty ? nil : try WhenParser.parse(d, now: now)
            if !confirmed, let far = [("Activated", at), ("First known", discovered)].first(where: { $0.1.map { ActionTime.needsConfirming($0, now: now) } ?? false }),
               let when = far.1 {
                farBack = "\(far.0) \(TimePreview.resolved(when, now: now)) — \(PlaybookDuration.spoken(seconds: when.seconds(until: now))) ago, more than 12 h back: is that right?"
                step = .confirmTime
                error = nil
                return
            }
            session = try create(choices[selected], name, exercise, at, discovered)
            wantsToQuit = true
        } catch {
            step = .activation
            farBack = nil
            self.error = "NOT STARTED — \(error)"
        }
    }
}
