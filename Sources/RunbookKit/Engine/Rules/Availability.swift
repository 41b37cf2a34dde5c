/// Whether an action may be recorded now: the one answer the command line, the command
/// post's keys and its menus all ask for.
public enum Availability: Sendable, Equatable {
    /// It can be recorded.
    case allowed
    /// Only out of order, with `--force` (the menu's OUT OF ORDER items): the refusal it gets
    /// without it (`waiting`, `inapplicable`), whose `deviation` is recorded with it.
    case needsForce(Refusal)
    /// It cannot be recorded: the error `draft` throws (a refusal, or a name that is not there).
    case refused(RunbookError)

    /// Whether it can be recorded, at least with `--force`.
    public var passesWithForce: Bool {
        if case .refused = self { return false }
        return true
    }

    /// The refusal, when the action is held back by a rule (not by an unknown name).
    public var refusal: Refusal? {
        switch self {
        case .allowed: return nil
        case .needsForce(let r): return r
        case .refused(let e): return e.refusal
        }
    }
}

extension Engine {
    /// Whether anything can be recorded on this incident now (a closed incident takes nothing).
    public var recording: Availability {
        ActionRules.closedRefusal(state.facts).map { .refused(.refused($0)) } ?? .allowed
    }

    /// Whether `action` may be recorded now, by the same rules `draft` applies to the state
    /// (the text typed and the `--at` time are `draft`'s alone): the command post asks this to
    /// offer a key or a menu item, `draft` to record. A decision with an empty id asks whether
    /// any decision can be recorded.
    public func availability(_ action: Action, now: Timestamp) -> Availability {
        if let refusal = ActionRules.closedRefusal(state.facts, for: action) { return .refused(.refused(refusal)) }
        do {
            switch action {
            case .task(let id, let verb):
                return availability(verb, try actionableView(id, now: now))
            case .decide(let id, let option):
                if playbook.decisions.isEmpty { return .refused(.refused(.noDecisions)) }
                if !id.isEmpty { try checkDecision(id, option) }
            case .assign(let role, _):
                try checkRole(role)
            case .correct(let seq, _):
                try checkCorrection(seq)
            case .system, .note, .period, .close, .amend:
                break
            }
        } catch let e as RunbookError {
            return .refused(e)
        } catch {
            return .refused(.usage("\(error)"))
        }
        return .allowed
    }
}
