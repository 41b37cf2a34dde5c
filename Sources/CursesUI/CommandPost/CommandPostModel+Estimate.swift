import RunbookKit

/// The systems view's `e`: when a system down or degraded is expected back.
extension CommandPostModel {
    /// The question for `system`'s estimate, with the forms it takes.
    static func estimatePrompt(_ system: SystemRecord) -> Prompt {
        Prompt(title: "When is \(system.name) expected back? HH:MM, +36h, Tue 14:00 or YYYY-MM-DD HH:MM (Enter records, Esc cancels):",
               editor: LineEditor(maxBytes: 64), required: true, purpose: .estimate(system: system.name, state: system.state))
    }

    /// Asks which system (if more than one is not up), then when it is expected back.
    mutating func askEstimate() {
        guard writable() else { return }
        let out = engine.state.systems.filter { $0.state != .up }
        if out.isEmpty {
            message = ("No system is down or degraded: an estimate is only for one that is.", false)
            return
        }
        if out.count == 1 {
            modal = .prompt(CommandPostModel.estimatePrompt(out[0]))
            return
        }
        let items = out.map { s in
            MenuItem(nil, "\(s.name) — \(s.state.rawValue.uppercased())\(s.estimateText(now: now).map { " — " + $0 } ?? "")",
                     .ask(CommandPostModel.estimatePrompt(s)))
        }
        modal = .menu(Menu(title: "Estimate for which system?", items: items))
    }

    /// Reads a typed estimate; nil (the prompt kept, with the reason) when it cannot be read.
    mutating func estimate(_ text: String, _ p: inout Prompt) -> Timestamp? {
        do {
            return try WhenParser.parseEstimate(text, now: now)
        } catch {
            p.error = "\(error)"
            modal = .prompt(p)
            return nil
        }
    }
}
