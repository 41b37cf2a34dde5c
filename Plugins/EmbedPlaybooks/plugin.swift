import Foundation
import PackagePlugin

/// Compiles the shipped playbooks (`Playbooks/*.yaml`) into the target as Swift source, so a
/// runbook binary copied alone still has them. The YAML files stay the one source.
///
/// SwiftPM does not ask this plugin again on every build, so the command lists the folder itself
/// when it runs, and its inputs are the folder (a playbook added or removed) and each file (one
/// edited). Removing a shipped playbook leaves SwiftPM's cached plan naming a missing input until
/// it plans again (`touch Package.swift`).
@main
struct EmbedPlaybooks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dir = context.package.directoryURL.appending(path: "Playbooks")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path(percentEncoded: false))
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { dir.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPlaybookTable.swift")
        return [
            .buildCommand(
                displayName: "Embedding the built-in playbooks",
                executable: try context.tool(named: "runbook-generate").url,
                arguments: ["playbooks", output.path(percentEncoded: false), dir.path(percentEncoded: false)],
                inputFiles: [dir] + files,
                outputFiles: [output]),
        ]
    }
}
