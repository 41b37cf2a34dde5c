import Foundation
import Testing
@testable import RunbookKit

/// `systems:` (kinds and known systems) and a `per: system` task's `kinds:`: read, checked at
/// FILE:LINE:COLUMN, written back and tailored.
@Suite("Playbook systems and kinds")
struct SystemsPlaybookTests {
    let loader = PlaybookFixtures.loader

    func findings(_ text: String) -> [String] {
        do { _ = try loader.load(text: text, name: "t.yaml"); return [] } catch let RunbookError.playbook(lines) { return lines } catch {
            return ["\(error)"]
        }
    }

    static func playbook(systems: String, kinds: String = "[clinical-record]", per: String = "per: system, ") -> String {
        """
        id: m
        title: M
        version: "1"
        roles: [{id: ic, title: IC}]
        phases: [{id: p, title: P, from: 0h}]
        \(systems)
        tasks:
          - {id: t, title: T, role: ic, phase: p, \(per)kinds: \(kinds)}

        """
    }

    static let designForm = """
    systems:
      kinds: [clinical-record, lab, communications]
      known:
        - {name: EHR, kind: clinical-record, aliases: [Epic, Cerner, MEDITECH]}
        - {name: Phones, kind: communications}
    """

    @Test func theDesignFormIsRead() throws {
        let pb = try loader.load(text: Self.playbook(systems: Self.designForm, kinds: "[clinical-record, lab]"), name: "t.yaml")
        #expect(pb.systems.kinds == ["clinical-record", "lab", "communications"])
        #expect(pb.systems.validKinds.last == "other")
        #expect(pb.systems.known.map(\.name) == ["EHR", "Phones"])
        #expect(pb.systems.resolve("cerner") == ("EHR", true))
        #expect(pb.systems.resolve("EHR system") == ("EHR", false))
        #expect(pb.systems.resolve("Internet") == ("Internet", false))
        #expect(pb.task("t")?.kinds == ["clinical-record", "lab"])
    }

    @Test func theShortListFormHasTheShippedKinds() throws {
        let pb = try loader.load(text: Self.playbook(systems: "systems: [{name: EHR, kind: clinical-record, aliases: [Epic]}, {name: PACS, kind: imaging}]", kinds: "[imaging]"), name: "t.yaml")
        #expect(pb.systems.kinds == SystemCatalog.shippedKinds)
        #expect(pb.systems.known.map(\.kind) == ["clinical-record", "imaging"])
    }

    @Test func aTaskNamingAnUndeclaredKindIsRefusedWhereItIsWritten() {
        let f = findings(Self.playbook(systems: Self.designForm, kinds: "[clinical-record, labs]"))
        #expect(f == ["t.yaml:12:81: task 't' names kind 'labs', which is not declared in systems: kinds; did you mean lab? (kinds: clinical-record, lab, communications, other)"], "\(f)")
    }

    @Test func aSystemWithAnUndeclaredKindIsRefused() {
        let f = findings(Self.playbook(systems: Self.designForm.replacingOccurrences(of: "kind: communications}", with: "kind: comms}")))
        #expect(f == ["t.yaml:10:28: system 'Phones' has kind 'comms', which is not declared in systems: kinds; did you mean communications? (kinds: clinical-record, lab, communications, other)"], "\(f)")
    }

    @Test func aDuplicateNameOrAliasIsRefused() {
        let dupName = findings(Self.playbook(systems: Self.designForm + "\n    - {name: ehr, kind: lab}"))
        #expect(dupName == ["t.yaml:11:14: system name 'ehr' is already used for EHR (line 9): a name or alias names one system"], "\(dupName)")
        let dupAlias = findings(Self.playbook(systems: Self.designForm.replacingOccurrences(of: "{name: Phones, kind: communications}", with: "{name: Phones, kind: communications, aliases: [epic]}")))
        #expect(dupAlias == ["t.yaml:10:54: system name 'epic' is already used for EHR (line 9): a name or alias names one system"], "\(dupAlias)")
    }

    @Test func kindsOnATaskDoneOnceIsRefused() {
        let f = findings(Self.playbook(systems: Self.designForm, per: ""))
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.contains("has kinds, but kinds choose the systems of a 'per: system' task") == true, "\(f)")
    }

    @Test func unknownKeysInSystemsAreRefused() {
        let f = findings(Self.playbook(systems: "systems:\n  kinds: [lab]\n  knwon: []", kinds: "[lab]"))
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.hasPrefix("t.yaml:8:3: unknown key 'knwon' in systems — did you mean known?") == true, "\(f)")
    }

    /// The frozen copy of a tailored playbook is written back: systems and kinds survive it.
    @Test func systemsAndKindsAreWrittenBack() throws {
        let pb = try loader.load(text: Self.playbook(systems: Self.designForm), name: "t.yaml")
        let again = try loader.load(text: try PlaybookWriter.yaml(pb), name: "again.yaml")
        #expect(again.systems == pb.systems)
        #expect(again.task("t")?.kinds == ["clinical-record"])
    }

    /// A tailoring file adds its own systems (and kinds), and may re-kind a base system.
    @Test func aTailoringFileAddsSystems() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-kinds-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.playbook(systems: Self.designForm).write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        id: ours
        title: Ours
        version: "1"
        extends: ./base.yaml
        systems:
          kinds: [imaging]
          known:
            - {name: Soarian, kind: clinical-record}
            - {name: Phones, kind: imaging, aliases: [VoIP]}

        """.write(toFile: dir + "/ours.yaml", atomically: true, encoding: .utf8)
        let loaded = try loader.load(path: dir + "/ours.yaml")
        let s = loaded.playbook.systems
        #expect(s.kinds == ["clinical-record", "lab", "communications", "imaging"])
        #expect(s.known.map(\.name) == ["EHR", "Phones", "Soarian"])
        #expect(s.known(named: "voip")?.kind == "imaging")
        // The frozen text is the merged playbook, systems included.
        #expect(try loader.load(text: loaded.frozenText, name: "frozen.yaml").systems == s)
    }
}

extension SystemsPlaybookTests {
    /// `playbooks show` and the paper binder say which kinds of system a task is for.
    @Test func showAndTheBinderNameTheKinds() throws {
        let pb = try loader.load(text: Self.playbook(systems: Self.designForm, kinds: "[clinical-record, lab]"), name: "t.yaml")
        #expect(PlaybookText.show(pb).contains("t — T [ic] per system (clinical-record, lab)"), "\(PlaybookText.show(pb))")
    }
}
