extension ReportModel {
    /// Where the report's picture (the SVG timeline) ends, and what is there.
    public struct PictureEnd: Sendable, Equatable {
        /// What the picture ends at.
        public enum Reason: Sendable, Equatable {
            /// The incident's close.
            case closed
            /// The last entry's happened time, of an incident still open.
            case lastEntry
            /// The last change of a system's state, of an incident still open, when later than
            /// the last entry.
            case lastSystemChange
        }
        public var at: Timestamp
        public var reason: Reason
    }

    /// The picture's end: a closed incident's close; an open one's last entry (when it
    /// happened) or last system change, whichever is later. Not the report's "as of" (the
    /// latest recorded time): an incident transcribed from paper weeks later would sit in the
    /// picture's first few percent, the rest an empty stretch up to the day it was typed in.
    public var pictureEnd: PictureEnd {
        if let c = header.closed { return PictureEnd(at: c, reason: .closed) }
        var lastEntry = header.activated
        for k in timeline.indices where timeline[k].correctedBy == nil && timeline[k].when > lastEntry { lastEntry = timeline[k].when }
        let lastChange = systems.flatMap { $0.segments.map(\.from) }.max() ?? header.activated
        return lastChange > lastEntry ? PictureEnd(at: lastChange, reason: .lastSystemChange) : PictureEnd(at: lastEntry, reason: .lastEntry)
    }

    /// Where the picture starts: activation, or the first thing that happened before it (the
    /// discovery, a system down before the incident was declared, an entry back-dated to before
    /// activation), by when it happened. Drawn where it happened, left of T+0, not clamped to it.
    public var pictureStart: Timestamp {
        var first = min(header.activated, header.discovered)
        for k in timeline.indices where timeline[k].correctedBy == nil && timeline[k].when < first { first = timeline[k].when }
        for sys in systems { for seg in sys.segments where seg.from < first { first = seg.from } }
        return first
    }

    /// What the picture of an open incident says of its end: "The picture ends at the last
    /// entry, Sat 9 Jan 14:20; the incident is still open."; nil for a closed one.
    public var pictureEndNote: String? {
        let p = pictureEnd
        let what: String
        switch p.reason {
        case .closed: return nil
        case .lastEntry: what = "the last entry"
        case .lastSystemChange: what = "the last change of a system's state"
        }
        return "The picture ends at \(what), \(clock.day(p.at)) \(clock.time(p.at)); the incident is still open."
    }
}
