import Foundation
import Testing
@testable import RunbookKit

/// `runbook verify --export`: an export is made again from the journal and compared byte for
/// byte, with the format and options its stamp names.
@Suite("export verifier")
struct ExportVerifierTests {
    /// Every format, redacted and not, and the HICS 214 per person.
    static let cases: [(format: ReportFormat, byPerson: Bool, redact: Bool)] =
        ReportFormat.allCases.flatMap { f in [false, true].map { (f, false, $0) } } + [(.ics214, true, true), (.ics214HTML, true, false)]

    static func render(_ c: (format: ReportFormat, byPerson: Bool, redact: Bool), _ engine: Engine) -> [UInt8] {
        Reports.render(c.format, engine: engine, options: ReportOptions(clock: ReportClock(utc: true), byPerson: c.byPerson, redact: c.redact))
    }

    /// `bytes` with one ASCII letter near the middle changed (its case flipped).
    static func oneByteChanged(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        var k = b.count / 2
        while k < b.count, !((b[k] >= 0x41 && b[k] <= 0x5A) || (b[k] >= 0x61 && b[k] <= 0x7A)) { k += 1 }
        b[k] ^= 0x20
        return b
    }

    @Test(arguments: cases.indices)
    func anUntouchedExportMatchesAndOneChangedByteDoesNot(_ i: Int) throws {
        let c = Self.cases[i]
        let f = try ReportScript.incident()
        let bytes = Self.render(c, f.engine)
        #expect(ExportVerifier.check(bytes, engine: f.engine) == .matches(format: c.format, redacted: c.redact, entries: f.state.entryCount, head: f.state.head),
                "\(c)")
        let changed = Self.oneByteChanged(bytes)
        guard case .differs(let why) = ExportVerifier.check(changed, engine: f.engine) else {
            Issue.record("\(c): a changed byte was not found"); return
        }
        #expect(why.hasPrefix("first difference at line "), "\(why)")
    }

    /// The stamp says how the export was made; it cannot be changed to pass another body off.
    @Test func aStampThatTellsAnotherStoryDoesNotMatch() throws {
        let f = try ReportScript.incident()
        let md = String(decoding: Self.render((.md, false, true), f.engine), as: UTF8.self)
        let stamp = try #require(ReportStamp.find(in: Array(md.utf8)))
        #expect(stamp.redact && stamp.utc && stamp.format == .md && stamp.entries == f.state.entryCount && stamp.head == f.state.head)
        let lied = md.replacingOccurrences(of: "redact=yes", with: "redact=no")
        guard case .differs = ExportVerifier.check(Array(lied.utf8), engine: f.engine) else { Issue.record("a changed stamp passed"); return }
    }

    @Test func anExportOfAnotherIncidentDoesNotMatch() throws {
        let f = try ReportScript.incident()
        let other = try ReportScript.incident(name: "Another hospital")
        for c in Self.cases {
            let outcome = ExportVerifier.check(Self.render(c, other.engine), engine: f.engine)
            guard case .differs(let why) = outcome else { Issue.record("\(c): another incident's export passed: \(outcome)"); continue }
            if c.format != .csv { #expect(why.contains("another incident"), "\(c): \(why)") }
        }
    }

    /// An export made earlier matches the journal up to its last entry, after more were added.
    @Test func anEarlierExportMatchesUpToItsLastEntry() throws {
        let f = try ReportRedactionTests.probe()
        let n = f.state.entryCount, head = f.state.head
        let early = Self.cases.map { Self.render($0, f.engine) }
        f.clock.advance(minutes: 5)
        try f.act(.note("later", tag: nil))
        try f.act(.task("activate", .done))
        for (k, c) in Self.cases.enumerated() {
            #expect(ExportVerifier.check(early[k], engine: f.engine) == .matches(format: c.format, redacted: c.redact, entries: n, head: head), "\(c)")
        }
        // One from the longer journal is not one from the shorter.
        let short = Engine.fold(playbook: f.engine.playbook, incidentID: f.state.id, entries: Array(f.state.entries.prefix(n)))
        guard case .differs(let why) = ExportVerifier.check(Self.render((.md, false, true), f.engine), engine: short) else {
            Issue.record("an export of more entries than the journal has passed"); return
        }
        #expect(why.contains("this journal has \(n)"), "\(why)")
    }

    @Test func aFileThatIsNoExportIsSaidSo() throws {
        let f = try ReportScript.incident()
        #expect(ExportVerifier.check(Array("hello\n".utf8), engine: f.engine) == .unrecognized)
        #expect(ExportVerifier.check([], engine: f.engine) == .unrecognized)
    }

    @Test func theFirstDifferenceIsNamedByLineAndColumn() {
        let d = ExportVerifier.firstDifference(expected: Array("one\ntwo three\n".utf8), found: Array("one\ntwo thrEe\n".utf8))
        #expect(d == .init(line: 2, column: 8, expected: "two three", found: "two thrEe"))
        #expect(ExportVerifier.firstDifference(expected: [1, 2], found: [1, 2]) == nil)
        #expect(ExportVerifier.firstDifference(expected: Array("a\nb\n".utf8), found: Array("a\n".utf8))?.found == "(the end of the file)")
    }
}
