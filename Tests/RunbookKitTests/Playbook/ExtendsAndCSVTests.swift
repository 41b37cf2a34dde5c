import Foundation
import Testing
@testable import RunbookKit

/// Issue 20, point 10: `extends:` builds only on playbooks, and never names another file's
/// keys; a CSV of a damaged journal says so in the file.
@Suite("Extends only playbooks; a damaged journal's CSV")
struct ExtendsAndCSVTests {
    static let tailoring = """
    id: mine
    title: Mine
    version: "1"
    extends: %@
    tasks:
      - {id: extra, title: Extra, role: ic, phase: immediate}

    """

    /// Attack: `extends:` naming a shell profile, a secrets file (YAML-looking, no id), a
    /// .yaml file that is a list, and a .yaml with no id. Each is one finding at the extends
    /// line; none of the other file's keys or values appears in the findings.
    @Test func extendsRefusesFilesThatAreNotPlaybooks() throws {
        let dir = EngineTempDir()
        let profile = dir.path + "/.bashrc"
        try "export SECRET_TOKEN=hunter2\nalias ll='ls -l'\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let secrets = dir.path + "/secrets.txt"
        try "db_password: hunter2\napi_key: sk-live-1234\n".write(toFile: secrets, atomically: true, encoding: .utf8)
        let secretsYAML = dir.path + "/secrets.yaml"
        try "db_password: hunter2\napi_key: sk-live-1234\n".write(toFile: secretsYAML, atomically: true, encoding: .utf8)
        let list = dir.path + "/list.yml"
        try "- hunter2\n- sk-live-1234\n".write(toFile: list, atomically: true, encoding: .utf8)
        for target in [profile, secrets, secretsYAML, list] {
            let file = dir.path + "/mine.yaml"
            try String(format: Self.tailoring, target).write(toFile: file, atomically: true, encoding: .utf8)
            switch PlaybookFixtures.loadOrFindings(file) {
            case .success: Issue.record("\(target) was extended")
            case .failure(let f):
                let all = f.description
                #expect(f.lines.count == 1, "\(all)")
                #expect(all.contains("mine.yaml:4:"), "\(all)")
                #expect(all.contains("built-in playbook or a .yaml/.yml playbook file"), "\(all)")
                for leak in ["hunter2", "sk-live", "db_password", "api_key", "SECRET_TOKEN", "alias"] {
                    #expect(!all.contains(leak), "\(target): \(all)")
                }
            }
        }
    }

    /// A built-in id and a real playbook file are still extended.
    @Test func extendsStillTakesPlaybooks() throws {
        let dir = EngineTempDir()
        let file = dir.path + "/mine.yaml"
        try String(format: Self.tailoring, "occi").write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try PlaybookFixtures.loader.load(path: file)
        #expect(loaded.playbook.task("extra") != nil)
        let second = dir.path + "/second.yml"
        try String(format: Self.tailoring, file).replacingOccurrences(of: "id: mine", with: "id: second")
            .replacingOccurrences(of: "id: extra", with: "id: extra2").write(toFile: second, atomically: true, encoding: .utf8)
        let chained = try PlaybookFixtures.loader.load(path: second)
        #expect(chained.playbook.task("extra") != nil && chained.playbook.task("extra2") != nil)
    }

    /// A CSV made from a journal that failed its check starts with a row saying so; an intact
    /// one starts with its header, as before.
    @Test func aDamagedJournalsCSVSaysSo() throws {
        let f = try EngineFixture(twoHatsYAML)
        try f.act(.note("n", tag: nil))
        let intact = Reports.text(.csv, engine: f.engine)
        #expect(intact.hasPrefix("seq,"))
        let damaged = Reports.text(.csv, engine: f.engine, options: ReportOptions(check: .init(problem: "entry 3: its hash does not match")))
        let first = damaged.split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(first.contains("WARNING") && first.contains("entry 3: its hash does not match") && first.contains("not a verified record"), "\(first)")
        #expect(damaged.split(separator: "\r\n").dropFirst().first?.hasPrefix("seq,") == true)
    }
}
