import ArgumentParser
import RunbookKit

/// The root command: `runbook` alone opens the command post.
struct Runbook: ParsableCommand {
    /// The release version; `runbook --version` adds the commit the binary was built from.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "The hospital command post's checklist and tamper-evident logbook for an extended cyber outage.",
        discussion: """
        Walks the OCCI and HIC-TCR checklists, records every action with its time in an
        append-only journal, and shows the live status. Incidents live in
        $RUNBOOK_HOME (default $XDG_DATA_HOME/runbook, else ~/.local/share/runbook).
        """,
        version: "\(version) (commit \(BuildStamp.commit.prefix(12)))",
        subcommands: [
            Open.self, New.self, Board.self, Do.self, Decide.self, Assign.self, SystemCmd.self, Note.self,
            Correct.self, Amend.self, Period.self, Close.self, Status.self, Log.self, Verify.self, Report.self, Playbooks.self, StationCmd.self, Sync.self, Manual.self,
        ],
        defaultSubcommand: Open.self
    )

    /// The global options written before a subcommand's name.
    @OptionGroup var global: GlobalOptions
}
