/// What an action tells the whole hospital: the command post asks `y` before recording it,
/// as it does for a critical task, saying what everyone will be told. One rule, from the
/// action and the incident's state, never from a task's or a decision's id.
public enum HospitalWideNews: Sendable, Equatable {
    /// A system reported UP that was not up: everyone goes back to using it.
    case systemBack(system: String)
    /// A decision's standing answer changed to another (ending diversion: divert → no-divert):
    /// everyone acting on the old answer must change course.
    case answerChanged(decision: String, from: String, to: String)
    /// A critical milestone task marked done (the all-clear).
    case milestone(task: String)
}

extension Engine {
    /// What recording `action` now tells the whole hospital, if anything.
    public func hospitalWideNews(_ action: Action) -> HospitalWideNews? {
        switch action {
        case .system(let typed, .up, _, _):
            let name = playbook.systems.resolve(typed).name
            if state.facts.system(named: name)?.state == .up { return nil }
            return .systemBack(system: name)
        case .decide(let id, let option):
            guard let standing = state.decisions[id]?.option, standing != option else { return nil }
            return .answerChanged(decision: id, from: standing, to: option)
        case .task(let id, .done):
            guard let def = playbook.task(id), def.critical, def.milestone else { return nil }
            return .milestone(task: def.id)
        default:
            return nil
        }
    }
}
