/// One restoration estimate: when someone said a system would be back, and when they said it.
/// HICS 251's "estimate for repair", kept as a history so the board can show how it moved.
public struct SystemEstimate: Sendable, Equatable {
    /// When the system is expected back.
    public var eta: Timestamp
    /// When the estimate was given (the entry's `at`, else its time).
    public var given: Timestamp
    /// Who gave it.
    public var by: String
    /// The entry that recorded it.
    public var seq: Int

    public init(eta: Timestamp, given: Timestamp, by: String, seq: Int) {
        self.eta = eta; self.given = given; self.by = by; self.seq = seq
    }
}

extension SystemRecord {
    /// The estimates given during the current outage, oldest first; empty while the system is
    /// up (an estimate is about getting it back, and it is back).
    public var outageEstimates: [SystemEstimate] {
        state == .up ? [] : Array(estimates[min(outageEstimatesFrom, estimates.count)...])
    }

    /// The current restoration estimate: the latest given in this outage; nil while up.
    public var eta: Timestamp? { outageEstimates.last?.eta }

    /// How many times the estimate of this outage changed after it was first given (an
    /// estimate repeated unchanged is not a move).
    public var estimateMoves: Int {
        let es = outageEstimates
        guard es.count > 1 else { return 0 }
        return (1..<es.count).filter { es[$0].eta != es[$0 - 1].eta }.count
    }

    /// Seconds from the first estimate of this outage to the current one (positive: later).
    public var estimateDrift: Int {
        let es = outageEstimates
        guard let first = es.first, let last = es.last else { return 0 }
        return first.eta.seconds(until: last.eta)
    }

    /// Whether the system is still not up after its estimate passed.
    public func isPastEstimate(now: Timestamp) -> Bool {
        guard state != .up, let eta else { return false }
        return eta < now
    }

    /// "ETA Tue 14:00 · moved 3 times, +30 h since first given", or nil with no estimate.
    /// `overdue` words come first when the estimate has passed.
    public func estimateText(now: Timestamp) -> String? {
        guard let label = etaLabel(now: now) else { return nil }
        return label + (movesText().map { " · " + $0 } ?? "")
    }

    /// "ETA Tue 14:00", or "PAST ETA Tue 14:00" once it has passed; nil with no estimate.
    public func etaLabel(now: Timestamp) -> String? {
        guard let eta else { return nil }
        return (isPastEstimate(now: now) ? "PAST ETA " : "ETA ") + eta.localWeekdayClock(relativeTo: now)
    }

    /// "moved 3 times, +30 h since first given", or nil if the estimate never moved. `together`
    /// is given each phrase that must not be split across lines ("3 times", "30 h"), for a
    /// screen that wraps.
    public func movesText(together: (String) -> String = { $0 }) -> String? {
        let moves = estimateMoves
        guard moves > 0 else { return nil }
        let drift = estimateDrift
        let sign = drift > 0 ? "+" : drift < 0 ? "−" : "±"
        return "moved \(together("\(moves) time\(moves == 1 ? "" : "s")")), \(sign)\(together(PlaybookDuration.spoken(seconds: drift))) since first given"
    }
}

extension IncidentFacts {
    /// Keeps the estimate history of the system a `system.status` entry names. `before` is the
    /// system's state before the entry: a system that was up and goes down again starts a new
    /// outage, whose estimates start afresh. Called after the state was applied.
    mutating func noteEstimate(_ e: JournalEntry, system name: String, before: SystemRecord.State?) {
        guard let i = systemIndex(named: name) else { return }
        var rec = systems[i]
        if before == .up && rec.state != .up { rec.outageEstimatesFrom = rec.estimates.count }
        if rec.state != .up, let text = e.string("eta"), let eta = Timestamp(rfc3339: text) {
            rec.estimates.append(SystemEstimate(eta: eta, given: e.when, by: e.person, seq: e.seq))
        }
        if rec.state == .up { rec.outageEstimatesFrom = rec.estimates.count }
        systems[i] = rec
    }
}
