import RunbookKit

/// An entry opened in full from the timeline.
public struct EntryReader: Sendable, Equatable {
    public var seq: Int
    public var scroll = 0
}
