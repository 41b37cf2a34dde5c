import Foundation
import Testing

/// The after-action report, the HICS 214 logs and the paper binder in a real browser: headless
/// Chromium (Debian's chromium-headless-shell; .ci/run installs it) prints each to PDF on A4
/// and on Letter and takes a screenshot. Fails on any console message (the pages have no
/// script, so a message is a blocked reference or an error), on content wider than the printable
/// page, and on a missing timeline picture. The files are kept in the folder printed at the end,
/// for a person to look at.
@Suite("report in a browser", .serialized)
struct ReportBrowserTests {
    static let chromium = "/usr/bin/chromium-headless-shell"
    static let fixture = Runbook.repoRoot.appendingPathComponent("Tests/RunbookKitTests/Fixtures/report/incident")

    /// Paper sizes: the CSS page size, the PDF page size in points, and the printable width in
    /// CSS pixels (page width less the report's 12 mm side margins).
    static let papers: [(name: String, css: String, points: (Double, Double), printable: Int)] = [
        ("A4", "A4", (595.28, 841.89), Int(((210.0 - 24) / 25.4 * 96).rounded(.down))),
        ("Letter", "letter", (612, 792), Int(((215.9 - 24) / 25.4 * 96).rounded(.down))),
    ]

    /// Measures the laid-out page: elements whose right edge passes the viewport, the page's
    /// scroll width, and the timeline picture's size. Only in the test's copy, never shipped.
    static let probe = """
    <script>
    (function () {
      var W = document.documentElement.clientWidth, bad = [];
      document.querySelectorAll('body *').forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > W + 0.5) bad.push(el.tagName + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ':' + Math.round(r.right));
      });
      var svg = document.querySelector('svg.timeline'), sw = svg ? svg.getBoundingClientRect() : null;
      document.title = 'PROBE ' + JSON.stringify({W: W, scroll: document.documentElement.scrollWidth, bad: bad.slice(0, 8),
        svg: document.querySelectorAll('svg.timeline').length, svgWidth: sw ? Math.round(sw.width) : 0, svgHeight: sw ? Math.round(sw.height) : 0});
    })();
    </script>
    """

    struct Doc { var name: String; var html: String; var needsSVG: Bool }

    static func chrome(_ args: [String]) throws -> Runbook.Result {
        try Runbook.runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                                          "--virtual-time-budget=3000"] + args)
    }

    /// Console messages in Chromium's log (CSP violations, errors).
    static func consoleLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }

    /// The documents: the scripted incident's report and 214s, and the OCCI binder.
    static func documents(in dir: String) throws -> [Doc] {
        let home = TempHome()
        let journal = try String(contentsOf: fixture.appendingPathComponent("journal.jsonl"), encoding: .utf8)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(journal.prefix { $0 != "\n" }.utf8)) as? [String: Any])
        let id = try #require(first["incident"] as? String)
        let inc = home.path + "/incidents/" + id
        try FileManager.default.createDirectory(atPath: inc, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for n in ["journal.jsonl", "playbook.yaml"] {
            try FileManager.default.copyItem(atPath: fixture.appendingPathComponent(n).path, toPath: inc + "/" + n)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: inc + "/" + n)
        }
        var docs: [Doc] = []
        for (name, format, svg) in [("report", "html", true), ("ics214", "ics214-html", false)] {
            let out = dir + "/\(name).html"
            let r = try Runbook.run(["report", "--incident", id, "--format", format, "--utc", "--output", out], home: home.path)
            #expect(r.status == 0, "\(r.stderr)")
            docs.append(Doc(name: name, html: try String(contentsOfFile: out, encoding: .utf8), needsSVG: svg))
        }
        for (name, args) in [("binder", ["playbooks", "print", "occi", "--format", "html"]),
                             ("binder-ic", ["playbooks", "print", "occi", "--role", "ic", "--format", "html"])] {
            let r = try Runbook.run(args, home: home.path)
            #expect(r.status == 0, "\(r.stderr)")
            try r.stdout.write(toFile: dir + "/\(name).html", atomically: true, encoding: .utf8)
            docs.append(Doc(name: name, html: r.stdout, needsSVG: false))
        }
        return docs
    }

    /// The headings' texts in `html` (h1–h3), tags taken out and entities read.
    static func headings(_ html: String) -> Set<String> {
        let re = try! NSRegularExpression(pattern: "<h[123][^>]*>(.*?)</h[123]>", options: [.dotMatchesLineSeparators])
        var out: Set<String> = []
        for m in re.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let r = Range(m.range(at: 1), in: html) else { continue }
            let text = html[r].replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                .replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespaces)
            out.insert(text)
        }
        return out
    }

    /// The printed PDF read back with `pdftotext`: every page has "Page N of M" and the running
    /// header (the incident's name, CONFIDENTIAL); the report's first page holds the downtime
    /// table; no page ends with a heading (a heading alone at the foot of a page).
    static func checkPrintedPages(_ pdf: String, doc: Doc, paper: String) throws {
        let r = try Runbook.runProcess("/usr/bin/pdftotext", ["-layout", pdf, "-"])
        #expect(r.status == 0, "\(doc.name) \(paper): pdftotext: \(r.stderr)")
        var pages = r.stdout.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        let heads = headings(doc.html)
        print("\(doc.name) \(paper): \(pages.count) pages")
        for (k, page) in pages.enumerated() {
            let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(lines.contains("Page \(k + 1) of \(pages.count)"), "\(doc.name) \(paper) page \(k + 1): no page number")
            #expect(lines.first?.contains("CONFIDENTIAL — may contain health information") == true, "\(doc.name) \(paper) page \(k + 1): no running header: \(lines.first ?? "")")
            #expect(lines.first?.contains("Ransomware outage") == true, "\(doc.name) \(paper) page \(k + 1): the header names no incident")
            let body = lines.filter { !$0.hasPrefix("Page ") }
            if let last = body.last { #expect(!heads.contains(last), "\(doc.name) \(paper) page \(k + 1) ends with the heading “\(last)”") }
        }
        if doc.name == "report" {
            let first = pages.first ?? ""
            #expect(first.contains("Summary for the board") && first.contains("Downtime by system") && first.contains("EHR") && first.contains("PACS"),
                    "\(paper): the first page does not hold the downtime table")
        }
    }

    @Test func printsOnA4AndLetterWithinThePage() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else {
            if ProcessInfo.processInfo.environment["RUNBOOK_SKIP_BROWSER"] == "1" { return }
            Issue.record("\(Self.chromium) is missing: apt-get install chromium-headless-shell (.ci/run does), or set RUNBOOK_SKIP_BROWSER=1")
            return
        }
        let dir = ProcessInfo.processInfo.environment["RUNBOOK_BROWSER_ARTIFACTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("runbook-browser-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for doc in try Self.documents(in: dir) {
            // The document as shipped: a screenshot, and no console message.
            let shot = try Self.chrome(["--window-size=1000,1400", "--screenshot=\(dir)/\(doc.name).png", "file://\(dir)/\(doc.name).html"])
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(doc.name).png"), "\(doc.name): no screenshot: \(shot.stderr.suffix(400))")
            #expect(Self.consoleLines(shot.stderr) == [], "\(doc.name): console messages")
            for paper in Self.papers {
                // Printed: the page size given by a test-only style, nothing else changed.
                let sized = doc.html.replacingOccurrences(of: "</head>", with: "<style>@page{size:\(paper.css)}</style></head>")
                let page = "\(dir)/\(doc.name)-\(paper.name).html", pdf = "\(dir)/\(doc.name)-\(paper.name).pdf"
                try sized.write(toFile: page, atomically: true, encoding: .utf8)
                let printed = try Self.chrome(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://\(page)"])
                #expect(Self.consoleLines(printed.stderr) == [], "\(doc.name) \(paper.name): console messages")
                let info = try Runbook.runProcess("/usr/bin/pdfinfo", ["-f", "1", "-l", "999", pdf])
                #expect(info.status == 0, "\(doc.name) \(paper.name): no PDF: \(printed.stderr.suffix(400))")
                let sizes = info.stdout.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }
                #expect(!sizes.isEmpty, "\(doc.name) \(paper.name): no pages")
                for line in sizes {
                    let nums = line.split(separator: " ").compactMap { Double($0) }
                    #expect(nums.count >= 3 && abs(nums[1] - paper.points.0) < 1 && abs(nums[2] - paper.points.1) < 1,
                            "\(doc.name) \(paper.name): \(line)")
                }
                if doc.name == "report" || doc.name == "ics214" { try Self.checkPrintedPages(pdf, doc: doc, paper: paper.name) }
                // Laid out at the printable width, with the probe: nothing wider than the page.
                let probed = sized.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#, with: "")
                    .replacingOccurrences(of: "</body>", with: Self.probe + "</body>")
                let probePage = "\(dir)/\(doc.name)-\(paper.name)-probe.html"
                try probed.write(toFile: probePage, atomically: true, encoding: .utf8)
                let dom = try Self.chrome(["--window-size=\(paper.printable),1200", "--dump-dom", "file://\(probePage)"])
                let title = try #require(dom.stdout.range(of: "<title>PROBE ").map { dom.stdout[$0.upperBound...] }.flatMap { s in s.range(of: "</title>").map { String(s[..<$0.lowerBound]) } },
                                         "\(doc.name) \(paper.name): the probe did not run: \(dom.stderr.suffix(400))")
                let json = title.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                let m = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                let w = m["W"] as? Int ?? 0, scroll = m["scroll"] as? Int ?? 0
                #expect(scroll <= w, "\(doc.name) \(paper.name): content \(scroll) px wide on a \(w) px page")
                #expect((m["bad"] as? [String]) == [], "\(doc.name) \(paper.name): elements past the page edge: \(m["bad"] ?? "")")
                if doc.needsSVG {
                    #expect(m["svg"] as? Int == 1 && (m["svgWidth"] as? Int ?? 0) > w / 2 && (m["svgHeight"] as? Int ?? 0) > 100,
                            "\(doc.name) \(paper.name): the timeline picture is missing or collapsed: \(m)")
                }
            }
        }
        print("report browser artifacts (screenshots, PDFs): \(dir)")
    }
}
