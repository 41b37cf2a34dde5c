import Foundation
import RunbookKit
import Testing

/// `runbook playbooks …` and `runbook new --playbook` with good, broken and hostile files.
@Suite("Playbook commands end to end", .timeLimit(.minutes(3)))
struct PlaybookCommandTests {
    static let fixtures = Runbook.repoRoot.appendingPathComponent("Tests/RunbookKitTests/Fixtures")
    static func broken(_ name: String) -> String { fixtures.appendingPathComponent("broken/" + name).path }
    static let tailored = fixtures.appendingPathComponent("tailored/st-elsewhere.yaml").path
    static let occiPath = Runbook.repoRoot.appendingPathComponent("Playbooks/occi.yaml").path

    /// `FILE:LINE:COLUMN: message`
    static func parseFinding(_ line: Substring) -> (file: String, line: Int, column: Int, message: String)? {
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let l = Int(parts[1]), let c = Int(parts[2]), l >= 1, c >= 1,
              parts[3].hasPrefix(" "), parts[3].count > 1 else { return nil }
        return (String(parts[0]), l, c, String(parts[3].dropFirst()))
    }

    /// Everything under the home's incidents directory.
    static func incidentEntries(_ home: TempHome) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")) ?? []
    }

    /// A scratch directory for hostile files, removed at the end.
    final class Scratch {
        let path: String
        init() {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-pb-\(UUID().uuidString.prefix(8))").path
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ name: String, _ data: Data) -> String {
            let p = path + "/" + name
            FileManager.default.createFile(atPath: p, contents: data)
            return p
        }
    }

    // MARK: check

    @Test func checkOfCleanFilesExitsZero() throws {
        let hic = Runbook.repoRoot.appendingPathComponent("Playbooks/hic-tcr.yaml").path
        let r = try Runbook.run(["playbooks", "check", Self.occiPath, hic, Self.tailored], home: TempHome().path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "\(Self.occiPath): ok\n\(hic): ok\n\(Self.tailored): ok\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func checkReportsEveryMistakeAsFileLineColumnMessage() throws {
        let path = Self.broken("several-mistakes.yaml")
        let r = try Runbook.run(["playbooks", "check", path], home: TempHome().path)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 9, "\(r.stdout)")
        for l in lines {
            let f = Self.parseFinding(l)
            #expect(f != nil, "not FILE:LINE:COLUMN: message: \(l)")
            #expect(f?.file == path)
        }
        #expect(lines.map { Self.parseFinding($0)?.line ?? 0 } == [4, 7, 19, 22, 24, 25, 26, 27, 30])
        #expect(lines.first == "\(path):4:1: unknown key 'colour' (allowed: id, title, version, source, extends, drop, roles, phases, decisions, systems, tasks)")
        #expect(r.stdout.contains("\(path):30:5: unknown key 'tittle' in task — did you mean title?"))
    }

    /// A compound `when:` names its missing decision or option where it is written.
    @Test func checkNamesAMissingDecisionOrOptionInsideAllOrAny() throws {
        let all = Self.broken("when-all-unknown-decision.yaml"), any = Self.broken("when-any-unknown-option.yaml")
        let r = try Runbook.run(["playbooks", "check", all, any], home: TempHome().path)
        #expect(r.status == 1)
        #expect(r.stdout == "\(all):27:34: when names decision 'isolaton', which is not defined\n"
                + "\(any):27:46: decision 'downtime' has no option 'maybe' (its options: yes, no)\n", "\(r.stdout)")
        let home = TempHome()
        let n = try Runbook.run(["new", "--playbook", any, "--name", "x"], home: home.path)
        #expect(n.status != 0 && n.stderr.contains("\(any):27:46: decision 'downtime' has no option 'maybe'"), "\(n.stderr)")
        let incidents = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/incidents")) ?? []
        #expect(incidents.isEmpty, "a refused playbook starts no incident")
    }

    @Test func checkOfManyFilesReportsEachAndFailsIfAnyIsBroken() throws {
        let names = ["cycle.yaml", "unknown-task-key-near-miss.yaml", "duplicate-task-id.yaml", "yaml-tab.yaml", "extends-nothing.yaml"]
        let r = try Runbook.run(["playbooks", "check", Self.occiPath] + names.map(Self.broken), home: TempHome().path)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + names.count, "\(r.stdout)")
        #expect(lines.first == "\(Self.occiPath): ok")
        #expect(lines.contains { $0.hasPrefix(Self.broken("cycle.yaml") + ":17:12: dependency cycle: alpha → gamma → beta → alpha") })
        #expect(lines.contains(Self.broken("unknown-task-key-near-miss.yaml") + ":21:5: unknown key 'deu' in task — did you mean due?"))
        #expect(lines.contains { $0.hasPrefix(Self.broken("duplicate-task-id.yaml") + ":22:9: duplicate task id 'declare'") })
        #expect(lines.contains { $0.hasPrefix(Self.broken("yaml-tab.yaml") + ":18:1: bad YAML") })
        #expect(lines.contains { $0.hasPrefix(Self.broken("extends-nothing.yaml") + ":2:10: extends names no playbook 'occci'; did you mean occi?") })
    }

    @Test func checkWithoutFilesIsAUsageError() throws {
        let r = try Runbook.run(["playbooks", "check"], home: TempHome().path)
        #expect(r.status != 0 && r.status != 1)
        #expect(r.stderr.hasPrefix("runbook: error:"))
    }

    // MARK: new with a broken playbook

    @Test func newWithABrokenPlaybookWritesNothing() throws {
        let home = TempHome()
        let path = Self.broken("several-mistakes.yaml")
        let r = try Runbook.run(["new", "--playbook", path, "--name", "Broken"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty, "\(r.stdout)")
        // One error line: the first finding, and how many more the checker will list.
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("runbook: error: \(path):"), "\(r.stderr)")
        #expect(r.stderr.contains("(and 8 more: run 'runbook playbooks check'"), "\(r.stderr)")
        #expect(Self.incidentEntries(home).isEmpty, "\(Self.incidentEntries(home))")
        // And no incident to act on afterwards.
        let s = try Runbook.run(["status"], home: home.path)
        #expect(s.status != 0)
    }

    @Test func newWithOneMistakeNamesFileAndLine() throws {
        let home = TempHome()
        let path = Self.broken("unknown-role.yaml")
        let r = try Runbook.run(["new", "--playbook", path, "--name", "Broken"], home: home.path)
        #expect(r.status != 0)
        #expect(r.stderr == "runbook: error: \(path):19:11: task 'declare' names role 'comander', which is not defined\n")
        #expect(Self.incidentEntries(home).isEmpty)
    }

    // MARK: hostile files

    /// What the hostile files must each produce: one finding on line 1, the given words, no crash.
    static let hostile: [(name: String, phrase: String)] = [
        ("empty.yaml", "is empty"),
        ("blank.yaml", "is empty"),
        ("binary.yaml", "not a text file"),
        ("latin1.yaml", "not UTF-8"),
        ("huge.yaml", "too large"),
        ("page.yaml", "must be a mapping"),
        ("notes.txt", "must be a mapping"),
        ("settings.ini", "bad YAML"),
        ("directory.yaml", "is a directory"),
        ("missing.yaml", "cannot read the playbook"),
    ]

    static func makeHostile(_ s: Scratch) -> [String: String] {
        var rng = SystemRandomNumberGenerator()
        var random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        random[17] = 0
        var huge = Data(capacity: 50 << 20)
        let chunk = Data(String(repeating: "# padding to make this file fifty megabytes long\n", count: 1000).utf8)
        while huge.count < 50 << 20 { huge.append(chunk) }
        try? FileManager.default.createDirectory(atPath: s.path + "/directory.yaml", withIntermediateDirectories: true)
        return [
            "empty.yaml": s.write("empty.yaml", Data()),
            "blank.yaml": s.write("blank.yaml", Data("\n  \n\t\n".utf8)),
            "binary.yaml": s.write("binary.yaml", Data(random)),
            "latin1.yaml": s.write("latin1.yaml", Data("id: caf\u{E9}\n".data(using: .isoLatin1)!)),
            "huge.yaml": s.write("huge.yaml", huge),
            "page.yaml": s.write("page.yaml", Data("<html><body><h1>Downtime procedures</h1></body></html>\n".utf8)),
            "notes.txt": s.write("notes.txt", Data("Call the EHR vendor back tomorrow morning\nand ask about the restore window\n".utf8)),
            "settings.ini": s.write("settings.ini", Data("[network]\nisolated=true\n[phones]\nvoip=down\n".utf8)),
            "directory.yaml": s.path + "/directory.yaml",
            "missing.yaml": s.path + "/missing.yaml",
        ]
    }

    @Test func hostileFilesEachGetOneClearFindingAndWriteNothing() throws {
        let scratch = Scratch()
        let files = Self.makeHostile(scratch)
        let huge = try #require(files["huge.yaml"])
        #expect(((try? FileManager.default.attributesOfItem(atPath: huge)[.size] as? Int) ?? 0) >= 50 << 20)
        for (name, phrase) in Self.hostile {
            let path = try #require(files[name])
            let home = TempHome()
            let c = try Runbook.run(["playbooks", "check", path], home: home.path)
            #expect(c.status == 1, "\(name): \(c.status) \(c.stderr)")
            let lines = c.stdout.split(separator: "\n")
            #expect(lines.count == 1, "\(name): \(c.stdout)")
            let f = lines.first.flatMap(Self.parseFinding)
            #expect(f?.file == path, "\(name): \(c.stdout)")
            #expect(f?.message.contains(phrase) == true, "\(name): \(c.stdout)")
            #expect(c.stderr.isEmpty, "\(name): \(c.stderr)")

            let n = try Runbook.run(["new", "--playbook", path, "--name", "Hostile"], home: home.path)
            #expect(n.status == 1, "\(name): \(n.status) \(n.stderr)")
            #expect(n.stderr.hasPrefix("runbook: error: \(path):"), "\(name): \(n.stderr)")
            #expect(n.stderr.contains(phrase), "\(name): \(n.stderr)")
            #expect(n.stderr.split(separator: "\n").count == 1, "\(name): \(n.stderr)")
            #expect(Self.incidentEntries(home).isEmpty, "\(name) left \(Self.incidentEntries(home))")
        }
    }

    @Test func deeplyNestedFileIsAFindingNotACrash() throws {
        let scratch = Scratch()
        let deep = scratch.write("deep.yaml", Data(("id: deep\ntitle: Deep\nversion: \"1\"\ntasks: " + String(repeating: "[", count: 10_000) + "\n").utf8))
        let blocks = scratch.write("blocks.yaml", Data(("tasks:\n" + (1..<2_000).map { String(repeating: " ", count: $0) + "a:\n" }.joined()).utf8))
        for (path, line) in [(deep, 4), (blocks, 1000)] {
            let r = try Runbook.run(["playbooks", "check", path], home: TempHome().path)
            #expect(r.status == 1, "\(r.stderr)")
            let f = r.stdout.split(separator: "\n").first.flatMap(Self.parseFinding)
            #expect(r.stdout.split(separator: "\n").count == 1, "\(r.stdout)")
            #expect(f?.line ?? 0 >= line, "\(r.stdout)")
            #expect(f?.message.contains("nested") == true, "\(r.stdout)")
        }
    }

    // MARK: list, show, print

    @Test func listShowsBothBuiltinsWithTaskCounts() throws {
        let r = try Runbook.run(["playbooks", "list"], home: TempHome().path)
        #expect(r.status == 0, "\(r.stderr)")
        func tasks(_ id: String) -> Int? {
            guard let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix(id + "\t") }) else { return nil }
            let cols = line.split(separator: "\t")
            guard let c = cols.first(where: { $0.hasSuffix(" tasks") }) else { return nil }
            return Int(c.dropLast(6))
        }
        #expect((tasks("occi") ?? 0) >= 95, "\(r.stdout)")
        #expect((tasks("hic-tcr") ?? 0) >= 40, "\(r.stdout)")
        #expect(r.stdout.contains("Operational Continuity - Cyber Incident"))
    }

    @Test func listIncludesATailoredPlaybookInTheHome() throws {
        let home = TempHome()
        try FileManager.default.createDirectory(atPath: home.path + "/playbooks", withIntermediateDirectories: true)
        try String(contentsOfFile: Self.tailored, encoding: .utf8)
            .write(toFile: home.path + "/playbooks/st-elsewhere.yaml", atomically: true, encoding: .utf8)
        try "id: bad\n".write(toFile: home.path + "/playbooks/bad.yaml", atomically: true, encoding: .utf8)
        let r = try Runbook.run(["playbooks", "list"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        let occi = try RunbookKit.PlaybookLoader(library: PlaybookLibrary(directories: [Runbook.repoRoot.appendingPathComponent("Playbooks").path]))
            .load(path: Self.occiPath).playbook
        #expect(r.stdout.contains("st-elsewhere\tOCCI for St Elsewhere\t2026.1-se1\t\(occi.tasks.count) tasks\t"), "\(r.stdout)")
        #expect(r.stdout.contains("bad\t(has mistakes"), "\(r.stdout)")
    }

    @Test(arguments: ["show", "print"])
    func showAndPrintContainTheTasks(_ verb: String) throws {
        let r = try Runbook.run(["playbooks", verb, "occi"], home: TempHome().path)
        #expect(r.status == 0, "\(r.stderr)")
        let pb = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: Self.occiPath).playbook
        let missing = pb.tasks.filter { !r.stdout.contains($0.title) }.map(\.id)
        #expect(missing.isEmpty, "\(verb) lacks \(missing.count) task titles: \(missing.prefix(5))")
        #expect(r.stdout.contains("Activate the hospital command center"))
        let hic = try Runbook.run(["playbooks", verb, "hic-tcr"], home: TempHome().path)
        #expect(hic.status == 0)
        #expect(hic.stdout.contains("Health Industry Cybersecurity Tactical Crisis Response"))
    }

    @Test(arguments: ["show", "print"])
    func showAndPrintOfABrokenOrUnknownPlaybookFail(_ verb: String) throws {
        let r = try Runbook.run(["playbooks", verb, Self.broken("cycle.yaml")], home: TempHome().path)
        #expect(r.status == 1)
        #expect(r.stderr.contains(":17:12: dependency cycle"))
        let u = try Runbook.run(["playbooks", verb, "occ"], home: TempHome().path)
        #expect(u.status != 0)
        #expect(u.stderr.hasPrefix("runbook: error: no playbook 'occ'; did you mean occi?"), "\(u.stderr)")
    }

    // MARK: new with a tailored playbook

    @Test func newWithATailoredPlaybookFreezesTheMergedOne() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: Self.tailored, name: "Tailored outage")
        let frozenPath = home.path + "/incidents/\(id)/playbook.yaml"
        let frozen = try String(contentsOfFile: frozenPath, encoding: .utf8)
        // The frozen copy stands alone: no extends, no drop, the merged tasks.
        let topKeys = frozen.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }.map { line in String(line.prefix { ch in ch != ":" }) }
        #expect(topKeys == ["id", "title", "version", "source", "roles", "phases", "decisions", "systems", "tasks"])
        let loader = PlaybookLoader(library: PlaybookLibrary(directories: []))
        let pb = try loader.load(path: frozenPath).playbook
        let occi = try loader.load(path: Self.occiPath).playbook
        #expect(pb.id == "occi-st-elsewhere")
        #expect(pb.tasks.count == occi.tasks.count)
        #expect(pb.task("county-call")?.role == "county")
        #expect(pb.task("ic-appoint-command-staff") == nil)
        #expect(pb.task("ic-set-objectives")?.after.contains("ic-activate-command") == true)
        #expect(pb.task("ic-activate-command")?.due?.afterActivation?.seconds == 20 * 60)
        #expect(pb.role("county") != nil)
        // The journal names it and seals the frozen bytes.
        let first = try home.journal(id)[0]
        #expect(first["playbook"] as? String == "occi-st-elsewhere")
        #expect(first["playbookTitle"] as? String == "OCCI for St Elsewhere")
        #expect(first["playbookVersion"] as? String == "2026.1-se1")
        let status = try Runbook.run(["status", "--json"], home: home.path)
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"county-call\""))
        #expect(!status.stdout.contains("\"ic-appoint-command-staff\""))
        // Acting on the added task works; on the dropped one is refused.
        let done = try Runbook.run(["do", "ic-declare", "done"], home: home.path)
        #expect(done.status == 0, "\(done.stderr)")
        let call = try Runbook.run(["do", "county-call", "start"], home: home.path)
        #expect(call.status == 0, "\(call.stderr)")
        let dropped = try Runbook.run(["do", "ic-appoint-command-staff", "done"], home: home.path)
        #expect(dropped.status != 0)
        let v = try Runbook.run(["verify"], home: home.path)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }

    @Test func newWithABuiltinFreezesItsExactBytes() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "occi")
        let frozen = try Data(contentsOf: URL(fileURLWithPath: home.path + "/incidents/\(id)/playbook.yaml"))
        #expect(frozen == (try Data(contentsOf: URL(fileURLWithPath: Self.occiPath))))
    }
}
