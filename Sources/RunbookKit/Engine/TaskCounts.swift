/// How the work stands, each piece of work counted once (a `per: system` task as its
/// instances, not them and itself): the command post's header line.
public struct TaskCounts: Sendable, Equatable {
    /// Past their due time and not finished.
    public var overdue = 0
    /// Blocked.
    public var blocked = 0
    /// Ready to start (nothing they wait on).
    public var ready = 0
    /// Done.
    public var done = 0
    /// Skipped (judged not needed): counted on its own, never as done.
    public var skipped = 0
    /// Done or skipped: nothing more to do on them (a progress bar's fill).
    public var finished: Int { done + skipped }
    /// Every piece of work that applies (not what a decision ruled out).
    public var applicable = 0

    /// The counts of `views`, the engine's task views (`Engine.taskViews`).
    public init(_ views: [TaskView]) {
        for v in views.lazy.flatMap(\.turns) {
            if v.overdue { overdue += 1 }
            switch v.status {
            case .blocked: blocked += 1
            case .ready: ready += 1
            case .done: done += 1
            case .skipped: skipped += 1
            default: break
            }
            if v.status != .inapplicable { applicable += 1 }
        }
    }
}

extension Engine {
    /// How the work stands at `now`, each piece of work once.
    public func counts(now: Timestamp) -> TaskCounts { TaskCounts(taskViews(now: now)) }
}
