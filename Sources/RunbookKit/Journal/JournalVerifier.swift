import Foundation

/// Checks a whole journal: every line's hash, seq and prev, streaming, in bounded memory.
public enum JournalVerifier {
    /// What a check found.
    public struct Report: Sendable {
        /// Good entries.
        public var entries: Int
        /// The last good entry's hash.
        public var head: String
        /// A torn last line (not a recorded action), if any.
        public var torn: TornTail?
        /// Damage before the last line, if any: the journal is then broken.
        public var damage: JournalDamage?
        /// Whether the journal is intact (a torn last line does not break it).
        public var intact: Bool { damage == nil }
    }

    /// Verifies the journal at `path`.
    public static func verify(path: String) throws -> Report {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RunbookError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var cursor = ChainCursor()
        do {
            let torn = try JournalScanner(fd: fd).scan(from: &cursor, mode: .verifyOnly) { _ in }
            if cursor.seq == 0 {
                // Not even entry 1: nothing was ever recorded here, so it is no journal.
                return Report(entries: 0, head: cursor.hash, torn: torn, damage: .noFirstEntry(torn: torn != nil))
            }
            return Report(entries: cursor.seq, head: cursor.hash, torn: torn, damage: nil)
        } catch let d as JournalDamage {
            return Report(entries: cursor.seq, head: cursor.hash, torn: nil, damage: d)
        }
    }
}
