/// Actions that collide in a merged record: the same task finished, or the same decision
/// answered differently, at two stations that had not yet seen each other's entry (DESIGN.md,
/// Stations). Every entry is kept and the latest counts, as the fold already does; a collision
/// is only said, on the board, in the timeline and in the report, with both stations' names,
/// so the command post can see that two people acted on one thing apart.
///
/// Whether a station had seen another's entry is read from the seals: a station seals at every
/// sync, so station Y had X's entry (recorded at t) before acting at t′ when X sealed after t
/// and Y sealed after that, both before t′. Seals at a period's start or a close count as syncs
/// here; a sync that carried nothing the other way is not told apart (the rule may miss a
/// collision then, never invent one between stations that never synced).
public struct Collision: Sendable, Equatable {
    /// What was acted on: a task (with its system, for one turn of a per-system task) or a decision.
    public enum Subject: Sendable, Equatable {
        case task(id: String, system: String?)
        case decision(id: String)
    }
    public var subject: Subject
    /// The colliding entries' numbers in the merged record, in the order they happened; the
    /// last counts.
    public var seqs: [Int]

    /// Every collision in `state`'s merged record (none in a lone chain). Tasks in `recordingDecisions`
    /// are done by answering their decision: their collision is the decision's, said once.
    public static func find(in state: IncidentState, recordingDecisions: Set<String> = []) -> [Collision] {
        var seals: [String: [Timestamp]] = [:]
        var groups: [String: [Int]] = [:]
        var subjects: [String: Subject] = [:]
        var order: [String] = []
        for i in state.happenedIndices {
            let e = state.entries[i]
            guard let o = e.origin, state.counts(e.seq) else { continue }
            let key: String
            let subject: Subject
            switch e.kind {
            case .stationSealed?:
                seals[o.station, default: []].append(e.time)
                continue
            case .taskDone?, .taskSkipped?:
                guard let task = e.string("task"), !recordingDecisions.contains(task) else { continue }
                let system = e.string("system")
                key = "t\u{0}\(task)\u{0}\(system.map(SystemRecord.key) ?? "")\u{0}\(e["round"]?.int ?? 0)"
                subject = .task(id: task, system: system)
            case .decisionMade?:
                guard let d = e.string("decision") else { continue }
                key = "d\u{0}\(d)"
                subject = .decision(id: d)
            default:
                continue
            }
            if groups[key] == nil { order.append(key); subjects[key] = subject }
            groups[key, default: []].append(e.seq)
        }
        for k in seals.keys { seals[k]?.sort() }
        func saw(_ later: JournalEntry, _ earlier: JournalEntry) -> Bool {
            guard let x = earlier.origin?.station, let y = later.origin?.station else { return true }
            if x == y { return true }
            // X sealed after its entry, Y after that, before acting.
            guard let sx = seals[x]?.first(where: { $0 >= earlier.time }) else { return false }
            return seals[y]?.contains { $0 >= sx && $0 <= later.time } ?? false
        }
        var out: [Collision] = []
        for key in order {
            guard let seqs = groups[key], seqs.count > 1, let subject = subjects[key] else { continue }
            let entries = seqs.compactMap { state.entry($0) }
            var hit = Set<Int>()
            for a in entries.indices {
                for b in entries.indices where b > a {
                    let (e1, e2) = entries[a].time <= entries[b].time ? (entries[a], entries[b]) : (entries[b], entries[a])
                    // A decision answered the same way twice is no collision.
                    if case .decision = subject, e1.string("option") == e2.string("option") { continue }
                    if !saw(e2, e1) { hit.insert(e1.seq); hit.insert(e2.seq) }
                }
            }
            if hit.count > 1 { out.append(Collision(subject: subject, seqs: seqs.filter(hit.contains))) }
        }
        return out
    }

    /// In words: "Ambulance diversion answered DIVERT at ED desk (#12) and NORMAL at IT war
    /// room (#15), apart; the later counts".
    public func words(state: IncidentState, playbook: Playbook) -> String {
        let parts = seqs.compactMap { state.entry($0) }.map { e -> String in
            let at = e.origin.map { EntryText.stationName($0.station, state: state) } ?? "this station"
            switch subject {
            case .decision: return "\(e.string("option")?.uppercased() ?? "") at \(at) (#\(e.seq))"
            case .task: return "\(e.kind == .taskSkipped ? "skipped" : "done") at \(at) (#\(e.seq))"
            }
        }
        let what: String
        switch subject {
        case .decision(let id): what = (playbook.decision(id)?.shortName ?? id) + " answered"
        case .task(let id, let system): what = (playbook.task(id)?.title ?? id) + (system.map { " for \($0)" } ?? "")
        }
        return "\(what) \(parts.joined(separator: " and ")), by stations apart; the later counts"
    }
}
