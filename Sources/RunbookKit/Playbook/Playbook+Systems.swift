/// The systems a hospital has and their kinds (`systems:` in a playbook): which kinds the
/// playbook sorts systems into, and the systems it knows by name and alias. It is the one home
/// that resolves a typed system name to the name the playbook knows, for the command line, the
/// command post's systems picker and the engine alike.
public struct SystemCatalog: Sendable, Equatable {
    /// The kind every system has when nothing says otherwise; always valid.
    public static let other = "other"
    /// The kinds a playbook has when it declares none (the shipped playbooks' list).
    public static let shippedKinds = ["clinical-record", "clinical-device", "imaging", "lab", "pharmacy",
                                      "communications", "infrastructure", "business"]

    /// A system the playbook knows: its name, its kind and the other names it goes by.
    public struct Known: Sendable, Equatable {
        public var name: String
        public var kind: String
        public var aliases: [String]
        public init(name: String, kind: String, aliases: [String] = []) {
            self.name = name; self.kind = kind; self.aliases = aliases
        }
    }

    /// The playbook's kinds, in its order (`other` is not among them unless written).
    public var kinds: [String]
    /// The systems it knows, in its order.
    public var known: [Known] { didSet { index = SystemCatalog.index(known) } }
    /// Each name's and alias's "same system" key (`SystemRecord.key`), to the first system it
    /// names: the engine asks a system's kind for every instance it shows.
    private var index: [String: Int]

    public init(kinds: [String] = SystemCatalog.shippedKinds, known: [Known] = []) {
        self.kinds = kinds; self.known = known
        index = SystemCatalog.index(known)
    }

    private static func index(_ known: [Known]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, k) in known.enumerated() {
            for name in [k.name] + k.aliases where out[SystemRecord.key(name)] == nil { out[SystemRecord.key(name)] = i }
        }
        return out
    }

    /// Whether the playbook says nothing about systems (nothing to write back).
    public var isDefault: Bool { kinds == SystemCatalog.shippedKinds && known.isEmpty }

    /// Every kind a system may be given: the playbook's, then `other`.
    public var validKinds: [String] { kinds.contains(SystemCatalog.other) ? kinds : kinds + [SystemCatalog.other] }

    /// Whether `kind` is one a system may be given.
    public func isValidKind(_ kind: String) -> Bool { validKinds.contains(kind) }

    /// The known system `typed` names, by its name or an alias, by the one "same system" rule
    /// (`SystemRecord.sameSystem`: case, spacing and a trailing "system" do not count).
    public func known(named typed: String) -> Known? {
        index[SystemRecord.key(typed)].map { known[$0] }
    }

    /// What a typed system name means in this playbook: the known system's name when it is
    /// one of its names or aliases, else the name as typed. `alias` is true when an alias (not
    /// the name itself) was typed: "Epic is EHR in this playbook".
    public func resolve(_ typed: String) -> (name: String, alias: Bool) {
        guard let k = known(named: typed) else { return (typed, false) }
        return (k.name, !SystemRecord.sameSystem(k.name, typed))
    }
}

extension Playbook.TaskDef {
    /// Whether this task has an instance for a system of `kind`: a `per: system` task with no
    /// `kinds:` is for every kind.
    public func applies(toKind kind: String) -> Bool {
        kinds.map { $0.contains(kind) } ?? true
    }
}

extension Playbook {
    /// The go-live task: the playbook's first `per: system` milestone that waits on no other
    /// `per: system` milestone (in occi, taking a restored system live; identity reconciliation
    /// and back-entry come before it and are not milestones). A system reported up whose instance of
    /// it is not recorded is flagged (`Engine.goLiveNotRecorded`). nil when it has none.
    public var goLiveTask: TaskDef? {
        let milestones = Set(tasks.filter { $0.perSystem && $0.milestone }.map(\.id))
        func waitsOnMilestone(_ t: TaskDef) -> Bool {
            var seen: Set<String> = [], todo = t.after
            while let id = todo.popLast() {
                guard seen.insert(id).inserted else { continue }
                if milestones.contains(id) { return true }
                todo += task(id)?.after ?? []
            }
            return false
        }
        return tasks.first { milestones.contains($0.id) && !waitsOnMilestone($0) }
    }
}
