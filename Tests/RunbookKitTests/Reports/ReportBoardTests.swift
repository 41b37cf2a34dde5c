import Foundation
import Testing
@testable import RunbookKit

/// Page one ("Summary for the board"), the summary form, the compact timeline appendix and the
/// print style (issue 24, part B; issue 25's recovery time against the first estimate).
@Suite("report page one and summary")
struct ReportBoardTests {
    static let yaml = """
    id: board
    title: Board
    version: "1"
    source: Written for the page-one tests.
    roles:
      - {id: ic, title: Incident Commander}
    phases:
      - {id: now, title: Now, from: 0h}
    decisions:
      - {id: ambulance-diversion, question: Divert ambulances away from the emergency department?, options: [divert, partial, no-divert], role: ic}
      - {id: law-enforcement, question: "Engage federal law enforcement (FBI field office, with CISA)?", options: [yes, no], role: ic}
    tasks:
      - {id: declare, title: Declare the incident, role: ic, phase: now, due: 15m, milestone: true}
      - {id: notify-insurer, title: Notify the cyber insurer, role: ic, phase: now, due: 2h, deadline: true}
      - {id: notify-hhs, title: Notify HHS, role: ic, phase: now, due: 3h, deadline: true}
    """

    static func at(_ f: EngineFixture, _ h: Int, _ m: Int = 0) { f.clock.set(engineBase.adding(seconds: h * 3600 + m * 60)) }

    /// Activated 08:00, discovered 07:30. EHR down at T+0:10 with an estimate of T+6:00, back
    /// up at T+8:10; PACS degraded at T+1:00, never back. Diverted T+1:00 to T+3:00 (no-divert),
    /// partial again from T+5:00 to the close at T+10:00: 2 h + 5 h = 7 h. The insurer notified
    /// at T+1:30 (met), HHS at T+4:00 (missed).
    static func incident() throws -> EngineFixture {
        let f = try EngineFixture(yaml, discovered: engineBase.adding(seconds: -30 * 60))
        at(f, 0, 5); try f.act(.task("declare", .done))
        at(f, 0, 10); try f.act(.system("EHR", .down, eta: engineBase.adding(seconds: 6 * 3600)))
        at(f, 1); try f.act(.system("PACS", .degraded, eta: nil))
        at(f, 1); try f.act(.decide("ambulance-diversion", "divert"), note: "CT down")
        at(f, 1, 30); try f.act(.task("notify-insurer", .done))
        at(f, 2); try f.act(.decide("law-enforcement", "yes"))
        at(f, 3); try f.act(.decide("ambulance-diversion", "no-divert"))
        at(f, 4); try f.act(.task("notify-hhs", .done))
        at(f, 5); try f.act(.decide("ambulance-diversion", "partial"))
        at(f, 8, 10); try f.act(.system("EHR", .up, eta: nil))
        at(f, 10); try f.act(.close)
        return f
    }

    static func model(_ f: EngineFixture, redact: Bool = false) -> ReportModel {
        ReportModel.build(f.engine, redact: redact, clock: ReportClock(utc: true))
    }

    @Test func diversionHoursAddEveryStretchOfDivertOrPartial() throws {
        let m = Self.model(try Self.incident())
        let d = try #require(m.board.diversion)
        #expect(d.seconds == 7 * 3600)
        #expect(d.stretches == 2)
        #expect(!d.ongoing)
        #expect(m.summary.contains("We diverted ambulances for 7 h."))
    }

    /// A system back up and then down again: page one's "Down for" counts the time it was out,
    /// as the systems table (section 6) and the board do, not the days it was back up between
    /// (found by the ten-week soak: the phones, out 3 days and then 1, read "9 days" on page one
    /// and "4 days" in section 6).
    @Test func downtimeOfASystemThatFailedTwiceIsWhatTheSystemsTableSays() throws {
        let f = try EngineFixture(Self.yaml)
        Self.at(f, 1); try f.act(.system("Phones", .down, eta: nil))
        Self.at(f, 4); try f.act(.system("Phones", .up, eta: nil))
        Self.at(f, 9); try f.act(.system("Phones", .degraded, eta: nil))
        Self.at(f, 10); try f.act(.system("Phones", .up, eta: nil))
        Self.at(f, 12); try f.act(.close)
        let m = Self.model(f)
        let board = try #require(m.board.systems.first { $0.name == "Phones" })
        let row = try #require(m.systems.first { $0.name == "Phones" })
        #expect(row.outageSeconds == 4 * 3600)
        #expect(board.downSeconds == row.outageSeconds)
        #expect(board.fromDiscoverySeconds == 10 * 3600)
        #expect(AfterActionMarkdown.render(m).contains("| Phones | other | 2026-11-29 09:00 | 2026-11-29 18:00 | 4 h |"))
    }

    @Test func aPlaybookWithoutTheDiversionDecisionHasNoDiversionLine() throws {
        let f = try ReportScript.incident()
        let m = Self.model(f)
        #expect(m.board.diversion == nil)
        #expect(!AfterActionMarkdown.render(m).contains("Ambulance diversion"))
    }

    @Test func downtimeRunsFromTheFirstReportAndFromDiscoveryWithTheFirstEstimate() throws {
        let m = Self.model(try Self.incident())
        let ehr = try #require(m.board.systems.first { $0.name == "EHR" })
        #expect(ehr.downSeconds == 8 * 3600)                     // T+0:10 to T+8:10
        #expect(ehr.fromDiscoverySeconds == 8 * 3600 + 40 * 60)  // 07:30 to 16:10
        #expect(ehr.againstFirstETA == 2 * 3600 + 10 * 60)       // estimate T+6:00, back T+8:10
        let pacs = try #require(m.board.systems.first { $0.name == "PACS" })
        #expect(pacs.backUp == nil && pacs.downSeconds == 9 * 3600)  // to the close
        let md = AfterActionMarkdown.render(m)
        #expect(md.contains("| EHR | other | 2026-11-29 08:10 | 2026-11-29 16:10 | 8 h | 8 h 40 min | 2026-11-29 14:00 | 2 h 10 min late |"), "\(md.prefix(3000))")
        #expect(md.contains("| PACS | other | 2026-11-29 09:00 | **not back up at the close** | 9 h | 10 h 30 min | none given | — |"))
    }

    /// Page one comes first: the downtime table before the executive summary, before the
    /// incident details; the decisions by short name, not their question; the missed deadline named.
    @Test func pageOneComesFirstWithShortDecisionNames() throws {
        let m = Self.model(try Self.incident())
        for text in [AfterActionMarkdown.render(m), String(decoding: AfterActionHTML.render(m), as: UTF8.self)] {
            let board = try #require(text.range(of: "Summary for the board")), downtime = try #require(text.range(of: "Downtime by system"))
            let exec = try #require(text.range(of: "1. Executive summary")), details = try #require(text.range(of: "Incident details"))
            #expect(board.lowerBound < downtime.lowerBound && downtime.lowerBound < exec.lowerBound && exec.lowerBound < details.lowerBound)
            let page1 = text[..<exec.lowerBound]
            #expect(page1.contains("Ambulance diversion") && page1.contains("Law enforcement"))
            #expect(!page1.contains("Engage federal law enforcement"))
            #expect(page1.contains("1 met, 1 missed"))
            #expect(page1.contains("MISSED") && page1.contains("Notify HHS: due 2026-11-29 11:00, done 2026-11-29 12:00"))
        }
    }

    @Test func theExecutiveSummaryIsShortSentences() throws {
        let sentences = ReportSummary.sentences(Self.model(try Self.incident()))
        #expect(sentences.contains("Systems were down for up to 9 h (PACS); 2 systems were affected."))
        #expect(sentences.contains("Not back yet: PACS."))
        #expect(sentences.contains("2 decisions were made."))
        #expect(sentences.contains("1 of 2 external deadlines were missed: Notify HHS."))
        // No sentence recites a decision's question.
        #expect(!sentences.contains { $0.contains("Divert ambulances away") })
        #expect(sentences.allSatisfy { $0.count < 140 }, "\(sentences)")
    }

    /// The full timeline is the last appendix, one row an entry with the hash cut to 10
    /// characters; the JSON and the CSV still carry it whole.
    @Test func theTimelineIsTheLastAppendixWithShortHashes() throws {
        let f = try Self.incident()
        let m = Self.model(f)
        let md = AfterActionMarkdown.render(m), html = String(decoding: AfterActionHTML.render(m), as: UTF8.self)
        let last = try #require(m.timeline.last), mid = m.timeline[4]
        for text in [md, html] {
            let appendix = try #require(text.range(of: "Appendix A — Full timeline"))
            #expect(text.range(of: "11. Integrity").map { $0.lowerBound < appendix.lowerBound } == true)
            #expect(text.contains(String(mid.hash.prefix(10))))
            #expect(!text.contains(mid.hash))
        }
        #expect(md.contains("| \(last.seq) | T+10:00 | 2026-11-29 18:00 |"))
        #expect(ReportJSON.render(m, engine: f.engine).contains(mid.hash))
        #expect(String(decoding: ReportCSV.render(m), as: UTF8.self).contains(mid.hash))
    }

    /// `--summary`: page one, the summary, decisions and deadlines; no timeline, phases or roles;
    /// its stamp says so, and `verify --export` makes it again.
    @Test func theSummaryFormLeavesOutTheTimelineAndIsStamped() throws {
        let f = try Self.incident()
        for format in [ReportFormat.md, .html] {
            let opts = ReportOptions(clock: ReportClock(utc: true), summary: true)
            let text = Reports.text(format, engine: f.engine, options: opts)
            #expect(text.contains("Downtime by system") && text.contains("Engage federal law enforcement") && text.contains("Notify HHS"))
            #expect(!text.contains("Appendix A") && !text.contains("3. Phases") && !text.contains("4. Roles") && !text.contains("Timeline at a glance"))
            let stamp = try #require(ReportStamp.find(in: Array(text.utf8)))
            #expect(stamp.summary && stamp.format == format)
            #expect(stamp.text.contains(" summary=yes "))
            if case .matches = ExportVerifier.check(Array(text.utf8), engine: f.engine) {} else { Issue.record("\(format) summary does not verify") }
            // The full report is much longer and its stamp says nothing of a summary.
            let full = Reports.text(format, engine: f.engine, options: ReportOptions(clock: ReportClock(utc: true)))
            #expect(!(ReportStamp.find(in: Array(full.utf8))?.summary ?? true))
            #expect(!full.contains("summary=yes"))
        }
        #expect(!ReportFormat.csv.hasSummary && !ReportFormat.json.hasSummary && !ReportFormat.ics214.hasSummary && !ReportFormat.ics214HTML.hasSummary)
    }

    /// The running header names the incident and says CONFIDENTIAL, or "Redacted copy"; the
    /// incident's name cannot end the style element or the CSS string.
    @Test func theRunningHeaderIsACSSStringThatCannotEscape() throws {
        let f = try ReportScript.incident(name: "Evil </style><script>x</script> \"quote\" \\ end")
        let html = String(decoding: AfterActionHTML.render(Self.model(f)), as: UTF8.self)
        let style = try #require(html.range(of: "<style>").flatMap { a in html.range(of: "</style>", range: a.upperBound..<html.endIndex).map { html[a.upperBound..<$0.lowerBound] } })
        #expect(style.contains("@top-center{content:\"EXERCISE — Evil \\3C /style\\3E \\3C script\\3E x\\3C /script\\3E  \\\"quote\\\" \\\\ end — CONFIDENTIAL — may contain health information\""))
        #expect(style.contains("counter(page)") && style.contains("counter(pages)"))
        #expect(!style.contains("<"))
        let redacted = String(decoding: AfterActionHTML.render(Self.model(f, redact: true)), as: UTF8.self)
        #expect(redacted.contains("— Redacted copy\""))
        #expect(!redacted.contains("CONFIDENTIAL"))
        let ics = String(decoding: ICS214.html(Self.model(f), byPerson: false), as: UTF8.self)
        #expect(ics.contains("@top-center{content:\"HICS 214 — EXERCISE — Evil"))
        #expect(ics.contains("<div class=\"sign\"><h2>7. Prepared by</h2>"))
    }

    /// A date inside program words ("reported up 2026-10-23 12:00; go-live not recorded") is kept
    /// on one line: a narrow column broke it at its hyphens ("2026-10-" / "23").
    @Test func datesInsideACellAreKeptWhole() {
        var w = HTMLWriter()
        ReportBoard.keepingDates("reported up 2026-10-23 12:00; go-live not recorded, then 2026-10-24 <x>", into: &w)
        #expect(w.string == "reported up <span class=\"t\">2026-10-23</span> 12:00; go-live not recorded, then <span class=\"t\">2026-10-24</span> &lt;x&gt;")
    }
}
