import Foundation
import Crypto

/// This home's station: one laptop's identity among the command posts that work apart and
/// merge (DESIGN.md, Stations). Made once, the first time something asks (`StationStore`), and
/// never replaced: a new key would be a new station, which other stations could not tell from
/// a forgery.
public struct Station: Sendable {
    /// Random, made once: 16 lowercase hex characters (64 random bits). Long enough that the
    /// few hundred laptops of a health system never share one, short enough to read out and to
    /// name a file (`stations/<id>.jsonl`), and made of characters an incident id may hold.
    public let id: String
    /// What people call it ("ED desk"), if anyone named it yet.
    public let name: String?
    /// The Ed25519 private key's 32 bytes (kept as bytes: Crypto's key type is not Sendable).
    let privateKeyBytes: [UInt8]
    /// The Ed25519 public key's 32 bytes, which other stations will pin.
    public let publicKey: [UInt8]
    /// Where the station's files are kept (`<home>/station`).
    public let folder: String

    /// The public key's fingerprint, to compare by voice (`StationFingerprint`).
    public var fingerprint: String { StationFingerprint.spoken(publicKey: publicKey) }
    /// The public key as 64 lowercase hex characters.
    public var publicKeyHex: String { JournalLine.hex(publicKey) }

    /// The Ed25519 key that signs for this station.
    public func signingKey() throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
    }
    /// The file holding the private key.
    public var keyPath: String { folder + "/" + StationStore.keyFile }
}

/// The fingerprint two people compare by voice — on the phone, across the command center — to
/// know that a station's key is the one they expect.
///
/// The SHA-256 of the 32-byte public key, cut into eight 4-byte pieces; each piece, read as a
/// big-endian number, is written as its remainder by 100000: eight groups of five decimal
/// digits, "31415 92653 58979 32384 62643 38327 95028 84197". Digits, because spoken digits are
/// the words least often misheard (no "B" or "D", "E" or "3"), as in Signal's safety numbers;
/// eight groups of five hold about 133 bits, far more than anyone could match by trying keys.
public enum StationFingerprint {
    /// Groups in a fingerprint.
    public static let groups = 8

    /// The fingerprint of `publicKey` (the key's 32 raw bytes).
    public static func spoken<Bytes: DataProtocol>(publicKey: Bytes) -> String {
        let digest = Array(SHA256.hash(data: publicKey))
        var parts: [String] = []
        for g in 0..<groups {
            var n: UInt32 = 0
            for b in digest[(g * 4)..<(g * 4 + 4)] { n = n << 8 | UInt32(b) }
            let digits = String(n % 100_000)
            parts.append(String(repeating: "0", count: 5 - digits.count) + digits)
        }
        return parts.joined(separator: " ")
    }
}

/// `runbook station --json`: the station for scripts, keys sorted.
public enum StationJSON {
    /// The document.
    public struct Document: Codable, Sendable, Equatable {
        public var id: String
        @Nullable public var name: String?
        public var fingerprint: String
        /// The Ed25519 public key, 64 hex characters.
        public var publicKey: String
        /// The station's folder and its private key file.
        public var folder, keyFile: String
    }

    /// The station as its document.
    public static func document(_ s: Station) -> Document {
        Document(id: s.id, name: s.name, fingerprint: s.fingerprint, publicKey: s.publicKeyHex, folder: s.folder, keyFile: s.keyPath)
    }

    /// The document as pretty JSON text (no final newline).
    public static func render(_ s: Station) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document(s)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// What `runbook station` prints: name, id, fingerprint, where it is kept.
    public static func text(_ s: Station) -> String {
        [
            "Station: " + (s.name ?? "no name yet: runbook station name TEXT"),
            "Id: " + s.id,
            "Fingerprint: " + s.fingerprint,
            "Kept in: " + s.folder + " (the private key is " + s.keyPath + ": never copy it to another laptop)",
        ].joined(separator: "\n")
    }
}
