import Foundation
import Testing
@testable import RunbookKit

/// `when:` as an expression: `D = O`, `D != O`, `{all: [...]}` / `{any: [...]}` nested; read,
/// checked at FILE:LINE:COLUMN, written back, merged by `extends:`, and evaluated three ways.
@Suite("Playbook conditions")
struct PlaybookConditionTests {
    let loader = PlaybookFixtures.loader

    /// A small playbook whose task `t` has `when: <when>` on line 15 (its value at column 11);
    /// `when` may run over further lines.
    static func mini(when: String) -> String {
        """
        id: c
        title: C
        version: "1"
        roles: [{id: ic, title: IC}]
        phases: [{id: p, title: P, from: 0h}]
        decisions:
          - {id: diversion, question: Divert?, options: [divert, partial, no-divert]}
          - {id: notify, question: Notify?, options: [yes, no]}
          - {id: size, question: Size?, options: [large, small]}
        tasks:
          - id: t
            title: T
            role: ic
            phase: p
            when: \(when)
        """
    }

    static let nested = Playbook.Condition.all([
        .equals(decision: "notify", option: "yes"),
        .any([.equals(decision: "size", option: "large"), .differs(decision: "diversion", option: "no-divert")]),
    ])

    @Test func allAnyAndDiffersAreReadNestedAndWrittenBack() throws {
        let pb = try loader.load(text: Self.mini(when: "{all: [notify = yes, {any: [size = large, diversion != no-divert]}]}"), name: "t.yaml")
        #expect(pb.task("t")?.when == Self.nested)
        #expect(Self.nested.description == "notify = yes and (size = large or diversion != no-divert)")
        #expect(Self.nested.decisions == ["notify", "size", "diversion"])
        // Block style reads the same.
        let block = try loader.load(text: Self.mini(when: "\n      all:\n        - notify = yes\n        - any:\n            - size = large\n            - diversion != no-divert"),
                                    name: "t.yaml")
        #expect(block.task("t")?.when == Self.nested)
        // Written back (a frozen tailored playbook) and read again: the same.
        let text = try PlaybookWriter.yaml(pb)
        #expect(text.contains("when: {all: [\"notify = yes\", {any: [\"size = large\", \"diversion != no-divert\"]}]}"), "\(text)")
        let back = try loader.load(text: text, name: "frozen.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
        #expect(PlaybookText.show(pb).contains("only when: notify = yes and (size = large or diversion != no-divert)"))
        let differs = try loader.load(text: Self.mini(when: "diversion != no-divert"), name: "t.yaml")
        #expect(differs.task("t")?.when == .differs(decision: "diversion", option: "no-divert"))
    }

    @Test(arguments: [
        ("notifi = yes", "t.yaml:15:11: when names decision 'notifi', which is not defined; did you mean notify?"),
        ("diversion != nodivert", "t.yaml:15:24: decision 'diversion' has no option 'nodivert' (its options: divert, partial, no-divert)"),
        ("{all: [notify = yes, sise = large]}", "t.yaml:15:32: when names decision 'sise', which is not defined; did you mean size?"),
        ("{any: [diversion = divert, diversion = partal]}", "t.yaml:15:50: decision 'diversion' has no option 'partal'"),
        ("{both: [notify = yes]}", "t.yaml:15:12: when takes 'all:' or 'any:', not 'both'"),
        ("{all: []}", "t.yaml:15:17: 'all:' needs at least one condition"),
        ("{all: notify = yes}", "t.yaml:15:17: 'all:' takes a list of conditions"),
        ("{all: [notify = yes], any: [size = large]}", "t.yaml:15:11: when takes one 'all:' or 'any:' list, not 2 keys"),
        ("notify == yes", "t.yaml:15:11: when 'notify == yes' is not a condition"),
        ("[notify = yes]", "t.yaml:15:11: when must be a condition, not a list"),
        ("\n  all:\n    - notify = yes\n    - any: [size = large, diversion = nope]", "t.yaml:18:43: decision 'diversion' has no option 'nope'"),
    ])
    func aMistakeInAConditionIsNamedWhereItIsWritten(_ when: String, _ expected: String) {
        let f = clockFindings(Self.mini(when: when.replacingOccurrences(of: "\n", with: "\n    ")))
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.hasPrefix(expected) == true, "got \(f)")
    }

    @Test func everyMistakeInOneConditionIsReported() {
        let f = clockFindings(Self.mini(when: "{any: [notifi = yes, size = huge]}"))
        #expect(f.count == 2, "\(f)")
        #expect(f.contains { $0.hasPrefix("t.yaml:15:18: when names decision 'notifi'") }, "\(f)")
        #expect(f.contains { $0.hasPrefix("t.yaml:15:39: decision 'size' has no option 'huge'") }, "\(f)")
    }

    @Test func aDueAfterADecisionThatTheConditionRulesOutIsRefused() {
        let f = clockFindings(Self.mini(when: "{all: [notify = yes, size = large]}\n    due: 60d after decision notify = no"))
        #expect(f.count == 1 && f[0].contains("applies only when notify = yes and size = large but is due after notify = no"), "\(f)")
        // An `any` that another answer can still make true is no contradiction.
        #expect(clockFindings(Self.mini(when: "{any: [notify = yes, size = large]}\n    due: 60d after decision notify = no")).isEmpty)
    }

    @Test func extendsCarriesACompoundCondition() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-cond-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.mini(when: "notify = yes").write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        /// A tailoring file over base.yaml replacing only task t's `when` (on line 7).
        func child(_ when: String) throws {
            try """
            id: tailored
            title: Tailored
            version: "1"
            extends: ./base.yaml
            tasks:
              - id: t
                when: \(when)
            """.write(toFile: dir + "/child.yaml", atomically: true, encoding: .utf8)
        }
        try child("{any: [notify = yes, size = large]}")
        let loaded = try loader.load(path: dir + "/child.yaml")
        let any = Playbook.Condition.any([.equals(decision: "notify", option: "yes"), .equals(decision: "size", option: "large")])
        #expect(loaded.playbook.task("t")?.when == any)
        #expect(try loader.load(text: loaded.frozenText, name: "frozen.yaml").task("t")?.when == any)
        // A mistake in the tailoring file's condition is named in that file.
        try child("{any: [notify = yes, size = larg]}")
        let f = loader.check(path: dir + "/child.yaml").map(\.description)
        #expect(f == ["\(dir)/child.yaml:7:39: decision 'size' has no option 'larg' (its options: large, small)"], "\(f)")
    }

    /// The one evaluation: true, false, or nil while undecided.
    @Test(arguments: [
        // (answers, condition, expected): "-" means not decided
        ("notify=yes", "eq", true), ("notify=no", "eq", false), ("-", "eq", nil),
        ("diversion=partial", "ne", true), ("diversion=no-divert", "ne", false), ("-", "ne", nil),
        ("notify=yes size=large", "all", true), ("notify=no", "all", false), ("notify=yes", "all", nil),
        ("size=small notify=yes", "all", false),
        ("notify=no size=large", "any", true), ("notify=no size=small", "any", false), ("notify=no", "any", nil),
        ("size=large", "any", true),
    ] as [(String, String, Bool?)])
    func conditionValue(_ answers: String, _ which: String, _ expected: Bool?) {
        var given: [String: String] = [:]
        for pair in answers.split(separator: " ") where pair != "-" {
            let kv = pair.split(separator: "=")
            given[String(kv[0])] = String(kv[1])
        }
        let c: Playbook.Condition
        switch which {
        case "eq": c = .equals(decision: "notify", option: "yes")
        case "ne": c = .differs(decision: "diversion", option: "no-divert")
        case "all": c = .all([.equals(decision: "notify", option: "yes"), .equals(decision: "size", option: "large")])
        default: c = .any([.equals(decision: "notify", option: "yes"), .equals(decision: "size", option: "large")])
        }
        #expect(c.value { given[$0] } == expected, "\(c) with \(given)")
        // What rules it out is a decided part, named for the refusal.
        if expected == false { #expect(c.falsifiedBy { given[$0] } != nil) } else { #expect(c.falsifiedBy { given[$0] } == nil) }
    }
}
