import Foundation
import Testing
@testable import RunbookKit

/// A long report is made on every core (`Parallel`): its timeline rows and their HTML must be
/// exactly what one core makes, in the same order.
@Suite struct ReportParallelTests {
    /// The scripted incident and 45,000 more entries made in memory (task entries, system
    /// reports with notes to escape, notes and lessons, some back-dated): long enough that the
    /// rows and the HTML are cut into parts.
    static func longEngine() throws -> Engine {
        let f = try ReportScript.incident()
        var entries = f.engine.state.entries
        let base = try #require(entries.last).time
        let tasks = f.engine.playbook.tasks.map(\.id)
        for i in 0..<45_000 {
            var d: EntryDraft
            switch i % 5 {
            case 0: d = EntryDraft(type: .taskStarted, actor: "ops-\(i % 7)", fields: [("task", .string(tasks[i % tasks.count]))])
            case 1:
                d = EntryDraft(type: .systemStatus, actor: "it", note: "update \(i) <b>&amp;",
                               fields: [("system", .string(["EHR", "PACS"][i % 2])), ("state", .string(["down", "degraded", "up"][i % 3]))])
            default:
                d = EntryDraft(type: .note, actor: "scribe", note: "radio log \(i) — ward 4B \"census\" \u{05D0}",
                               fields: i % 11 == 0 ? [("tag", .string("lesson"))] : [])
            }
            // Every 97th happened ten minutes before it was recorded: it sorts earlier.
            if i % 97 == 0 { d.at = base.adding(seconds: i - 600) }
            let seq = entries.count + 1
            let hash = try #require(ChainHash(String(format: "%064x", seq)))
            entries.append(JournalEntry(draft: d, seq: seq, time: base.adding(seconds: i), prev: .zero, hash: hash))
        }
        return Engine.fold(playbook: f.engine.playbook, incidentID: f.engine.state.id, entries: entries)
    }

    @Test func longTimelineRowsAreInOrderAndSayWhatOneCoreSays() throws {
        let engine = try Self.longEngine()
        let m = ReportModel.build(engine)
        let entries = engine.state.entries
        #expect(m.timeline.count == entries.count)
        let expected = entries.indices.sorted {
            entries[$0].when != entries[$1].when ? entries[$0].when < entries[$1].when : $0 < $1
        }.map { entries[$0].seq }
        #expect(m.timeline.map(\.seq) == expected)
        let builder = Builder(engine: engine, check: .init(), redact: false, clock: ReportClock())
        for row in m.timeline {
            let e = try #require(engine.state.entry(row.seq))
            #expect(row.what == builder.describe(e))
            #expect(row.hash == e.hash)
            #expect(row.note == e.note)
        }
    }

    @Test func longHTMLIsCutIntoPartsThatJoinToWhatOneCoreWrites() throws {
        let m = ReportModel.build(try Self.longEngine())
        let pieces = AfterActionHTML.pieces(m)
        #expect(pieces.count > 3, "the rows were made in one part")
        // The sections, the improvement plan and integrity, the appendix's head; then the rows.
        let rows = Array(pieces[3..<(pieces.count - 1)].joined())
        #expect(rows == AfterActionHTML.timelineRows(m, 0..<m.timeline.count))
        // The whole document, streamed from every core, is what one core writes section by section.
        let oneCore = AfterActionHTML.sections(m) + AfterActionHTML.closingSections(m) + AfterActionHTML.appendixHead(m)
            + AfterActionHTML.timelineRows(m, 0..<m.timeline.count) + Array(AfterActionHTML.documentEnd.utf8)
        #expect(AfterActionHTML.render(m) == oneCore)
        // Two runs, the same bytes.
        #expect(AfterActionHTML.render(m) == AfterActionHTML.render(ReportModel.build(try Self.longEngine())))
    }

    @Test func partsKeepTheirOrder() {
        let built = Parallel.build(100_000, minimumPart: 1_000) { part, put in
            for k in part { put(k * 3) }
        }
        #expect(built == (0..<100_000).map { $0 * 3 })
        #expect(Parallel.build(0, minimumPart: 1_000) { _, _ in } as [Int] == [])
        #expect(Parallel.build(5, minimumPart: 1_000) { part, put in part.forEach(put) } == Array(0..<5))
    }

    struct Stop: Error {}

    @Test func aStreamHandsItsPartsOnInOrderAndStopsOnAnError() throws {
        var seen: [Range<Int>] = []
        // Later parts are quicker to make: they must still come after the earlier ones.
        Parallel.stream(1_000, pieces: 10) { r -> Range<Int> in
            usleep(UInt32(2_000 * (10 - r.lowerBound / 100)))
            return r
        }.forEach { seen.append($0) }
        #expect(seen == (0..<10).map { ($0 * 100)..<(($0 + 1) * 100) })
        var taken = 0
        #expect(throws: Stop.self) {
            try Parallel.stream(1_000, pieces: 10) { $0 }.forEach { _ in
                taken += 1
                if taken == 3 { throw Stop() }
            }
        }
        #expect(taken == 3)
        var none = 0
        Parallel.stream(0, pieces: 0) { $0.count }.forEach { none += $0 }
        #expect(none == 0)
    }
}

/// The byte-level system key is the same as the word-level one for every ASCII name.
@Suite struct SystemKeyTests {
    @Test func asciiKeyMatchesTheWordRule() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aAbBsSyYtTeEmMzZ \t-".unicodeScalars)
        for _ in 0..<5_000 {
            let n = Int.random(in: 0...16, using: &rng)
            let name = String(String.UnicodeScalarView((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
            #expect(SystemRecord.key(name) == SystemRecord.unicodeKey(name), "\(name.debugDescription)")
        }
        for name in ["Lab System", "  lab   systems ", "System", "systems", "EHR", "x system system", "Café system"] {
            #expect(SystemRecord.key(name) == SystemRecord.unicodeKey(name), "\(name.debugDescription)")
        }
        #expect(SystemRecord.key("Lab  System") == "lab")
        #expect(SystemRecord.key("CAFÉ System") == "café")
    }

    @Test func systemsAreFoundByExactNameOrKey() throws {
        var facts = IncidentFacts()
        let opened = JournalEntry(draft: EntryDraft(type: .systemStatus, actor: "it", fields: [("system", .string("Lab System")), ("state", .string("down"))]),
                                  seq: 2, time: engineBase, prev: .zero, hash: .zero)
        facts.apply(opened)
        #expect(facts.system(named: "Lab System")?.name == "Lab System")
        #expect(facts.system(named: "lab")?.name == "Lab System")
        #expect(facts.system(named: "LAB  systems")?.key == "lab")
        #expect(facts.system(named: "PACS") == nil)
    }
}
