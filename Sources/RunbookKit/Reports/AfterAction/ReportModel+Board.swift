/// Page one of the after-action report, "Summary for the board": what a board and an insurer
/// read first. Downtime per system, diversion hours, the key decisions, the deadlines and the
/// milestones, computed once here from the journal; every format renders these figures.
extension ReportModel {
    /// Page one's figures.
    public struct Board: Sendable {
        public var systems: [BoardSystem] = []
        /// Time ambulances were diverted; nil when the playbook has no diversion decision or it
        /// was never answered.
        public var diversion: Diversion?
    }

    /// One affected system's downtime, as page one states it.
    public struct BoardSystem: Sendable {
        public var name: String
        /// Its kind (`Engine.systemKind`): ehr, pacs, lab…
        public var kind: String
        /// First reported down or degraded (or first reported at all).
        public var firstReported: Timestamp
        /// When it came back up for good, nil while it is still down or degraded at the end.
        public var backUp: Timestamp?
        /// The time it was down or degraded, from the first report to back up (or to the
        /// report's end while it is not), any time back up in between not counted: the systems
        /// table's outage (`SystemRow.outageSeconds`), so page one and section 6 agree.
        public var downSeconds: Int
        /// From discovery of the incident to back up (or to the report's end).
        public var fromDiscoverySeconds: Int
        /// The first restoration estimate given for it, if any was.
        public var firstETA: Timestamp?
        /// How much later (positive) or earlier it came back than that first estimate; nil
        /// while it is not back up or no estimate was given.
        public var againstFirstETA: Int? {
            guard let eta = firstETA, let up = backUp else { return nil }
            return eta.seconds(until: up)
        }
    }

    /// Ambulance diversion: the time the diversion decision's answer was one that diverts.
    public struct Diversion: Sendable {
        /// The playbook decision whose answers say whether ambulances are diverted.
        public static let decision = "ambulance-diversion"
        /// Its answers that divert ambulances, all or some (partial diversion).
        public static let diverting: Set<String> = ["divert", "partial"]

        /// Total time diverted, in seconds, up to the report's end.
        public var seconds: Int
        /// How many separate stretches of diversion there were.
        public var stretches: Int
        /// Still diverting at the report's end (an open incident only).
        public var ongoing: Bool
    }

    /// The decisions made, for page one: short name, answer, when and who.
    public var keyDecisions: [DecisionRow] { decisions.filter { $0.option != nil } }

    /// The external deadlines missed.
    public var missedDeadlines: [DeadlineRow] { deadlines.filter { $0.met == false } }
    /// The external deadlines met.
    public var metDeadlines: [DeadlineRow] { deadlines.filter { $0.met == true } }
}

extension Builder {
    /// Page one's figures from the system rows (already made) and the decisions' answers.
    func board(_ systems: [ReportModel.SystemRow], discovered: Timestamp, end: Timestamp) -> ReportModel.Board {
        var b = ReportModel.Board()
        b.systems = systems.map { sys in
            let until = sys.restored ?? end
            let firstDown = sys.segments.first { $0.state != .up }?.from ?? sys.firstReported
            return .init(name: sys.name, kind: engine.systemKind(sys.name), firstReported: firstDown, backUp: sys.restored,
                         downSeconds: sys.outageSeconds,
                         fromDiscoverySeconds: max(0, discovered.seconds(until: until)),
                         firstETA: sys.estimates.first?.eta)
        }
        b.diversion = diversion(end: end)
        return b
    }

    /// The diversion decision's answers (`Engine.answers(to:)`, in the order they happened)
    /// folded into stretches: each diverting answer runs to the next answer or the report's end.
    func diversion(end: Timestamp) -> ReportModel.Diversion? {
        typealias D = ReportModel.Diversion
        guard pb.decisions.contains(where: { $0.id == D.decision }) else { return nil }
        let answers = engine.answers(to: D.decision).sorted { ($0.when.millis, $0.seq) < ($1.when.millis, $1.seq) }
        guard !answers.isEmpty else { return nil }
        var seconds = 0, stretches = 0
        var since: Timestamp?
        for a in answers {
            let diverts = D.diverting.contains(a.option)
            if diverts, since == nil { since = a.when; stretches += 1 }
            if !diverts, let from = since { seconds += max(0, from.seconds(until: a.when)); since = nil }
        }
        if let from = since { seconds += max(0, from.seconds(until: end)) }
        // A closed incident's diversion ended with it: only an open one is still diverting.
        return D(seconds: seconds, stretches: stretches, ongoing: since != nil && s.closed == nil)
    }
}
