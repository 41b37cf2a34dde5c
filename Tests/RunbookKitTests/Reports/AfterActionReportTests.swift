import Foundation
import Testing
@testable import RunbookKit

/// The after-action report's figures, determinism, redaction, and safety of user text, on the
/// scripted incident (ReportScript).
@Suite("after-action report")
struct AfterActionReportTests {
    static let utc = ReportOptions(clock: ReportClock(utc: true))

    static func model(_ f: EngineFixture, redact: Bool = false) -> ReportModel {
        ReportModel.build(f.engine, redact: redact, clock: ReportClock(utc: true))
    }

    @Test func figuresOfTheScriptedIncident() throws {
        let f = try ReportScript.incident()
        let m = Self.model(f)
        #expect(m.header.exercise)
        #expect(m.header.durationSeconds == 12 * 3600 + 30 * 60)
        #expect(m.header.end == engineBase.adding(seconds: 12 * 3600 + 30 * 60))
        #expect(m.header.playbookSHA256.count == 64)
        // Milestones: planned against actual.
        let ms = Dictionary(uniqueKeysWithValues: m.milestones.compactMap { x in x.taskID.map { ($0, x) } })
        #expect(ms["declare"]?.actual == engineBase.adding(seconds: 600))
        #expect(ms["declare"]?.planned == engineBase.adding(seconds: 900))
        #expect(ms["downtime-procedures"]?.actual == engineBase.adding(seconds: 4500))
        #expect(ms["contain"]?.actual == engineBase.adding(seconds: 6 * 3600))
        #expect(m.milestones.contains { $0.title == "First system restored (PACS)" && $0.actual == engineBase.adding(seconds: 8 * 3600) })
        #expect(m.milestones.contains { $0.title == "All affected systems up" && $0.actual == engineBase.adding(seconds: 11 * 3600 + 1800) })
        #expect(m.milestones.first?.title == "Incident discovered")
        // Systems: the EHR down 0:12 to 9:00 then degraded to 11:30; three estimates.
        let ehr = try #require(m.systems.first { $0.name == "EHR" })
        #expect(ehr.outageSeconds == (9 * 3600 - 12 * 60) + 150 * 60)
        #expect(ehr.estimates.map(\.eta) == [6, 10, 11].map { engineBase.adding(seconds: $0 * 3600) })
        #expect(ehr.restored == engineBase.adding(seconds: 11 * 3600 + 1800))
        #expect(ehr.segments.map(\.state) == [.down, .degraded, .up])
        // Roles and the hand-over.
        let ic = try #require(m.roles.first { $0.id == "ic" })
        #expect(ic.holders.map(\.person) == ["Alice Moreau", "Erin Park"])
        #expect(ic.holders[0].to == engineBase.adding(seconds: 3 * 3600 + 600))
        #expect(ic.late == 1 && ic.notDone == 1)
        // Decisions with their reasons.
        #expect(m.decisions.map(\.option) == ["yes", "divert"])
        #expect(m.decisions[1].reason == "CT and lab results unavailable" && m.decisions[1].by == "Alice Moreau")
        // Deviations of every kind.
        let kinds = Dictionary(grouping: m.deviations, by: \.kind)
        #expect(kinds[.skipped]?.map(\.taskID) == ["holding-statement"])
        #expect(kinds[.forced]?.map(\.taskID) == ["restore-plan"])
        #expect(Set(kinds[.late]?.compactMap(\.taskID) ?? []) == ["downtime-procedures", "notify-insurer"])
        #expect(kinds[.late]?.first { $0.taskID == "notify-insurer" }?.detail.hasPrefix("done 30 min late") == true)
        #expect(Set(kinds[.notDone]?.compactMap(\.taskID) ?? []) == ["restore-plan", "hot-wash"])
        #expect(kinds[.corrected]?.first?.detail.contains("Entered for the wrong hospital") == true)
        // The back-dated staff alert happened on time: not late.
        #expect(!(kinds[.late] ?? []).contains { $0.taskID == "staff-alert" })
        // Deadline missed.
        #expect(m.deadlines.map(\.met) == [false])
        // Transcribed and back-dated entries, periods, improvement plan.
        #expect(m.transcribed.count == 1)
        let paper = try #require(m.timeline.first { $0.paper != nil })
        #expect(paper.paper == "HICS 214 p.2" && paper.backdated)
        #expect(m.periods.map(\.number) == [1, 2])
        #expect(m.improvements.filter { $0.source.hasPrefix("lesson") }.count == 2)
        #expect(m.improvements.contains { $0.issue.contains("Notify the cyber insurer") })
        #expect(m.timeline.count == f.state.entryCount)
        #expect(m.summary.contains("Systems were down for up to 11 h 18 min (EHR); 2 systems were affected."))
        #expect(m.summary.contains("The external deadline was missed: Notify the cyber insurer."))
    }

    /// The improvement plan: lessons first, then the deviations under a sub-heading each by
    /// kind (late, missed, out of order, deadline missed, skipped), the kind taken from the
    /// deviation (a late or never-done external clock is a deadline missed, once); corrections
    /// and clock warnings stay in the deviations table. The md and html write the same groups.
    @Test func theImprovementPlanGroupsLessonsThenDeviationsByKind() throws {
        let f = try ReportScript.incident()
        let m = Self.model(f)
        let groups = m.improvementGroups.map(\.group)
        #expect(groups == [.lesson, .late, .missed, .outOfOrder, .deadlineMissed, .skipped], "\(groups)")
        #expect(m.improvements.map(\.group) == m.improvementGroups.flatMap { g in g.rows.map { _ in g.group } }, "rows in group order")
        func issues(_ g: ReportModel.Improvement.Group) -> [String] { m.improvements.filter { $0.group == g }.map(\.issue) }
        #expect(issues(.lesson).count == 2)
        #expect(issues(.deadlineMissed).count == 1 && issues(.deadlineMissed)[0].hasPrefix("Notify the cyber insurer: done 30 min late"))
        #expect(!issues(.late).contains { $0.contains("Notify the cyber insurer") }, "one home: not late as well")
        #expect(issues(.late).count == 1 && issues(.late)[0].contains(" late (due "), "\(issues(.late))")
        #expect(issues(.missed).count == 2 && issues(.outOfOrder).count == 1 && issues(.skipped).count == 1)
        // One row a deviation the plan takes: none lost, none twice.
        #expect(m.improvements.count == 2 + m.deviations.filter { $0.kind != .corrected && $0.kind != .clock }.count)
        let md = Reports.text(.md, engine: f.engine, options: Self.utc)
        let plan = try #require(md.range(of: "## 10. Improvement plan")).upperBound
        let headings = md[plan...].split(separator: "\n").filter { $0.hasPrefix("### ") }.prefix(6).map(String.init)
        #expect(headings == ["### Lessons", "### Late", "### Missed", "### Out of order", "### Deadline missed", "### Skipped"], "\(headings)")
        let html = Reports.text(.html, engine: f.engine, options: Self.utc)
        let section = try #require(html.range(of: "<section id=\"improvement-plan\">")).upperBound
        let h3 = html[section...].components(separatedBy: "<h3 class=\"ip-group\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(Array(h3.prefix(6)) == ["Lessons", "Late", "Missed", "Out of order", "Deadline missed", "Skipped"], "\(h3)")
        // The blank columns are fixed and wide; the headers wrap only between words.
        #expect(html.contains("<col class=\"col-write col-action\">") && html.contains("table.ip col.col-action{width:19%}"))
        #expect(html.contains("table.ip th{font-size:7.5pt;white-space:nowrap;overflow-wrap:normal;word-break:normal"))
    }

    @Test func everyFormatIsByteIdenticalOnTwoRuns() throws {
        let f = try ReportScript.incident()
        for format in ReportFormat.allCases {
            for redact in [false, true] {
                let o = ReportOptions(clock: ReportClock(utc: true), redact: redact)
                #expect(Reports.render(format, engine: f.engine, options: o) == Reports.render(format, engine: try f.reopened().engine, options: o),
                        "\(format) redact=\(redact)")
            }
        }
    }

    /// An open incident is reported as of its last recorded entry, never "now".
    @Test func anOpenIncidentIsReportedAsOfItsLastEntry() throws {
        let f = try EngineFixture(aarPlaybookYAML, name: "Still open")
        f.clock.advance(minutes: 90)
        try f.act(.task("declare", .done))
        let md = Reports.text(.md, engine: f.engine, options: Self.utc)
        #expect(md.contains("still open — this report is as of 2026-11-29 09:30"))
        f.clock.advance(minutes: 600)
        #expect(Reports.text(.md, engine: f.engine, options: Self.utc) == md, "time passing changes nothing")
    }

    static let secrets = ["Alice Moreau", "Bob Ng", "Chen Li", "Dana Ortiz", "Erin Park", "Ransom note", "Entered for the wrong hospital",
                          "wrong hospital", "31 patients", "CT and lab results", "Unknown duration", "Runner delivered", "Paper downtime forms",
                          "paging script", "corporate communications", "Claim number", "Shift change", "vendor engaged", "Read-only mode",
                          "Vendor wants", "Backups must be scanned", "Internet links", "Overhead page"]

    @Test(arguments: ReportFormat.allCases)
    func redactLeavesNoFreeTextAndNoEntryHashButTheChainHead(_ format: ReportFormat) throws {
        let f = try ReportScript.incident()
        for byPerson in [false, true] where byPerson == false || format == .ics214 || format == .ics214HTML {
            let text = Reports.text(format, engine: f.engine, options: ReportOptions(clock: ReportClock(utc: true), byPerson: byPerson, redact: true))
            for s in Self.secrets { #expect(!text.contains(s), "\(format): '\(s)' survived --redact") }
            // An entry's own hash would let a guess at its hidden text be confirmed (ReportRedactionTests).
            for e in f.state.entries.dropLast() { #expect(!text.contains(e.hash), "\(format): entry \(e.seq)'s hash is in a redacted export") }
            #expect(text.contains(f.state.head), "\(format): the chain head is missing")
            #expect(text.contains(format == .md ? "\\[redacted\\]" : "[redacted]"))
        }
        // Without --redact the same text is there (the list above is not vacuous).
        let plain = Reports.text(.md, engine: f.engine, options: Self.utc)
        for s in Self.secrets { #expect(plain.contains(s), "'\(s)' is not in the plain report: fix the test's list") }
    }

    @Test func aDamagedJournalIsSaidFirst() throws {
        let f = try ReportScript.incident()
        let m = ReportModel.build(f.engine, check: .init(problem: "the journal is damaged at entry 7: its hash does not match its bytes"), clock: ReportClock(utc: true))
        let md = AfterActionMarkdown.render(m)
        #expect(md.hasPrefix("> **WARNING — this journal FAILED verification: the journal is damaged at entry 7"))
        let html = String(decoding: AfterActionHTML.render(m), as: UTF8.self)
        let body = try #require(html.range(of: "<body>"))
        #expect(html[body.upperBound...].drop { $0 == "\n" }.hasPrefix("<p class=\"warn\" id=\"integrity-warning\">WARNING — this journal FAILED verification"))
        #expect(m.summary.hasPrefix("WARNING: the journal failed verification"))
        #expect(ICS214.text(m, byPerson: false).hasPrefix("WARNING: this journal FAILED verification"))
    }
}
