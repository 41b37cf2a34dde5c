import Foundation

/// The report as JSON, schema `runbook-report` version 1 (DESIGN.md fixes its shape): the
/// state as `status --json` gives it at the report's end, every entry in journal order, and the
/// figures the after-action report is built from. Times are RFC 3339 UTC; every key is always
/// present (`null` when there is no value). Redacted, every entry's `prev` and `hash` are null
/// (`Redaction`): the chain head is in `figures.integrity` and `stamp`.
enum ReportJSON {
    struct Document: Encodable {
        var schema = "runbook-report"
        var schemaVersion = ReportModel.schemaVersion
        var redacted: Bool
        var asOf: String
        /// How the export was made (`ReportStamp`), for `runbook verify --export`.
        var stamp: String
        var state: StatusJSON.Document
        var figures: Figures
        var entries: [Entry]
    }

    struct Figures: Encodable {
        var incident: Incident
        var summary: String
        var integrity: Integrity
        var milestones: [Milestone]
        var phases: [Phase]
        var roles: [Role]
        var decisions: [Decision]
        var systems: [System]
        var deviations: [Deviation]
        var deadlines: [Deadline]
        var periods: [Period]
        var improvementPlan: [Improvement]
        var transcribed: [Int]
    }

    struct Incident: Encodable {
        var id, name, playbook, playbookTitle, playbookVersion, playbookSHA256: String
        var exercise: Bool
        var discovered, activated: String
        @Nullable var closed: String?
        var end: String
        var durationSeconds: Int
        var periods: Int
        /// Entry 1's facts as first recorded, when amended since; null when never amended.
        @Nullable var asOpened: AsOpened?
        /// The seqs of the `incident.amended` entries that count.
        var amendments: [Int]
        /// The facility entry 1 names; absent when none.
        var facility: String? = nil
    }

    struct AsOpened: Codable, Equatable {
        var name: String
        var exercise: Bool
        var discovered, activated: String
    }
    struct Integrity: Encodable {
        var entries: Int
        var head: String
        var verified: Bool
        @Nullable var problem: String?
        var tornTail: Bool
    }
    struct Milestone: Encodable {
        var title: String
        @Nullable var task: String?
        @Nullable var planned: String?
        @Nullable var actual: String?
        @Nullable var plannedTPlusSeconds: Int?
        @Nullable var actualTPlusSeconds: Int?
        @Nullable var seq: Int?
    }
    struct Phase: Encodable {
        var id, title, plannedFrom: String
        @Nullable var plannedTo: String?
        @Nullable var firstActivity: String?
        @Nullable var lastActivity: String?
        var done, skipped, notDone, inapplicable: Int
        /// Open in an interim report, and not counted in `notDone` (0 once closed).
        var notYetDue, waitingOnDecision: Int
    }
    struct Holding: Encodable {
        var person, from: String
        @Nullable var to: String?
        var seq: Int
    }
    struct Role: Encodable {
        var id, title: String
        var done, skipped, late, notDone, inapplicable: Int
        /// Open in an interim report, and not counted in `notDone` (0 once closed).
        var notYetDue, waitingOnDecision: Int
        var holders: [Holding]
    }
    struct Decision: Encodable {
        var id, question: String
        @Nullable var option: String?
        @Nullable var when: String?
        @Nullable var by: String?
        @Nullable var role: String?
        @Nullable var reason: String?
        @Nullable var seq: Int?
    }
    struct Segment: Encodable { var state, from, to: String }
    struct Estimate: Encodable { var given, eta: String; var seq: Int }
    struct System: Encodable {
        var name, stateAtEnd, firstReported: String
        @Nullable var restored: String?
        var outageSeconds: Int
        var segments: [Segment]
        var estimates: [Estimate]
        /// Up at the end, with its go-live task's instance not recorded.
        var goLiveNotRecorded: Bool
    }
    struct Deviation: Encodable {
        var kind, what, detail: String
        @Nullable var seq: Int?
        @Nullable var when: String?
        @Nullable var task: String?
    }
    struct Deadline: Encodable {
        var task, title: String
        @Nullable var due: String?
        @Nullable var done: String?
        @Nullable var met: Bool?
        /// Its condition while undecided (the clock holds only if that comes true), else null.
        @Nullable var conditional: String?
    }
    struct Period: Encodable { var number: Int; var from, to: String }
    struct Improvement: Encodable {
        var capability, issue, source: String
        /// Its group in the plan (`ReportModel.Improvement.Group`): "Lessons", "Late", "Missed"….
        var group: String
        var correctiveAction = "", capabilityElement = "", responsibleOrganization = "", pointOfContact = "", start = "", completion = ""
    }
    struct Entry: Encodable {
        var seq: Int
        /// In a merged record (several stations' chains): the station that recorded it, and its
        /// seq in that station's chain, which `verify` names. Absent for a lone chain.
        var station: String? = nil
        var stationSeq: Int? = nil
        var time: String
        @Nullable var at: String?
        var actor: String
        /// Whom it was recorded on behalf of (also among `fields`), null for the typist's own.
        @Nullable var `for`: String?
        @Nullable var actorRole: String?
        var type: String
        @Nullable var note: String?
        var fields: [String: Value]
        var tPlusSeconds: Int
        /// The whole minutes the report's T+ shows (`Elapsed`), beside the exact seconds.
        var tPlusMinutes: Int
        var period: Int
        @Nullable var correctedBy: Int?
        @Nullable var paper: String?
        @Nullable var prev: String?
        @Nullable var hash: String?
    }
    /// A field's value as the journal holds it.
    enum Value: Encodable {
        case s(String), i(Int64), d(Double), b(Bool), null
        init(_ v: JSONScalar) {
            switch v {
            case .string(let x): self = .s(x)
            case .int(let x): self = .i(x)
            case .double(let x): self = .d(x)
            case .bool(let x): self = .b(x)
            case .null: self = .null
            }
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .s(let x): try c.encode(x)
            case .i(let x): try c.encode(x)
            case .d(let x): try c.encode(x)
            case .b(let x): try c.encode(x)
            case .null: try c.encodeNil()
            }
        }
    }

    static func render(_ m: ReportModel, engine: Engine) -> String {
        let h = m.header
        func t(_ x: Timestamp) -> String { x.rfc3339 }
        func tp(_ x: Timestamp?) -> Int? { x.map { m.tPlus($0) } }
        let byseq = Dictionary(uniqueKeysWithValues: m.timeline.map { ($0.seq, $0) })
        let s = engine.state
        let figures = Figures(
            incident: .init(id: h.incidentID, name: h.name, playbook: h.playbookID, playbookTitle: h.playbookTitle,
                            playbookVersion: h.playbookVersion, playbookSHA256: h.playbookSHA256, exercise: h.exercise,
                            discovered: t(h.discovered), activated: t(h.activated), closed: h.closed.map(t), end: t(h.end),
                            durationSeconds: h.durationSeconds, periods: h.periodCount,
                            asOpened: h.asOpened.map { .init(name: $0.name, exercise: $0.exercise, discovered: t($0.discovered), activated: t($0.activated)) },
                            amendments: h.amendments, facility: h.facility),
            summary: m.summary,
            integrity: .init(entries: m.integrity.entries, head: m.integrity.head, verified: m.integrity.verified,
                             problem: m.integrity.problem, tornTail: m.integrity.tornTail),
            milestones: m.milestones.map { .init(title: $0.title, task: $0.taskID, planned: $0.planned.map(t), actual: $0.actual.map(t),
                                                 plannedTPlusSeconds: tp($0.planned), actualTPlusSeconds: tp($0.actual), seq: $0.seq) },
            phases: m.phases.map { .init(id: $0.id, title: $0.title, plannedFrom: t($0.plannedFrom), plannedTo: $0.plannedTo.map(t),
                                         firstActivity: $0.firstActivity.map(t), lastActivity: $0.lastActivity.map(t),
                                         done: $0.done, skipped: $0.skipped, notDone: $0.open, inapplicable: $0.inapplicable,
                                         notYetDue: $0.notYetDue, waitingOnDecision: $0.waitingOnDecision) },
            roles: m.roles.map { r in .init(id: r.id, title: r.title, done: r.done, skipped: r.skipped, late: r.late, notDone: r.notDone,
                                            inapplicable: r.inapplicable, notYetDue: r.notYetDue, waitingOnDecision: r.waitingOnDecision,
                                            holders: r.holders.map { .init(person: $0.person, from: t($0.from), to: $0.to.map(t), seq: $0.seq) }) },
            decisions: m.decisions.map { .init(id: $0.id, question: $0.question, option: $0.option, when: $0.when.map(t), by: $0.by,
                                               role: $0.role, reason: $0.reason, seq: $0.seq) },
            systems: m.systems.map { sys in .init(name: sys.name, stateAtEnd: sys.stateAtEnd.rawValue, firstReported: t(sys.firstReported),
                                                  restored: sys.restored.map(t), outageSeconds: sys.outageSeconds,
                                                  segments: sys.segments.map { .init(state: $0.state.rawValue, from: t($0.from), to: t($0.to)) },
                                                  estimates: sys.estimates.map { .init(given: t($0.given), eta: t($0.eta), seq: $0.seq) },
                                                  goLiveNotRecorded: sys.goLiveNotRecorded != nil) },
            deviations: m.deviations.map { .init(kind: $0.kind.rawValue, what: $0.what, detail: $0.detail, seq: $0.seq, when: $0.when.map(t), task: $0.taskID) },
            deadlines: m.deadlines.map { .init(task: $0.taskID, title: $0.title, due: $0.due.map(t), done: $0.done.map(t), met: $0.met, conditional: $0.conditional) },
            periods: m.periods.map { .init(number: $0.number, from: t($0.from), to: t($0.to)) },
            improvementPlan: m.improvements.map { .init(capability: $0.capability, issue: $0.issue, source: $0.source, group: $0.group.rawValue) },
            transcribed: m.transcribed)
        let entries = s.entries.map { e in
            Entry(seq: e.seq, station: e.origin?.station, stationSeq: e.origin?.seq, time: t(e.time), at: e.at.map(t), actor: e.actor, for: e.forPerson, actorRole: e.actorRole, type: e.type, note: e.note,
                  fields: Dictionary(e.fields.map { ($0.0, Value($0.1)) }, uniquingKeysWith: { a, _ in a }),
                  tPlusSeconds: m.tPlus(e.when), tPlusMinutes: Elapsed.minutes(seconds: m.tPlus(e.when)), period: byseq[e.seq]?.period ?? 1, correctedBy: s.corrected[e.seq],
                  paper: byseq[e.seq]?.paper, prev: m.redact ? nil : e.prev, hash: m.redact ? nil : e.hash)
        }
        let doc = Document(redacted: m.redact, asOf: t(h.end), stamp: ReportStamp(.json, m).text, state: StatusJSON.document(engine, now: h.end), figures: figures, entries: entries)
        return JSONOutput.text(doc) + "\n"
    }
}
