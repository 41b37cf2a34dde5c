import Foundation

// runbook-generate: the build-time generator behind the EmbedPlaybooks and StampBuild plugins.
//
//   runbook-generate playbooks OUT.swift PLAYBOOKS-DIR         the shipped playbooks as a Swift table
//   runbook-generate stamp OUT.swift [GIT-DIR COMMON-DIR]      the commit the binary is built from
//
// Output is written only when it differs, so an unchanged playbook recompiles nothing.

/// Stops the build with one line naming the problem.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("runbook-generate: error: \(message)\n".utf8))
    exit(1)
}

/// `text` as a Swift string literal that yields exactly the same Unicode scalars, hence the same
/// UTF-8 bytes: ASCII printables stay as they are, everything else is a `\u{…}` escape.
func swiftLiteral(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
    for s in text.unicodeScalars {
        switch s {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case " "..."~": out.unicodeScalars.append(s)
        default: out += "\\u{" + String(s.value, radix: 16) + "}"
        }
    }
    return out + "\""
}

/// Writes `text` to `path` unless the file already holds exactly that.
func writeIfChanged(_ text: String, to path: String) {
    let data = Data(text.utf8)
    if FileManager.default.contents(atPath: path) == data { return }
    guard FileManager.default.createFile(atPath: path, contents: data) else { fail("cannot write \(path)") }
}

/// The playbook table: one entry per file, its id the file name without `.yaml`.
func playbooks(output: String, inputs: [String]) {
    var rows: [String] = []
    for path in inputs.sorted() {
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        guard !data.contains(0), let text = String(validating: data, as: UTF8.self) else {
            fail("\(path) is not UTF-8 text")
        }
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        rows.append("        (id: \(swiftLiteral(id)), text: \(swiftLiteral(text))),")
    }
    writeIfChanged("""
        // Generated at build time by runbook-generate from Playbooks/*.yaml. Do not edit: edit the YAML.

        extension BuiltinPlaybook {
            /// Every shipped playbook's id and exact text, by id.
            static let table: [(id: String, text: String)] = [
        \(rows.joined(separator: "\n"))
            ]
        }

        """, to: output)
}

/// The commit git's HEAD names in `gitDir` (a branch is a loose file in `commonDir`, or a line
/// of its packed-refs), or nil.
func headCommit(gitDir: String, commonDir: String) -> String? {
    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    func hash(_ text: String?) -> String? {
        guard let h = text, h.count == 40 || h.count == 64, h.allSatisfy(\.isHexDigit) else { return nil }
        return h
    }
    guard let head = read(gitDir + "/HEAD") else { return nil }
    guard head.hasPrefix("ref:") else { return hash(head) }
    let ref = head.dropFirst(4).trimmingCharacters(in: .whitespaces)
    for dir in [gitDir, commonDir] { if let h = hash(read(dir + "/" + ref)) { return h } }
    for line in (read(commonDir + "/packed-refs") ?? "").split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2, parts[1] == ref { return hash(String(parts[0])) }
    }
    return nil
}

/// The build stamp: the commit, or "unknown" when the source has no git metadata.
func stamp(output: String, commit: String) {
    writeIfChanged("""
        // Generated at build time by runbook-generate. Do not edit.

        /// What this binary was built from.
        enum BuildStamp {
            /// The git commit of the source, or "unknown" when built without git metadata.
            static let commit = \(swiftLiteral(commit))
        }

        """, to: output)
}

/// `*.yaml` in `dir`: listed here, when the command runs, so a playbook added or removed since
/// SwiftPM last asked the plugin is seen.
func yamlFiles(in dir: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { fail("cannot list \(dir)") }
    return names.filter { $0.hasSuffix(".yaml") }.map { dir + "/" + $0 }
}

let args = CommandLine.arguments
switch args.dropFirst().first {
case "playbooks" where args.count == 4: playbooks(output: args[2], inputs: yamlFiles(in: args[3]))
case "stamp" where args.count == 3: stamp(output: args[2], commit: "unknown")
case "stamp" where args.count == 5: stamp(output: args[2], commit: headCommit(gitDir: args[3], commonDir: args[4]) ?? "unknown")
default: fail("usage: runbook-generate playbooks OUT.swift PLAYBOOKS-DIR | stamp OUT.swift [GIT-DIR COMMON-DIR]")
}
