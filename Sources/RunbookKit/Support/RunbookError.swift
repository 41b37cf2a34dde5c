import Foundation

/// Everything that can go wrong, in words a user can act on.
public enum RunbookError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The command was used wrongly (bad argument, bad time, missing reason).
    case usage(String)
    /// A name that does not exist (task, decision, role, incident), with its near misses.
    case notFound(String)
    /// The action is not allowed in the current state (waiting task, closed incident): the
    /// rule that refused it, with its facts.
    case refused(Refusal)
    /// The journal is damaged somewhere other than its last line: nothing may be appended.
    case damagedJournal(String)
    /// A playbook has mistakes; each string is one `FILE:LINE:COLUMN: message`.
    case playbook([String])
    /// Reading or writing a file failed; the action was not recorded. The failure is data
    /// (operation, path, errno, whether an action is NOT recorded); its words are made there.
    case io(IOFailure)
    /// Another runbook process held the journal's lock for longer than this call waits;
    /// nothing was recorded, and trying again later may succeed.
    case busy(String)

    public var description: String {
        switch self {
        case .usage(let m), .notFound(let m), .damagedJournal(let m), .busy(let m): return m
        case .refused(let r): return r.words()
        case .io(let failure): return failure.description
        case .playbook(let lines): return lines.joined(separator: "\n")
        }
    }
}

/// `localizedDescription` says what failed (Foundation's default for a Swift enum is "The
/// operation could not be completed. (RunbookKit.RunbookError error N.)").
extension RunbookError: LocalizedError {
    public var errorDescription: String? { description }
}
