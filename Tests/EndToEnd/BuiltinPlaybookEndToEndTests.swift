import Foundation
import Testing

/// The built-in playbooks through the real binary: where each playbook comes from, the search
/// order, `show --source`, and the bytes an incident freezes.
@Suite("built-in playbooks end to end")
struct BuiltinPlaybookEndToEndTests {
    static func shipped(_ id: String) throws -> Data {
        try Data(contentsOf: Runbook.repoRoot.appendingPathComponent("Playbooks/\(id).yaml"))
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func showSourcePrintsTheBuiltInYAMLByteForByte(_ id: String) throws {
        let r = try Runbook.run(["playbooks", "show", id, "--source"], home: TempHome().path, env: ["RUNBOOK_PLAYBOOKS": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Data(r.stdout.utf8) == (try Self.shipped(id)))
        #expect(r.stderr.isEmpty)
    }

    @Test func showSourceOfAnUnknownPlaybookIsOneLine() throws {
        let r = try Runbook.run(["playbooks", "show", "occ", "--source"], home: TempHome().path)
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("runbook: error: no playbook 'occ'; did you mean occi?"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func anIncidentOnABuiltInFreezesItsExactBytes() throws {
        let home = TempHome()
        let id = try home.newIncident(playbook: "hic-tcr")
        let frozen = try Data(contentsOf: URL(fileURLWithPath: home.path + "/incidents/\(id)/playbook.yaml"))
        #expect(frozen == (try Self.shipped("hic-tcr")))
        let v = try Runbook.run(["verify"], home: home.path)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }

    /// RUNBOOK_PLAYBOOKS before <home>/playbooks before an installed share/runbook/playbooks
    /// before the built-ins; and the list says which one won.
    @Test func theSearchOrderAndWhereEachComesFrom() throws {
        let root = TempHome()
        let fm = FileManager.default
        // An installed layout: <prefix>/bin/runbook beside <prefix>/share/runbook/playbooks.
        let prefix = root.path + "/prefix"
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/share/runbook/playbooks", withIntermediateDirectories: true)
        // A hard link, not a copy: a copy's write descriptor, inherited by a child another test
        // spawns at that moment, makes running the copy fail with "Text file busy" (ETXTBSY).
        do { try fm.linkItem(atPath: Runbook.path, toPath: prefix + "/bin/runbook") } catch { try fm.copyItem(atPath: Runbook.path, toPath: prefix + "/bin/runbook") }
        let env = root.path + "/env", home = root.path + "/home"
        try fm.createDirectory(atPath: env, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: home + "/playbooks", withIntermediateDirectories: true)
        func tailored(_ id: String, _ title: String, extends base: String) -> String {
            "id: \(id)\ntitle: \(title)\nversion: \"\(title.lowercased().replacingOccurrences(of: " ", with: "-"))\"\nextends: \(base)\n"
        }
        // occi: env extends home extends installed extends the built-in; hic-tcr: installed only.
        try tailored("occi", "Env OCCI", extends: "occi").write(toFile: env + "/occi.yaml", atomically: true, encoding: .utf8)
        try tailored("occi", "Home OCCI", extends: "occi").write(toFile: home + "/playbooks/occi.yaml", atomically: true, encoding: .utf8)
        try tailored("occi", "Installed OCCI", extends: "occi").write(toFile: prefix + "/share/runbook/playbooks/occi.yaml", atomically: true, encoding: .utf8)
        try tailored("hic-tcr", "Installed HIC", extends: "hic-tcr").write(toFile: prefix + "/share/runbook/playbooks/hic-tcr.yaml", atomically: true, encoding: .utf8)
        try tailored("ours", "Our Own", extends: "occi").write(toFile: home + "/playbooks/ours.yaml", atomically: true, encoding: .utf8)

        func list(_ extra: [String: String]) throws -> [String: String] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: prefix + "/bin/runbook")
            p.arguments = ["playbooks", "list"]
            var e = ProcessInfo.processInfo.environment
            e["RUNBOOK_HOME"] = home
            e.removeValue(forKey: "RUNBOOK_PLAYBOOKS")
            for (k, v) in extra { e[k] = v }
            p.environment = e
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            var rows: [String: String] = [:]
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if cols.count == 5 { rows[cols[0]] = cols[1] + " | " + cols[4] }
            }
            return rows
        }
        let plain = try Runbook.run(["playbooks", "list"], home: TempHome().path).stdout
        #expect(plain.contains("occi\tOperational Continuity - Cyber Incident\t"), "\(plain)")

        let all = try list(["RUNBOOK_PLAYBOOKS": env])
        #expect(all["occi"] == "Env OCCI | RUNBOOK_PLAYBOOKS folder: \(env)/occi.yaml (instead of the built-in)", "\(all)")
        #expect(all["hic-tcr"] == "Installed HIC | installed: \(prefix)/share/runbook/playbooks/hic-tcr.yaml (instead of the built-in)", "\(all)")
        #expect(all["ours"] == "Our Own | your playbooks folder: \(home)/playbooks/ours.yaml", "\(all)")
        let noEnv = try list([:])
        #expect(noEnv["occi"] == "Home OCCI | your playbooks folder: \(home)/playbooks/occi.yaml (instead of the built-in)", "\(noEnv)")
        try fm.removeItem(atPath: home + "/playbooks/occi.yaml")
        try fm.removeItem(atPath: prefix + "/share/runbook/playbooks/hic-tcr.yaml")
        let installed = try list([:])
        #expect(installed["occi"] == "Installed OCCI | installed: \(prefix)/share/runbook/playbooks/occi.yaml (instead of the built-in)", "\(installed)")
        #expect(installed["hic-tcr"] == "Health Industry Cybersecurity Tactical Crisis Response | built into runbook", "\(installed)")
        // What `make install` puts there: copies of the built-ins, and the list says so.
        try fm.copyItem(atPath: Runbook.repoRoot.appendingPathComponent("Playbooks/hic-tcr.yaml").path, toPath: prefix + "/share/runbook/playbooks/hic-tcr.yaml")
        let copies = try list([:])
        #expect(copies["hic-tcr"] == "Health Industry Cybersecurity Tactical Crisis Response | installed: \(prefix)/share/runbook/playbooks/hic-tcr.yaml (the same as the built-in)", "\(copies)")
    }
}
