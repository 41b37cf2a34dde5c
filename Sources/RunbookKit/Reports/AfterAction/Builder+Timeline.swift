/// The timeline's rows and the words that describe each entry.
extension Builder {
    func timelineRows(periods: [ReportModel.PeriodRow]) -> [ReportModel.TimelineRow] {
        let entries = s.entries
        // The order things happened (`HappenedOrder`), sorted by index so no entry is copied.
        let order = HappenedOrder.timeline(entries) ?? Array(entries.indices)
        let taskTitles = Dictionary(pb.tasks.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let builder = self, sorted = order
        // A long journal's rows are made on every core, each part with its own memory of words.
        return Parallel.build(sorted.count, minimumPart: 20_000) { part, put in
            var described: [DescriptionKey: String] = [:]
            for k in part {
                put(builder.timelineRow(entries[sorted[k]], periods: periods, taskTitles: taskTitles, described: &described))
            }
        }
    }

    /// The timeline row of entry `e`.
    func timelineRow(_ e: JournalEntry, periods: [ReportModel.PeriodRow], taskTitles: [String: String],
                     described: inout [DescriptionKey: String]) -> ReportModel.TimelineRow {
        var subject: String?, subjectTitle: String?, status: String?
        switch e.kind {
        case .taskStarted?, .taskDone?, .taskSkipped?, .taskBlocked?, .taskReopened?:
            subject = e.string("task"); subjectTitle = subject.flatMap { taskTitles[$0] }
            status = EntryText.verb(e.kind!)
        case .decisionMade?:
            subject = e.string("decision"); subjectTitle = subject.flatMap { pb.decision($0)?.question }
            status = e.string("option")
        case .systemStatus?:
            subject = e.string("system"); subjectTitle = subject; status = e.string("state")
        case .roleAssigned?:
            subject = e.string("role"); subjectTitle = subject.flatMap { pb.role($0)?.title }; status = e.string("person")
        default: break
        }
        let corr = s.corrected[e.seq]
        var period = 1
        for p in periods where p.from <= e.when { period = p.number }
        let paper: String? = switch e["paper"] {
        case .string(let ref)?: ref
        case .bool(true)?: ""
        default: nil
        }
        let station = EntryText.stationMark(e, state: s).map { m in EntryText.collisionMark(e, state: s).map { m + " — " + $0 } ?? m }
        return .init(seq: e.seq, station: station, when: e.when, recorded: e.time, backdated: e.isBackDated, actor: e.actor, forPerson: e.forPerson, role: role(of: e),
                     type: e.type, subject: subject, subjectTitle: subjectTitle, status: status,
                     what: describe(e, memo: &described), note: e.note, correctedBy: corr,
                     correctionReason: corr.flatMap { s.entry($0)?.string("reason") }, paper: paper, lineHash: e.lineHash, period: period)
    }

    /// What an entry records, in the timeline's words (EntryText), with times in the report's clock.
    func describe(_ e: JournalEntry) -> String { EntryText.describe(e, playbook: pb, dateTime: clock.dateTime) }

    /// `describe`, remembered for task entries, notes and system reports (`DescriptionKey`).
    func describe(_ e: JournalEntry, memo: inout [DescriptionKey: String]) -> String {
        guard let key = DescriptionKey(e) else { return describe(e) }
        if let d = memo[key] { return d }
        let d = describe(e)
        memo[key] = d
        return d
    }

    /// What the words of a task entry, a note or a system report depend on: a long journal
    /// repeats them, and the report says them once each.
    struct DescriptionKey: Hashable {
        var kind: EntryType
        var subject, system, state, eta, tag: String?
        var round: Int64?
        var forced: Bool

        init?(_ e: JournalEntry) {
            guard let kind = e.kind else { return nil }
            self.kind = kind
            round = e["round"]?.int
            forced = e["force"]?.bool == true
            switch kind {
            case .taskStarted, .taskDone, .taskSkipped, .taskBlocked, .taskReopened:
                guard let task = e.string("task") else { return nil }
                subject = task
                system = e.string("system")
            case .note:
                tag = e.string("tag")
            case .systemStatus:
                system = e.string("system")
                state = e.string("state")
                eta = e.string("eta")
            default:
                return nil
            }
        }
    }
}
