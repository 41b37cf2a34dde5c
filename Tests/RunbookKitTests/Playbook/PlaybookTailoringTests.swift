import Foundation
import Testing
@testable import RunbookKit

@Suite("Playbook tailoring")
struct PlaybookTailoringTests {
    let loader = PlaybookFixtures.loader

    func base() throws -> Playbook { try loader.load(path: PlaybookFixtures.builtinPath("occi")).playbook }

    func tailored(_ name: String) throws -> LoadedPlaybook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.tailoredPath(name)) {
        case .success(let l): return l
        case .failure(let e): throw e
        }
    }

    /// What every tailoring of st-elsewhere must show against the base.
    func expectStElsewhere(_ t: Playbook, base occi: Playbook) {
        // One task added, one dropped.
        #expect(t.tasks.count == occi.tasks.count)
        #expect(t.roles.count == occi.roles.count + 1)
        #expect(t.phases == occi.phases)
        #expect(t.decisions == occi.decisions)
        #expect(t.title == "OCCI for St Elsewhere")
        #expect(t.version == "2026.1-se1")
        #expect(t.source == occi.source, "source is inherited")
        // The added role and task.
        #expect(t.role("county") == Playbook.Role(id: "county", title: "County Emergency Manager Liaison"))
        let call = t.task("county-call")
        #expect(call?.role == "county")
        #expect(call?.due?.afterActivation == PlaybookDuration(seconds: 45 * 60))
        #expect(call?.after == ["ic-declare"])
        #expect(call?.detail == "Use the landline list in the red binder.\n")
        #expect(call?.refs == ["County EOP"])
        #expect(t.tasks.last?.id == "county-call", "new tasks come after the base's")
        // The replaced fields; the rest of the task is the base's.
        let was = occi.task("ic-activate-command")
        let now = t.task("ic-activate-command")
        #expect(was?.due?.afterActivation == PlaybookDuration(seconds: 30 * 60))
        #expect(now?.due?.afterActivation == PlaybookDuration(seconds: 20 * 60))
        #expect(now?.critical == false)
        #expect(now?.title == was?.title)
        #expect(now?.detail == was?.detail)
        #expect(now?.after == was?.after)
        #expect(now?.refs == was?.refs)
        #expect(t.tasks.firstIndex { $0.id == "ic-activate-command" } == occi.tasks.firstIndex { $0.id == "ic-activate-command" },
                "a replaced task keeps its place")
        // The dropped task is gone, and its dependants wait on what it waited on.
        #expect(occi.task("ic-appoint-command-staff")?.after == ["ic-activate-command"])
        #expect(occi.task("ic-set-objectives")?.after.contains("ic-appoint-command-staff") == true)
        #expect(t.task("ic-appoint-command-staff") == nil)
        #expect(!t.tasks.contains { $0.after.contains("ic-appoint-command-staff") })
        let objectives = t.task("ic-set-objectives")
        #expect(objectives?.after.contains("ic-activate-command") == true, "\(objectives?.after ?? [])")
        // Everything else is untouched.
        let touched: Set = ["ic-activate-command", "ic-appoint-command-staff", "ic-set-objectives", "county-call"]
        for task in occi.tasks where !touched.contains(task.id) { #expect(t.task(task.id) == task) }
    }

    @Test func extendsByIDAddsReplacesAndDrops() throws {
        let l = try tailored("st-elsewhere.yaml")
        #expect(l.playbook.id == "occi-st-elsewhere")
        expectStElsewhere(l.playbook, base: try base())
    }

    @Test func extendsByRelativePathGivesTheSameResult() throws {
        let byID = try tailored("st-elsewhere.yaml").playbook
        let byPath = try tailored("st-elsewhere-by-path.yaml").playbook
        #expect(byPath.id == "occi-st-elsewhere-by-path")
        var renamed = byPath
        renamed.id = byID.id
        #expect(samePlaybook(renamed, byID), "\(firstDifference(renamed, byID))")
        expectStElsewhere(byPath, base: try base())
    }

    @Test func tailoringATailoredFileByRelativePath() throws {
        let night = try tailored("st-elsewhere-night.yaml").playbook
        let day = try tailored("st-elsewhere.yaml").playbook
        #expect(night.id == "occi-st-elsewhere-night")
        #expect(night.title == "OCCI for St Elsewhere (night shift)")
        #expect(night.version == day.version)
        #expect(night.tasks.count == day.tasks.count)
        #expect(night.task("county-call") == nil)
        #expect(night.task("night-call-tree")?.after == ["ic-declare"], "inherits the dropped task's prerequisites")
        #expect(night.role("county") != nil)
    }

    @Test(arguments: ["st-elsewhere.yaml", "st-elsewhere-by-path.yaml", "st-elsewhere-night.yaml"])
    func mergedPlaybookRoundTripsThroughTheWriter(_ name: String) throws {
        let l = try tailored(name)
        // What an incident freezes is the merged playbook, written out.
        #expect(try l.frozenText == PlaybookWriter.yaml(l.playbook))
        let keys: [String] = l.frozenText.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
            .map { line in String(line.prefix { ch in ch != ":" }) }
        // The systems occi lists come along (DESIGN's order: after decisions, before tasks).
        #expect(keys == ["id", "title", "version", "source", "roles", "phases", "decisions", "systems", "tasks"])
        let back = try loader.load(text: l.frozenText, name: "frozen.yaml")
        #expect(samePlaybook(back, l.playbook), "\(firstDifference(back, l.playbook))")
        // And writing it again gives the same bytes.
        #expect(try PlaybookWriter.yaml(back) == l.frozenText)
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func shippedPlaybooksRoundTripThroughTheWriter(_ id: String) throws {
        let l = try loader.load(path: PlaybookFixtures.builtinPath(id))
        #expect(l.frozenText == (try PlaybookFixtures.text(PlaybookFixtures.builtinPath(id))), "a plain file is frozen as written")
        let text = try PlaybookWriter.yaml(l.playbook)
        let back = try loader.load(text: text, name: "\(id).yaml")
        #expect(samePlaybook(back, l.playbook), "\(firstDifference(back, l.playbook))")
    }

    @Test func writerQuotesAwkwardStrings() throws {
        let awkward = "Colon: hash # quote \" backslash \\ tab \t newline\n unicode ü 🚑 yes"
        let pb = Playbook(
            id: "odd", title: awkward.replacingOccurrences(of: "\n", with: " "), version: "1.0", source: "- not a list",
            roles: [.init(id: "ic", title: "[not, a, list]")],
            phases: [.init(id: "p", title: "{x: y}", from: PlaybookDuration(seconds: 0), to: PlaybookDuration(seconds: 5400))],
            decisions: [.init(id: "d", question: "yes?", options: ["yes", "no", "null", "~"], role: "ic")],
            tasks: [.init(id: "t", title: "&anchor *alias", role: "ic", phase: "p", due: .init(PlaybookDuration(seconds: 90 * 60), after: .decision(.init(decision: "d", option: "null"))),
                          after: [], when: .init(decision: "d", option: "null"), every: PlaybookDuration(seconds: 86_400 + 3600),
                          critical: true, detail: awkward, refs: ["a, b", "'q'"]),
                    .init(id: "u", title: "U", role: "ic", phase: "p", after: ["t"])])
        let back = try loader.load(text: try PlaybookWriter.yaml(pb), name: "odd.yaml")
        #expect(samePlaybook(back, pb), "\(firstDifference(back, pb))")
    }

    @Test func aTailoredTaskMustStillBeComplete() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-tailor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.yaml").path
        try """
        id: occi-x
        extends: occi
        tasks:
          - id: new-task
            title: New
            phase: immediate
          - id: ic-declare
            role: nobody
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let findings = loader.check(path: path)
        #expect(findings.count == 2, "\(findings)")
        #expect(findings.contains { $0.file == path && $0.line == 4 && $0.message.contains("'new-task' is missing required key 'role'") })
        #expect(findings.contains { $0.file == path && $0.line == 8 && $0.column == 11 && $0.message.contains("names role 'nobody'") })
    }

    @Test func extendingItselfIsACycleNotAHang() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-tailor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: a\nextends: ./b.yaml\n".write(toFile: dir.appendingPathComponent("a.yaml").path, atomically: true, encoding: .utf8)
        try "id: b\nextends: ./a.yaml\n".write(toFile: dir.appendingPathComponent("b.yaml").path, atomically: true, encoding: .utf8)
        let findings = loader.check(path: dir.appendingPathComponent("a.yaml").path)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.message.contains("leads back to itself") == true)
    }
}

@Suite("Playbook tailoring in the library")
struct PlaybookLibraryTailoringTests {
    /// A hospital's own `occi.yaml` in `<home>/playbooks` that extends the built-in of the same id.
    @Test func aTailoredFileMayShadowTheBuiltinItExtends() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("pb-lib-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let own = home.appendingPathComponent("occi.yaml").path
        try "id: occi\nextends: occi\nversion: \"2026.1-local\"\ntasks:\n  - id: ic-declare\n    due: 10m\n"
            .write(toFile: own, atomically: true, encoding: .utf8)
        let lib = PlaybookLibrary(directories: [home.path, PlaybookFixtures.builtins.path])
        #expect(lib.resolve("occi") == own)
        let loaded = try PlaybookLoader(library: lib).load(path: own)
        let builtin = try PlaybookFixtures.loader.load(path: PlaybookFixtures.builtinPath("occi")).playbook
        #expect(loaded.playbook.version == "2026.1-local")
        #expect(loaded.playbook.tasks.count == builtin.tasks.count)
        #expect(loaded.playbook.task("ic-declare")?.due?.afterActivation == PlaybookDuration(seconds: 600))
        // Only one level of it: a file that extends itself by path is still a cycle.
        let selfish = home.appendingPathComponent("selfish.yaml").path
        try "id: selfish\nextends: ./selfish.yaml\n".write(toFile: selfish, atomically: true, encoding: .utf8)
        let f = PlaybookLoader(library: lib).check(path: selfish)
        #expect(f.map(\.description) == ["\(selfish):2:10: extends './selfish.yaml' leads back to itself"])
    }

    @Test func extendsInTextWithoutAFileIsAFinding() {
        do {
            _ = try PlaybookFixtures.loader.load(text: "id: x\nextends: occi\n", name: "t.yaml")
            Issue.record("loaded")
        } catch let RunbookError.playbook(lines) {
            #expect(lines.first == "t.yaml:2:10: extends works only in a playbook file (it is resolved from the file's place)", "\(lines)")
        } catch { Issue.record("\(error)") }
    }
}
