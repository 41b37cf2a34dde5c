import Foundation

/// Checks a whole journal: every line's hash, seq and prev, streaming, in bounded memory.
public enum JournalVerifier {
    /// What a check found.
    public struct Report: Sendable {
        /// Good entries.
        public var entries: Int
        /// The last good entry's hash.
        public var head: String
        /// Bytes after the last newline (not a recorded action), if any.
        public var torn: TornTail?
        /// The first complete line that fails its checks, if any: the journal is then broken.
        public var damage: JournalDamage?
        /// Whether the journal is intact (a torn tail does not break it).
        public var intact: Bool { damage == nil }
    }

    /// Verifies the journal at `path` with the readers' own check. Damage seen while another
    /// process was writing is re-checked under a shared lock before it is reported.
    public static func verify(path: String, onWarning: @escaping (String) -> Void = FileIO.warn) throws -> Report {
        let journal = try Journal(path: path, writable: false)
        journal.verifyOnly = true
        journal.onWarning = onWarning
        do {
            try journal.readNew()
        } catch RunbookError.damagedJournal {
            if let d = journal.damage {
                return Report(entries: journal.cursor.seq, head: journal.cursor.hash, torn: nil, damage: d)
            }
            throw RunbookError.io(.internalError("the journal \(path) was called damaged without a finding"))
        }
        return Report(entries: journal.cursor.seq, head: journal.cursor.hash, torn: journal.tornTail, damage: nil)
    }
}
