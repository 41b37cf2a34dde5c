import Foundation

/// `<home>/station/pins` (DESIGN.md, Stations): one line per other station seen,
/// `<station-id> <public-key-hex>`. A station's key is pinned the first time its chain is taken
/// in, and every later chain from that id must carry the same key: a new key under a known id
/// is a cloned id or a forgery, never a quiet replacement. Rewritten whole (temp, fsync, rename,
/// folder fsync), 0600.
public struct StationPins: Sendable, Equatable {
    /// Station id → 64-hex public key.
    public private(set) var keys: [String: String] = [:]

    /// No pins.
    public init() {}

    /// Where the pins of `store`'s home are kept.
    public static func path(_ store: StationStore) -> String { store.folder + "/pins" }

    /// What a pin says of a key seen under a station id.
    public enum Check: Sendable, Equatable {
        /// The id was pinned to this key.
        case matches
        /// The id is new here: pin it once its chain is taken in.
        case new
        /// The id was pinned to another key (`pinned`).
        case differs(pinned: String)
    }

    /// The pin's word on `key` (64 hex) under `station`.
    public func check(station: String, key: String) -> Check {
        guard let pinned = keys[station] else { return .new }
        return pinned == key ? .matches : .differs(pinned: pinned)
    }

    /// Pins `key` for `station` if it has no pin yet; returns whether it was new. Never replaces
    /// a pin (`check` refuses a changed key before this is asked).
    @discardableResult
    public mutating func pin(station: String, key: String) -> Bool {
        guard keys[station] == nil else { return false }
        keys[station] = key
        return true
    }

    /// The file's text: lines sorted by station id.
    public var text: String {
        keys.keys.sorted().map { "\($0) \(keys[$0] ?? "")\n" }.joined()
    }

    /// Parses the file's text; a line that is not `<16 hex> <64 hex>` is damage (refused,
    /// never skipped: a pin dropped silently would let a forged key in).
    public static func parse(_ text: String) -> StationPins? {
        var pins = StationPins()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, IncidentChains.isStationID(parts[0]), StationStore.bytes(hex: parts[1]) != nil,
                  pins.keys[String(parts[0])] == nil else { return nil }
            pins.keys[String(parts[0])] = String(parts[1])
        }
        guard text.isEmpty || text.hasSuffix("\n") else { return nil }
        return pins
    }

    /// The pins of `store`'s home; none when the file is not there yet. A damaged file is
    /// refused by name.
    public static func load(_ store: StationStore) throws -> StationPins {
        let p = path(store)
        var st = stat()
        guard store.files.lstat(p, &st) == 0 else {
            if errno == ENOENT { return StationPins() }
            throw FileIO.failure(.read, p)
        }
        let bytes = try store.files.readRegular(path: p, what: "the station pins")
        guard let text = String(validating: bytes, as: UTF8.self), let pins = parse(text) else {
            throw RunbookError.refused(.file(.stationFileDamaged(path: p, damage: .garbled, folder: store.folder)))
        }
        return pins
    }

    /// Writes the pins whole: a temporary name in the station folder, fsync'd, renamed over
    /// the file, the folder fsync'd; 0600 whatever the umask.
    public func save(_ store: StationStore) throws {
        let p = StationPins.path(store)
        let aside = store.folder + "/.pins-new-" + String(getpid())
        try store.files.writeAside(aside, renamedTo: p, failing: .create, "the station pins \(p)") {
            try store.files.createFile(aside, bytes: Array(text.utf8), what: "the station pins")
        }
    }
}
