import Foundation
import Testing
import RunbookKit

/// Random small playbooks and random command histories, run through the real journal.
@Suite("Engine properties")
struct EnginePropertyTests {
    static let sevenStatuses: Set<String> = ["waiting", "ready", "started", "done", "skipped", "blocked", "inapplicable"]
    /// A fixed moment for comparing renders, so only the entries decide the text.
    static let checkNow = Timestamp(rfc3339: "2026-12-01T12:00:00Z")!

    struct GeneratedPlaybook {
        var yaml: String
        var taskIDs: [String]
        var recurring: Set<String>
        var perSystem: Set<String> = []
    }

    /// 3–8 tasks; `after` edges only to earlier tasks (so no cycles); decision `d` with when-tasks
    /// on each answer; decision `e`; some recurring, some with due times after activation, an
    /// earlier task, a decision or discovery.
    static func playbook(_ rng: inout SplitMix64) -> GeneratedPlaybook {
        let n = rng.int(3...8)
        var ids: [String] = []
        var recurring: Set<String> = []
        var perSystem: Set<String> = []
        var y = """
        id: prop
        title: Property playbook
        version: "1"
        roles:
          - {id: ic, title: Incident Commander}
          - {id: ops, title: Operations}
        phases:
          - {id: p, title: Phase, from: 0h}
        decisions:
          - id: d
            question: Extended downtime?
            options: [yes, no, maybe]
          - id: e
            question: Isolate?
            options: [full, none]
        tasks:

        """
        var hasWhen = false
        for i in 0..<n {
            let id = rng.pick(["task", "check", "call", "log"]) + "-\(i)"
            ids.append(id)
            y += "  - id: \(id)\n    title: Task \(i)\n    role: \(rng.pick(["ic", "ops"]))\n    phase: p\n"
            var when: String?
            if (i == n - 1 && !hasWhen) || (i > 0 && rng.chance(0.3)) {
                hasWhen = true
                when = rng.pick(["d = yes", "d = no", "d = maybe", "e = full"])
            }
            let every = rng.chance(0.25) ? rng.pick(["1h", "2h", "4h"]) : nil
            if rng.chance(0.6) {
                // Relative due times too: after an earlier task done once, a decision's answer
                // (never against the task's own `when`), or discovery.
                let offset = rng.pick(["15m", "30m", "1h", "2h", "1h30m", "6h"])
                let anchors = ids.dropLast().filter { !recurring.contains($0) }
                let decisionAnchor = when.map { $0.hasPrefix("e") ? "e = full" : $0 } ?? rng.pick(["d = yes", "d = no", "e = none"])
                switch rng.int(0...9) {
                case 0...4: y += "    due: \(offset)\n"
                case 5...6: y += anchors.isEmpty ? "    due: \(offset)\n" : "    due: \(offset) after \(rng.pick(Array(anchors)))\n"
                case 7, 8: y += "    due: \"\(offset) after decision \(decisionAnchor)\"\n"
                default: y += "    due: \(offset) after discovery\n"
                }
            }
            if i > 0 {
                var after: [String] = []
                for j in 0..<i where rng.chance(0.35) && after.count < 3 { after.append(ids[j]) }
                if !after.isEmpty { y += "    after: [\(after.joined(separator: ", "))]\n" }
            }
            if let when { y += "    when: \(when)\n" }
            if let every {
                recurring.insert(id)
                y += "    every: \(every)\n"
            }
            if rng.chance(0.25) {
                perSystem.insert(id)
                y += "    per: system\n"
            }
        }
        return GeneratedPlaybook(yaml: y, taskIDs: ids, recurring: recurring, perSystem: perSystem)
    }

    struct Command {
        var action: Action
        var note: String?
        var force = false
        var at: Timestamp?
        var actor: String
    }

    static func command(_ rng: inout SplitMix64, pb: GeneratedPlaybook, f: EngineFixture) -> Command {
        let actor = rng.pick(["alice", "bob", "Dr Chen"])
        var note: String? = rng.chance(0.7) ? rng.pick(["why not", "by phone", "see paper log", "résumé 🚑"]) : nil
        var force = false
        let action: Action
        let r = rng.int(0...99)
        switch r {
        case 0..<42:
            var id = rng.chance(0.04) ? rng.pick(["nope", pb.taskIDs[0] + "x"]) : rng.pick(pb.taskIDs)
            // Per-system tasks are mostly named with a system (sometimes an unknown one, sometimes
            // none); now and then a task done once is given one by mistake.
            if pb.perSystem.contains(id) ? rng.chance(0.85) : rng.chance(0.03) {
                id += "@" + rng.pick(["EHR", "ehr", "PACS", "Phones", "Lab"])
            }
            action = .task(id, rng.pick(Action.TaskVerb.allCases))
            force = rng.chance(0.35)
        case 42..<54:
            let dec = rng.chance(0.05) ? "dd" : rng.pick(["d", "e"])
            let opts = dec == "e" ? ["full", "none"] : ["yes", "no", "maybe"]
            action = .decide(dec, rng.chance(0.06) ? "bogus" : rng.pick(opts))
        case 54..<61:
            action = .assign(rng.chance(0.05) ? "opz" : rng.pick(["ic", "ops"]), rng.pick(["alice", "bob", "Dr Chen", ""]))
        case 61..<69:
            // Restoration estimates: mostly ahead, sometimes already past (refused), moved often.
            let eta: Timestamp? = rng.chance(0.5) ? f.now.adding(seconds: rng.int(-3600...(72 * 3600))) : nil
            action = .system(rng.pick(["EHR", "ehr", "PACS", "Phones"]), rng.pick(SystemRecord.State.allCases), eta: eta)
        case 69..<75:
            action = .note(rng.pick(["hello", "paper MARs out", "", "lesson learned"]), tag: rng.chance(0.3) ? "lesson" : nil)
            note = nil
        case 75..<92:
            let count = f.state.entryCount
            let seq = rng.chance(0.8) ? max(0, count - rng.int(0...5)) : rng.int(0...(count + 2))
            action = .correct(seq, reason: rng.chance(0.92) ? "entered in error" : " ")
            note = nil
        case 92..<98:
            action = .period
        default:
            action = rng.chance(0.12) ? .close : .period
        }
        var at: Timestamp?
        if rng.chance(0.2) {
            // Mostly valid, sometimes before activation or in the future.
            let lo = f.state.activated.millis - 600_000
            let hi = f.now.millis + 600_000
            at = Timestamp(millis: lo + Int64(rng.int(0...Int(max(1, hi - lo)) / 1000)) * 1000)
        }
        return Command(action: action, note: note, force: force, at: at, actor: actor)
    }

    /// Whether `entry` is about `task`, or is a correction whose chain of targets reaches an entry about it.
    static func touches(_ entry: JournalEntry, task: String, entries: [JournalEntry]) -> Bool {
        var e = entry
        var hops = 0
        while hops < entries.count + 1 {
            if e.type.hasPrefix("task."), e.string("task") == task { return true }
            guard e.type == "entry.corrected", let t = e["target"]?.int, t >= 1, Int(t) <= entries.count else { return false }
            e = entries[Int(t) - 1]
            hops += 1
        }
        return false
    }

    static func statuses(_ json: String) throws -> [String: String] {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tasks = try #require(o["tasks"] as? [[String: Any]])
        var out: [String: String] = [:]
        for t in tasks {
            out[t["id"] as? String ?? "?"] = t["status"] as? String ?? "?"
            // An instance by its system's name folded: a system is named as first reported, so
            // correcting that first report may respell it ("EHR" becomes "ehr").
            for i in t["instances"] as? [[String: Any]] ?? [] { out[(i["id"] as? String ?? "?").lowercased()] = i["status"] as? String ?? "?" }
        }
        return out
    }

    /// What status JSON leaves out: the engine's bookkeeping, in one comparable string.
    static func fingerprint(_ e: Engine) -> String {
        let s = e.state
        var out = "dev=\(s.deviations) lessons=\(s.lessons) corrected=\(s.corrected.sorted { $0.key < $1.key }.map { "\($0.key)>\($0.value)" })"
        out += " period=\(s.period)@\(s.periodStarted) warnings=\(s.clockWarnings) count=\(s.entryCount) head=\(s.head)"
        for (k, r) in s.roles.sorted(by: { $0.key < $1.key }) {
            out += " role \(k)=\(r.person)@\(r.since) prev=\(r.previous.map { "\($0.person)@\($0.since)" })"
        }
        for sys in s.systems {
            out += " sys \(sys.name) \(sys.state) \(sys.since) before=\(sys.outageSecondsBefore) first=\(sys.firstReported)"
            out += " est=\(sys.estimates.map { "\($0.eta)@\($0.given) by \($0.by) #\($0.seq)" }) from=\(sys.outageEstimatesFrom) eta=\(String(describing: sys.eta))"
        }
        for (k, d) in s.decisions.sorted(by: { $0.key < $1.key }) { out += " dec \(k)=\(d.option)@\(d.when) by \(d.by) #\(d.seq)" }
        out += " affected=\(s.affectedSystems)"
        for (i, byKey) in s.instances.sorted(by: { $0.key < $1.key }) {
            for (k, t) in byKey.sorted(by: { $0.key < $1.key }) {
                out += " inst\(i)@\(k)=\(t.system ?? "-") \(String(describing: t.recorded)) r\(t.round) since=\(String(describing: t.since)) h=\(t.history)"
            }
        }
        for t in s.tasks {
            out += " task\(t.index) \(String(describing: t.recorded)) r\(t.round) last=\(String(describing: t.lastRoundFinished))"
            out += " since=\(String(describing: t.since)) by=\(t.by ?? "-") reason=\(t.reason ?? "-") h=\(t.history) dev=\(t.deviated)"
        }
        return out
    }

    /// Runs one random history; returns (commands, refused) for the summary.
    @discardableResult
    static func runHistory(seed: UInt64) throws -> (Int, Int) {
        var rng = SplitMix64(seed: seed)
        let pb = playbook(&rng)
        let activation = rng.chance(0.5) ? engineBase.adding(seconds: -rng.int(0...5) * 3600) : nil
        let discovered = rng.chance(0.5) ? (activation ?? engineBase).adding(seconds: -rng.int(0...72) * 3600) : nil
        let f = try EngineFixture(pb.yaml, now: engineBase, at: activation, discovered: discovered)
        let steps = rng.int(50...200)
        var refused = 0
        var prevJSON = StatusJSON.render(f.engine, now: checkNow)
        var prevStatuses = try statuses(prevJSON)
        let ctx = "seed \(seed)"
        // A second terminal that only reads, advancing entry by entry from the file.
        let watcher = try f.reopened()
        for step in 0..<steps {
            // The clock moves on, and now and then jumps back.
            if rng.chance(0.03) { f.clock.advance(seconds: -rng.int(60...1800)) } else { f.clock.advance(seconds: rng.int(0...2700)) }
            let cmd = command(&rng, pb: pb, f: f)
            let before = f.journalBytes
            let countBefore = f.state.entryCount
            let c = f.clock
            var recorded: JournalEntry?
            do {
                recorded = try f.session.perform(cmd.action, ActionContext(actor: cmd.actor, at: cmd.at, note: cmd.note, force: cmd.force), now: { c.now })
            } catch is RunbookError {
                refused += 1
            } catch {
                Issue.record("\(ctx) step \(step): \(cmd.action) threw a non-RunbookError \(error)")
            }
            let json = StatusJSON.render(f.engine, now: checkNow)
            if let e = recorded {
                #expect(e.seq == countBefore + 1, "\(ctx) step \(step)")
                #expect(f.state.entryCount == countBefore + 1)
                if e["force"]?.bool == true { #expect(e.string("deviation") != nil, "\(ctx): a forced entry names its deviation") }
            } else {
                #expect(f.journalBytes == before, "\(ctx) step \(step): refused \(cmd.action) changed the journal")
                #expect(json == prevJSON, "\(ctx) step \(step): refused \(cmd.action) changed the state")
            }
            // Folding everything from scratch equals the stepped state.
            let folded = Engine.fold(playbook: f.engine.playbook, incidentID: f.id, entries: f.state.entries)
            let foldedJSON = StatusJSON.render(folded, now: checkNow)
            #expect(foldedJSON == json, "\(ctx) step \(step): fold differs from stepped state after \(cmd.action)")
            #expect(fingerprint(folded) == fingerprint(f.engine), "\(ctx) step \(step): fold bookkeeping differs after \(cmd.action)")
            try watcher.refresh()
            #expect(StatusJSON.render(watcher.engine, now: checkNow) == json, "\(ctx) step \(step): a reading terminal differs after \(cmd.action)")
            #expect(fingerprint(watcher.engine) == fingerprint(f.engine), "\(ctx) step \(step): reader bookkeeping differs")
            if step % 40 == 39 {
                let fresh = try f.reopened()
                #expect(fingerprint(fresh.engine) == fingerprint(f.engine), "\(ctx) step \(step): a fresh fold of the file differs")
            }
            // Every status is one of the seven.
            let st = try statuses(json)
            for (id, s) in st { #expect(sevenStatuses.contains(s), "\(ctx): task \(id) has status \(s)") }
            // A done task leaves done only through its own entry, or a correction reaching one of its entries.
            // (A per-system task as a whole sums up its instances: it is done only until another
            // system is reported down, or a decision makes it apply to one it did not; each
            // instance keeps the rule.)
            for (id, was) in prevStatuses where was == "done" && st[id] != "done" {
                let base = String(id.prefix { $0 != "@" })
                let newSystem = pb.perSystem.contains(id) && ["system.status", "decision.made", "entry.corrected"].contains(recorded?.type ?? "")
                let ok = newSystem || (recorded.map { touches($0, task: base, entries: f.state.entries) } ?? false)
                #expect(ok, "\(ctx) step \(step): task \(id) went from done to \(st[id] ?? "?") after \(cmd.action)")
            }
            // Deviations are exactly the counting forced entries.
            let expectedDeviations = f.state.entries.filter { $0["force"]?.bool == true && f.state.counts($0.seq) }.map(\.seq)
            #expect(f.state.deviations == expectedDeviations, "\(ctx) step \(step)")
            prevJSON = json
            prevStatuses = st
            if f.state.closed != nil && rng.chance(0.3) { break }
        }
        // A fresh reader of the file agrees too.
        let fresh = try f.reopened()
        #expect(StatusJSON.render(fresh.engine, now: checkNow) == prevJSON, "\(ctx): a fresh session differs")
        #expect(fingerprint(fresh.engine) == fingerprint(f.engine), "\(ctx): a fresh session's bookkeeping differs")
        return (steps, refused)
    }

    /// Batches of 10 seeds, reproducible: 200 random histories in the full tier, the first 50 in
    /// the quick one.
    @Test(arguments: 0..<TestTier.pick(quick: 5, full: 20))
    func randomHistoriesKeepTheInvariants(batch: Int) throws {
        for k in 0..<10 {
            let seed = UInt64(batch * 10 + k) &* 0x2545_F491_4F6C_DD1D &+ 17
            try Self.runHistory(seed: seed)
        }
    }

    /// A closed incident in a random history refuses everything after.
    @Test func closedRandomHistoryRefusesEverything() throws {
        var rng = SplitMix64(seed: 4242)
        let pb = Self.playbook(&rng)
        let f = try EngineFixture(pb.yaml)
        for _ in 0..<30 {
            let cmd = Self.command(&rng, pb: pb, f: f)
            _ = try? f.session.perform(cmd.action, ActionContext(actor: cmd.actor, at: cmd.at, note: cmd.note, force: cmd.force), now: { engineBase })
        }
        if f.state.closed == nil { try f.act(.close) }
        let closedBytes = f.journalBytes
        for _ in 0..<100 {
            let cmd = Self.command(&rng, pb: pb, f: f)
            // The one action a closed incident takes: its close marked in error, which reopens it.
            if case .correct(let seq, _) = cmd.action, seq == f.state.facts.closedSeq { continue }
            #expect(throws: RunbookError.self) {
                try f.session.perform(cmd.action, ActionContext(actor: cmd.actor, at: cmd.at, note: cmd.note, force: cmd.force), now: { engineBase })
            }
        }
        #expect(f.journalBytes == closedBytes)
    }

    @Test func splitMixIsReproducible() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        var c = SplitMix64(seed: 0)
        #expect(c.next() == 0xE220_A839_7B1D_CDAF, "the published first output for seed 0")
    }
}
