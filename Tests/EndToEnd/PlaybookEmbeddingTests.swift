import Foundation
import Testing

/// The build-time generator that compiles `Playbooks/*.yaml` into runbook keeps every byte of any
/// UTF-8 text, not just the plain ASCII the shipped playbooks happen to use: its Swift table is
/// compiled here and must give the same bytes back.
@Suite("playbook embedding generator", .timeLimit(.minutes(3)))
struct PlaybookEmbeddingTests {
    /// `runbook-generate`, built beside the tests' `runbook`.
    static let generator = (Runbook.builtBeside as NSString).deletingLastPathComponent + "/runbook-generate"

    @Test func theGeneratedTableGivesBackEveryByte() throws {
        let scratch = TempHome()
        defer { withExtendedLifetime(scratch) {} }
        let dir = scratch.path + "/Playbooks"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tricky = "id: tricky\r\ntitle: \"Café – naïve 👩‍⚕️ e\u{301} 中文\"\n\ttab \\ back\\slash \"quote\" \\u{41} \\(x) #\"raw\"# \u{7F}\u{1B}[0m\n"
        let files: [String: Data] = [
            "tricky.yaml": Data(tricky.utf8),
            "plain.yaml": try Data(contentsOf: Runbook.repoRoot.appendingPathComponent("Playbooks/hic-tcr.yaml")),
        ]
        for (name, bytes) in files { try bytes.write(to: URL(fileURLWithPath: dir + "/" + name)) }
        try Data("not a playbook".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))

        let table = scratch.path + "/Table.swift"
        let gen = try Dist.run(Self.generator, ["playbooks", table, dir])
        #expect(gen.status == 0, "\(gen.stderr)")
        let source = try String(contentsOfFile: table, encoding: .utf8)
        let ascii = source.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "the generated source is plain ASCII")

        // Compile the table with a main that writes each entry as `id NUL text NUL`.
        try """
            import Foundation
            struct BuiltinPlaybook {}
            for e in BuiltinPlaybook.table { FileHandle.standardOutput.write(Data((e.id + "\\u{0}" + e.text + "\\u{0}").utf8)) }
            """.write(toFile: scratch.path + "/main.swift", atomically: true, encoding: .utf8)
        let exe = scratch.path + "/dump"
        let build = try Dist.run("/usr/bin/env", ["swiftc", "-Onone", "-o", exe, scratch.path + "/main.swift", table], cwd: scratch.path)
        #expect(build.status == 0, "\(build.stderr)")
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: exe)
        let out = Pipe()
        dump.standardOutput = out
        try dump.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        dump.waitUntilExit()
        let parts = data.split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
        #expect(parts.count == 5, "\(parts.count) parts")
        guard parts.count == 5 else { return }
        #expect(String(decoding: parts[0], as: UTF8.self) == "plain" && String(decoding: parts[2], as: UTF8.self) == "tricky",
                "ids in file-name order, only .yaml")
        #expect(parts[1] == files["plain.yaml"])
        #expect(parts[3] == files["tricky.yaml"], "\(String(decoding: parts[3], as: UTF8.self).debugDescription)")
    }

    @Test func aFileThatIsNotUTF8TextStopsTheBuildNamingIt() throws {
        let scratch = TempHome()
        defer { withExtendedLifetime(scratch) {} }
        for (name, bytes) in [("nul.yaml", Data([0x69, 0x64, 0x00])), ("latin1.yaml", Data([0x69, 0x64, 0x3A, 0x20, 0xE9]))] {
            let dir = scratch.path + "/" + name
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: dir + "/" + name))
            let r = try Dist.run(Self.generator, ["playbooks", dir + "/Table.swift", dir])
            #expect(r.status == 1)
            #expect(r.stderr == "runbook-generate: error: \(dir)/\(name) is not UTF-8 text\n", "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/Table.swift"), "nothing written")
        }
    }
}
