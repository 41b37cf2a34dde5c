/// How far a journal has been read and checked: the chain's head after the last good line.
public struct ChainCursor: Sendable, Equatable {
    /// Bytes of the file read and found good.
    public var offset: Int64 = 0
    /// The last good entry's seq (0 before entry 1).
    public var seq: Int = 0
    /// The last good entry's hash (64 zeros before entry 1).
    public var hash: String = JournalLine.zeroHash
    /// The last good entry's recorded time.
    public var time: Timestamp?
    /// Every good line read so far that was recorded before the line just before it (the
    /// computer's clock went back), built or not: a light read (the board) skips building most
    /// entries but still sees every line's time here.
    public var clockBacks: [ClockWentBack] = []

    /// The start of a journal.
    public init() {}
}

/// The bytes after a journal's last newline: a line a crash cut short (or, while another
/// process writes, a line not finished yet). Not a recorded action.
public struct TornTail: Sendable, Equatable {
    /// Where the torn bytes start.
    public let offset: Int64
    /// How many bytes.
    public let length: Int64
}

/// A complete line of a journal that fails its checks: the journal cannot be trusted from
/// that line on. Carries what is wrong as data; `description` words it once.
public struct JournalDamage: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the line.
    public enum Problem: Error, Sendable, Equatable {
        /// The line is not one flat JSON object (the parser's message).
        case notJSON(String)
        /// The line does not end with its `"hash"` member.
        case noHash
        /// The stored hash is not the SHA-256 of the line's bytes.
        case hashMismatch
        /// seq, time, actor, type or prev is missing, of the wrong kind, or the time is not RFC 3339.
        case missingMember
        /// The seq is not the next one.
        case seqGap(found: Int, expected: Int)
        /// `prev` is not the previous entry's hash.
        case brokenChain(previous: Int)
        /// Entry 1 is not `incident.opened`.
        case firstNotOpened
        /// A line longer than any entry can be.
        case tooLong
        /// A good entry with its end-of-line removed: a crash cannot leave that behind.
        case unterminated
        /// No entry 1 at all: the journal is empty, or holds only a torn line.
        case noFirstEntry(torn: Bool)
    }

    /// The 1-based line number of the bad line.
    public let line: Int
    /// Byte offset of the bad line.
    public let offset: Int64
    /// What is wrong.
    public let problem: Problem

    /// A damage report for line `line` at byte `offset`.
    public init(line: Int, offset: Int64, _ problem: Problem) {
        self.line = line
        self.offset = offset
        self.problem = problem
    }

    /// Why the line is bad, in plain words.
    public var reason: String {
        switch problem {
        case .notJSON(let m): return "is not JSON (\(m))"
        case .noHash: return "does not end with its \"hash\" member"
        case .hashMismatch: return "has a hash that does not match its bytes: the line was changed after it was written"
        case .missingMember: return "lacks a required member (seq, time, actor, type, prev) or has a time that is not RFC 3339"
        case .seqGap(let found, let expected): return "has seq \(found) where \(expected) was expected (a gap or a repeat)"
        case .brokenChain(let previous): return "has a \"prev\" that is not entry \(previous)'s hash: the chain is broken"
        case .firstNotOpened: return "is neither incident.opened nor station.joined: a chain must begin with the entry that opens the incident or joins this station to it"
        case .tooLong: return "is longer than 256 MiB: not a journal line"
        case .unterminated: return "is a complete entry whose end-of-line was removed (a crash cannot leave that): the file was edited"
        case .noFirstEntry(let torn): return "missing: the journal \(torn ? "has no complete entry" : "is empty"); it must begin with incident.opened"
        }
    }

    public var description: String { "entry \(line) (line \(line), byte \(offset)) \(reason)" }
}
