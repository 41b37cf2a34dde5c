import ArgumentParser
import Foundation
import RunbookKit

/// A runbook subcommand: its own global options, over the ones given to the root command
/// before its name.
protocol RunbookCommand: ParsableCommand {
    /// The global options written after the command's name.
    var own: GlobalOptions { get }
    /// The root command, holding the global options written before the command's name.
    var root: Runbook { get }
}

extension RunbookCommand {
    /// The global options in force: the command's own, else the root's.
    var global: GlobalOptions { own.over(root.global) }
}
