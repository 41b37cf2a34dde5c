/// Everything the after-action report and its exports say, computed once from the journal
/// alone (the engine's state and the entries) so md, html, csv, json and the HICS 214 all agree.
/// Nothing here reads the clock: a closed incident ends at its close; an open one is reported
/// "as of" the latest time an entry was recorded, so the same journal gives the same bytes.
public struct ReportModel: Sendable {
    /// Version of the report's JSON schema (DESIGN.md, "The report's JSON").
    public static let schemaVersion = 1
    /// What replaces free text and people's names under `--redact`.
    public static let redacted = "[redacted]"

    public var header: Header
    public var integrity: Integrity
    public var milestones: [Milestone]
    /// Each milestone's mark in the table and the timeline picture: M1, M2… for those reached,
    /// counted in order (a milestone not reached takes no number); nil for one not reached.
    public var milestoneMarks: [String?] {
        var n = 0
        return milestones.map { ms in
            guard ms.actual != nil else { return nil }
            n += 1
            return "M\(n)"
        }
    }
    public var phases: [PhaseRow]
    public var roles: [RoleRow]
    public var decisions: [DecisionRow]
    public var systems: [SystemRow]
    /// The system row whose go-live (`Engine.goLiveNotRecorded`) milestone `ms` is, if that
    /// system was reported up without it: its row says so rather than "not reached".
    public func goLiveNotRecorded(_ ms: Milestone) -> SystemRow? {
        systems.first { sys in sys.goLiveNotRecorded.map { "\($0.task)@\(sys.name)" == ms.taskID } == true }
    }
    public var deviations: [Deviation]
    public var deadlines: [DeadlineRow]
    public var timeline: [TimelineRow]
    public var improvements: [Improvement]
    public var periods: [PeriodRow]
    /// Entries transcribed from the paper binder (seqs), in journal order.
    public var transcribed: [Int]
    public var summary: String
    public var clock: ReportClock
    public var redact: Bool
    /// Page one, "Summary for the board" (ReportModel+Board.swift).
    public var board = Board()

    /// The title block.
    public struct Header: Sendable {
        public var incidentID, name: String
        public var playbookID, playbookTitle, playbookVersion, playbookSHA256: String
        public var exercise: Bool
        public var discovered, activated: Timestamp
        public var closed: Timestamp?
        /// Where the report ends: the close, else the latest recorded time ("as of").
        public var end: Timestamp
        public var durationSeconds: Int
        public var periodCount: Int
        /// Entry 1's facts as first recorded, when `runbook amend` corrected any (the values
        /// above are the amended ones), and the amending entries' seqs.
        public var asOpened: OpenedFacts?
        public var amendments: [Int] = []
        /// The facility entry 1 names, if any.
        public var facility: String? = nil

        /// "Amended (#3, #5) — as first recorded: activated 2026-11-29 09:00; named “X”": what
        /// the amendments changed, in `clock`'s times; nil when nothing was amended.
        public func amendedWords(_ clock: ReportClock) -> String? {
            guard let o = asOpened else { return nil }
            var was: [String] = []
            if o.name != name { was.append("named “\(o.name)”") }
            if o.activated != activated { was.append("activated \(clock.dateTime(o.activated))") }
            if o.discovered != discovered { was.append("discovered \(clock.dateTime(o.discovered))") }
            if o.exercise != exercise { was.append(o.exercise ? "an exercise" : "a real incident") }
            let by = amendments.map { "#\($0)" }.joined(separator: ", ")
            return "by \(by); as first recorded: " + (was.isEmpty ? "the same values" : was.joined(separator: "; "))
        }
    }

    /// The journal's check, as the report states it.
    public struct Integrity: Sendable {
        public var entries: Int
        public var head: String
        /// Nil when every line and the frozen playbook passed; else the problem in plain words.
        public var problem: String?
        /// Bytes after the last newline, skipped (a crash mid-write), if any.
        public var tornTail: Bool
        public var verified: Bool { problem == nil }
    }

    /// A milestone: planned T+ (nil when the playbook sets no time) and actual.
    public struct Milestone: Sendable {
        public var title: String
        public var taskID: String?
        public var planned: Timestamp?
        public var actual: Timestamp?
        public var seq: Int?
    }

    /// How a task's first round stands at the report's end (`Builder.outcome`), what every
    /// count of tasks in the report counts.
    public enum Outcome: Sendable, Equatable {
        case done, skipped, inapplicable
        /// Due by the end (any open task, once the incident is closed) and not done.
        case notDone
        /// Still open, with the incident: not due yet (or with no due time).
        case notYetDue
        /// Still open, with the incident: held back by a decision not made yet.
        case waitingOnDecision
    }

    /// One phase: its planned window and the actual first and last activity on its tasks.
    public struct PhaseRow: Sendable {
        public var id, title: String
        public var plannedFrom: Timestamp
        public var plannedTo: Timestamp?
        public var firstActivity, lastActivity: Timestamp?
        /// `open`: not done though due (`Outcome.notDone`).
        public var done, skipped, open, inapplicable: Int
        /// Still open in an interim report, and not counted as not done (`Outcome`).
        public var notYetDue = 0, waitingOnDecision = 0
    }

    /// One role: its tasks' outcome and who held it when.
    public struct RoleRow: Sendable {
        public var id, title: String
        public var done, skipped, late, notDone, inapplicable: Int
        public var holders: [Holding]
        /// Still open in an interim report, and not counted as not done (`Outcome`).
        public var notYetDue = 0, waitingOnDecision = 0
    }

    /// One person holding a role from `from` to `to` (nil: to the end).
    public struct Holding: Sendable {
        public var role, person: String
        public var from: Timestamp
        public var to: Timestamp?
        public var seq: Int
    }

    /// A decision as made (or not).
    public struct DecisionRow: Sendable {
        public var id, question: String
        public var option: String?
        public var when: Timestamp?
        public var by: String?
        public var role: String?
        public var reason: String?
        public var seq: Int?
    }

    /// One affected system: its states over time, outage and estimates.
    public struct SystemRow: Sendable {
        public var name: String
        public var segments: [Segment]
        public var outageSeconds: Int
        public var firstReported: Timestamp
        /// When it last came up, if it is up at the end.
        public var restored: Timestamp?
        public var stateAtEnd: SystemRecord.State
        public var estimates: [Estimate]
        /// Reported up at the end, but its go-live (`Engine.goLiveNotRecorded`) not recorded.
        public var goLiveNotRecorded: GoLiveNotRecorded? = nil

        /// The Restored cell's words for a system up whose go-live was not recorded:
        /// "reported up 2026-11-22 16:00; go-live not recorded", in the report's clock.
        public func goLiveWords(_ clock: ReportClock) -> String? {
            guard let g = goLiveNotRecorded else { return nil }
            return "reported up \(clock.dateTime(g.upSince)); go-live not recorded"
        }
    }

    /// A span in one state.
    public struct Segment: Sendable {
        public var state: SystemRecord.State
        public var from, to: Timestamp
    }

    /// A restoration estimate as given at `given` (entry `seq`).
    public struct Estimate: Sendable {
        public var given: Timestamp
        public var eta: Timestamp
        public var seq: Int
    }

    /// What went otherwise than planned.
    public struct Deviation: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case skipped, forced = "out of order", late, notDone = "never done", corrected = "entered in error",
                 backdated = "back-dated", clock = "clock"
        }
        public var kind: Kind
        public var seq: Int?
        public var when: Timestamp?
        public var taskID: String?
        public var what: String
        public var detail: String
        /// A late or never-done task that is an external clock (`deadline: true`): the
        /// improvement plan lists it as a deadline missed.
        public var deadline = false
    }

    /// An external clock (insurer, regulator): met or missed.
    public struct DeadlineRow: Sendable {
        public var taskID, title: String
        public var due: Timestamp?
        public var done: Timestamp?
        public var met: Bool?
        /// Its condition while undecided ("regulator-notification = yes"): the due time holds
        /// only if it comes true, so the clock is never counted missed; nil otherwise.
        public var conditional: String? = nil
    }

    /// One entry of the full timeline.
    public struct TimelineRow: Sendable {
        public var seq: Int
        /// In a merged record: the station that recorded it and its number there ("ED desk #12").
        public var station: String? = nil
        public var when, recorded: Timestamp
        public var backdated: Bool
        /// Who typed it.
        public var actor: String
        /// Whom it was recorded on behalf of, if not the typist.
        public var forPerson: String?
        /// The role it counts in (`IncidentFacts.role(of:)`): the person's it is for.
        public var role: String?
        public var type: String
        /// Task, decision or system id, and its title.
        public var subject: String?
        public var subjectTitle: String?
        /// The task's status, the option chosen, or the system's state.
        public var status: String?
        public var what: String
        public var note: String?
        /// Set when the entry was marked entered in error: by which entry and why.
        public var correctedBy: Int?
        public var correctionReason: String?
        /// The paper form/page it was transcribed from ("" when only marked as transcribed).
        public var paper: String?
        /// The entry's hash, kept as the journal holds it (200,000 rows need no 200,000 texts).
        public var lineHash: ChainHash
        public var hash: String { lineHash.text }
        public var period: Int
        /// The person it counts for: whom it was for, else who typed it.
        public var person: String { forPerson ?? actor }
    }

    /// A row of the HSEEP improvement plan; the planner's columns start blank.
    public struct Improvement: Sendable {
        /// Where the plan lists it: its lessons first, then its deviations by kind.
        public enum Group: String, Sendable, CaseIterable {
            case lesson = "Lessons", late = "Late", missed = "Missed", outOfOrder = "Out of order",
                 deadlineMissed = "Deadline missed", skipped = "Skipped"

            /// The group of deviation `d`: its kind (`Deviation.Kind`), a deadline's first; nil for
            /// what the plan leaves to the deviations table (corrections, the computer's clock).
            public init?(_ d: Deviation) {
                switch d.kind {
                case .late where d.deadline, .notDone where d.deadline: self = .deadlineMissed
                case .late: self = .late
                case .notDone: self = .missed
                case .forced: self = .outOfOrder
                case .skipped: self = .skipped
                case .corrected, .backdated, .clock: return nil
                }
            }
        }
        public var group: Group
        public var capability: String
        public var issue: String
        public var source: String
    }

    /// The improvement plan's rows by group, in the plan's order (`Improvement.Group`), the
    /// empty groups left out: what the md and html write under one sub-heading each.
    public var improvementGroups: [(group: Improvement.Group, rows: [Improvement])] {
        Improvement.Group.allCases.compactMap { g in
            let rows = improvements.filter { $0.group == g }
            return rows.isEmpty ? nil : (g, rows)
        }
    }

    /// An operational period's window.
    public struct PeriodRow: Sendable {
        public var number: Int
        public var from, to: Timestamp
    }

    /// Seconds after activation.
    public func tPlus(_ t: Timestamp) -> Int { header.activated.seconds(until: t) }
}
