import Foundation
import PackagePlugin

/// Stamps the executable with the commit it was built from, for `runbook --version`.
///
/// The commit is read from git's own files, never by running git, so a build from a tarball or
/// on a machine without git still works and says "unknown commit". Those files are the command's
/// inputs and the commit is one of its arguments, so a new commit re-stamps the next build.
@main
struct StampBuild: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let head = GitHead(root: context.package.directoryURL)
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildStamp.swift")
        return [
            .buildCommand(
                displayName: "Stamping the build with commit \(head.commit ?? "unknown")",
                executable: try context.tool(named: "runbook-generate").url,
                arguments: ["stamp", output.path(percentEncoded: false), head.commit ?? "unknown"],
                inputFiles: head.files,
                outputFiles: [output]),
        ]
    }
}

/// The commit git's HEAD names, and the files it was read from. In a worktree, HEAD lives in the
/// worktree's own git dir and the branches in the common one; a branch is a loose file or a line
/// of packed-refs.
struct GitHead {
    var commit: String?
    var files: [URL] = []

    init(root: URL) {
        let dotGit = root.appending(path: ".git")
        var gitDir = dotGit
        if let text = Self.read(dotGit), text.hasPrefix("gitdir:") {
            gitDir = Self.place(text.dropFirst("gitdir:".count), from: root)
        }
        var commonDir = gitDir
        if let text = Self.read(gitDir.appending(path: "commondir")) { commonDir = Self.place(Substring(text), from: gitDir) }
        let headFile = gitDir.appending(path: "HEAD")
        guard let head = Self.read(headFile) else { return }
        files.append(headFile)
        guard head.hasPrefix("ref:") else {
            commit = Self.hash(head)
            return
        }
        let ref = head.dropFirst(4).trimmingCharacters(in: .whitespacesAndNewlines)
        for dir in [gitDir, commonDir] {
            let loose = dir.appending(path: ref)
            if let text = Self.read(loose), let h = Self.hash(text) {
                files.append(loose)
                commit = h
                return
            }
        }
        let packed = commonDir.appending(path: "packed-refs")
        guard let text = Self.read(packed) else { return }
        files.append(packed)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1] == ref { commit = Self.hash(String(parts[0])) }
        }
    }

    static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path(percentEncoded: false)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func place(_ text: Substring, from base: URL) -> URL {
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appending(path: path)
    }

    /// A 40- or 64-digit hex object name, or nil.
    static func hash(_ text: String) -> String? {
        let h = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard h.count == 40 || h.count == 64, h.allSatisfy(\.isHexDigit) else { return nil }
        return h
    }
}
