import Foundation
import PackagePlugin

/// Compiles the shipped playbooks (`Playbooks/*.yaml`) into the target as Swift source, so a
/// runbook binary copied alone still has them. The YAML files stay the one source: every build
/// regenerates the table when one of them changes, is added or is removed.
@main
struct EmbedPlaybooks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dir = context.package.directoryURL.appending(path: "Playbooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path(percentEncoded: false))
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
        let inputs = names.map { dir.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPlaybookTable.swift")
        return [
            .buildCommand(
                displayName: "Embedding the built-in playbooks (\(names.joined(separator: ", ")))",
                executable: try context.tool(named: "runbook-generate").url,
                arguments: ["playbooks", output.path(percentEncoded: false)] + inputs.map { $0.path(percentEncoded: false) },
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}
