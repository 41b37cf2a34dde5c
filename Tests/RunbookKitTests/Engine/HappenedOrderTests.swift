import Foundation
import Testing
@testable import RunbookKit

/// Everything folds in the order it happened (`at`, else the recorded time; ties by seq), not
/// the order it was typed in: entries transcribed from paper, a start time corrected by a second
/// report. The cases with hand-computed figures, and the permutation property.
@Suite("happened order")
struct HappenedOrderTests {
    static let checkNow = engineBase.adding(seconds: 6 * 3600)

    /// The scripted incident's entry 1 and playbook, and entries built in memory after it: `at`
    /// as given, recorded one second apart in the order given (the typing order).
    static func fold(_ drafts: [EntryDraft], oneByOne: Bool = false, chunks: Int = 0) throws -> Engine {
        let f = try EngineFixture(aarPlaybookYAML)
        var entries = [f.engine.state.entries[0]]
        for d in drafts {
            let seq = entries.count + 1
            let hash = try #require(ChainHash(String(format: "%064x", seq)))
            entries.append(JournalEntry(draft: d, seq: seq, time: engineBase.adding(seconds: 3600 * 5 + seq), prev: .zero, hash: hash))
        }
        var e = Engine(playbook: f.engine.playbook, incidentID: f.id)
        if chunks > 0 {
            // Read on in batches, as a live reader catches up: the first, then the rest in `chunks` parts.
            e.apply(contentsOf: [entries[0]])
            let rest = Array(entries.dropFirst())
            let size = max(1, (rest.count + chunks - 1) / chunks)
            // Every other count of batches as the session's first read does it: a refold left to the end.
            let deferring = chunks % 2 == 0
            for start in stride(from: 0, to: rest.count, by: size) {
                e.apply(contentsOf: Array(rest[start..<min(rest.count, start + size)]), deferringRefold: deferring)
            }
            e.finishDeferredRefold()
            return e
        }
        if !oneByOne { return Engine.fold(playbook: f.engine.playbook, incidentID: f.id, entries: entries) }
        for entry in entries { e.apply(entry) }
        return e
    }

    static func system(_ name: String, _ state: SystemRecord.State, minutes: Int, eta: Int? = nil) -> EntryDraft {
        var fields: [(String, JSONScalar)] = [("system", .string(name)), ("state", .string(state.rawValue))]
        if let eta { fields.append(("eta", .string(engineBase.adding(seconds: eta * 60).rfc3339))) }
        return EntryDraft(type: .systemStatus, actor: "it", at: engineBase.adding(seconds: minutes * 60), fields: fields)
    }

    /// `down --at -4h; up --at -1h; degraded --at -2h --from-paper`: up now, out 3 h (not
    /// degraded now and 5 h), in the state, `status --json`, the report's segments and the
    /// board's "out N in all".
    @Test func aStateTranscribedLateTakesItsPlaceInTime() throws {
        let drafts = [Self.system("EHR", .down, minutes: 60), Self.system("EHR", .up, minutes: 240), Self.system("EHR", .degraded, minutes: 180)]
        for oneByOne in [false, true] {
            let e = try Self.fold(drafts, oneByOne: oneByOne)
            let ehr = try #require(e.state.systems.first)
            #expect(ehr.state == .up, "one by one: \(oneByOne)")
            #expect(ehr.outageSeconds(now: Self.checkNow) == 3 * 3600)
            let json = StatusJSON.document(e, now: Self.checkNow)
            #expect(json.systems.map(\.state) == ["up"])
            #expect(json.systems.map(\.outageSeconds) == [3 * 3600])
            let row = try #require(ReportModel.build(e).systems.first)
            #expect(row.segments.map(\.state) == [.down, .degraded, .up])
            #expect(row.segments.map { $0.from.seconds(until: $0.to) }.prefix(2) == [7200, 3600])
            #expect(row.outageSeconds == 3 * 3600)
            #expect(row.restored == engineBase.adding(seconds: 240 * 60))
        }
    }

    /// `system EHR down` at 10:00, then `down --at 07:00` to correct the start: out since 07:00,
    /// not "<1 min".
    @Test func aSecondReportCorrectsTheStartOfAnOutage() throws {
        let e = try Self.fold([Self.system("EHR", .down, minutes: 120), Self.system("EHR", .down, minutes: 0)], oneByOne: true)
        let ehr = try #require(e.state.systems.first)
        #expect(ehr.since == engineBase)
        #expect(ehr.firstReported == engineBase)
        #expect(ehr.outageSeconds(now: Self.checkNow) == 6 * 3600)
        let row = try #require(ReportModel.build(e).systems.first)
        #expect(row.firstReported == engineBase)
        #expect(row.segments.count == 1 && row.segments[0].from == engineBase)
    }

    /// Roles, decisions and periods follow the same order: the answer given last *in time* is
    /// the decision; the holder assigned last in time holds the role, the other before them.
    @Test func rolesDecisionsAndPeriodsGoByWhenTheyHappened() throws {
        let drafts = [
            EntryDraft(type: .roleAssigned, actor: "scribe", at: engineBase.adding(seconds: 3 * 3600), fields: [("role", .string("ic")), ("person", .string("Dr Baker"))]),
            EntryDraft(type: .roleAssigned, actor: "scribe", at: engineBase.adding(seconds: 600), fields: [("role", .string("ic")), ("person", .string("Dr Adams"))]),
            EntryDraft(type: .decisionMade, actor: "Dr Baker", at: engineBase.adding(seconds: 4 * 3600), fields: [("decision", .string("diversion")), ("option", .string("divert"))]),
            EntryDraft(type: .decisionMade, actor: "Dr Adams", at: engineBase.adding(seconds: 3600), fields: [("decision", .string("diversion")), ("option", .string("no"))]),
        ]
        let e = try Self.fold(drafts)
        let ic = try #require(e.state.roles["ic"])
        #expect(ic.person == "Dr Baker")
        #expect(ic.previous.map(\.person) == ["Dr Adams"])
        // The report's holders of the role, in the order they took it.
        let holders = ReportModel.build(e).roles.first { $0.id == "ic" }?.holders
        #expect(holders?.map(\.person) == ["Dr Adams", "Dr Baker"])
        #expect(holders?.first?.to == engineBase.adding(seconds: 3 * 3600))
        #expect(e.state.decisions["diversion"]?.option == "divert")
        #expect(e.state.decisions["diversion"]?.when == engineBase.adding(seconds: 4 * 3600))
    }

    /// `status --json` without the entries' numbers (`seq`), which name where an entry was
    /// typed, not what happened: a permutation of the typing order renumbers them.
    static func story(_ e: Engine) throws -> String {
        func strip(_ v: Any) -> Any {
            if let d = v as? [String: Any] { return d.filter { $0.key != "seq" }.mapValues(strip) }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        let json = try JSONSerialization.jsonObject(with: Data(StatusJSON.render(e, now: checkNow).utf8))
        return String(decoding: try JSONSerialization.data(withJSONObject: strip(json), options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    /// Any permutation of the same entries' typing order gives the same `status --json`, folded
    /// at once or one entry at a time.
    @Test func anyTypingOrderGivesTheSameStatus() throws {
        var rng = SplitMix64(seed: 0x5EED_0F_0DE5)
        let tasks = ["declare", "activate", "downtime-procedures", "isolate", "staff-alert", "notify-insurer", "contain", "census", "hot-wash"]
        let verbs: [EntryType] = [.taskStarted, .taskDone, .taskSkipped, .taskBlocked, .taskReopened]
        for round in 0..<TestTier.pick(quick: 25, full: 100) {
            // Distinct times: ties are broken by seq, which a permutation changes.
            var minutes = Array(1...600).shuffled(using: &rng).prefix(rng.int(5...30))
            var drafts: [EntryDraft] = []
            while let m = minutes.popFirst() {
                let at = engineBase.adding(seconds: m * 60)
                var d: EntryDraft
                switch rng.int(0...5) {
                case 0: d = Self.system(rng.pick(["EHR", "PACS", "Phones"]), rng.pick(SystemRecord.State.allCases), minutes: m, eta: rng.chance(0.3) ? m + 90 : nil)
                case 1: d = EntryDraft(type: .roleAssigned, actor: "scribe", fields: [("role", .string(rng.pick(["ic", "ops"]))), ("person", .string(rng.pick(["Ann", "Bo", "Cy"])))])
                case 2: d = EntryDraft(type: .decisionMade, actor: "ic", fields: [("decision", .string("diversion")), ("option", .string(rng.pick(["divert", "no"])))])
                case 3: d = EntryDraft(type: .periodStarted, actor: "ic", fields: [("period", .int(2))])
                default:
                    let v = rng.pick(verbs)
                    d = EntryDraft(type: v, actor: rng.pick(["Ann", "Bo"]), note: v == .taskSkipped || v == .taskBlocked ? "why \(m)" : nil,
                                   fields: [("task", .string(rng.pick(tasks)))])
                }
                d.at = at
                drafts.append(d)
            }
            let reference = try Self.story(try Self.fold(drafts))
            for _ in 0..<3 {
                let typed = drafts.shuffled(using: &rng)
                let oneByOne = rng.chance(0.5), chunks = rng.chance(0.5) ? rng.int(1...4) : 0
                let got = try Self.story(try Self.fold(typed, oneByOne: oneByOne, chunks: chunks))
                #expect(got == reference, "round \(round), one by one: \(oneByOne), in \(chunks) batches")
                if got != reference { return }
            }
        }
    }

    /// The fold one entry at a time, entries arriving out of their turn, is the fold at once.
    @Test func lateEntriesRefoldToTheSameStateAsAFoldAtOnce() throws {
        let drafts = [Self.system("EHR", .down, minutes: 30), Self.system("PACS", .degraded, minutes: 20),
                      Self.system("EHR", .up, minutes: 300, eta: nil), Self.system("EHR", .degraded, minutes: 100, eta: 400)]
        let once = try Self.fold(drafts), each = try Self.fold(drafts, oneByOne: true)
        #expect(StatusJSON.render(once, now: Self.checkNow) == StatusJSON.render(each, now: Self.checkNow))
        // Affected in the order they were first reported in time: PACS (00:20) before EHR (00:30).
        #expect(once.state.affectedSystems == ["PACS", "EHR"])
        #expect(each.state.affectedSystems == ["PACS", "EHR"])
        #expect(once.state.happenedIndices.map { once.state.entries[$0].seq } == [1, 3, 2, 5, 4])
    }

    /// Corrections read in a batch with the entries they mark, some out of their turn, refold
    /// to what a fold at once gives, however the batches fall.
    @Test func batchesWithCorrectionsFoldAsAFoldAtOnce() throws {
        var drafts = [Self.system("EHR", .down, minutes: 30), Self.system("EHR", .up, minutes: 200),
                      Self.system("EHR", .degraded, minutes: 100), Self.system("PACS", .down, minutes: 10)]
        // #3 (EHR up) entered in error, then the correction of #5 (PACS) corrected in turn.
        drafts.append(EntryDraft(type: .entryCorrected, actor: "it", fields: [("target", .int(3)), ("reason", .string("wrong system"))]))
        drafts.append(EntryDraft(type: .entryCorrected, actor: "it", fields: [("target", .int(5)), ("reason", .string("x"))]))
        drafts.append(EntryDraft(type: .entryCorrected, actor: "it", fields: [("target", .int(7)), ("reason", .string("undo"))]))
        drafts.append(Self.system("EHR", .up, minutes: 20))
        let reference = try Self.story(try Self.fold(drafts))
        let once = try Self.fold(drafts)
        #expect(once.state.systems.first { $0.name == "EHR" }?.state == .degraded)
        #expect(once.state.corrected.keys.sorted() == [3, 7])
        for chunks in 1...drafts.count {
            #expect(try Self.story(try Self.fold(drafts, chunks: chunks)) == reference, "in \(chunks) batches")
        }
        #expect(try Self.story(try Self.fold(drafts, oneByOne: true)) == reference)
    }

    /// The nearly-sorted order (kept run, the rest sorted, merged) is a full sort's, on random
    /// keys with every amount of disorder, and nil when nothing is out of turn.
    @Test func theMergedOrderIsAFullSorts() {
        var rng = SplitMix64(seed: 21)
        for n in [0, 1, 2, 3, 10, 200, 2_000] {
            for disorder in [0.0, 0.01, 0.1, 0.5, 1.0] {
                var keys = (0..<n).map { Int64($0 * 10) }
                for i in keys.indices where rng.chance(disorder) { keys[i] = Int64(rng.int(0...(n * 10 + 5))) }
                let got = HappenedOrder.order(keys)
                let full = (0..<n).sorted { i, j in keys[i] != keys[j] ? keys[i] < keys[j] : i < j }
                #expect((got ?? Array(0..<n)) == full, "n \(n), disorder \(disorder)")
                if full == Array(0..<n) { #expect(got == nil) }
            }
        }
    }
}
