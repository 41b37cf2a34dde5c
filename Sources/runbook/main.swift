import ArgumentParser
import Foundation
import RunbookKit

/// Options that every command takes. Written before the subcommand too (`runbook --home X note …`):
/// `CommandLineEntry.reorder` moves them after it, where ArgumentParser reads them.
let status = CommandLineEntry.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
