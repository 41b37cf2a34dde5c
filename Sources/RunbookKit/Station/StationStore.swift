import Foundation
import Crypto

/// This home's station on disk: `<home>/station/` (0700) holding `id`, `key` and, once someone
/// names the station, `name` (each 0600). Made whole or not at all the first time something
/// asks (built aside, fsync'd, renamed into place, as an incident is), and never made again:
/// a missing or damaged file is refused, naming it, since a new key would be a new station.
public struct StationStore: Sendable {
    /// The runbook home.
    public let home: String
    /// Every file call goes through this (a test's may fail any one of them).
    public let files: any FileSystem

    /// The station's folder.
    public var folder: String { home + "/station" }
    static let idFile = "id"
    static let keyFile = "key"
    static let nameFile = "name"
    /// The key file's first line: what the file is, so a stray file is never read as a key.
    static let keyHeader = "runbook station key v1 (Ed25519): this station's identity; keep it private, never copy it to another laptop"

    /// The station store of `home`.
    public init(home: String, files: any FileSystem = FileIO.system) {
        self.home = home
        self.files = files
    }

    /// The station, made now if this home has none yet.
    public func loadOrCreate() throws -> Station {
        if let s = try load() { return s }
        do {
            // What was made is known: read back, a read that failed would call a station made
            // and kept not made.
            return try create()
        } catch RunbookError.io(let f) where f.operation == .create && (f.errno == EEXIST || f.errno == ENOTEMPTY) {
            // Another runbook made it between the look and the rename: that one is the station.
        }
        guard let s = try load() else { throw RunbookError.io(.internalError("the station folder \(folder) was made but cannot be found")) }
        return s
    }

    /// The station, or nil when this home has none yet. Refuses (naming the file) a folder that
    /// lacks a file, holds a damaged one, or lets other users read it.
    public func load() throws -> Station? {
        try IncidentStore(home: home, files: files).checkHome()
        var st = stat()
        guard files.lstat(folder, &st) == 0 else {
            if errno == ENOENT { return nil }
            throw FileIO.failure(.use, folder)
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            throw RunbookError.refused(.file(.stationNotFolder(path: folder, kind: FileIO.describe(mode: st.st_mode))))
        }
        if st.st_mode & 0o077 != 0 {
            throw RunbookError.refused(.file(.stationLoose(path: folder, mode: IncidentStore.modeText(st.st_mode), folder: true)))
        }
        let id: String? = try read(StationStore.idFile) { text in
            let line = try StationStore.oneLine(text)
            guard line.utf8.count == 16, line.utf8.allSatisfy(StationStore.isLowerHex) else { throw StationDamage.notAnID }
            return line
        }
        let key: Curve25519.Signing.PrivateKey? = try read(StationStore.keyFile, StationStore.parseKey)
        let name: String? = try read(StationStore.nameFile, optional: true) { text in
            let line = try StationStore.oneLine(text)
            guard (try? TextRules.placeName(line, what: "station name")) == line else { throw StationDamage.badName }
            return line
        }
        // `read` returns nil only for an optional file; these two are not.
        guard let id, let key else { throw RunbookError.io(.internalError("a station file was read as absent")) }
        return Station(id: id, name: name, privateKeyBytes: Array(key.rawRepresentation),
                       publicKey: Array(key.publicKey.rawRepresentation), folder: folder)
    }

    /// Names the station (made now if there is none): `name` trimmed, checked by
    /// `TextRules.placeName`; refused before anything is written.
    @discardableResult
    public func setName(_ typed: String) throws -> Station {
        let name = try TextRules.placeName(typed, what: "station name")
        let station = try loadOrCreate()
        let path = folder + "/" + StationStore.nameFile
        let aside = folder + "/.name-new-" + String(getpid())
        try files.writeAside(aside, renamedTo: path, failing: .create, "the station name file \(path)") {
            try files.createFile(aside, bytes: Array((name + "\n").utf8), what: "the station name file")
        }
        // Not read back: a read that failed would call a name written and kept not written.
        return Station(id: station.id, name: name, privateKeyBytes: station.privateKeyBytes,
                       publicKey: station.publicKey, folder: station.folder)
    }

    // MARK: - making it

    /// Makes the folder aside with a new id and key and renames it into place; the rename fails
    /// (EEXIST or ENOTEMPTY) when a station is already there, which is then kept. Returns the
    /// station made.
    func create() throws -> Station {
        let incidents = IncidentStore(home: home, files: files)
        try incidents.makeDirectory(home)
        var rnd = SystemRandomNumberGenerator()
        let id = JournalLine.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &rnd) })
        let key = Curve25519.Signing.PrivateKey()
        let text = StationStore.keyHeader + "\n"
            + "private " + JournalLine.hex(key.rawRepresentation) + "\n"
            + "public " + JournalLine.hex(key.publicKey.rawRepresentation) + "\n"
        let aside = home + "/.station-new-" + String(getpid()) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        try files.writeAside(aside, renamedTo: folder, failing: .create, "the station folder \(folder)") {
            try incidents.makeDirectory(aside, fsyncParent: false)  // the rename's folder fsync covers it
            try files.createFile(aside + "/" + StationStore.idFile, bytes: Array((id + "\n").utf8), what: "the station id")
            try files.createFile(aside + "/" + StationStore.keyFile, bytes: Array(text.utf8), what: "the station key")
            try files.fsyncDirectory(aside)
        }
        return Station(id: id, name: nil, privateKeyBytes: Array(key.rawRepresentation),
                       publicKey: Array(key.publicKey.rawRepresentation), folder: folder)
    }

    // MARK: - reading it

    /// The file `name` in the folder, read and parsed; nil when `optional` and absent.
    func read<T>(_ name: String, optional: Bool = false, _ parse: (String) throws -> T) throws -> T? {
        let path = folder + "/" + name
        var st = stat()
        guard files.lstat(path, &st) == 0 else {
            if errno == ENOENT {
                if optional { return nil }
                throw RunbookError.refused(.file(.stationFileMissing(path: path, folder: folder)))
            }
            throw FileIO.failure(.read, path)
        }
        if st.st_mode & S_IFMT == S_IFREG, st.st_mode & 0o077 != 0 {
            throw RunbookError.refused(.file(.stationLoose(path: path, mode: IncidentStore.modeText(st.st_mode), folder: false)))
        }
        let bytes = try files.readRegular(path: path, what: "the station file")
        do {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw StationDamage.notText }
            return try parse(text)
        } catch let d as StationDamage {
            throw RunbookError.refused(.file(.stationFileDamaged(path: path, damage: d, folder: folder)))
        }
    }

    /// A file of one line ending in a newline: the line.
    static func oneLine(_ text: String) throws -> String {
        guard text.hasSuffix("\n") else { throw text.isEmpty ? StationDamage.empty : StationDamage.cutShort }
        let line = String(text.dropLast())
        guard !line.contains("\n") else { throw StationDamage.extraLines }
        return line
    }

    static func isLowerHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }

    /// 64 lowercase hex characters as 32 bytes.
    static func bytes(hex: Substring) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count == 64, u.allSatisfy(isLowerHex) else { return nil }
        func v(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return (0..<32).map { v(u[2 * $0]) << 4 | v(u[2 * $0 + 1]) }
    }

    /// The key file: its header line, `private HEX`, `public HEX`; the public key written must be
    /// the one the private key makes, so a changed character anywhere is found.
    static func parseKey(_ text: String) throws -> Curve25519.Signing.PrivateKey {
        guard !text.isEmpty else { throw StationDamage.empty }
        guard text.hasSuffix("\n") else { throw StationDamage.cutShort }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == keyHeader else { throw StationDamage.notAKeyFile }
        guard lines.count == 3 else { throw lines.count < 3 ? StationDamage.cutShort : StationDamage.extraLines }
        guard lines[1].hasPrefix("private "), let priv = bytes(hex: lines[1].dropFirst(8)),
              lines[2].hasPrefix("public "), let pub = bytes(hex: lines[2].dropFirst(7)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: priv) else { throw StationDamage.garbled }
        guard key.publicKey.rawRepresentation.elementsEqual(pub) else { throw StationDamage.keysDisagree }
        return key
    }
}

/// What is wrong with a station file, as data; `words` says it.
public enum StationDamage: Error, Sendable, Equatable {
    case empty, cutShort, extraLines, notText, notAnID, notAKeyFile, garbled, keysDisagree, badName

    /// In words, after "the station file X is damaged (…)".
    public var words: String {
        switch self {
        case .empty: return "it is empty"
        case .cutShort: return "it is cut short"
        case .extraLines: return "it has lines that runbook never writes"
        case .notText: return "it is not text"
        case .notAnID: return "it does not hold a station id of 16 hex characters"
        case .notAKeyFile: return "it is not a runbook station key file"
        case .garbled: return "its key is not 64 hex characters"
        case .keysDisagree: return "its private and public keys do not belong together"
        case .badName: return "its name is not one line of 1 to \(TextRules.maxPlaceNameCharacters) printable characters"
        }
    }
}
