import Crypto
import Foundation
import Testing
@testable import RunbookKit

/// The station: made once and kept, private on disk, a damaged file refused by name and left
/// as it is, the fingerprint stable and written as documented.
@Suite("station store")
struct StationStoreTests {
    static func mode(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_mode & 0o7777)
    }

    /// The refusal a load threw, as data.
    static func refusal(_ body: () throws -> Station?) -> FileRefusal? {
        do {
            _ = try body()
            return nil
        } catch RunbookError.refused(.file(let f)) {
            return f
        } catch {
            return nil
        }
    }

    @Test func madeOnceThenTheSameStationOnEveryLoad() throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/home")
        #expect(try store.load() == nil, "a home has no station until something asks")
        let first = try store.loadOrCreate()
        let key = try #require(FileManager.default.contents(atPath: first.keyPath))
        let again = try StationStore(home: tmp.path + "/home").loadOrCreate()
        #expect(again.id == first.id)
        #expect(again.publicKey == first.publicKey)
        #expect(again.fingerprint == first.fingerprint)
        #expect(FileManager.default.contents(atPath: first.keyPath) == key, "the key file is never written again")
        #expect(first.id.utf8.count == 16 && first.id.allSatisfy(\.isHexDigit) && first.id == first.id.lowercased())
        #expect(IncidentStore.isValidID(first.id), "the id names a file: stations/<id>.jsonl")
        // The key signs, and its public half checks the signature.
        let signed = try first.signingKey().signature(for: Data("seal".utf8))
        let pub = try Curve25519.Signing.PublicKey(rawRepresentation: first.publicKey)
        #expect(pub.isValidSignature(signed, for: Data("seal".utf8)))
        // Another home is another station.
        let other = try StationStore(home: tmp.path + "/other").loadOrCreate()
        #expect(other.id != first.id && other.publicKey != first.publicKey)
    }

    @Test func privateWhateverTheUmask() throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/home")
        // umask is per process: keep the permissive window as short as the calls under test.
        let old = umask(0)
        do {
            defer { umask(old) }
            _ = try store.setName("ED desk")
        }
        #expect(Self.mode(store.folder) == 0o700)
        for file in ["id", "key", "name"] {
            #expect(Self.mode(store.folder + "/" + file) == 0o600, "\(file)")
        }
        #expect(Self.mode(store.home) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: store.folder).sorted()
        #expect(names == ["id", "key", "name"], "no file left at an aside name: \(names)")
    }

    @Test(arguments: [
        ("cut", StationDamage.cutShort), ("empty", .empty), ("garbled", .garbled), ("other", .keysDisagree), ("stray", .notAKeyFile),
    ])
    func damagedKeyRefusedByNameAndLeftAlone(_ how: String, _ expected: StationDamage) throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/home")
        let s = try store.loadOrCreate()
        let good = try #require(FileManager.default.contents(atPath: s.keyPath))
        let text = String(decoding: good, as: UTF8.self)
        let bad: String
        switch how {
        case "cut": bad = String(text.prefix(120))
        case "empty": bad = ""
        case "garbled": bad = text.replacingOccurrences(of: "private ", with: "private zz")
        case "other":
            // A private key of another station beside this one's public key.
            let lines = text.split(separator: "\n")
            bad = lines[0] + "\nprivate " + JournalLine.hex(Curve25519.Signing.PrivateKey().rawRepresentation) + "\n" + lines[2] + "\n"
        default: bad = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        }
        try Data(bad.utf8).write(to: URL(fileURLWithPath: s.keyPath))
        chmod(s.keyPath, 0o600)
        let refused = Self.refusal { try store.loadOrCreate() }
        #expect(refused == .stationFileDamaged(path: s.keyPath, damage: expected, folder: store.folder))
        #expect(RunbookError.refused(.file(try #require(refused))).description.contains(s.keyPath), "the words name the file")
        #expect(FileManager.default.contents(atPath: s.keyPath) == Data(bad.utf8), "the damaged file is left as it was")
        #expect(Self.refusal { try store.load() } != nil, "a plain load refuses it too")
        #expect(throws: RunbookError.self) { try store.setName("ED desk") }
        #expect(!FileManager.default.fileExists(atPath: store.folder + "/name"))
    }

    @Test func missingIdOrLooseKeyRefused() throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/home")
        let s = try store.loadOrCreate()
        chmod(s.keyPath, 0o644)
        #expect(Self.refusal { try store.loadOrCreate() } == .stationLoose(path: s.keyPath, mode: "0644", folder: false))
        chmod(s.keyPath, 0o600)
        try FileManager.default.removeItem(atPath: store.folder + "/id")
        #expect(Self.refusal { try store.loadOrCreate() } == .stationFileMissing(path: store.folder + "/id", folder: store.folder))
        #expect(!FileManager.default.fileExists(atPath: store.folder + "/id"), "no new id made")
    }

    @Test func namesTrimmedAndChecked() throws {
        let tmp = JournalTempDir()
        let store = StationStore(home: tmp.path + "/home")
        #expect(try store.setName("  ED desk ").name == "ED desk")
        #expect(try store.load()?.name == "ED desk")
        #expect(try store.setName("IT war room").name == "IT war room", "renamed")
        for bad in ["", "   ", "ED\ndesk", "ED\tdesk", "ED\u{1B}[2Jdesk", String(repeating: "x", count: 61)] {
            #expect(throws: RunbookError.self, "\(bad.debugDescription)") { try store.setName(bad) }
        }
        #expect(try store.load()?.name == "IT war room", "a refused name changes nothing")
        #expect(try store.setName(String(repeating: "é", count: 60)).name?.count == 60)
        // A refused name in a home without a station makes no station.
        let fresh = StationStore(home: tmp.path + "/fresh")
        #expect(throws: RunbookError.self) { try fresh.setName("ED\ndesk") }
        #expect(!FileManager.default.fileExists(atPath: fresh.home))
    }

    /// RFC 8032's first Ed25519 test vector: the key file written for its secret key loads as
    /// its public key, whose fingerprint is the digits worked out by hand from SHA-256.
    @Test func fingerprintOfAKnownKey() throws {
        let secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        let pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        let key = try StationStore.parseKey(StationStore.keyHeader + "\nprivate \(secret)\npublic \(pub)\n")
        #expect(JournalLine.hex(key.publicKey.rawRepresentation) == pub)
        let spoken = StationFingerprint.spoken(publicKey: Array(key.publicKey.rawRepresentation))
        // python3: d = sha256(pub); "%05d" % (int.from_bytes(d[4i:4i+4], "big") % 100000), i = 0…7
        #expect(spoken == "07039 78369 43092 37159 06507 54570 74868 11001")
        #expect(spoken.split(separator: " ").count == 8 && spoken.split(separator: " ").allSatisfy { $0.count == 5 && $0.allSatisfy(\.isNumber) })
    }
}
