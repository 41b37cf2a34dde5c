import Foundation

/// A head hash once seen — on a board, in a report, read over the radio — with the entry it was
/// the head at: `runbook verify --witness` proves it is still in the chain at that seq, so
/// nothing up to there was rewritten since. Each entry's hash covers the one before it, so one
/// witness vouches for the whole history before it.
public struct Witness: Sendable, Equatable {
    /// The entry whose hash this is.
    public var seq: Int
    /// The hash, whole (64 hex characters) or the start of it a person copied (at least
    /// `shortest`), lower case.
    public var hash: String

    /// The fewest hex characters a witness may give: 16, what the short form shows. Fewer would
    /// let a forger who rewrote the chain search for a hash that begins the same.
    public static let shortest = 16

    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash.lowercased()
    }

    /// The form to read aloud or copy by hand: the entry number and the hash's first 16
    /// characters in groups of four, `#130 d3cb 7726 1b39 ca77`.
    public var spoken: String {
        let start = Array(hash.prefix(Witness.shortest))
        let groups = stride(from: 0, to: start.count, by: 4).map { String(start[$0..<min($0 + 4, start.count)]) }
        return "#\(seq) " + groups.joined(separator: " ")
    }

    /// The form to paste: `HASH@SEQ`, what `runbook verify --witness` takes.
    public var full: String { "\(hash)@\(seq)" }

    /// The short line the board, `status` and every report print: `witness #130 d3cb 7726 1b39 ca77`.
    public var line: String { "witness \(spoken)" }

    /// The command that checks the full form later, printed beside `line`.
    public var checkCommand: String { "runbook verify --witness \(full)" }

    /// The witness of a journal's head: its last entry and that entry's hash.
    public static func head(entries: Int, hash: String) -> Witness { Witness(seq: entries, hash: hash) }

    /// What a typed witness holds wrong, for one line at the edge.
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case notHex(String)
        case tooShort(Int)
        case tooLong(Int)
        case badSeq(String)
    }

    /// Reads `HASH[@SEQ]` (or `#SEQ HASH…`, the spoken form copied back): spaces and dashes
    /// between hex groups are allowed, as a hash read aloud is written down; case is ignored.
    /// Without a seq, `seq` is 0 and the chain is searched for the hash.
    public static func parse(_ text: String) throws(Problem) -> Witness {
        var body = text.trimmingCharacters(in: .whitespaces)
        var seqText: String?
        if body.hasPrefix("#") {
            let parts = body.dropFirst().split(separator: " ", maxSplits: 1)
            seqText = parts.first.map(String.init)
            body = parts.count > 1 ? String(parts[1]) : ""
        } else if let at = body.lastIndex(of: "@") {
            seqText = String(body[body.index(after: at)...]).trimmingCharacters(in: .whitespaces)
            body = String(body[..<at])
        }
        let hex = body.filter { $0 != " " && $0 != "-" }.lowercased()
        guard !hex.isEmpty else { throw .empty }
        // ASCII only: `isHexDigit` is also true of full-width digits, which no hash holds, so
        // such a witness could only "differ" and be reported as history rewritten.
        guard hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { throw .notHex(body) }
        guard hex.count >= shortest else { throw .tooShort(hex.count) }
        guard hex.count <= 64 else { throw .tooLong(hex.count) }
        var seq = 0
        if let seqText {
            guard let n = Int(seqText), n >= 1 else { throw .badSeq(seqText) }
            seq = n
        }
        return Witness(seq: seq, hash: hex)
    }

    /// What the chain says of a witness.
    public enum Finding: Sendable, Equatable {
        /// Entry `seq`'s hash begins with the witness: history up to it is as it was.
        case holds(seq: Int, hash: String)
        /// Entry `seq` has another hash: the chain up to it was rewritten (or the witness copied wrong).
        case differs(seq: Int, found: String)
        /// The journal ends before `seq`: entries were removed, or the witness is of another incident.
        case beyondEnd(seq: Int, entries: Int)
        /// No entry's hash begins so (a witness given without its seq).
        case notFound
        /// Several entries' hashes begin so: the seq is needed.
        case ambiguous([Int])
    }

    /// Checks the witness against `hashes`, every entry's hash in seq order (entry 1 first).
    public func check(_ hashes: [String]) -> Finding {
        if seq > 0 {
            guard seq <= hashes.count else { return .beyondEnd(seq: seq, entries: hashes.count) }
            let found = hashes[seq - 1]
            return found.hasPrefix(hash) ? .holds(seq: seq, hash: found) : .differs(seq: seq, found: found)
        }
        let matches = hashes.indices.filter { hashes[$0].hasPrefix(hash) }.map { $0 + 1 }
        switch matches.count {
        case 0: return .notFound
        case 1: return .holds(seq: matches[0], hash: hashes[matches[0] - 1])
        default: return .ambiguous(matches)
        }
    }
}
