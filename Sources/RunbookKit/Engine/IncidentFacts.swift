/// The incident-wide facts: what the incident is, who holds which role, which systems are
/// affected, the operational period, whether it is closed. The full state and the light state
/// of a one-line command both hold these, folded by the one `apply` below, so an action checked
/// against either is drafted the same way.
public struct IncidentFacts: Sendable {
    public var name = ""
    public var playbookID = ""
    public var playbookTitle = ""
    public var playbookVersion = ""
    public var exercise = false
    /// When the incident was activated (entry 1's `at`, else its time).
    public var activated = Timestamp(millis: 0)
    /// When the organization first knew of it: entry 1's `discovered`, else (a journal from
    /// before that was recorded) the activation time.
    public var discovered = Timestamp(millis: 0)
    /// When it was closed, if it was.
    public var closed: Timestamp?
    /// Who holds each role now, with the earlier holders.
    public var roles: [String: RoleRecord] = [:]
    /// Every counting role assignment, in journal order: the facts `role(of:at:)` reads.
    public var assignments: [RoleAssignment] = []
    /// Affected systems, in the order first reported.
    public var systems: [SystemRecord] = []
    public var period = 1
    public var periodStarted = Timestamp(millis: 0)

    public init() {}

    /// The entry types whose effect is kept here.
    public static let types: [EntryType] = [.incidentOpened, .roleAssigned, .systemStatus, .periodStarted, .incidentClosed]

    /// The effect of one counting entry of the types in `types`; other entries change nothing.
    mutating func apply(_ e: JournalEntry) {
        switch e.kind {
        case .incidentOpened?:
            name = e.string("name") ?? ""
            playbookID = e.string("playbook") ?? ""
            playbookTitle = e.string("playbookTitle") ?? ""
            playbookVersion = e.string("playbookVersion") ?? ""
            exercise = e["exercise"]?.bool ?? false
            activated = e.when
            discovered = e.string("discovered").flatMap { Timestamp(rfc3339: $0) } ?? e.when
            periodStarted = e.when
        case .roleAssigned?:
            guard let role = e.string("role"), let person = e.string("person") else { return }
            assignments.append(RoleAssignment(role: role, person: person, when: e.when, seq: e.seq))
            if var r = roles[role] {
                r.previous.append((r.person, r.since))
                r.person = person
                r.since = e.when
                roles[role] = r
            } else {
                roles[role] = RoleRecord(person: person, since: e.when)
            }
        case .systemStatus?:
            guard let name = e.string("system"), let s = e.string("state"), let st = SystemRecord.State(rawValue: s) else { return }
            let before = system(named: name)?.state
            defer { noteEstimate(e, system: name, before: before) }
            if let i = systems.firstIndex(where: { SystemRecord.sameSystem($0.name, name) }) {
                var rec = systems[i]
                // The same state reported again (an update with a note) does not restart the clock.
                if rec.state == st { return }
                if rec.state != .up { rec.outageSecondsBefore += max(0, rec.since.seconds(until: e.when)) }
                rec.state = st
                rec.since = e.when
                systems[i] = rec
            } else {
                systems.append(SystemRecord(name: name, state: st, since: e.when, firstReported: e.when))
            }
        case .periodStarted?:
            period = Int(e["period"]?.int ?? Int64(period + 1))
            periodStarted = e.when
        case .incidentClosed?:
            closed = e.when
        default:
            break
        }
    }

    /// The role an entry by `actor` is recorded in (`actorRole`). The one rule, wherever the
    /// action was typed: of the roles `actor` holds, the one assigned to them most recently in
    /// the journal. With `at`, the roles held at that moment: a role's holder then is the person
    /// of its last counting assignment (journal order) that happened at or before it. Drafts
    /// ask without `at` (see `baseDraft`).
    public func role(of actor: String, at: Timestamp? = nil) -> String? {
        var settled = Set<String>()
        for a in assignments.reversed() {
            if let at, a.when > at { continue }
            guard settled.insert(a.role).inserted else { continue }
            if a.person == actor { return a.role }
        }
        return nil
    }

    /// The known system `name` is, by the one "same system" rule, if it was reported before.
    public func system(named name: String) -> SystemRecord? {
        systems.first { SystemRecord.sameSystem($0.name, name) }
    }
}

/// One counting `role.assigned` entry.
public struct RoleAssignment: Sendable, Equatable {
    public var role: String
    public var person: String
    /// When it happened (`at`, else the time recorded).
    public var when: Timestamp
    public var seq: Int
}
