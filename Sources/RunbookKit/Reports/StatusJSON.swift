import Foundation

/// `runbook status --json`: the shape DESIGN.md fixes, as Codable values encoded with sorted
/// keys, so the text is stable and every string is escaped by the encoder.
public enum StatusJSON {
    /// The whole document.
    public struct Document: Codable, Sendable, Equatable {
        public var incident: Incident
        public var tasks: [Task]
        public var decisions: [Decision]
        public var roles: [Role]
        public var systems: [System]
    }

    /// The incident's header.
    public struct Incident: Codable, Sendable, Equatable {
        public var id, name, playbook, playbookVersion: String
        @Nullable public var opened: String?
        @Nullable public var closed: String?
        public var exercise: Bool
        public var entries: Int
        public var head: String
        /// The head as a witness, `HASH@SEQ`, what `runbook verify --witness` takes.
        public var witness: String
        public var period: Int
        @Nullable public var periodStarted: String?
        public var clockWarnings: [String]
        /// The facility, when entry 1 names one; absent otherwise.
        public var facility: String? = nil
        /// Each station's part of the record (DESIGN.md, Stations), by id; absent while the
        /// record is one chain that never left its station.
        public var stations: [StationSummary]? = nil
    }

    /// One task as it stands.
    public struct Task: Codable, Sendable, Equatable {
        public var id, title, role, phase, status: String
        @Nullable public var due: String?
        public var overdue: Bool
        public var round: Int
        public var critical: Bool
        /// An external clock (insurer, regulator).
        public var deadline: Bool
        /// A landmark the after-action report measures.
        public var milestone: Bool
        @Nullable public var since: String?
        @Nullable public var by: String?
        @Nullable public var reason: String?
        public var deviation: Bool
        public var waitingOn: [String]
        /// On an instance of a `per: system` task: its system (the id is `TASK@SYSTEM`).
        public var system: String?
        /// On a `per: system` task: one entry per affected system; absent on other tasks.
        public var instances: [Task]?
        /// While the task's `when:` is undecided: that condition ("regulator-notification = yes").
        /// Its `due` is then conditional and `overdue` false. Absent otherwise.
        public var conditional: String? = nil
    }

    /// One decision and its answer, if made.
    public struct Decision: Codable, Sendable, Equatable {
        public var id, question: String
        @Nullable public var option: String?
        @Nullable public var decided: String?
        @Nullable public var by: String?
    }

    /// One role and who holds it.
    public struct Role: Codable, Sendable, Equatable {
        public var id, title: String
        @Nullable public var person: String?
        @Nullable public var since: String?
    }

    /// One affected system.
    public struct System: Codable, Sendable, Equatable {
        public var name, state: String
        @Nullable public var since: String?
        /// When it is expected back (recorded with `system … --eta`), if anyone said.
        @Nullable public var eta: String?
        public var outageSeconds: Int
        /// The estimate has passed and the system is still down or degraded.
        public var etaPassed: Bool
        /// How many times this outage's estimate changed after it was first given.
        public var etaMoves: Int
        /// Seconds from the first estimate of this outage to the current one.
        public var etaDriftSeconds: Int
        /// Its kind (`Engine.systemKind`): recorded, else the playbook's, else other.
        public var kind: String?
        /// Every estimate given in this outage, oldest first.
        public var estimates: [Estimate]
    }

    /// One restoration estimate as given.
    public struct Estimate: Codable, Sendable, Equatable {
        public var eta, given, by: String
        public var seq: Int
    }

    /// The state as the document's values.
    public static func document(_ engine: Engine, now: Timestamp) -> Document {
        let s = engine.state
        let pb = engine.playbook
        func time(_ t: Timestamp?) -> String? { t?.rfc3339 }
        var incident = Incident(id: s.id, name: s.name, playbook: s.playbookID, playbookVersion: s.playbookVersion,
                                opened: time(s.activated), closed: time(s.closed), exercise: s.exercise,
                                entries: s.entryCount, head: s.head, witness: s.witness.full, period: s.period,
                                periodStarted: time(s.periodStarted), clockWarnings: s.clockWarnings.map(\.words), facility: s.facility)
        let stations = StationSummary.of(s)
        incident.stations = stations.isEmpty ? nil : stations
        func task(_ v: TaskView) -> Task {
            var t = Task(id: v.id, title: v.def.title, role: v.def.role, phase: v.def.phase, status: v.status.rawValue,
                 due: time(v.due), overdue: v.overdue, round: v.round, critical: v.def.critical,
                 deadline: v.def.deadline, milestone: v.def.milestone, since: time(v.record.since), by: v.record.by, reason: v.record.reason,
                 deviation: v.record.deviated, waitingOn: v.waitingOn, system: v.system,
                 instances: v.def.perSystem && v.system == nil ? v.instances.map(task) : nil)
            t.conditional = v.conditional?.description
            return t
        }
        let tasks = engine.taskViews(now: now).map(task)
        let decisions = pb.decisions.map { d in
            let r = s.decisions[d.id]
            return Decision(id: d.id, question: d.question, option: r?.option, decided: time(r?.when), by: r?.by)
        }
        let roles = pb.roles.map { r in
            let h = s.roles[r.id]
            return Role(id: r.id, title: r.title, person: h?.person, since: time(h?.since))
        }
        let systems = s.systems.map { sys in
            System(name: sys.name, state: sys.state.rawValue, since: time(sys.since), eta: time(sys.eta),
                   outageSeconds: sys.outageSeconds(now: now), etaPassed: sys.isPastEstimate(now: now),
                   etaMoves: sys.estimateMoves, etaDriftSeconds: sys.estimateDrift,
                   kind: engine.systemKind(sys.name),
                   estimates: sys.outageEstimates.map { Estimate(eta: $0.eta.rfc3339, given: $0.given.rfc3339, by: $0.by, seq: $0.seq) })
        }
        return Document(incident: incident, tasks: tasks, decisions: decisions, roles: roles, systems: systems)
    }

    /// The state as one JSON document.
    public static func render(_ engine: Engine, now: Timestamp) -> String {
        JSONOutput.text(document(engine, now: now))
    }
}

/// Encodes runbook's JSON outputs one way: sorted keys, two-space indentation, `/` unescaped.
public enum JSONOutput {
    /// `value` as JSON text (no newline at the end).
    public static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An optional member written as `null` when absent, not left out: the shapes DESIGN.md
/// fixes have every key, always.
@propertyWrapper
public struct Nullable<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A `Nullable` member may also be missing.
    public func decode<V>(_ type: Nullable<V>.Type, forKey key: Key) throws -> Nullable<V> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}
