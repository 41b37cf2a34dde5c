/// The report's tables, each worked out from the fold and the playbook.
extension Builder {
    func milestones(views: [TaskView], completions: [Int: (when: Timestamp, done: Bool, seq: Int)],
                    systems: [ReportModel.SystemRow]) -> [ReportModel.Milestone] {
        var out = [ReportModel.Milestone(title: "Incident activated", taskID: nil, planned: s.activated, actual: s.activated, seq: 1)]
        if s.discovered != s.activated {
            out.insert(.init(title: "Incident discovered", taskID: nil, planned: nil, actual: s.discovered, seq: 1), at: 0)
        }
        for (i, v) in views.enumerated() where v.def.milestone && v.status != .inapplicable {
            guard v.def.perSystem, !v.instances.isEmpty else {
                let c = completions[i]
                out.append(.init(title: v.def.title, taskID: v.def.id, planned: engine.firstDue(index: i),
                                 actual: c?.done == true ? c?.when : nil, seq: c?.done == true ? c?.seq : nil))
                continue
            }
            // A milestone done once for each affected system (a system's go-live): one each.
            for inst in v.instances where inst.status != .inapplicable {
                let c = firstFinish(inst.record.history, every: v.def.every != nil)
                out.append(.init(title: turnTitle(v, inst), taskID: inst.id, planned: engine.dueTime(index: i, system: inst.system),
                                 actual: c?.done == true ? c?.when : nil, seq: c?.done == true ? c?.seq : nil))
            }
        }
        // From the systems: the first restored, and when the last came back.
        if !systems.isEmpty, let firstUp = firstRestored() {
            out.append(.init(title: "First system restored (\(firstUp.string("system") ?? ""))", taskID: nil, planned: nil, actual: firstUp.when, seq: firstUp.seq))
        }
        if !systems.isEmpty, systems.allSatisfy({ $0.stateAtEnd == .up }), let last = systems.compactMap(\.restored).max() {
            out.append(.init(title: "All affected systems up", taskID: nil, planned: nil, actual: last, seq: nil))
        }
        if let c = s.closed {
            let seq = s.entries.indices.last { s.entries[$0].kind == .incidentClosed && s.counts($0 + 1) }.map { $0 + 1 }
            out.append(.init(title: "Incident closed", taskID: nil, planned: nil, actual: c, seq: seq))
        }
        return out.sorted { ($0.actual ?? $0.planned ?? s.closed ?? s.activated) < ($1.actual ?? $1.planned ?? s.closed ?? s.activated) }
    }

    /// The first system restored: the first report of a system up after it was reported down
    /// or degraded, in the order things happened (a system first reported up was never lost).
    func firstRestored() -> JournalEntry? {
        var lost: [String] = []
        // In the fold's order (`HappenedOrder`), as the system segments are made.
        for i in s.happenedIndices where s.entries[i].kind == .systemStatus && s.counts(s.entries[i].seq) {
            let e = s.entries[i]
            guard let name = e.string("system") else { continue }
            if e.string("state") != SystemRecord.State.up.rawValue { lost.append(name) }
            else if lost.contains(where: { SystemRecord.sameSystem($0, name) }) { return e }
        }
        return nil
    }

    func phaseRows(views: [TaskView], end: Timestamp) -> [ReportModel.PhaseRow] {
        pb.phases.map { ph in
            var row = ReportModel.PhaseRow(id: ph.id, title: ph.title, plannedFrom: s.activated.adding(seconds: ph.from.seconds),
                                           plannedTo: ph.to.map { s.activated.adding(seconds: $0.seconds) },
                                           firstActivity: nil, lastActivity: nil, done: 0, skipped: 0, open: 0, inapplicable: 0)
            for (i, v) in views.enumerated() where v.def.phase == ph.id {
                for seq in v.record.history {
                    guard let k = s.index(of: seq) else { continue }
                    let w = s.entries[k].when
                    row.firstActivity = min(row.firstActivity ?? w, w)
                    row.lastActivity = max(row.lastActivity ?? w, w)
                }
                switch outcome(i, v, end: end) {
                case .done: row.done += 1
                case .skipped: row.skipped += 1
                case .inapplicable: row.inapplicable += 1
                case .notDone: row.open += 1
                case .notYetDue: row.notYetDue += 1
                case .waitingOnDecision: row.waitingOnDecision += 1
                }
            }
            return row
        }
    }

    func roleRows(views: [TaskView], completions: [Int: (when: Timestamp, done: Bool, seq: Int)], end: Timestamp) -> [ReportModel.RoleRow] {
        let assignments = s.facts.assignments
        return pb.roles.map { r in
            var row = ReportModel.RoleRow(id: r.id, title: r.title, done: 0, skipped: 0, late: 0, notDone: 0, inapplicable: 0, holders: [])
            for (i, v) in views.enumerated() where v.def.role == r.id {
                switch outcome(i, v, end: end) {
                case .done: row.done += 1
                case .skipped: row.skipped += 1
                case .inapplicable: row.inapplicable += 1
                case .notDone: row.notDone += 1
                case .notYetDue: row.notYetDue += 1
                case .waitingOnDecision: row.waitingOnDecision += 1
                }
                if !lateTurns(i, v, completions).isEmpty { row.late += 1 }
            }
            // Already in the order they happened: the fold made them so.
            let mine = assignments.filter { $0.role == r.id }
            for (k, a) in mine.enumerated() {
                row.holders.append(.init(role: r.id, person: a.person, from: a.when, to: k + 1 < mine.count ? mine[k + 1].when : nil, seq: a.seq))
            }
            return row
        }
    }

    func decisionRows() -> [ReportModel.DecisionRow] {
        pb.decisions.map { d in
            guard let r = s.decisions[d.id], let e = s.entry(r.seq) else {
                return .init(id: d.id, question: d.question, option: nil, when: nil, by: nil, role: d.role, reason: nil, seq: nil)
            }
            return .init(id: d.id, question: d.question, option: r.option, when: r.when, by: e.person,
                         role: role(of: e) ?? d.role, reason: e.note, seq: r.seq)
        }
    }

    func systemRows(end: Timestamp) -> [ReportModel.SystemRow] {
        var rows: [ReportModel.SystemRow] = []
        // In the order things happened, as the fold went: a start time corrected by a second,
        // back-dated report moves the segment's start, and a state transcribed late from paper
        // takes its place in time, not the last word.
        for i in s.happenedIndices where s.entries[i].kind == .systemStatus && s.counts(s.entries[i].seq) {
            let e = s.entries[i]
            guard let name = e.string("system"), let st = e.string("state").flatMap(SystemRecord.State.init(rawValue:)) else { continue }
            let i: Int
            if let k = rows.firstIndex(where: { $0.name == name }) ?? rows.firstIndex(where: { SystemRecord.sameSystem($0.name, name) }) {
                i = k
            } else {
                rows.append(.init(name: name, segments: [], outageSeconds: 0, firstReported: e.when, restored: nil, stateAtEnd: st, estimates: []))
                i = rows.count - 1
            }
            if let eta = e.string("eta").flatMap(Timestamp.init(rfc3339:)) {
                rows[i].estimates.append(.init(given: e.when, eta: eta, seq: e.seq))
            }
            if let last = rows[i].segments.last, last.state == st { continue }
            if !rows[i].segments.isEmpty { rows[i].segments[rows[i].segments.count - 1].to = max(rows[i].segments[rows[i].segments.count - 1].from, e.when) }
            rows[i].segments.append(.init(state: st, from: e.when, to: end))
            rows[i].stateAtEnd = st
            if st == .up { rows[i].restored = e.when }
        }
        for i in rows.indices {
            if var last = rows[i].segments.last {
                last.to = max(last.from, end)
                rows[i].segments[rows[i].segments.count - 1] = last
            }
            if rows[i].stateAtEnd != .up { rows[i].restored = nil }
            rows[i].outageSeconds = rows[i].segments.filter { $0.state != .up }.reduce(0) { $0 + max(0, $1.from.seconds(until: $1.to)) }
        }
        return rows
    }

    func deviations(views: [TaskView], completions: [Int: (when: Timestamp, done: Bool, seq: Int)], end: Timestamp) -> [ReportModel.Deviation] {
        var out: [ReportModel.Deviation] = []
        func title(_ id: String?) -> String { id.flatMap { pb.task($0)?.title } ?? (id ?? "") }
        var forced = Set(s.deviations)
        for i in s.entries.indices where (s.entries[i].kind == .taskSkipped || forced.contains(i + 1)) && s.counts(i + 1) {
            let e = s.entries[i]
            if e.kind == .taskSkipped {
                out.append(.init(kind: .skipped, seq: e.seq, when: e.when, taskID: e.string("task"), what: title(e.string("task")),
                                 detail: "skipped: \(e.note ?? "no reason given")"))
            }
            // The engine's deviations: every effective action recorded with --force.
            if forced.remove(e.seq) != nil {
                out.append(.init(kind: .forced, seq: e.seq, when: e.when, taskID: e.string("task"),
                                 what: e.string("task").map(title) ?? describe(e),
                                 detail: "\(e.kind.map { EntryText.verb($0) } ?? e.type) out of order: \(e.string("deviation") ?? "forced")"))
            }
        }
        for (i, v) in views.enumerated() {
            for late in lateTurns(i, v, completions) {
                let c = late.finished, due = late.due
                out.append(.init(kind: .late, seq: c.seq, when: c.when, taskID: late.id, what: late.what,
                                 detail: "done \(PlaybookDuration.spoken(seconds: due.seconds(until: c.when))) late (due \(ReportClock.tPlus(s.activated.seconds(until: due))), done \(ReportClock.tPlus(s.activated.seconds(until: c.when))))",
                                 deadline: v.def.deadline))
            }
            // Missed: due and not done (in an interim report, what is not due yet is not missed).
            if outcome(i, v, end: end) == .notDone {
                var d = s.closed == nil ? "not done though due (\(v.status.rawValue) as of this report" : "never done (\(v.status.rawValue) at the end"
                if let due = engine.firstDue(index: i) { d += "; due \(ReportClock.tPlus(s.activated.seconds(until: due)))" }
                if v.status == .blocked, let r = v.record.reason { d += "; blocked: \(r)" }
                out.append(.init(kind: .notDone, seq: nil, when: nil, taskID: v.def.id, what: v.def.title, detail: d + ")", deadline: v.def.deadline))
            }
        }
        for i in s.entries.indices where s.entries[i].kind == .entryCorrected && s.counts(i + 1) {
            let e = s.entries[i]
            guard let t = e["target"]?.int, s.corrected[Int(t)] == e.seq, let target = s.entry(Int(t)) else { continue }
            out.append(.init(kind: .corrected, seq: e.seq, when: e.when, taskID: nil,
                             what: "#\(t) \(describe(target))",
                             detail: "marked entered in error by \(e.actor): \(e.string("reason") ?? "")"))
        }
        for w in s.clockWarnings.map(\.words) { out.append(.init(kind: .clock, seq: nil, when: nil, taskID: nil, what: "computer clock", detail: w)) }
        return out
    }

    func deadlineRows(views: [TaskView], completions: [Int: (when: Timestamp, done: Bool, seq: Int)], end: Timestamp) -> [ReportModel.DeadlineRow] {
        views.enumerated().filter { $0.element.def.deadline && $0.element.status != .inapplicable }.map { i, v in
            // A clock whose condition is undecided may never apply: it is never missed.
            let conditional = v.conditional?.description
            func counted(_ m: Bool?) -> Bool? { conditional != nil && m == false ? nil : m }
            // Per system: done when every turn is, late only when one was (the engine's rule).
            if let st = engine.perSystemDeadline(index: i, v, end: end) {
                return .init(taskID: v.def.id, title: v.def.title, due: st.due, done: st.done, met: counted(st.met), conditional: conditional)
            }
            let due = engine.firstDue(index: i)
            let done = completions[i].flatMap { $0.done ? $0.when : nil }
            var met: Bool?
            if let due {
                if let done { met = done <= due } else if end > due { met = false }
            }
            return .init(taskID: v.def.id, title: v.def.title, due: due, done: done, met: counted(met), conditional: conditional)
        }
    }

    /// The operational periods in the order they began (the engine numbers them so: a period
    /// entered later with --force takes its place in time), each to the next one's start.
    func periodRows(end: Timestamp) -> [ReportModel.PeriodRow] {
        let starts = s.facts.periodStarts
        return starts.indices.map { i in
            ReportModel.PeriodRow(number: i + 1, from: starts[i], to: i + 1 < starts.count ? max(starts[i], starts[i + 1]) : max(starts[i], end))
        }
    }

    /// The HSEEP improvement plan: the incident's lessons (notes tagged `lesson`) first, then the
    /// deviations grouped by kind (`Improvement.Group`), each group in the deviations' order.
    func improvements(_ deviations: [ReportModel.Deviation]) -> [ReportModel.Improvement] {
        var out: [ReportModel.Improvement] = []
        for seq in s.lessons {
            guard let e = s.entry(seq), s.counts(seq) else { continue }
            let cap = role(of: e).flatMap { pb.role($0)?.title } ?? "Incident management"
            out.append(.init(group: .lesson, capability: cap, issue: e.note ?? "", source: "lesson #\(seq), \(e.person), \(ReportClock.tPlus(s.activated.seconds(until: e.when)))"))
        }
        var byGroup: [ReportModel.Improvement.Group: [ReportModel.Improvement]] = [:]
        for d in deviations {
            guard let group = ReportModel.Improvement.Group(d) else { continue }
            let role = d.taskID.flatMap { pb.task($0) }.flatMap { pb.role($0.role)?.title } ?? "Incident management"
            byGroup[group, default: []].append(.init(group: group, capability: role, issue: "\(d.what): \(d.detail)",
                                                     source: d.seq.map { "\(d.kind.rawValue) #\($0)" } ?? d.kind.rawValue))
        }
        for g in ReportModel.Improvement.Group.allCases { out += byGroup[g] ?? [] }
        return out
    }
}
