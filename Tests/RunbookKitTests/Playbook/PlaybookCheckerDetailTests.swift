import Foundation
import Testing
@testable import RunbookKit

/// Finer points of the checker: where YAML errors point, near-miss hints, no cascades.
@Suite("Playbook checker details")
struct PlaybookCheckerDetailTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] {
        do { _ = try loader.load(text: text, name: "t.yaml"); return [] } catch let RunbookError.playbook(lines) { return lines } catch {
            return ["\(error)"]
        }
    }

    static let mini = """
    id: m
    title: M
    version: "1"
    roles: [{id: ic, title: IC}]
    phases: [{id: p, title: P, from: 0h}]
    tasks:
      - {id: t, title: T, role: ic, phase: p}

    """

    @Test(arguments: [
        ("titel: M", "unknown key 'titel' — did you mean title?"),
        ("Id: m2", "unknown key 'Id' — did you mean id?"),
        ("taks: []", "unknown key 'taks' — did you mean tasks?"),
        ("decision: []", "unknown key 'decision' — did you mean decisions?"),
        ("a: 1", "unknown key 'a' (allowed: id, title,"),
        ("zzzzzz: 1", "unknown key 'zzzzzz' (allowed:"),
    ])
    func unknownTopKeysGetAHintOnlyWhenClose(_ line: String, _ expected: String) {
        let f = findings(Self.mini + line + "\n")
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.hasPrefix("t.yaml:8:1: ") == true, "\(f)")
        #expect(f.first?.contains(expected) == true, "\(f)")
    }

    @Test func flowStyleDuplicateKeyPointsAtTheRepeat() {
        let f = findings(Self.mini.replacingOccurrences(of: "{id: t, title: T, role: ic, phase: p}", with: "{id: t, title: T, role: ic, title: U, phase: p}"))
        #expect(f == ["t.yaml:7:33: bad YAML: the key 'title' appears twice in one mapping (first at line 7)"])
    }

    @Test func duplicateTopLevelKeyPointsAtTheRepeat() {
        let f = findings(Self.mini + "title: Again\n")
        #expect(f == ["t.yaml:8:1: bad YAML: the key 'title' appears twice in one mapping (first at line 2)"])
    }

    @Test func anUnclosedBracketPointsWhereItOpened() {
        let f = findings(Self.mini + "decisions: [{id: d, question: Q, options: [a, b]}\n\n# the end\n")
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.hasPrefix("t.yaml:8:12: bad YAML:") == true, "\(f)")
    }

    @Test func aYAMLErrorIsNotBuriedUnderFollowOnFindings() {
        for text in ["id: [\n", "- a\n- b\n", "just words\n", "id: x\ntitle: \"open\n", "\u{FEFF}id: x\n\tbad: tab\n"] {
            let f = findings(text)
            #expect(f.count == 1, "\(text.debugDescription): \(f)")
            #expect(!f.joined().contains("missing required key"), "\(f)")
        }
    }

    @Test func optionsWrittenAsOneValueSayList() {
        let text = Self.mini + "decisions:\n  - {id: d, question: Q, options: yes or no}\n"
        #expect(findings(text) == ["t.yaml:9:35: options must be a list like [yes, no], not a single value"])
        let mapping = Self.mini + "decisions:\n  - {id: d, question: Q, options: {yes: 1}}\n"
        #expect(findings(mapping) == ["t.yaml:9:35: options must be a list like [yes, no], not a mapping"])
        let one = Self.mini + "decisions:\n  - {id: d, question: Q, options: [yes]}\n"
        #expect(findings(one) == ["t.yaml:9:35: decision 'd' needs at least two options"])
    }

    @Test func cycleMessageReadsInTheDirectionOfWaiting() throws {
        let lines = try #require(Optional(loader.check(path: PlaybookFixtures.brokenPath("cycle.yaml"))))
        #expect(lines.first?.message.hasPrefix("dependency cycle: alpha → gamma → beta → alpha") == true, "\(lines)")
        // A two-task cycle and a long one are each reported once.
        let two = findings(Self.mini + "  - {id: a, title: A, role: ic, phase: p, after: [b]}\n  - {id: b, title: B, role: ic, phase: p, after: [a]}\n")
        #expect(two.count == 1 && two[0].contains("a → b → a"), "\(two)")
        var chain = Self.mini
        for i in 0..<300 { chain += "  - {id: c\(i), title: C, role: ic, phase: p, after: [c\((i + 1) % 300)]}\n" }
        let long = findings(chain)
        #expect(long.count == 1 && long[0].contains("dependency cycle: c0 → c1 → c2"), "\(long.first?.prefix(200) ?? "")")
    }

    @Test func deepScanLeavesTheShippedPlaybooksAlone() throws {
        for id in ["occi", "hic-tcr"] {
            #expect(PlaybookLoader.tooDeep(try PlaybookFixtures.text(PlaybookFixtures.builtinPath(id))) == nil)
        }
        #expect(PlaybookLoader.tooDeep("a: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
        #expect(PlaybookLoader.tooDeep("a: " + String(repeating: "[", count: 65))! == (1, 68))
        // Brackets that are only text: a plain value, quotes, a comment, a block scalar.
        let text = "a: x " + String(repeating: "[", count: 100) + "\n"
            + "b: '" + String(repeating: "[", count: 100) + "'\n"
            + "c: \"\\\"" + String(repeating: "{", count: 100) + "\"\n"
            + "# " + String(repeating: "[", count: 100) + "\n"
            + "- d: |\n    " + String(repeating: "[", count: 100) + "\n\n    " + String(repeating: "{", count: 100) + "\n"
        #expect(PlaybookLoader.tooDeep(text) == nil)
        // ...but the same brackets as structure after a block scalar ends are counted.
        let after = "- d: |\n    text\n  e: " + String(repeating: "[", count: 100) + "\n"
        #expect(PlaybookLoader.tooDeep(after)?.line == 3)
    }

    @Test func diagnosticsFromABaseFileNameTheBaseFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-base-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.appendingPathComponent("base.yaml").path
        let child = dir.appendingPathComponent("child.yaml").path
        try (Self.mini + "  - {id: u, title: U, role: nobody, phase: p}\n").write(toFile: base, atomically: true, encoding: .utf8)
        try "id: child\nextends: base.yaml\ntasks:\n  - {id: v, title: V, role: ic, phase: q}\n".write(toFile: child, atomically: true, encoding: .utf8)
        let f = loader.check(path: child).map(\.description)
        #expect(f == ["\(child):4:40: task 'v' names phase 'q', which is not defined; did you mean p?",
                      "\(base):8:29: task 'u' names role 'nobody', which is not defined"], "\(f)")
    }
}
