import Foundation
import Testing
@testable import RunbookKit

/// One broken playbook in Fixtures/broken and the single finding the checker must make.
/// Lines and columns were counted by hand from the fixture, not taken from the checker.
struct BrokenCase: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    /// nil where the column is not meaningful (a finding about the whole file).
    var column: Int?
    /// Text the message must contain.
    var phrases: [String]
    var testDescription: String { file }

    init(_ file: String, _ line: Int, _ column: Int?, _ phrases: String...) {
        self.file = file; self.line = line; self.column = column; self.phrases = phrases
    }
}

@Suite("Playbook checker corpus")
struct PlaybookCheckerCorpusTests {
    static let cases: [BrokenCase] = [
        // Bad YAML
        BrokenCase("yaml-tab.yaml", 18, 1, "bad YAML", "tab"),
        BrokenCase("yaml-unclosed-quote.yaml", 18, 12, "bad YAML", "quote"),
        BrokenCase("yaml-bad-indent.yaml", 19, 4, "bad YAML"),
        BrokenCase("yaml-duplicate-key.yaml", 20, 5, "bad YAML", "'title' appears twice"),
        BrokenCase("not-a-mapping.yaml", 1, 1, "must be a mapping"),
        // Unknown keys
        BrokenCase("unknown-top-key.yaml", 5, 1, "unknown key 'owner'"),
        BrokenCase("unknown-task-key-near-miss.yaml", 21, 5, "unknown key 'deu' in task", "did you mean due"),
        // Missing required keys
        BrokenCase("task-missing-role.yaml", 17, 9, "task 'declare' is missing required key 'role'"),
        BrokenCase("task-missing-id.yaml", 22, 5, "task is missing required key 'id'"),
        BrokenCase("playbook-missing-title.yaml", 1, nil, "missing required key 'title'"),
        // Duplicate ids: the finding points at the second
        BrokenCase("duplicate-task-id.yaml", 22, 9, "duplicate task id 'declare'", "line 17"),
        BrokenCase("duplicate-role-id.yaml", 7, 10, "duplicate role id 'ic'", "line 6"),
        // References naming nothing
        BrokenCase("unknown-role.yaml", 19, 11, "names role 'comander', which is not defined"),
        BrokenCase("unknown-phase.yaml", 20, 12, "names phase 'immediat', which is not defined", "did you mean immediate"),
        BrokenCase("unknown-prerequisite.yaml", 26, 13, "waits on 'declar', which is not a task", "did you mean declare"),
        BrokenCase("unknown-decision.yaml", 27, 11, "names decision 'dowtime', which is not defined", "did you mean downtime"),
        BrokenCase("unknown-option.yaml", 27, 22, "decision 'downtime' has no option 'maybe'", "yes, no"),
        BrokenCase("decision-unknown-role.yaml", 15, 11, "decision 'downtime' names role 'nobody', which is not defined"),
        BrokenCase("self-prerequisite.yaml", 26, 22, "task 'activate' lists itself"),
        // Cycles
        BrokenCase("cycle.yaml", 17, 12, "dependency cycle", "alpha", "beta", "gamma"),
        // Values
        BrokenCase("bad-duration-due.yaml", 21, 10, "due '15 minutes' is not a duration"),
        BrokenCase("bad-duration-every.yaml", 22, 12, "every '4hours' is not a duration"),
        BrokenCase("bad-duration-from.yaml", 10, 43, "from 'soon' is not a duration"),
        BrokenCase("every-too-short.yaml", 22, 12, "every must be at least 1m"),
        BrokenCase("phase-ends-before-start.yaml", 10, 51, "phase 'extended' ends", "before it starts"),
        BrokenCase("bad-id-chars.yaml", 22, 9, "task id 'Activate_Now' must use only lowercase letters, digits and '-'"),
        BrokenCase("critical-maybe.yaml", 22, 15, "critical must be true or false, not 'maybe'"),
        BrokenCase("options-not-list.yaml", 14, 14, "options must be a list"),
        BrokenCase("when-malformed.yaml", 27, 11, "is not a condition: write 'DECISION = OPTION', 'DECISION != OPTION'"),
        BrokenCase("when-all-unknown-decision.yaml", 27, 34, "when names decision 'isolaton', which is not defined"),
        BrokenCase("when-any-unknown-option.yaml", 27, 46, "decision 'downtime' has no option 'maybe'", "yes, no"),
        // Tailoring
        BrokenCase("extends-nothing.yaml", 2, 10, "extends names no playbook 'occci'", "did you mean occi"),
        BrokenCase("drop-nothing.yaml", 3, 8, "drop names no task 'ic-declare-incident'"),
        BrokenCase("drop-without-extends.yaml", 4, 7, "drop", "extends"),
        // Systems and kinds
        BrokenCase("task-undeclared-kind.yaml", 22, 30, "task 'back-entry' names kind 'pharmacy', which is not declared in systems: kinds"),
        BrokenCase("system-undeclared-kind.yaml", 15, 26, "system 'PACS' has kind 'imaging', which is not declared"),
        BrokenCase("system-duplicate-alias.yaml", 15, 52, "system name 'epic' is already used for EHR (line 14)"),
    ]

    @Test(arguments: cases)
    func eachBrokenFileGetsItsOneFinding(_ c: BrokenCase) throws {
        let path = PlaybookFixtures.brokenPath(c.file)
        let findings = PlaybookFixtures.loader.check(path: path)
        #expect(findings.count == 1, "expected exactly one finding, got:\n\(findings.map(\.description).joined(separator: "\n"))")
        guard let f = findings.first else { return }
        #expect(f.file == path)
        #expect(f.line == c.line, "\(f)")
        if let col = c.column { #expect(f.column == col, "\(f)") }
        for p in c.phrases {
            #expect(f.message.localizedCaseInsensitiveContains(p), "message lacks \"\(p)\": \(f)")
        }
        // The printed form is FILE:LINE:COLUMN: message.
        #expect(f.description == "\(path):\(f.line):\(f.column): \(f.message)")
        // load(path:) refuses it with the same finding.
        #expect(throws: RunbookError.playbook([f.description])) { try PlaybookFixtures.loader.load(path: path) }
    }

    @Test func everyBrokenFixtureIsInTheTable() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PlaybookFixtures.broken.path)
            .filter { $0.hasSuffix(".yaml") }
        let tabled = Set(Self.cases.map(\.file) + ["several-mistakes.yaml"])
        #expect(names.count >= 20)
        for n in names { #expect(tabled.contains(n), "\(n) has no expected finding") }
        for c in Self.cases {
            #expect(FileManager.default.fileExists(atPath: PlaybookFixtures.brokenPath(c.file)), "\(c.file) is missing")
        }
    }

    @Test func theUnbrokenOriginalIsClean() {
        let path = PlaybookFixtures.fixtures.appendingPathComponent("valid-mini.yaml").path
        let findings = PlaybookFixtures.loader.check(path: path)
        #expect(findings.isEmpty, "\(findings)")
        let pb = try? PlaybookFixtures.loader.load(path: path).playbook
        #expect(pb?.tasks.map(\.id) == ["declare", "activate"])
        #expect(pb?.task("activate")?.when == Playbook.Condition(decision: "downtime", option: "yes"))
    }

    @Test func severalMistakesAreAllReportedInOneRun() {
        let path = PlaybookFixtures.brokenPath("several-mistakes.yaml")
        let findings = PlaybookFixtures.loader.check(path: path)
        let expected: [(Int, Int, String)] = [
            (4, 1, "unknown key 'colour'"),
            (7, 10, "duplicate role id 'ic'"),
            (19, 10, "due 'soon' is not a duration"),
            (22, 11, "names role 'ops'"),
            (24, 13, "waits on 'declar'"),
            (25, 22, "has no option 'maybe'"),
            (26, 15, "critical must be true or false"),
            (27, 9, "task 'report' is missing required key 'role'"),
            (30, 5, "unknown key 'tittle' in task — did you mean title"),
        ]
        let shown = findings.map(\.description).joined(separator: "\n")
        #expect(findings.count == expected.count, "\(shown)")
        for (line, column, phrase) in expected {
            #expect(findings.contains { $0.line == line && $0.column == column && $0.message.contains(phrase) },
                    "no finding \(line):\(column) \(phrase) in:\n\(shown)")
        }
        #expect(findings.allSatisfy { $0.file == path })
        // Reported in the order a reader meets them.
        #expect(findings.map(\.line) == expected.map(\.0), "\(shown)")
        // The loader reports the same findings, in file order or not, all at once.
        do {
            _ = try PlaybookFixtures.loader.load(path: path)
            Issue.record("a playbook with mistakes loaded")
        } catch let RunbookError.playbook(lines) {
            #expect(Set(lines) == Set(findings.map(\.description)))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func textEntryPointReportsTheSameAsTheFile() throws {
        for c in Self.cases where !c.file.hasPrefix("extends") && !c.file.hasPrefix("drop-nothing") {
            let path = PlaybookFixtures.brokenPath(c.file)
            let text = try PlaybookFixtures.text(path)
            #expect(throws: RunbookError.self, "\(c.file)") { try PlaybookFixtures.loader.load(text: text, name: "x.yaml") }
            do {
                _ = try PlaybookFixtures.loader.load(text: text, name: "x.yaml")
            } catch let RunbookError.playbook(lines) {
                #expect(lines.count == 1 && lines[0].hasPrefix("x.yaml:\(c.line):"), "\(c.file): \(lines)")
            } catch {}
        }
    }

    @Test func missingFileAndDirectoryAreOneFindingEach() throws {
        let loader = PlaybookFixtures.loader
        let missing = loader.check(path: "/nonexistent/nowhere.yaml")
        #expect(missing.count == 1)
        #expect(missing.first?.description.hasPrefix("/nonexistent/nowhere.yaml:1:1: cannot read the playbook") == true)
        let dir = loader.check(path: PlaybookFixtures.broken.path)
        #expect(dir.count == 1)
        #expect(dir.first?.message.contains("is a directory") == true)
    }
}
