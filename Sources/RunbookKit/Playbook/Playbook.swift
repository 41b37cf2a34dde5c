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
        /// The task that records this decision (`task:` in the playbook): deciding completes it,
        /// and it is never done without the answer. Nil: no task records it (nothing is guessed).
        public var task: String?
        public init(id: String, question: String, options: [String], role: String?, task: String? = nil) {
            self.id = id; self.question = question; self.options = options; self.role = role; self.task = task
        }
    }

    /// When a task applies (`when:`): `decision = option`, `decision != option`, or all / any of
    /// several such conditions (nested as deep as needed). `Engine.conditionValue` and
    /// `Engine.conditionBecameTrue` are the one place it is evaluated.
    public indirect enum Condition: Sendable, Equatable, CustomStringConvertible {
        /// `decision = option`.
        case equals(decision: String, option: String)
        /// `decision != option`: any other answer.
        case differs(decision: String, option: String)
        /// `{all: [...]}`: every part holds.
        case all([Condition])
        /// `{any: [...]}`: at least one part holds.
        case any([Condition])

        /// `decision = option`.
        public init(decision: String, option: String) { self = .equals(decision: decision, option: option) }

        /// Readable, as the screens and reports say it: "regulator-notification = yes and
        /// breach-size = 500-or-more"; a nested all/any is in brackets.
        public var description: String { words { $0 } }

        /// `description` with each decision named by `name` and "not" written `differs` (a
        /// paper binder names the question and writes "≠").
        public func words(differs: String = "!=", naming name: (String) -> String) -> String {
            func join(_ parts: [Condition], _ joiner: String) -> String {
                parts.map { p in
                    switch p {
                    case .all, .any: return "(\(p.words(differs: differs, naming: name)))"
                    case .equals, .differs: return p.words(differs: differs, naming: name)
                    }
                }.joined(separator: joiner)
            }
            switch self {
            case .equals(let d, let o): return "\(name(d)) = \(o)"
            case .differs(let d, let o): return "\(name(d)) \(differs) \(o)"
            case .all(let parts): return join(parts, " and ")
            case .any(let parts): return join(parts, " or ")
            }
        }

        /// Every decision it reads, each once, in the order written.
        public var decisions: [String] {
            var out: [String] = []
            func walk(_ c: Condition) {
                switch c {
                case .equals(let d, _), .differs(let d, _): if !out.contains(d) { out.append(d) }
                case .all(let parts), .any(let parts): parts.forEach(walk)
                }
            }
            walk(self)
            return out
        }

        /// Whether it holds for the answers `answer` gives (nil: that decision is not made):
        /// true, false, or nil while undecided. Three-valued: `all` is false once a part is
        /// false, `any` true once a part is true, whatever the undecided parts will be.
        public func value(_ answer: (String) -> String?) -> Bool? {
            switch self {
            case .equals(let d, let o): return answer(d).map { $0 == o }
            case .differs(let d, let o): return answer(d).map { $0 != o }
            case .all(let parts): return Condition.combine(parts, answer, settledBy: false)
            case .any(let parts): return Condition.combine(parts, answer, settledBy: true)
            }
        }

        /// all (`settledBy` false) or any (true) of `parts`: one part with the value `settledBy`
        /// settles it; else undecided while a part is, else the other value.
        private static func combine(_ parts: [Condition], _ answer: (String) -> String?, settledBy: Bool) -> Bool? {
            var unknown = false
            for p in parts {
                switch p.value(answer) {
                case settledBy?: return settledBy
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : !settledBy
        }

        /// A decided part that makes it false under `answer` (for "it does not apply: D was
        /// answered A"), or nil when it is not false.
        public func falsifiedBy(_ answer: (String) -> String?) -> (decision: String, answer: String)? {
            guard value(answer) == false else { return nil }
            switch self {
            case .equals(let d, _), .differs(let d, _): return answer(d).map { (d, $0) }
            case .all(let parts), .any(let parts):
                for p in parts { if let f = p.falsifiedBy(answer) { return f } }
                return nil
            }
        }
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
