import Foundation
import Crypto

/// `station.sealed` entries (DESIGN.md, Stations): a station's Ed25519 signature over the 32
/// raw bytes of the previous entry's hash. Hashes alone can be recomputed by anyone who edits
/// a chain; a seal can only be made with the station's private key, so a chain rewritten
/// elsewhere fails at its first seal after the edit.
public enum StationSeal {
    /// The seal to write after the entry whose hash is `prev`, signed with `station`'s key.
    public static func draft(station: Station, prev: String, actor: String) throws -> EntryDraft {
        guard let raw = StationStore.bytes(hex: Substring(prev)) else {
            throw RunbookError.io(.internalError("a seal was asked for after a hash that is not 64 hex characters"))
        }
        let signature = try station.signingKey().signature(for: raw)
        var fields: [(String, JSONScalar)] = [("station", .string(station.id))]
        if let name = station.name { fields.append(("stationName", .string(name))) }
        fields.append(("key", .string(station.publicKeyHex)))
        fields.append(("signature", .string(JournalLine.hex(signature))))
        return EntryDraft(type: .stationSealed, actor: actor, fields: fields)
    }

    /// Whether the seal `entry` carries a good signature by `key` (the 32-byte Ed25519 public
    /// key) over its own `prev`. False for anything that is not such a seal.
    public static func isValid(_ entry: JournalEntry, key: [UInt8]) -> Bool {
        guard entry.kind == .stationSealed, let sigHex = entry.string("signature"),
              let signature = bytes(hex: sigHex, count: 64),
              let prev = StationStore.bytes(hex: Substring(entry.prev)),
              let pub = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
        return pub.isValidSignature(signature, for: prev)
    }

    /// `count` bytes from exactly `2 × count` lowercase hex characters.
    static func bytes(hex: String, count: Int) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count == 2 * count, u.allSatisfy(StationStore.isLowerHex) else { return nil }
        func v(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return (0..<count).map { v(u[2 * $0]) << 4 | v(u[2 * $0 + 1]) }
    }

    /// Whether recording `entries` calls for a seal: a new operational period or the close,
    /// the moments a station's record is handed on or read out.
    public static func isSealPoint(_ entries: [JournalEntry]) -> Bool {
        entries.contains { $0.kind == .periodStarted || $0.kind == .incidentClosed }
    }

    /// What became of the seal after a period's start or the close.
    public enum AfterRecording: Sendable, Equatable {
        /// Nothing called for one, or this home is no station yet (`runbook station` or
        /// `runbook sync` makes it): a lone chain has no key anyone pinned.
        case notNeeded
        /// Sealed: the seal's seq.
        case sealed(seq: Int)
        /// The station could not be loaded or the seal not written; the entry is recorded.
        case failed(String)
    }

    /// The one place a seal follows a recorded `period.started` or `incident.closed` (the
    /// `period` and `close` commands, and the command post): appends a seal to the journal at
    /// `journalPath` when `entries` hold one and `home` has a station. It writes through a
    /// journal of its own, as another terminal would, so a screen holding the incident reads the
    /// seal like any entry appended elsewhere. A station that cannot be loaded (a damaged key)
    /// or a seal that cannot be written never undoes what was recorded: one line through `warn`
    /// (the next sync seals the chain anyway). The command post passes `.tryOnce`: its screen
    /// never waits on another writer's lock.
    @discardableResult
    public static func afterRecording(_ entries: [JournalEntry], journalPath: String, home: String, actor: String,
                                      files: any FileSystem = FileIO.system,
                                      now: @escaping () -> Timestamp = Timestamp.now,
                                      lockWait: LockWait = .commandLine,
                                      warn: (String) -> Void = FileIO.warn) -> AfterRecording {
        guard isSealPoint(entries) else { return .notNeeded }
        do {
            guard let station = try StationStore(home: home, files: files).load() else { return .notNeeded }
            let journal = try Journal(path: journalPath, files: files)
            journal.onWarning = { _ in }
            journal.lockWait = lockWait
            guard let seal = try journal.appendSeal(station: station, actor: actor, now: now) else { return .notNeeded }
            return .sealed(seq: seal.seq)
        } catch {
            let why = "\(error)"
            warn("recorded, but not sealed with this station's key: \(why)")
            return .failed(why)
        }
    }
}

/// Entry 1 of a station's chain on an incident started elsewhere (DESIGN.md, Stations).
public enum StationChain {
    /// The `station.joined` draft: the incident's id, the hash of its entry 1 (the origin's
    /// `incident.opened`), the playbook's SHA-256 as entry 1 gives it, and `station`'s id, name
    /// and public key. Written with `Journal.create(path:first:now:)` as entry 1 (`prev` 64 zeros).
    public static func joinedDraft(station: Station, incidentID: String, openedHash: String,
                                   playbookSHA256: String, actor: String) -> EntryDraft {
        var fields: [(String, JSONScalar)] = [
            ("incident", .string(incidentID)), ("opened", .string(openedHash)),
            ("playbookSHA256", .string(playbookSHA256)), ("station", .string(station.id)),
        ]
        if let name = station.name { fields.append(("stationName", .string(name))) }
        fields.append(("key", .string(station.publicKeyHex)))
        return EntryDraft(type: .stationJoined, actor: actor, fields: fields)
    }
}
