import RunbookKit

/// The one dialog open over the screen, if any.
public enum Modal: Sendable, Equatable {
    case none
    case prompt(Prompt)
    case menu(Menu)
    case confirm(Confirm)
    /// The help screen, scrolled this far.
    case help(Int)
    case entry(EntryReader)
}
