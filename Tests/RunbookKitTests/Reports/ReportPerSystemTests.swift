import Foundation
import Testing
@testable import RunbookKit

/// A milestone done once for each affected system (a system's clinical go-live) is reached
/// system by system in the after-action report.
@Suite struct ReportPerSystemTests {
    @Test func aPerSystemMilestoneHasARowForEachSystem() throws {
        let f = try EngineFixture(PerSystemTaskTests.yaml)
        try f.act(.system("EHR", .down))
        try f.act(.system("PACS", .down))
        f.clock.advance(minutes: 30)
        try f.act(.task("approve", .done))
        try f.act(.task("restore@EHR", .done))
        f.clock.advance(minutes: 30)
        try f.act(.task("validate@EHR", .done))
        f.clock.advance(minutes: 60)
        let live = try f.act(.task("go-live@EHR", .done))
        let m = ReportModel.build(f.engine)
        let ehr = try #require(m.milestones.first { $0.title == "Clinical go-live: EHR" }, "\(m.milestones.map(\.title))")
        #expect(ehr.actual == live.when)
        #expect(ehr.seq == live.seq)
        #expect(ehr.taskID == "go-live@EHR")
        // Due 24 h after that system's validation.
        #expect(ehr.planned == f.engine.state.entries.first { $0.string("task") == "validate" && $0.string("system") == "EHR" }?.when.adding(seconds: 24 * 3600))
        let pacs = try #require(m.milestones.first { $0.title == "Clinical go-live: PACS" })
        #expect(pacs.actual == nil)
        #expect(!m.milestones.contains { $0.title == "Clinical go-live" }, "the task's own row stands beside its systems'")
        // Only milestones reached take a mark, M1, M2… in order: no gap where one was not reached.
        let marks = m.milestoneMarks
        #expect(marks.compactMap { $0 } == (1...m.milestones.filter { $0.actual != nil }.count).map { "M\($0)" })
        let k = try #require(m.milestones.firstIndex { $0.title == "Clinical go-live: EHR" })
        let html = Reports.text(.html, engine: f.engine)
        #expect(html.contains("<tr><td>\(marks[k] ?? "?")</td><td>Clinical go-live: EHR"), "\(marks)")
        #expect(html.contains(">\(marks[k] ?? "?")</text>"), "the picture labels it the same")
        let md = Reports.text(.md, engine: f.engine)
        #expect(md.contains("| Clinical go-live: EHR |"), "\(md)")
    }

    @Test func aSystemsTurnDoneLateIsADeviationOfItsRole() throws {
        let f = try EngineFixture(PerSystemTaskTests.yaml)
        f.quietDays = true  // days pass with nothing recorded: the clock is confirmed
        try f.act(.system("EHR", .down))
        try f.act(.task("approve", .done))
        try f.act(.task("restore@EHR", .done))
        try f.act(.task("validate@EHR", .done))
        // go-live is due 24 h after validate: done 25 h after.
        f.clock.advance(minutes: 25 * 60)
        let live = try f.act(.task("go-live@EHR", .done))
        let m = ReportModel.build(f.engine)
        let late = try #require(m.deviations.first { $0.kind == .late }, "\(m.deviations.map(\.what))")
        #expect(late.taskID == "go-live@EHR")
        #expect(late.what == "Clinical go-live: EHR")
        #expect(late.seq == live.seq)
        #expect(late.detail.hasPrefix("done 1 h late"), "\(late.detail)")
        #expect(m.roles.first { $0.id == "ops" }?.late == 1)
    }
}
