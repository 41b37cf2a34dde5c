import ArgumentParser
import Foundation
import RunbookKit

struct Log: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The timeline as text, in the order things happened; --follow keeps printing new entries.")
    @Flag(help: "Keep printing new entries as they are recorded (Ctrl-C to stop).") var follow = false
    @OptionGroup var own: GlobalOptions
    @ParentCommand var root: Runbook

    func run() throws {
        let session = try global.readingSession()
        warnTorn(session)
        let pb = session.engine.playbook
        let state = session.state
        FileHandle.standardOutput.write(Data("\(state.name)\(state.exercise ? " — EXERCISE" : "") — \(state.playbookTitle) \(state.playbookVersion) — activated \(state.activated.localDateTime)\n".utf8))
        var text = ""
        for e in EntryText.chronological(state.entries) { text += Log.format(e, state: state, playbook: pb) + "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
        guard follow else { return }
        while true {
            usleep(500_000)
            // Written straight to the descriptor: a pipe (| tee, | grep) sees each entry at once.
            try session.refresh { e, state in
                FileHandle.standardOutput.write(Data((Log.format(e, state: state, playbook: pb) + "\n").utf8))
            }
        }
    }

    /// One timeline line: `#12  14:05  actor (role)  what`, with the recorded time when it differs.
    static func format(_ e: JournalEntry, state: IncidentState, playbook: Playbook) -> String {
        var s = "#\(e.seq)\t\(e.when.localDateTime)\t\(EntryText.who(e))\t\(EntryText.line(e, playbook: playbook))"
        if e.at != nil { s += "\t[recorded \(e.time.localDateTime)]" }
        if let by = state.corrected[e.seq] { s += "\t[ENTERED IN ERROR, see #\(by)]" }
        return s
    }
}

/// Says so on stderr when the journal ends in a torn line (it is not counted).
func warnTorn(_ session: IncidentSession) {
    if let t = session.journal.tornTail {
        FileIO.warn("the journal's last line (\(t.length) bytes) is incomplete — a crash mid-write; it is ignored and not a recorded action")
    }
}
