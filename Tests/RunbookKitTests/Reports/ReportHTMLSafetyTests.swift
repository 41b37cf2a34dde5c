import Foundation
import Testing
@testable import RunbookKit

/// The HTML exports read by a real HTML parser (Python's html.parser): hostile names and notes
/// stay text, nothing is fetched from anywhere, and the CSV reads back one row per entry with no
/// formula cell.
@Suite("report HTML and CSV, parsed")
struct ReportHTMLSafetyTests {
    static let rtl = "\u{200F}שלום\u{200E} عربى"
    static let hostile: [String: String] = [
        "declare": "<script>alert('x')</script> & \"quoted\" 'single'",
        "ehr-down": "<img src=x onerror=alert(1)>",
        "extended": "</svg><svg onload=alert(2)>",
        "wrong": "</td></tr></table><iframe src=//evil.example>",
        "reason": "</del><a href=\"javascript:alert(3)\">x</a>",
        "divert": "=HYPERLINK(\"http://evil.example\")",
        "paper": "@SUM(1+1) \(rtl)",
        "lesson1": "-2+3 & <b>bold</b> <!-- comment --> <style>body{background:url(http://evil.example/x)}</style>",
        "skip": "\t=cmd|' /C calc'!A0",
        "handover": "+1 <link rel=stylesheet href=http://evil.example/s.css>",
    ]
    static let name = "Name <script>alert(1)</script> & \"q\" </svg> \(rtl)"

    /// Parses HTML and reports, as JSON: every tag, attributes with event handlers or external
    /// references, and all the text.
    static let parser = #"""
    import sys, json, re
    from html.parser import HTMLParser
    ALLOWED = {"html","head","meta","title","style","body","section","h1","h2","h3","ul","li","p","table","thead","tbody","tr","th","td",
               "colgroup","col","span","bdi","strong","i","del","br","code","pre","div","svg","defs","pattern","rect","line",
               "text","path"}
    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.bad = []; self.text = []; self.tags = set(); self.svg = 0; self.stack = []
        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            if tag == "svg": self.svg += 1
            if tag not in ALLOWED: self.bad.append("tag " + tag)
            for k, v in attrs:
                v = v or ""
                if k.startswith("on"): self.bad.append("handler %s on %s" % (k, tag))
                if k in ("href", "src", "xlink:href", "action", "srcset", "background", "poster", "data"): self.bad.append("reference attribute %s" % k)
                if re.search(r"(https?:|//|javascript:|data:)", v) and k != "content": self.bad.append("external value %s=%s" % (k, v))
                if "url(" in v and v.strip() != "url(#hatch)": self.bad.append("url in %s" % k)
            if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs): self.bad.append("meta refresh")
        def handle_startendtag(self, tag, attrs): self.handle_starttag(tag, attrs)
        def handle_data(self, data): self.text.append(data)
        def handle_comment(self, data): self.bad.append("comment " + data)
    p = P(); src = sys.stdin.read(); p.feed(src); p.close()
    styles = re.findall(r"<style>(.*?)</style>", src, re.S)
    for s in styles:
        if re.search(r"(@import|url\((?!#)|https?:)", s): p.bad.append("external reference in a style sheet")
    print(json.dumps({"bad": p.bad, "svg": p.svg, "text": "".join(p.text), "tags": sorted(p.tags), "styles": len(styles)}))
    """#

    static func parse(_ html: [UInt8]) throws -> [String: Any] {
        let r = try runPython(parser, stdin: Data(html))
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: [ReportFormat.html, .ics214HTML])
    func hostileTextStaysText(_ format: ReportFormat) throws {
        let f = try ReportScript.incident(name: Self.name, notes: Self.hostile)
        let html = Reports.render(format, engine: f.engine, options: ReportOptions(clock: ReportClock(utc: true)))
        let out = try Self.parse(html)
        #expect((out["bad"] as? [String]) == [], "\(out["bad"] ?? "")")
        #expect(out["styles"] as? Int == 1, "one inline style sheet, nothing else")
        let text = try #require(out["text"] as? String)
        // Every hostile string arrives as text, exactly as typed (line breaks aside).
        for (_, v) in Self.hostile where format == .html {
            #expect(text.contains(v) || text.contains("'" + v), "not shown as text: \(v)")
        }
        #expect(text.contains(Self.name))
        if format == .html { #expect(out["svg"] as? Int == 1, "the timeline picture is there") }
        let raw = String(decoding: html, as: UTF8.self)
        // Raw tags must not be there (as text they are, escaped: the parser above judged attributes and references).
        for bad in ["<script", "<img", "<iframe", "<link", "<a ", "<b>", "<!--", "</svg><svg"] {
            #expect(!raw.contains(bad), "\(bad) in the HTML")
        }
    }

    @Test func csvReadsBackOneRowPerEntryWithNoFormula() throws {
        let f = try ReportScript.incident(name: Self.name, notes: Self.hostile)
        let csv = Reports.render(.csv, engine: f.engine, options: ReportOptions(clock: ReportClock(utc: true)))
        let r = try runPython(#"""
        import csv, io, json, sys
        rows = list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))
        bad = [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        print(json.dumps({"rows": len(rows), "width": sorted(set(len(r) for r in rows)), "bad": bad, "notes": [r[11] for r in rows[1:]], "seqs": [r[0] for r in rows[1:]]}))
        """#, stdin: Data(csv))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(out["rows"] as? Int == f.state.entryCount + 1)
        #expect(out["width"] as? [Int] == [19])
        #expect((out["bad"] as? [String]) == [], "formula cells: \(out["bad"] ?? "")")
        let notes = try #require(out["notes"] as? [String])
        #expect(notes.contains("'" + Self.hostile["divert"]!))
        #expect(notes.contains(Self.hostile["wrong"]!))
        #expect(Set(try #require(out["seqs"] as? [String])) == Set(f.state.entries.map { String($0.seq) }))
    }
}
