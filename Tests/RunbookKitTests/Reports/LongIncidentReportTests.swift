import Foundation
import Testing
@testable import RunbookKit

/// Issue 22, part 4: an incident of weeks reads in days (`T+54d 22:20`), its picture's axis
/// is in dates and ends at the last entry, and a hundred operational periods fit one table.
@Suite("Long incident report", .serialized)
struct LongIncidentReportTests {
    init() { setenv("TZ", "UTC", 1); tzset() }

    static func utc(_ s: String) -> Timestamp { Timestamp(rfc3339: s)! }
    static let activated = utc("2026-11-01T08:00:00Z")   // a Sunday
    static let lastEntry = utc("2026-12-26T06:20:00Z")   // T+54d 22:20, a Saturday

    /// Ten weeks of paper log transcribed on 20 January: every entry back-dated (`--at`), so
    /// the report's "as of" (the latest recorded time) is weeks after the last thing that happened.
    static func transcribed() throws -> EngineFixture {
        let f = try EngineFixture(engineRulesYAML, now: utc("2027-01-20T10:00:00Z"), at: activated, discovered: activated)
        func at(_ days: Int, _ h: Int, _ m: Int) -> Timestamp { activated.adding(seconds: days * 86_400 + h * 3600 + m * 60) }
        f.clock.advance(minutes: 1)
        try f.act(.system("EHR", .down), at: at(0, 0, 30), actor: "Sam")
        for day in stride(from: 3, to: 54, by: 5) {
            f.clock.advance(minutes: 1)
            try f.act(.note("day \(day): still on paper", tag: nil), at: at(day, 2, 0), actor: "Sam")
        }
        f.clock.advance(minutes: 1)
        try f.act(.system("EHR", .up), at: at(50, 4, 0), actor: "Sam")
        f.clock.advance(minutes: 1)
        try f.act(.note("last paper page", tag: nil), at: lastEntry, actor: "Sam")
        return f
    }

    static let utcOptions = ReportOptions(clock: ReportClock(utc: true))

    @Test func timesAfterFortyEightHoursReadInDays() throws {
        let f = try Self.transcribed()
        let md = Reports.text(.md, engine: f.engine, options: Self.utcOptions)
        #expect(md.contains("| T+54d 22:20 |"), "\(md)")
        #expect(md.contains("| T+00:30 |"), "under 48 h stays hours and minutes")
        #expect(!md.contains("T+1318"), "no hours past 48: \(md)")
        let html = Reports.text(.html, engine: f.engine, options: Self.utcOptions)
        #expect(html.contains("T+54d 22:20") && !html.contains("T+1318"))
        #expect(html.contains("<col style=\"width:7.2em\">"), "the T+ column is wide enough for days")
        let csv = Reports.text(.csv, engine: f.engine, options: Self.utcOptions)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasSuffix(",\"for\",\"t_plus_minutes\"") || lines[0].hasSuffix(",for,t_plus_minutes"), "\(lines[0])")
        let last = try #require(lines.first { $0.contains("last paper page") })
        #expect(last.contains("\"T+54d 22:20\"") && last.hasSuffix(",\"79100\""), "\(last)")
    }

    @Test func theJSONKeepsTheMinutes() throws {
        let f = try Self.transcribed()
        let json = Reports.text(.json, engine: f.engine, options: Self.utcOptions)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let entries = try #require(doc["entries"] as? [[String: Any]])
        let last = try #require(entries.first { ($0["note"] as? String) == "last paper page" })
        #expect(last["tPlusMinutes"] as? Int == 79_100)
        #expect(last["tPlusSeconds"] as? Int == 79_100 * 60)
        #expect(entries.allSatisfy { ($0["tPlusMinutes"] as? Int) == ($0["tPlusSeconds"] as? Int).map { $0 / 60 } })
    }

    /// The `<text … class="ax">` labels of the picture's axis, with their x.
    static func axisLabels(_ html: String) -> [(x: Double, label: String)] {
        let re = try! NSRegularExpression(pattern: "<text x=\"([0-9.]+)\" y=\"13\" class=\"ax\">([^<]*)</text>")
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { mt in
            guard let x = Range(mt.range(at: 1), in: html).flatMap({ Double(html[$0]) }),
                  let l = Range(mt.range(at: 2), in: html) else { return nil }
            return (x, String(html[l]))
        }
    }

    @Test func thePictureOfWeeksIsInDaysAndEndsAtTheLastEntry() throws {
        let f = try Self.transcribed()
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(m.header.end > Self.utc("2027-01-20T00:00:00Z"), "the report is as of the transcription")
        #expect(m.pictureEnd == .init(at: Self.lastEntry, reason: .lastEntry))
        let html = Reports.text(.html, engine: f.engine, options: Self.utcOptions)
        #expect(html.contains("The picture ends at the last entry, Sat 26 Dec 06:20; the incident is still open."))
        #expect(html.contains("still open — this report is as of 2027-01-20"), "the report's own as-of stays")
        let labels = Self.axisLabels(html)
        // Weekly, on Mondays, from the first after activation; none after the picture's end.
        #expect(labels.map(\.label) == ["Mon 2 Nov", "Mon 9 Nov", "Mon 16 Nov", "Mon 23 Nov", "Mon 30 Nov", "Mon 7 Dec", "Mon 14 Dec", "Mon 21 Dec"], "\(labels)")
        for (a, b) in zip(labels, labels.dropFirst()) {
            #expect(a.x + TimelineSVG.labelWidth(a.label) / 2 < b.x - TimelineSVG.labelWidth(b.label) / 2, "\(a) overlaps \(b)")
        }
        // The ten weeks fill the picture: the last Monday sits near its right edge.
        let plot = TimelineSVG.width - TimelineSVG.gutter - 10
        let lastX = try #require(labels.last?.x)
        #expect(lastX > TimelineSVG.gutter + 0.85 * plot && lastX < TimelineSVG.width, "\(lastX)")
        #expect(html.contains("Date (midnight ticks)") && !html.contains(">T+0<"))
    }

    /// The axis's rule on its own: hours up to three days, then days thinned to twelve labels
    /// at most, none overlapping, whatever the span.
    @Test func axisTicksAcrossSpans() {
        let clock = ReportClock(utc: true)
        let a = Self.activated
        let short = TimelineSVG.ticks(clock, from: a, to: a.adding(seconds: 60 * 3600))
        #expect(short.map(\.label) == ["T+0", "T+6h", "T+12h", "T+18h", "T+24h", "T+30h", "T+36h", "T+42h", "T+2d", "T+2d 6h", "T+2d 12h"],
                "\(short.map(\.label))")
        let threeAndAHalf = TimelineSVG.ticks(clock, from: a, to: a.adding(seconds: 84 * 3600))
        #expect(threeAndAHalf.map(\.label) == ["Mon 2 Nov", "Tue 3 Nov", "Wed 4 Nov"])
        let plot = TimelineSVG.width - TimelineSVG.gutter - 10
        for days in [4, 10, 20, 40, 75, 120, 365, 800, 4000] {
            let ticks = TimelineSVG.ticks(clock, from: a, to: a.adding(seconds: days * 86_400)).filter { !$0.label.isEmpty }
            #expect(ticks.count >= 1 && ticks.count <= 12, "\(days) days: \(ticks.count) labels")
            for (p, q) in zip(ticks, ticks.dropFirst()) {
                let pr = TimelineSVG.gutter + p.x * plot + TimelineSVG.labelWidth(p.label) / 2
                let ql = TimelineSVG.gutter + q.x * plot - TimelineSVG.labelWidth(q.label) / 2
                #expect(pr < ql, "\(days) days: \(p.label) overlaps \(q.label)")
            }
            #expect(ticks.allSatisfy { TimelineSVG.gutter + $0.x * plot + TimelineSVG.labelWidth($0.label) / 2 <= TimelineSVG.width })
        }
    }

    /// The ticks are at the report's local midnight, also across a change of the clocks (New
    /// York, 1 November 2020: EDT to EST).
    @Test func dayTicksAtLocalMidnightAcrossAClockChange() {
        let clock = ReportClock(zone: ClockChangeReportTests.newYork)
        let start = Self.utc("2020-10-29T15:00:00Z"), end = Self.utc("2020-11-03T15:00:00Z")
        let ticks = TimelineSVG.ticks(clock, from: start, to: end)
        #expect(ticks.map(\.label) == ["Fri 30 Oct", "Sat 31 Oct", "Sun 1 Nov", "Mon 2 Nov", "Tue 3 Nov"])
        let span = Double(end.millis - start.millis)
        let moments = ticks.map { Timestamp(millis: start.millis + Int64(($0.x * span).rounded())) }
        #expect(moments == ["2020-10-30T04:00:00Z", "2020-10-31T04:00:00Z", "2020-11-01T04:00:00Z", "2020-11-02T05:00:00Z", "2020-11-03T05:00:00Z"].map(Self.utc))
    }

    /// Closed, the picture ends at the close and says nothing more.
    @Test func aClosedIncidentsPictureEndsAtItsClose() throws {
        let f = try Self.transcribed()
        f.clock.advance(minutes: 1)
        try f.act(.close, at: Self.lastEntry.adding(seconds: 3600), actor: "Sam")
        let m = ReportModel.build(f.engine, clock: ReportClock(utc: true))
        #expect(m.pictureEnd == .init(at: Self.lastEntry.adding(seconds: 3600), reason: .closed))
        #expect(m.pictureEndNote == nil)
    }

    @Test func aHundredPeriodsAreOneTable() throws {
        let f = try EngineFixture(engineRulesYAML, now: Self.activated)
        func periods(_ n: Int) throws {
            for _ in 0..<n {
                f.clock.advance(minutes: 12 * 60)
                try f.act(.period, note: "Shift briefing | beds \(f.state.period + 1)", actor: "Kim")
            }
        }
        try periods(19)
        #expect(f.state.period == 20)
        let twenty = Reports.text(.md, engine: f.engine, options: Self.utcOptions)
        #expect(!twenty.contains("Operational periods"), "twenty periods stay as they are")
        try periods(80)
        f.clock.advance(minutes: 30)
        try f.act(.note("in the last period", tag: nil), actor: "Kim")
        #expect(f.state.period == 100)
        let md = Reports.text(.md, engine: f.engine, options: Self.utcOptions)
        let section = try #require(md.components(separatedBy: "## Operational periods").dropFirst().first?.components(separatedBy: "## 10.").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Period") }
        #expect(rows.count == 100, "\(rows.count) rows")
        #expect(rows.first == "| 1 | 2026-11-01 08:00 | 2026-11-01 20:00 | 12 h | activation |  | 1 |", "\(rows.first ?? "")")
        #expect(rows[1] == "| 2 | 2026-11-01 20:00 | 2026-11-02 08:00 | 12 h | Kim | Shift briefing \\| beds 2 | 1 |", "\(rows[1])")
        #expect(rows.last == "| 100 | 2026-12-20 20:00 | open (as of 2026-12-20 20:30) | 30 min | Kim | Shift briefing \\| beds 100 | 2 |", "\(rows.last ?? "")")
        // The only third-level headings are page one's and the improvement plan's groups (by kind).
        let minor = md.components(separatedBy: "## 10. Improvement plan")[0].split(separator: "\n").filter { $0.hasPrefix("### ") }
        #expect(minor.allSatisfy { ["### Downtime by system", "### Key decisions", "### Milestones against plan"].contains($0) }, "no heading per period: \(minor.prefix(5))")
        let html = Reports.text(.html, engine: f.engine, options: Self.utcOptions)
        let table = try #require(html.components(separatedBy: "<section id=\"periods\">").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(table.components(separatedBy: "<tr><td>").count - 1 == 100)
        #expect(table.contains("<tr><td>100</td><td>2026-12-20 20:00</td><td>open (as of 2026-12-20 20:30)</td>"), "\(table.suffix(400))")
    }
}
