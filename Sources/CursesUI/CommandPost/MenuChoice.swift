import RunbookKit

/// What choosing a menu item does.
public indirect enum MenuChoice: Sendable, Equatable {
    case record(Action, note: String?, force: Bool)
    /// Several actions in order; each only once the one before it is recorded.
    case recordAll([Recording])
    /// Quit with an action still waiting to be written: give it up now (`discarding`), or
    /// quit once it is written.
    case quit(discarding: Bool)
    case ask(Prompt)
    case open(Menu)
    case confirm(Confirm)
    /// Nothing is done; the words say so.
    case nothing(String)
    /// Filter the checklist to one role's tasks (records nothing).
    case showRole(String)
    /// Mark an entry entered in error: shows it, then asks why.
    case correct(Int)
    /// The next thing recorded happened at this time (`CommandPostModel.happenedAt`).
    case happenedAt(Timestamp)
    /// Record the next action for this person or role (nil: for oneself again).
    case forWhom(String?)
}
