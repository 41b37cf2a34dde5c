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
    /// The facility (hospital) it happens at: entry 1's `facility`, if given.
    public var facility: String?
    /// When the incident was activated (entry 1's `at`, else its time).
    public var activated = Timestamp(millis: 0)
    /// When the organization first knew of it: entry 1's `discovered`, else (a journal from
    /// before that was recorded) the activation time.
    public var discovered = Timestamp(millis: 0)
    /// When it was closed, if it was.
    public var closed: Timestamp?
    /// The seq of the counting close, if closed: the one entry a closed incident lets be marked
    /// entered in error (which reopens it).
    public var closedSeq: Int?
    /// Entry 1's facts as first recorded, once an `incident.amended` changed any of them: the
    /// report shows both.
    public var asOpened: OpenedFacts?
    /// The seqs of the counting amendments, in the order they were folded.
    public var amendments: [Int] = []
    /// Who holds each role now, with the earlier holders.
    public var roles: [String: RoleRecord] = [:]
    /// Every counting role assignment, in the order they happened (when, then seq: the fold's
    /// order, `HappenedOrder`): the facts `role(of:at:)` reads.
    public var assignments: [RoleAssignment] = []
    /// Affected systems, in the order first reported.
    public var systems: [SystemRecord] = []
    /// When each operational period began, in time order: period 1 at activation. Periods are
    /// numbered by when they began, not by when they were recorded (a period entered late with
    /// `--force` takes its place in time).
    public var periodStarts: [Timestamp] = [Timestamp(millis: 0)]
    /// The current (latest) operational period's number.
    public var period: Int { periodStarts.count }
    /// When the current period began.
    public var periodStarted: Timestamp { periodStarts[periodStarts.count - 1] }

    public init() {}

    /// The entry types whose effect is kept here.
    public static let types: [EntryType] = [.incidentOpened, .incidentAmended, .roleAssigned, .systemStatus, .periodStarted, .incidentClosed]

    /// The effect of one counting entry of the types in `types`; other entries change nothing.
    mutating func apply(_ e: JournalEntry) {
        switch e.kind {
        case .incidentOpened?:
            name = e.string("name") ?? ""
            playbookID = e.string("playbook") ?? ""
            playbookTitle = e.string("playbookTitle") ?? ""
            playbookVersion = e.string("playbookVersion") ?? ""
            exercise = e["exercise"]?.bool ?? false
            facility = e.string("facility")
            activated = e.when
            discovered = e.string("discovered").flatMap { Timestamp(rfc3339: $0) } ?? e.when
            periodStarts[0] = e.when
        case .incidentAmended?:
            // Folded right after entry 1 (`HappenedOrder`), whenever it was typed: every other
            // entry is read against the corrected facts.
            if asOpened == nil { asOpened = OpenedFacts(name: name, activated: activated, discovered: discovered, exercise: exercise) }
            amendments.append(e.seq)
            if let n = e.string("name") { name = n }
            if let x = e["exercise"]?.bool { exercise = x }
            let wasActivated = activated
            if let t = e.string("activated").flatMap(Timestamp.init(rfc3339:)) {
                activated = t
                periodStarts[0] = t
                periodStarts.sort()
            }
            if let t = e.string("discovered").flatMap(Timestamp.init(rfc3339:)) {
                discovered = t
            } else if discovered == wasActivated {
                // Never given apart from the activation: it moves with it.
                discovered = activated
            }
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
            let found = systemIndex(named: name)
            let before = found.map { systems[$0].state }
            defer { noteEstimate(e, system: name, before: before) }
            // A kind changed by a later report (in the order things happened) is the kind from then on.
            if let kind = e.string("kind"), let i = found { systems[i].recordedKind = kind }
            if let i = found {
                var rec = systems[i]
                // The same state reported again (an update with a note) does not restart the clock.
                if rec.state == st { return }
                if rec.state != .up { rec.outageSecondsBefore += max(0, rec.since.seconds(until: e.when)) }
                if st != .up && rec.firstAffected == nil { rec.firstAffected = e.when }
                rec.state = st
                rec.since = e.when
                systems[i] = rec
            } else {
                var rec = SystemRecord(name: name, state: st, since: e.when, firstReported: e.when)
                rec.recordedKind = e.string("kind")
                systems.append(rec)
            }
        case .periodStarted?:
            periodStarts.insert(e.when, at: periodStarts.firstIndex { $0 > e.when } ?? periodStarts.count)
        case .incidentClosed?:
            closed = e.when
            closedSeq = e.seq
        default:
            break
        }
    }

    /// The number of the operational period under way at `t`: 1 + the periods begun after
    /// period 1 at or before it.
    public func period(at t: Timestamp) -> Int {
        max(1, periodStarts.lastIndex { $0 <= t }.map { $0 + 1 } ?? 1)
    }

    /// The role an entry by `actor` is recorded in (`actorRole`): the role the actor held when
    /// it happened (`at`, else now). A role's holder at a moment is the person of its latest
    /// assignment (by when it happened, then journal order) at or before that moment; of
    /// several roles held then, the one assigned most recently. Someone who held no role yet is
    /// taken to have acted in the role they were the first to be given, when nobody held it
    /// before: people act in their roles before the scribe records who holds them (the IC
    /// declares at 01:40 and is assigned at 01:50). A hand-over is never back-dated that way:
    /// an entry from before someone took a role over is not tagged with it.
    public func role(of actor: String, at: Timestamp? = nil) -> String? {
        var firsts: [String: RoleAssignment] = [:]
        var current: [String: RoleAssignment] = [:]
        for a in assignments {
            if let f = firsts[a.role], (f.when, f.seq) < (a.when, a.seq) {} else { firsts[a.role] = a }
            if let at, a.when > at { continue }
            if let c = current[a.role], (c.when, c.seq) > (a.when, a.seq) { continue }
            current[a.role] = a
        }
        let held = current.values.filter { $0.person == actor }
        if let latest = held.max(by: { ($0.when, $0.seq) < ($1.when, $1.seq) }) { return latest.role }
        let firstGiven = firsts.values.filter { $0.person == actor && current[$0.role] == nil }
        return firstGiven.min(by: { ($0.when, $0.seq) < ($1.when, $1.seq) })?.role
    }

    /// The role an entry counts in: the one recorded with it, else (an entry recorded before its
    /// person's first assignment was) the role rule now, at when it happened, so an entry typed
    /// before the assignment counts like one back-dated after it.
    public func role(of e: JournalEntry) -> String? {
        e.actorRole ?? role(of: e.person, at: e.when)
    }

    /// Who held `role` at `at`: the person of its latest assignment at or before then (by when it
    /// happened, then journal order); before anyone held it, the first person given it, by the
    /// same rule as `role(of:at:)` (people act in their roles before the scribe records them).
    /// Nil for a role nobody was ever given.
    public func holder(of role: String, at: Timestamp) -> String? {
        let given = assignments.filter { $0.role == role }
        let before = given.filter { $0.when <= at }.max { ($0.when, $0.seq) < ($1.when, $1.seq) }
        return (before ?? given.min { ($0.when, $0.seq) < ($1.when, $1.seq) })?.person
    }

    /// The known system `name` is, by the one "same system" rule, if it was reported before.
    public func system(named name: String) -> SystemRecord? {
        systemIndex(named: name).map { systems[$0] }
    }

    /// Where the system `name` names is in `systems`: by its exact name first (the usual case,
    /// and cheap), else by its key. No two records share a key, so both find the same one.
    func systemIndex(named name: String) -> Int? {
        if let i = systems.firstIndex(where: { $0.name == name }) { return i }
        let key = SystemRecord.key(name)
        return systems.firstIndex { $0.key == key }
    }
}

/// Whom an entry is recorded on behalf of: the person, and the role named (`--for ic`), if one was.
public struct OnBehalf: Sendable, Equatable {
    public var person: String
    public var role: String?
}

/// One counting `role.assigned` entry.
public struct RoleAssignment: Sendable, Equatable {
    public var role: String
    public var person: String
    /// When it happened (`at`, else the time recorded).
    public var when: Timestamp
    public var seq: Int
}

/// Entry 1's facts as the incident was started with them, before any amendment.
public struct OpenedFacts: Sendable, Equatable {
    public var name: String
    public var activated: Timestamp
    public var discovered: Timestamp
    public var exercise: Bool
}
