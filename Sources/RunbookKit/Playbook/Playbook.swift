/// A playbook: the roles, phases, decisions and tasks an incident is worked through.
public struct Playbook: Sendable {
    public var id: String
    public var title: String
    public var version: String
    public var source: String
    public var roles: [Role]
    public var phases: [Phase]
    public var decisions: [Decision]
    public var tasks: [TaskDef]
    /// The systems the hospital has and their kinds (`systems:`; the shipped kinds when unsaid).
    public var systems = SystemCatalog()

    /// A position in the command structure (HICS role).
    public struct Role: Sendable, Equatable {
        public var id: String
        public var title: String
        public init(id: String, title: String) { self.id = id; self.title = title }
    }

    /// A window of time after activation.
    public struct Phase: Sendable, Equatable {
        public var id: String
        public var title: String
        public var from: PlaybookDuration
        public var to: PlaybookDuration?
        public init(id: String, title: String, from: PlaybookDuration, to: PlaybookDuration?) {
            self.id = id; self.title = title; self.from = from; self.to = to
        }
    }

    /// A branch point with named options.
    public struct Decision: Sendable, Equatable {
        public var id: String
        public var question: String
        public var options: [String]
        public var role: String?
        public init(id: String, question: String, options: [String], role: String?) {
            self.id = id; self.question = question; self.options = options; self.role = role
        }
    }

    /// `decision = option`: the answer a task applies on.
    public struct Condition: Sendable, Equatable, CustomStringConvertible {
        public var decision: String
        public var option: String
        public init(decision: String, option: String) { self.decision = decision; self.option = option }
        public var description: String { "\(decision) = \(option)" }
    }

    /// One checklist item.
    public struct TaskDef: Sendable, Equatable {
        public var id: String
        public var title: String
        public var role: String
        public var phase: String
        /// When it comes due: after activation, discovery, a task's done time or a decision.
        public var due: Due?
        public var after: [String]
        public var when: Condition?
        public var every: PlaybookDuration?
        public var critical: Bool
        /// An external clock (insurer, regulator): boards show it with a countdown.
        public var deadline: Bool
        /// A landmark of the response: the after-action report gives its T+ against plan.
        public var milestone: Bool
        /// `per: system`: one instance per affected system (`TASK@SYSTEM`), each with its own
        /// status, due time and history.
        public var perSystem: Bool
        /// `kinds:` of a `per: system` task: instances only for systems of these kinds (nil: all).
        public var kinds: [String]? = nil
        public var detail: String
        public var refs: [String]

        public init(id: String, title: String, role: String, phase: String, due: Due? = nil,
                    after: [String] = [], when: Condition? = nil, every: PlaybookDuration? = nil,
                    critical: Bool = false, deadline: Bool = false, milestone: Bool = false,
                    perSystem: Bool = false, detail: String = "", refs: [String] = []) {
            self.id = id; self.title = title; self.role = role; self.phase = phase; self.due = due
            self.after = after; self.when = when; self.every = every; self.critical = critical
            self.deadline = deadline; self.milestone = milestone; self.perSystem = perSystem
            self.detail = detail; self.refs = refs
        }
    }

    public init(id: String, title: String, version: String, source: String, roles: [Role], phases: [Phase],
                decisions: [Decision], tasks: [TaskDef]) {
        self.id = id; self.title = title; self.version = version; self.source = source
        self.roles = roles; self.phases = phases; self.decisions = decisions; self.tasks = tasks
    }

    /// The task with `id`.
    public func task(_ id: String) -> TaskDef? { tasks.first { $0.id == id } }
    /// The role with `id`.
    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }
    /// The phase with `id`.
    public func phase(_ id: String) -> Phase? { phases.first { $0.id == id } }
    /// The decision with `id`.
    public func decision(_ id: String) -> Decision? { decisions.first { $0.id == id } }
}
