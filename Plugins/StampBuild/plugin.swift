import Foundation
import PackagePlugin

/// Stamps the executable with the commit it was built from, for `runbook --version`.
///
/// The commit is read from git's own files by the generator, never by running git, so a build
/// from a tarball or on a machine without git still works and says "unknown". SwiftPM does not
/// ask this plugin again on every build, so the command's inputs are the files every commit and
/// checkout rewrites and that never go away (`HEAD` and its log); the generator then reads the
/// commit afresh each time it runs.
@main
struct StampBuild: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildStamp.swift")
        var arguments = ["stamp", output.path(percentEncoded: false)]
        var inputs: [URL] = []
        if let git = GitDirs(root: context.package.directoryURL) {
            arguments += [git.gitDir.path(percentEncoded: false), git.commonDir.path(percentEncoded: false)]
            inputs = [git.gitDir.appending(path: "HEAD"), git.gitDir.appending(path: "logs/HEAD")]
                .filter { FileManager.default.fileExists(atPath: $0.path(percentEncoded: false)) }
        }
        return [
            .buildCommand(
                displayName: "Stamping the build with its commit",
                executable: try context.tool(named: "runbook-generate").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}

/// Where a checkout keeps git's files: `.git` itself, or for a worktree the folder its `.git`
/// file names (HEAD there) and the common one that folder's `commondir` names (the branches).
struct GitDirs {
    var gitDir: URL
    var commonDir: URL

    init?(root: URL) {
        let dotGit = root.appending(path: ".git")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path(percentEncoded: false), isDirectory: &isDir) else { return nil }
        gitDir = dotGit
        if !isDir.boolValue {
            guard let text = Self.read(dotGit), text.hasPrefix("gitdir:") else { return nil }
            gitDir = Self.place(text.dropFirst("gitdir:".count), from: root)
        }
        commonDir = gitDir
        if let text = Self.read(gitDir.appending(path: "commondir")) { commonDir = Self.place(Substring(text), from: gitDir) }
    }

    static func read(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path(percentEncoded: false)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func place(_ text: Substring, from base: URL) -> URL {
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appending(path: path)
    }
}
