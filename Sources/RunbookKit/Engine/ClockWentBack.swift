/// An entry recorded before the entry just before it: the computer's clock went back (or was
/// set back) between the two. Kept as data; `words` says it, once, for `status`, the report and
/// the board.
public struct ClockWentBack: Sendable, Equatable {
    /// The entry recorded too early, and when.
    public var seq: Int
    public var time: Timestamp
    /// The entry before it, and when that one was recorded.
    public var previousSeq: Int
    public var previousTime: Timestamp

    public init(seq: Int, time: Timestamp, previousSeq: Int, previousTime: Timestamp) {
        self.seq = seq; self.time = time; self.previousSeq = previousSeq; self.previousTime = previousTime
    }

    /// What `status` prints after "WARNING:".
    public var words: String {
        "entry \(seq) was recorded at \(time.localDateTime), \(PlaybookDuration.spoken(seconds: time.seconds(until: previousTime))) earlier than entry \(previousSeq): the computer's clock went back"
    }
}

extension ClockWentBack {
    /// The jump, if entry `seq`, recorded at `time`, was recorded before the entry just before
    /// it (`previousSeq`, at `previousTime`); nil otherwise. The one rule the reader, the
    /// writer and the fold each ask: one jump back is one warning, not one for every entry
    /// recorded until the clock passes its old high mark.
    public static func between(seq: Int, time: Timestamp, previousSeq: Int, previousTime: Timestamp?) -> ClockWentBack? {
        guard let previousTime, time < previousTime else { return nil }
        return ClockWentBack(seq: seq, time: time, previousSeq: previousSeq, previousTime: previousTime)
    }
}
