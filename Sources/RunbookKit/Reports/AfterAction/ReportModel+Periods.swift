extension ReportModel {
    /// Over this many operational periods (an incident of weeks, a shift change twice a day),
    /// the report lists them all in one compact table; up to it, they stay as the title block
    /// counts them.
    public static let periodTableAbove = 20

    /// One operational period as the compact table lists it.
    public struct PeriodSummary: Sendable {
        public var number: Int
        public var from, to: Timestamp
        /// Who began it (`runbook period`), and its note cut to a line; nil for the first
        /// period, begun by the activation.
        public var begunBy: String?
        public var note: String?
        /// The timeline's entries in it.
        public var entries: Int
    }

    /// Whether the report lists the periods in one compact table.
    public var listsPeriods: Bool { periods.count > ReportModel.periodTableAbove }

    /// Each period with who began it, its note and how many entries it holds, in one pass
    /// over the timeline.
    public var periodSummaries: [PeriodSummary] {
        var out = periods.map { PeriodSummary(number: $0.number, from: $0.from, to: $0.to, begunBy: nil, note: nil, entries: 0) }
        for k in timeline.indices {
            let i = timeline[k].period - 1
            guard out.indices.contains(i) else { continue }
            out[i].entries += 1
            // The start that counts: an entry marked in error began nothing.
            if timeline[k].type == EntryType.periodStarted.rawValue, timeline[k].correctedBy == nil, out[i].begunBy == nil {
                out[i].begunBy = timeline[k].person
                out[i].note = timeline[k].note.map { Self.summary($0, chars: 80) }
            }
        }
        return out
    }

    /// A note on one line of at most `chars` characters, cut with an ellipsis.
    static func summary(_ note: String, chars: Int) -> String {
        let line = TextFold.oneLine(note)
        return line.count <= chars ? line : String(line.prefix(chars - 1)) + "…"
    }
}
