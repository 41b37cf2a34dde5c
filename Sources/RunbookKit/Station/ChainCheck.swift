import Foundation

/// Which station's chain a finding is about: its id (nil for an origin chain not sealed yet)
/// and the name its last joined or sealed entry gave.
public struct ChainLabel: Sendable, Equatable {
    public var id: String?
    public var name: String?
    public init(id: String?, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// Why a chain is not taken in (sync) or not trusted (verify), as data: station and seq; the
/// command line says it in words once (`ChainRefusal.words` in the runbook target).
public enum ChainRefusal: Error, Sendable, Equatable {
    /// A line fails the journal's own checks (hash, seq, prev, entry 1): `damage.line` is its seq.
    case damaged(ChainLabel, JournalDamage)
    /// The seal at `seq` does not verify with the chain's key, or an entry at `seq` speaks for
    /// another station: the chain was rewritten (every hash recomputed) or made up.
    case forged(ChainLabel, seq: Int)
    /// The seal at `seq` carries key `found` where this station pinned `pinned` for that id.
    case keyChanged(ChainLabel, seq: Int, pinned: String, found: String)
    /// Entry 1 does not tie the chain to this incident.
    case notTied(ChainLabel, TieProblem)
    /// Entries after seq `after` (0: all of them) are not sealed; on a stick a chain must end
    /// in a seal, since a station seals before it gives.
    case unsealed(ChainLabel, after: Int)
    /// The chain and the copy held here differ at `seq`: both hashes there. The held copy is kept.
    case fork(ChainLabel, seq: Int, held: String, incoming: String)
    /// The file `<station-id>.jsonl` holds another station's chain (`label`).
    case misnamed(ChainLabel, file: String)

    /// What is wrong with entry 1's tie to the incident.
    public enum TieProblem: Sendable, Equatable {
        /// Entry 1 names another incident.
        case otherIncident(String)
        /// Entry 1 is another incident's `incident.opened` under the same id, or a
        /// `station.joined` whose `opened` is not the hash of this incident's entry 1.
        case openedDiffers
        /// `station.joined`'s `playbookSHA256` is not the incident's.
        case playbookDiffers
        /// No chain here or on the stick opens the incident, so a joining chain cannot be tied.
        case noOrigin
    }

    /// The chain the finding is about.
    public var label: ChainLabel {
        switch self {
        case .damaged(let l, _), .forged(let l, _), .keyChanged(let l, _, _, _), .notTied(let l, _),
             .unsealed(let l, _), .fork(let l, _, _, _), .misnamed(let l, _): return l
        }
    }
}

/// What an incident's chains are tied to: the hash of its entry 1 (the origin chain's
/// `incident.opened`) and the playbook's SHA-256 that entry 1 recorded.
public struct ChainOrigin: Sendable, Equatable {
    public var opened: String
    public var playbookSHA256: String?
    public init(opened: String, playbookSHA256: String?) {
        self.opened = opened
        self.playbookSHA256 = playbookSHA256
    }
}

/// The acceptance rules for a chain (DESIGN.md, Stations, rules 1–5), over a chain file's
/// bytes: the one judge sync and verify ask.
public enum ChainCheck {
    /// What an accepted chain is.
    public struct Facts: Sendable {
        /// Its station (id nil for an origin chain never sealed) and name.
        public var label: ChainLabel
        /// The station's 64-hex public key, from its joined or sealed entries.
        public var key: String?
        /// Entries.
        public var entries: Int
        /// The last entry's hash.
        public var head: String
        /// The seq of the last seal, if any.
        public var lastSeal: Int?
        /// Entry 1.
        public var first: JournalEntry
    }

    static let builtTypes: [[UInt8]] = [EntryType.incidentOpened, .stationJoined, .stationSealed].map { Array($0.rawValue.utf8) }

    /// Rules 1–4 for the chain `bytes` of incident `incident`: every line by the journal's own
    /// check (`JournalLineCheck`); entry 1 tied to the incident (`origin`, when known: an
    /// `incident.opened` chain with none is the origin itself); every joined or sealed entry of
    /// one station and key, that key the one `pins` hold for it (a new id passes: the caller
    /// pins it once the chain is taken in), every seal verifying; with `sealedEnd`, the last
    /// entry a seal.
    public static func check(_ bytes: [UInt8], incident: String, origin: ChainOrigin?, pins: StationPins,
                             sealedEnd: Bool) -> Result<Facts, ChainRefusal> {
        var label = ChainLabel(id: nil)
        var key: String?
        var keyBytes: [UInt8]?
        var lastSeal: Int?
        var first: JournalEntry?
        var cursor = ChainCursor()
        var expected = Array(JournalLine.zeroHash.utf8)
        let lineCheck = JournalLineCheck(buildAll: false, wantedTypes: builtTypes)
        var refusal: ChainRefusal?
        var start = 0
        bytes.withUnsafeBufferPointer { all in
            while start < all.count, refusal == nil {
                guard let nl = all[start...].firstIndex(of: 0x0A) else {
                    let tail = UnsafeBufferPointer(rebasing: all[start...])
                    let problem: JournalDamage.Problem = JournalLine.hashMatches(tail) == true ? .unterminated : .notJSON("the file ends in the middle of a line")
                    refusal = .damaged(label, JournalDamage(line: cursor.seq + 1, offset: Int64(start), problem))
                    return
                }
                let line = UnsafeBufferPointer(rebasing: all[start..<nl])
                switch lineCheck.check(line, cursor: &cursor, expectedHash: &expected) {
                case .damaged(let p):
                    refusal = .damaged(label, JournalDamage(line: cursor.seq + 1, offset: Int64(start), p))
                    return
                case .good(let built):
                    guard let e = built else { break }
                    if e.seq == 1 { first = e }
                    guard e.kind == .stationJoined || e.kind == .stationSealed else { break }
                    let id = e.string("station") ?? "", k = e.string("key") ?? ""
                    if let name = e.string("stationName") { label.name = name }
                    if label.id == nil {
                        guard IncidentChains.isStationID(id), let kb = StationStore.bytes(hex: Substring(k)) else {
                            refusal = .forged(label, seq: e.seq)
                            return
                        }
                        label.id = id
                        key = k
                        keyBytes = kb
                        if case .differs(let pinned) = pins.check(station: id, key: k) {
                            refusal = .keyChanged(label, seq: e.seq, pinned: pinned, found: k)
                            return
                        }
                    } else if id != label.id || k != key {
                        refusal = .forged(label, seq: e.seq)
                        return
                    }
                    if e.kind == .stationSealed {
                        guard let kb = keyBytes, StationSeal.isValid(e, key: kb) else {
                            refusal = .forged(label, seq: e.seq)
                            return
                        }
                        lastSeal = e.seq
                    }
                }
                start = nl + 1
            }
        }
        if let refusal { return .failure(refusal) }
        guard let first else {
            return .failure(.damaged(label, JournalDamage(line: 1, offset: 0, .noFirstEntry(torn: false))))
        }
        if let tie = tieProblem(first, incident: incident, origin: origin) { return .failure(.notTied(label, tie)) }
        if sealedEnd, lastSeal != cursor.seq { return .failure(.unsealed(label, after: lastSeal ?? 0)) }
        return .success(Facts(label: label, key: key, entries: cursor.seq, head: String(decoding: expected, as: UTF8.self),
                              lastSeal: lastSeal, first: first))
    }

    /// Rule 2: why entry 1 does not tie the chain to `incident`, or nil.
    static func tieProblem(_ first: JournalEntry, incident: String, origin: ChainOrigin?) -> ChainRefusal.TieProblem? {
        if let named = first.string("incident"), named != incident { return .otherIncident(named) }
        if first.kind == .incidentOpened {
            // An origin chain made before entry 1 recorded its incident is tied by its hash alone.
            if let origin, origin.opened != first.hash { return .openedDiffers }
            return nil
        }
        guard first.string("incident") != nil else { return .otherIncident("") }
        guard let origin else { return .noOrigin }
        if first.string("opened") != origin.opened { return .openedDiffers }
        if let sha = origin.playbookSHA256, first.string("playbookSHA256") != sha { return .playbookDiffers }
        return nil
    }

    /// Rule 5: how `incoming` stands to the copy `held` (both whole chains, ending in newlines).
    public enum Comparison: Sendable, Equatable {
        /// The same bytes: nothing to do.
        case equal
        /// `incoming` is `held` and `newEntries` more: take it.
        case extends(newEntries: Int)
        /// `incoming` is a part of `held`: keep ours.
        case behind
        /// They differ at `seq`: the hash each holds there (empty where one has no entry).
        case fork(seq: Int, held: String, incoming: String)
    }

    /// Compares two chains byte for byte, line by line.
    public static func compare(held: [UInt8], incoming: [UInt8]) -> Comparison {
        if held == incoming { return .equal }
        if incoming.count > held.count, incoming.starts(with: held) {
            return .extends(newEntries: incoming[held.count...].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        }
        if held.count > incoming.count, held.starts(with: incoming) { return .behind }
        let a = lines(held), b = lines(incoming)
        var i = 0
        while i < a.count, i < b.count, held[a[i]].elementsEqual(incoming[b[i]]) { i += 1 }
        return .fork(seq: i + 1, held: i < a.count ? hash(held[a[i]]) : "", incoming: i < b.count ? hash(incoming[b[i]]) : "")
    }

    /// The ranges of the complete lines of `bytes` (without their newlines).
    public static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(start..<i)
            start = i + 1
        }
        return out
    }

    /// The hash a line ends with (its last 64 hex characters before `"}`), as written.
    public static func hash(_ line: ArraySlice<UInt8>) -> String {
        guard line.count >= JournalLine.tailLength else { return "" }
        let end = line.endIndex - 2
        return String(decoding: line[(end - 64)..<end], as: UTF8.self)
    }

    /// The bytes of `bytes` up to and including its last newline: a chain as far as it is whole.
    public static func wholeLines(_ bytes: [UInt8]) -> [UInt8] {
        guard let last = bytes.lastIndex(of: 0x0A) else { return [] }
        return Array(bytes[...last])
    }
}
