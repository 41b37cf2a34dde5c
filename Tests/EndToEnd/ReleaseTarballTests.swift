import Foundation
import Testing

/// What `make dist` made. `make test` packs the tarball twice (into two folders) from the one
/// static binary it links beside the tests, and names both here; a bare `swift test` has no
/// tarball and says so instead of testing it.
enum Dist {
    static let tarball = nonEmpty("RUNBOOK_DIST")
    static let again = nonEmpty("RUNBOOK_DIST_AGAIN")
    static let skipReason: Comment = "RUNBOOK_DIST is not set, so there is no release tarball to test: run 'make test', which builds it with 'make dist' first"

    static func nonEmpty(_ name: String) -> String? {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else { return nil }
        return v
    }

    /// The tarball's top folder: `runbook-VERSION-linux-ARCH`.
    static func folderName(_ tarball: String) -> String {
        String((tarball as NSString).lastPathComponent.dropLast(".tar.gz".count))
    }

    /// Unpacks `tarball` into a fresh scratch folder; returns the scratch folder and the top folder inside.
    static func unpack(_ tarball: String) throws -> (scratch: TempHome, top: String) {
        let scratch = TempHome()
        let r = try run("/usr/bin/env", ["tar", "-xzf", tarball, "-C", scratch.path])
        guard r.status == 0 else { throw HarnessError("tar -xzf \(tarball) failed: \(r.stderr)") }
        return (scratch, scratch.path + "/" + folderName(tarball))
    }

    /// The tarball's member names, sorted.
    static func members(_ tarball: String) throws -> [String] {
        let r = try run("/usr/bin/env", ["tar", "-tzf", tarball])
        guard r.status == 0 else { throw HarnessError("tar -tzf \(tarball) failed: \(r.stderr)") }
        return r.stdout.split(separator: "\n").map(String.init).sorted()
    }

    /// Runs `exe args…` with exactly `env` (nothing inherited) in `cwd`, and waits for it.
    static func run(_ exe: String, _ args: [String], env: [String: String]? = nil, cwd: String? = nil) throws -> Runbook.Result {
        try Runbook.runProcess(exe, args, env: env, cwd: cwd)
    }

    /// The repository's shipped playbook files, by name.
    static func shippedPlaybooks() throws -> [String: Data] {
        let dir = Runbook.repoRoot.appendingPathComponent("Playbooks").path
        var out: [String: Data] = [:]
        for n in try FileManager.default.contentsOfDirectory(atPath: dir) where n.hasSuffix(".yaml") {
            out[n] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + n))
        }
        return out
    }
}

@Suite("release tarball", .enabled(if: Dist.tarball != nil, Dist.skipReason), .timeLimit(.minutes(3)))
struct ReleaseTarballTests {
    let tarball = Dist.tarball ?? ""

    @Test func itHoldsTheBinaryReadmePlaybooksManPageCompletionsAndChecksums() throws {
        let top = Dist.folderName(tarball)
        let arch = try Dist.run("/usr/bin/env", ["uname", "-m"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(top.hasPrefix("runbook-") && top.hasSuffix("-linux-\(arch)"), "\(top)")
        let playbooks = try Dist.shippedPlaybooks()
        let files = ["runbook", "README.md", "SHA256SUMS", "man/runbook.1",
                     "completions/runbook.bash", "completions/_runbook", "completions/runbook.fish"]
            + playbooks.keys.map { "playbooks/" + $0 }
        let folders = ["", "playbooks/", "man/", "completions/"]
        #expect(try Dist.members(tarball) == (files + folders).map { top + "/" + $0 }.sorted())

        let (scratch, dir) = try Dist.unpack(tarball)
        defer { withExtendedLifetime(scratch) {} }
        // The checksums: every file inside, and the tarball itself beside it.
        let inside = try Dist.run("/usr/bin/env", ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd: dir)
        #expect(inside.status == 0, "\(inside.stdout)\(inside.stderr)")
        let listed = inside.stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }.sorted()
        #expect(listed == files.filter { $0 != "SHA256SUMS" }.sorted())
        let beside = try Dist.run("/usr/bin/env", ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd: (tarball as NSString).deletingLastPathComponent)
        #expect(beside.status == 0 && beside.stdout == (tarball as NSString).lastPathComponent + ": OK\n", "\(beside.stdout)\(beside.stderr)")

        #expect(FileManager.default.isExecutableFile(atPath: dir + "/runbook"))
        #expect(FileManager.default.contents(atPath: dir + "/README.md") == FileManager.default.contents(atPath: Runbook.repoRoot.appendingPathComponent("README.md").path))
        for (name, bytes) in playbooks { #expect(FileManager.default.contents(atPath: dir + "/playbooks/" + name) == bytes, "\(name)") }

        // The man page is runbook's own (generate-manual), and names every command.
        let man = try String(contentsOfFile: dir + "/man/runbook.1", encoding: .utf8)
        #expect(man.contains(".TH RUNBOOK 1"), "\(man.prefix(300))")
        for command in ["new", "open", "board", "verify", "report", "playbooks"] { #expect(man.contains(".SS \"runbook \(command)"), "\(command)") }
        // The completions come from the binary itself, one per shell.
        let bash = try String(contentsOfFile: dir + "/completions/runbook.bash", encoding: .utf8)
        #expect(bash.contains("complete -") && bash.contains("runbook") && bash.contains("playbooks"))
        let zsh = try String(contentsOfFile: dir + "/completions/_runbook", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef runbook"))
        let fish = try String(contentsOfFile: dir + "/completions/runbook.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'runbook'") && fish.contains("playbooks"))
    }

    /// The downtime laptop: the binary copied alone into an empty folder, a fresh home, no
    /// RUNBOOK_PLAYBOOKS, no library path, run from a folder outside the source tree.
    @Test func theBinaryCopiedAloneStartsBothBuiltInsVerifiesAndReports() throws {
        let (scratch, dir) = try Dist.unpack(tarball)
        defer { withExtendedLifetime(scratch) {} }
        let alone = TempHome(), cwd = TempHome(), home = TempHome()
        defer { withExtendedLifetime((alone, cwd, home)) {} }
        let exe = alone.path + "/runbook"
        try FileManager.default.copyItem(atPath: dir + "/runbook", toPath: exe)
        #expect(try FileManager.default.contentsOfDirectory(atPath: alone.path) == ["runbook"])
        #expect(!cwd.path.hasPrefix(Runbook.repoRoot.standardized.path + "/"))
        let env = ["PATH": "/usr/bin:/bin", "HOME": home.path, "RUNBOOK_HOME": home.path + "/runbook",
                   "RUNBOOK_ACTOR": "nurse", "LD_LIBRARY_PATH": "", "TERM": "dumb", "LANG": "C.UTF-8"]
        func runbook(_ args: [String]) throws -> Runbook.Result { try Dist.run(exe, args, env: env, cwd: cwd.path) }

        let version = try runbook(["--version"])
        #expect(version.status == 0, "\(version.stderr)")
        let words = version.stdout.trimmingCharacters(in: .newlines).split(separator: " ")
        #expect(words.count == 3 && words[1] == "(commit", "\(version.stdout)")
        #expect(Dist.folderName(tarball).hasPrefix("runbook-\(words.first ?? "?")-linux-"))

        let playbooks = try Dist.shippedPlaybooks()
        var ids: [String] = []
        for pb in ["occi", "hic-tcr"] {
            let r = try runbook(["new", "--playbook", pb, "--name", "Downtime drill \(pb)", "--exercise"])
            #expect(r.status == 0, "new --playbook \(pb): \(r.stderr)")
            ids.append(r.lastLine)
            let frozen = FileManager.default.contents(atPath: home.path + "/runbook/incidents/\(r.lastLine)/playbook.yaml")
            #expect(frozen == playbooks[pb + ".yaml"], "incident on \(pb) froze other bytes than Playbooks/\(pb).yaml")
        }
        let list = try runbook(["playbooks", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n")
        #expect(rows.count == 2, "\(list.stdout)")
        for pb in ["occi", "hic-tcr"] {
            #expect(rows.contains { $0.hasPrefix(pb + "\t") && $0.hasSuffix("\tbuilt into runbook") }, "\(list.stdout)")
        }
        for id in ids {
            let v = try runbook(["--incident", id, "verify"])
            #expect(v.status == 0, "verify \(id): \(v.stdout)\(v.stderr)")
            let rep = try runbook(["--incident", id, "report"])
            #expect(rep.status == 0, "report \(id): \(rep.stderr)")
            #expect(rep.stdout.contains("Downtime drill"), "\(rep.stdout.prefix(400))")
        }
    }

    /// The Swift runtime is inside the binary: ldd names none of its libraries, every library it
    /// does need is found, and those are the ones every Linux has (libc and friends, ncursesw).
    @Test func lddListsNoSwiftRuntimeLibrary() throws {
        let (scratch, dir) = try Dist.unpack(tarball)
        defer { withExtendedLifetime(scratch) {} }
        let r = try Dist.run("/usr/bin/env", ["ldd", dir + "/runbook"], env: ["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!lines.isEmpty)
        let swiftRuntime = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libXCTest", "libTesting"]
        for line in lines {
            #expect(!swiftRuntime.contains { line.contains($0) }, "a Swift runtime library: \(line)")
            #expect(!line.contains("not found"), "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("libncursesw.so") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("libc.so") }, "\(r.stdout)")
    }
}

@Suite("release tarball packed twice", .enabled(if: Dist.tarball != nil && Dist.again != nil, Dist.skipReason))
struct ReleaseTarballTwiceTests {
    /// `make dist` of one build, twice: byte for byte the same tarball (file order, owners, times
    /// and gzip header are fixed), so a copy can be checked against a published SHA-256.
    @Test func makeDistTwiceGivesTheSameBytes() throws {
        let first = Dist.tarball ?? "", second = Dist.again ?? ""
        #expect(first != second)
        #expect((first as NSString).lastPathComponent == (second as NSString).lastPathComponent)
        let a = try #require(FileManager.default.contents(atPath: first))
        #expect(a == FileManager.default.contents(atPath: second), "the two tarballs differ")
        #expect(try Dist.members(first) == (try Dist.members(second)))
        let (s1, d1) = try Dist.unpack(first)
        let (s2, d2) = try Dist.unpack(second)
        defer { withExtendedLifetime((s1, s2)) {} }
        let playbooks = try Dist.shippedPlaybooks()
        #expect(!playbooks.isEmpty)
        for (name, bytes) in playbooks {
            let a = FileManager.default.contents(atPath: d1 + "/playbooks/" + name)
            let b = FileManager.default.contents(atPath: d2 + "/playbooks/" + name)
            #expect(a == bytes && b == bytes, "\(name)")
        }
    }
}
