import Foundation
import Testing
@testable import RunbookKit

/// The rules behind issue 9's defects 1, 3, 7, 8, 9 and 10, one function at a time.
@Suite("hostile input rules")
struct HostileInputUnitTests {
    @Test func terminalTextEscapesControlsAndKeepsText() {
        #expect(TerminalText.escaped("plain — ünïcode 🚑") == "plain — ünïcode 🚑")
        #expect(TerminalText.escaped("a\nb\tc\r") == "a\\nb\\tc\\r")
        #expect(TerminalText.escaped("\u{1B}[2J\u{07}\u{7F}\u{9B}") == "\\u{1B}[2J\\u{07}\\u{7F}\\u{9B}")
        #expect(TerminalText.escaped("x\u{202E}y\u{2066}z\u{2028}") == "x\\u{202E}y\\u{2066}z\\u{2028}")
        #expect(TerminalText.escaped("\u{0}") == "\\u{00}")
    }

    /// The writer's rule is the reader's: a time is recordable exactly when it reads back.
    @Test func recordableTimesAreThoseTheReaderAccepts() throws {
        let last = try #require(Timestamp(rfc3339: "9999-12-31T23:59:59.999Z"))
        let first = try #require(Timestamp(rfc3339: "0000-01-01T00:00:00.000Z"))
        #expect(ActionTime.isRecordable(last))
        #expect(!ActionTime.isRecordable(Timestamp(millis: last.millis + 1)))
        #expect(ActionTime.isRecordable(first))
        #expect(!ActionTime.isRecordable(Timestamp(millis: first.millis - 1)))
        #expect(throws: RunbookError.self) { try ActionTime.checkClock(Timestamp(millis: last.millis + 1)) }
        #expect(throws: RunbookError.self) { try ActionTime.checkClock(Timestamp(millis: 0)) }
        try ActionTime.checkClock(Timestamp(rfc3339: "2026-11-29T08:00:00Z")!)
    }

    @Test func atBounds() throws {
        let now = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!
        let discovered = Timestamp(rfc3339: "2026-11-20T08:00:00Z")!
        try ActionTime.check(nil, now: now, discovered: discovered)
        try ActionTime.check(discovered.adding(seconds: -365 * 86_400), now: now, discovered: discovered)
        #expect(throws: RunbookError.self) { try ActionTime.check(discovered.adding(seconds: -367 * 86_400), now: now, discovered: discovered) }
        #expect(throws: RunbookError.self) { try ActionTime.check(Timestamp(rfc3339: "1999-12-31T23:59:59Z"), now: now, discovered: Timestamp(rfc3339: "2000-06-01T00:00:00Z")!) }
        try ActionTime.check(Timestamp(rfc3339: "2000-01-01T00:00:00Z"), now: now, discovered: Timestamp(rfc3339: "2000-06-01T00:00:00Z")!)
        #expect(throws: RunbookError.self) { try ActionTime.check(now.adding(seconds: 120), now: now, discovered: discovered) }
    }

    @Test func offsetsBeyondFourteenHoursAreRefused() throws {
        let now = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!
        #expect(try WhenParser.parse("2026-11-29T20:00:00+14:00", now: now) == Timestamp(rfc3339: "2026-11-29T06:00:00Z"))
        #expect(try WhenParser.parse("2026-11-28T20:00:00-14:00", now: now) == Timestamp(rfc3339: "2026-11-29T10:00:00Z"))
        for bad in ["2026-11-29T20:00:00+14:01", "2026-11-29T20:00:00-15:00", "2026-11-29T20:00:00+13:60", "2026-11-29T20:00:00+99:59"] {
            #expect(throws: RunbookError.self, "\(bad)") { try WhenParser.parse(bad, now: now) }
        }
    }

    @Test func controlRuleIsTheNotesRule() {
        #expect(TextRules.controlProblem(in: "line one\nline\ttwo\r\n", allowNewlines: true) == nil)
        #expect(TextRules.controlProblem(in: "one\ntwo", allowNewlines: false)?.index == 3)
        #expect(TextRules.controlProblem(in: "ab\u{1B}[31m", allowNewlines: true)?.index == 2)
        #expect(TextRules.controlProblem(in: "x\u{202E}y", allowNewlines: true)?.what.contains("text-direction") == true)
        #expect(throws: RunbookError.usage("the note contains a control character (U+0007 at character 4): binary data or terminal codes are not accepted")) {
            try TextRules.checkNote("abc\u{07}", what: "note")
        }
    }

    /// The column is the escape's backslash in double quotes, the character itself elsewhere.
    @Test func playbookControlFindingsPointAtTheCharacter() throws {
        let text = """
        id: x
        title: "ok \\x1b and \\U0000202E"
        version: '1 \u{2067}'
        detail: |
          fine\tline
          bad \u{1B}
        tasks:
          - {id: t, title: "two\\nlines"}
        # a comment \u{202D}

        """
        // (A literal ESC is refused by the YAML reader itself, before these checks.)
        let noEsc = text.replacingOccurrences(of: "bad \u{1B}", with: "bad")
        var diags: [PlaybookDiagnostic] = []
        var raw = RawPlaybook(file: "f.yaml")
        PlaybookLoader(library: PlaybookLibrary(directories: [])).parse(text: noEsc, into: &raw, diags: &diags)
        let at2 = diags.filter { $0.message.contains("control") }.map { "\($0.line):\($0.column)" }
        #expect(at2 == ["2:12", "3:13", "8:24", "9:13"], "\(diags.map(\.description))")
    }

    @Test func openRegularRefusesFIFOsDevicesAndFolders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-open-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        for (path, flags) in [(dir + "/fifo", O_RDONLY), (dir + "/fifo", O_WRONLY), (dir + "/fifo", O_RDWR), ("/dev/zero", O_RDONLY), (dir, O_RDONLY), (dir, O_RDWR)] {
            #expect(throws: RunbookError.self, "\(path) \(flags)") { close(try FileIO.openRegular(path: path, flags: flags)) }
            do { close(try FileIO.openRegular(path: path, flags: flags)) } catch {
                #expect("\(error)".contains("not a regular file") || "\(error)".contains("Is a directory"), "\(error)")
            }
        }
        #expect(FileManager.default.createFile(atPath: dir + "/plain", contents: Data("abc".utf8)))
        let fd = try FileIO.openRegular(path: dir + "/plain", flags: O_RDWR)
        #expect(fcntl(fd, F_GETFL) & O_NONBLOCK == 0, "the descriptor handed back must block as usual")
        close(fd)
        #expect(try FileIO.readRegular(path: dir + "/plain") == Array("abc".utf8))
    }

    @Test func incidentIDs() {
        for good in ["20261129-1405-ehr-down", "a", "A.b_c-9", "x.y"] { #expect(IncidentStore.isValidID(good), "\(good)") }
        for bad in ["", ".", "..", "../x", "a/b", ".hidden", "a..b", "a b", "é", "a\n", String(repeating: "a", count: 256)] {
            #expect(!IncidentStore.isValidID(bad), "\(bad)")
        }
    }

    @Test func exportTargets() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-export-\(UUID().uuidString.prefix(8))").path
        let incidents = dir + "/home/incidents"
        try FileManager.default.createDirectory(atPath: incidents + "/x", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: RunbookError.self) { try ExportFile.check(incidents + "/x/report.md", incidentsDir: incidents) }
        #expect(throws: RunbookError.self) { try ExportFile.check(dir + "/out/../home/incidents/r.md", incidentsDir: incidents) }
        #expect(throws: RunbookError.self) { try ExportFile.check(dir + "/nowhere/r.md", incidentsDir: incidents) }
        #expect(throws: RunbookError.self) { try ExportFile.check(dir + "/out/", incidentsDir: incidents) }
        try ExportFile.check(dir + "/out/r.md", incidentsDir: incidents)
        try ExportFile.write(Array("report\n".utf8), to: dir + "/out/r.md", incidentsDir: incidents)
        #expect(FileManager.default.contents(atPath: dir + "/out/r.md") == Data("report\n".utf8))
        try ExportFile.write(Array("again\n".utf8), to: dir + "/out/r.md", incidentsDir: incidents)
        #expect(FileManager.default.contents(atPath: dir + "/out/r.md") == Data("again\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out") == ["r.md"])
        // A folder that holds a journal is an incident folder, whatever home it belongs to.
        #expect(FileManager.default.createFile(atPath: dir + "/out/journal.jsonl", contents: Data("{\"seq\":1}\n".utf8)))
        #expect(throws: RunbookError.self) { try ExportFile.check(dir + "/out/r.md", incidentsDir: incidents) }
    }
}
