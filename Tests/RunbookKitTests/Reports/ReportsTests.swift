import Foundation
import Testing
import RunbookKit

/// The exports carry whatever people typed: it must stay text in every format.
@Suite("report exports")
struct ReportsTests {
    static let hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)> [link](http://x) `code`\n## not a heading"

    /// An incident whose every kind of user text is hostile.
    static func incident() throws -> EngineFixture {
        let f = try EngineFixture(engineRulesYAML, name: "Name <script>alert(1)</script> & [x](y)")
        f.actor = "Dr <b>Lee</b>"
        try f.act(.task("declare", .done), note: hostile)
        try f.act(.system("EHR <i>", .down), note: hostile)
        try f.act(.assign("ops", "Nurse \"<Ann>\""))
        try f.act(.note(hostile, tag: "lesson"))
        try f.act(.task("activate", .block), note: "=HYPERLINK(\"http://x\") " + hostile)
        try f.act(.note("=1+1", tag: nil))
        try f.act(.note("\t=cmd", tag: nil))
        return f
    }

    @Test func htmlEscapesEveryPieceOfUserText() throws {
        let f = try Self.incident()
        let html = Reports.text(.html, engine: f.engine)
        for tag in ["<script", "<img", "<b>", "<i>", "<Ann>"] {
            #expect(!html.contains(tag), "raw \(tag) in the HTML report")
        }
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("Dr &lt;b&gt;Lee&lt;/b&gt;"))
        #expect(html.contains("EHR &lt;i&gt;"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func markdownKeepsUserTextLiteral() throws {
        let f = try Self.incident()
        let md = Reports.text(.md, engine: f.engine)
        // Raw HTML passes through Markdown converters: every < and & must be escaped.
        let bytes = Array(md.utf8)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "<") || b == UInt8(ascii: "&") {
            #expect(i > 0 && bytes[i - 1] == UInt8(ascii: "\\"), "unescaped \(Character(Unicode.Scalar(b))) at byte \(i)")
        }
        #expect(md.contains("\\<script\\>"))
        #expect(!md.contains("\n## not a heading"), "a note's line break must not start new markup")
        #expect(md.contains(" ⏎ \\#\\# not a heading"), "a line break folded, then the markup escaped")
        #expect(Reports.escapeMarkdown("ok\n1. x\n---\n  > q\n12) y\n2026-11-29") == "ok\\\n  1\\. x\\\n  \\---\\\n    \\> q\\\n  12\\) y\\\n  2026-11-29")
        #expect(Reports.escapeMarkdown("# lesson") == "\\# lesson")
        #expect(!md.contains("[link](http://x)"))
        #expect(md.hasPrefix("# After-action report: Name \\<script\\>"))
    }

    @Test func csvNeverStartsAFieldWithAFormula() throws {
        let f = try Self.incident()
        let csv = Reports.text(.csv, engine: f.engine)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.first == "seq,recorded,happened,t_plus,actor,role,type,subject,subject_title,status,what,note,entered_in_error,corrected_by,correction_reason,from_paper,hash,for,t_plus_minutes")
        #expect(csv.contains("\"'=1+1\""))
        #expect(csv.contains("\"'\t=cmd\""))
        #expect(!csv.contains(",\"=") && !csv.contains(",=") && !csv.contains(",\"\t="))
        #expect(csv.contains("\"Dr <b>Lee</b>\""), "CSV is data: text kept as typed, quoted")
    }

    @Test func jsonParsesAndKeepsTheTextExactly() throws {
        let f = try Self.incident()
        let json = Reports.text(.json, engine: f.engine)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let timeline = try #require(root["entries"] as? [[String: Any]])
        #expect(timeline.count == f.state.entryCount)
        #expect(timeline.contains { $0["note"] as? String == Self.hostile })
        #expect(root["state"] is [String: Any])
    }

    /// One HICS 214 per operational period, position and person, each holding only its own
    /// activity, in time order.
    @Test func ics214HasALogPerPositionAndPeriod() throws {
        let f = try EngineFixture(engineRulesYAML, name: "Grouping")
        try f.act(.assign("ic", "Ann"))
        try f.act(.assign("ops", "Bob"))
        try f.act(.note("ann one", tag: nil), actor: "Ann")
        f.clock.advance(minutes: 5)
        try f.act(.note("bob one", tag: nil), actor: "Bob")
        f.clock.advance(minutes: 5)
        try f.act(.note("ann two", tag: nil), actor: "Ann")
        f.clock.advance(minutes: 60)
        try f.act(.period, actor: "Bob")
        f.clock.advance(minutes: 5)
        try f.act(.note("ann three", tag: nil), actor: "Ann")
        let text = Reports.text(.ics214, engine: f.engine)
        let logs: [String] = Array(text.components(separatedBy: "HICS 214 — ACTIVITY LOG\n").dropFirst())
        func log(period: Int, name: String, position: String) -> String? {
            logs.first { $0.contains("Operational period: #\(period) ") && $0.contains("3. Name: \(name)\n") && $0.contains("4. Position: \(position)\n") }
        }
        let ann1 = try #require(log(period: 1, name: "Ann", position: "Incident Commander"))
        #expect(ann1.contains("ann one") && ann1.contains("ann two"))
        #expect(!ann1.contains("bob one") && !ann1.contains("ann three"))
        let one = try #require(ann1.range(of: "ann one")), two = try #require(ann1.range(of: "ann two"))
        #expect(one.lowerBound < two.lowerBound, "rows in time order")
        let bob1 = try #require(log(period: 1, name: "Bob", position: "Operations"))
        #expect(bob1.contains("bob one") && !bob1.contains("ann"))
        let ann2 = try #require(log(period: 2, name: "Ann", position: "Incident Commander"))
        #expect(ann2.contains("ann three") && !ann2.contains("ann one"))
        #expect(log(period: 2, name: "Bob", position: "Operations") != nil, "the period's start is Bob's activity")
        #expect(log(period: 1, name: "Bob", position: "Incident Commander") == nil)
        // Every log carries the incident's name and a prepared-by line.
        #expect(logs.allSatisfy { $0.contains("1. Incident name: Grouping") && $0.contains("7. Prepared by:") })
    }

    @Test func ics214KeepsUserTextAsTyped() throws {
        let f = try Self.incident()
        let text = Reports.text(.ics214, engine: f.engine)
        #expect(text.contains("3. Name: Dr <b>Lee</b>"), "the text export keeps names as typed")
    }
}
