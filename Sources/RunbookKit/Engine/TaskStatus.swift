/// Where a task stands; DESIGN.md fixes these seven.
public enum TaskStatus: String, CaseIterable, Sendable {
    case waiting, ready, started, done, skipped, blocked, inapplicable

    /// Finished for the purpose of prerequisites and overdue marks.
    public var isFinished: Bool { self == .done || self == .skipped || self == .inapplicable }
}

/// What has been recorded about one task, before prerequisites and decisions are applied.
public struct TaskRecord: Sendable {
    /// Index of the task in the playbook.
    public let index: Int
    /// The last recorded action of the current round: nil (nothing yet), started, done, skipped, blocked.
    public var recorded: TaskStatus?
    /// 1 for the first round; recurring tasks count up as rounds are done.
    public var round: Int = 1
    /// When the previous round of a recurring task was finished.
    public var lastRoundFinished: Timestamp?
    /// When the current recorded action happened.
    public var since: Timestamp?
    /// Who did it.
    public var by: String?
    /// The reason given for a block or skip.
    public var reason: String?
    /// seqs of every effective entry about this task, oldest first.
    public var history: [Int] = []
    /// Whether any of its actions was forced out of order.
    public var deviated = false
    /// The affected system this record is for, on a `per: system` task; nil otherwise.
    public internal(set) var system: String?

    init(index: Int, system: String? = nil) { self.index = index; self.system = system }
}

/// A task as a person sees it: its definition and derived status.
public struct TaskView: Sendable {
    public let def: Playbook.TaskDef
    public let status: TaskStatus
    public let round: Int
    public let due: Timestamp?
    public let overdue: Bool
    public let record: TaskRecord
    /// Prerequisites not yet finished, or the decision still open, that keep it waiting.
    public let waits: [TaskWait]
    /// The affected system of one instance of a `per: system` task; nil for a task done once
    /// and for the per-system task itself.
    public var system: String? = nil
    /// Its `when:` while still undecided: its due time is then conditional, shown as "if …",
    /// never overdue, passed or missed (`Engine.undecidedCondition`); nil otherwise.
    public var conditional: Playbook.Condition? = nil
    /// A `per: system` task's instances, one per affected system in the order they were first
    /// reported down or degraded; empty otherwise. The task's own status sums them up.
    public var instances: [TaskView] = []
    /// Each piece of work once, as every screen and summary counts it: a `per: system` task's
    /// instances, else the task itself (a per-system task with no affected system yet waits).
    public var turns: [TaskView] { instances.isEmpty ? [self] : instances }
    /// The same as text: task ids, and "decision ID" (for the command line and JSON).
    public var waitingOn: [String] { waits.map(\.text) }
    /// The id to act on: `TASK@SYSTEM` for an instance, else the task's id.
    public var id: String { system.map { "\(def.id)@\($0)" } ?? def.id }
}

/// What a waiting task waits on: a prerequisite task, or a decision not yet made.
public enum TaskWait: Sendable, Equatable {
    case task(String)
    case decision(String)
    /// A `per: system` task before any system is reported down or degraded.
    case affectedSystem

    /// As the command line writes it: the task id (`TASK@SYSTEM` for an instance), "decision
    /// ID", or "an affected system".
    public var text: String {
        switch self {
        case .task(let id): return id
        case .decision(let id): return "decision \(id)"
        case .affectedSystem: return "a system reported down or degraded"
        }
    }
}
