import Foundation

/// Everything known about an incident: the fold of its journal through the engine.
public struct IncidentState: Sendable {
    /// Directory name of the incident.
    public var id: String
    /// The incident-wide facts (name, roles, systems, period, closing), shared with the light
    /// state of one-line commands.
    public internal(set) var facts = IncidentFacts()
    public var name: String { facts.name }
    public var playbookID: String { facts.playbookID }
    public var playbookTitle: String { facts.playbookTitle }
    public var playbookVersion: String { facts.playbookVersion }
    public var exercise: Bool { facts.exercise }
    /// The facility it happens at (entry 1's `facility`), if given.
    public var facility: String? { facts.facility }
    /// When the incident was activated (entry 1's `at`, else its time).
    public var activated: Timestamp { facts.activated }
    /// When the organization first knew of the incident (entry 1's `discovered`, else the
    /// activation time): `--at` may not reach more than a year before it.
    public var discovered: Timestamp { facts.discovered }
    /// When it was closed, if it was.
    public var closed: Timestamp? { facts.closed }
    /// Number of entries (all of them, corrected ones included).
    public var entryCount = 0
    /// The last entry's hash.
    public var head: String { entries.last?.hash ?? JournalLine.zeroHash }
    /// The head as a witness: the last entry's hash at its seq in its own chain (a merged
    /// record's last entry is some station's; `verify --witness` finds it in that chain).
    public var witness: Witness {
        guard let last = entries.last else { return Witness.head(entries: entryCount, hash: head) }
        return Witness(seq: last.origin?.seq ?? entryCount, hash: last.hash)
    }
    /// The previous entry's recorded time (for noticing a clock that went back).
    public var lastRecorded: Timestamp?

    public var tasks: [TaskRecord] = []
    /// Records of `per: system` tasks' instances: by task index, then by system key
    /// (`SystemRecord.key`). An instance nobody has acted on has no record yet.
    public var instances: [Int: [String: TaskRecord]] = [:]
    /// Systems reported down or degraded at least once (their names as first reported), in the
    /// order they were first so reported: each gets an instance of every `per: system` task.
    public var affectedSystems: [String] = []
    public var decisions: [String: DecisionRecord] = [:]
    /// Who holds each role now.
    public var roles: [String: RoleRecord] { facts.roles }
    /// Affected systems, in the order first reported.
    public var systems: [SystemRecord] { facts.systems }
    public var period: Int { facts.period }
    public var periodStarted: Timestamp { facts.periodStarted }
    /// seqs of `note` entries tagged `lesson`.
    public var lessons: [Int] = []
    /// The names stations go by in the record (their joinings' and seals' `stationName`, the
    /// latest counting), by station id: how each entry's station is named on every screen.
    public var stationNames: [String: String] = [:]
    /// What this station holds of each station's chain, and how fresh (set by the session from
    /// the files, not folded; empty for a lone chain).
    public var stationsHeld: [StationHeld] = []
    /// Actions that collided between stations apart (`Collision.find`), found after a merged
    /// record is folded; empty for a lone chain.
    public var collisions: [Collision] = []
    /// Plain-words warnings: a clock that went back between entries.
    public var clockWarnings: [ClockWentBack] = []
    /// seqs of effective forced actions.
    public var deviations: [Int] = []
    /// Every entry read, in journal order (index = seq - 1).
    public var entries: [JournalEntry] = []
    /// seqs marked entered in error by an effective correction, with the correcting seq.
    public var corrected: [Int: Int] = [:]
    /// The indices of `entries` in the order their effects were folded (`HappenedOrder.fold`),
    /// or nil when that is the journal's own order (no entry was typed out of its turn).
    public internal(set) var foldOrder: [Int]?
    /// The fold key of the last entry folded: a later entry that sorts before it refolds.
    var lastFolded: HappenedOrder.Key?
    /// Entries were read whose effects wait for one refold (`Engine.finishDeferredRefold`).
    var refoldDeferred = false

    /// The indices of `entries` in the order things happened, the incident's own facts
    /// (entry 1 and its amendments) first: what the fold went by, for a reader that rebuilds
    /// part of the story (the report's system segments) the same way.
    public var happenedIndices: [Int] { foldOrder ?? Array(entries.indices) }

    public init(id: String) { self.id = id }

    /// When the record runs to for an open incident (a report's "as of", its durations and
    /// missed deadlines): the latest recorded time among the entries that count. An entry
    /// marked entered in error (one recorded under a clock set to 9999, say) moves no figure.
    public var latestCounting: Timestamp? {
        var latest: Timestamp?
        for i in entries.indices where corrected[entries[i].seq] == nil {
            let t = entries[i].time
            if latest.map({ t > $0 }) ?? true { latest = t }
        }
        return latest
    }

    /// Whether entry `seq` counts (it is not marked entered in error).
    public func counts(_ seq: Int) -> Bool { corrected[seq] == nil }

    /// The entry with `seq`, if read.
    public func entry(_ seq: Int) -> JournalEntry? {
        index(of: seq).map { entries[$0] }
    }

    /// Where the entry with `seq` is in `entries`, if read: for reading a member or two of it
    /// without copying the whole entry (a report's loops over a long journal).
    public func index(of seq: Int) -> Int? {
        if seq >= 1 && seq <= entries.count, entries[seq - 1].seq == seq { return seq - 1 }
        // After a light read (`Engine.adoptLightRead`) not every entry is held: look it up.
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].seq < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo < entries.count && entries[lo].seq == seq ? lo : nil
    }
}

/// The answer to a decision.
public struct DecisionRecord: Sendable {
    public var option: String
    public var when: Timestamp
    public var by: String
    public var seq: Int
    /// The answers given before this one, in the order they happened (a changed decision):
    /// when a task's condition became true is read from them (`Engine.conditionBecameTrue`).
    public var earlier: [DecisionAnswer] = []
}

/// One answer given to a decision, and when it happened.
public struct DecisionAnswer: Sendable, Equatable {
    public var option: String
    public var when: Timestamp
    public var seq: Int
}

/// Who holds a role, and who held it before.
public struct RoleRecord: Sendable {
    public var person: String
    public var since: Timestamp
    /// Earlier holders with when they took the role, oldest first.
    public var previous: [(person: String, since: Timestamp)] = []
}

/// The state of one affected system (EHR, PACS, phones…).
public struct SystemRecord: Sendable {
    public enum State: String, CaseIterable, Sendable { case down, degraded, up }

    /// Whether two names are the same system: case, spacing and a trailing "system" do not
    /// count, so `Lab`, `lab system` and `Lab  System` are one system, not three; nor do the
    /// look-alikes of `key` (a word joiner, a fullwidth or Cyrillic letter): "ЕHR" is EHR.
    public static func sameSystem(_ a: String, _ b: String) -> Bool {
        a == b || key(a) == key(b)
    }

    /// The one "same system" key: the name lowercased, its words separated by single spaces,
    /// without a last word "system" or "systems" (unless that is the whole name). A name that is
    /// not all ASCII is first folded by `fold`: compatibility forms (NFKC: fullwidth letters,
    /// a no-break space), invisible format characters dropped (a word joiner, a soft hyphen)
    /// and Cyrillic or Greek letters that look Latin taken as those Latin letters, so no
    /// look-alike is ever a second "EHR".
    static func key(_ name: String) -> String {
        // Names are short and nearly always ASCII: lowercased and spaced as bytes, which a long
        // journal's fold (a key for every system entry) notices.
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            switch b {
            case 0x80...: return unicodeKey(name)
            case 0x20, 0x09: if let last = out.last, last != 0x20 { out.append(0x20) }
            case 0x41...0x5A: out.append(b + 0x20)
            default: out.append(b)
            }
        }
        if out.last == 0x20 { out.removeLast() }
        for suffix in [" system", " systems"] where out.count > suffix.utf8.count && out.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            out.removeLast(suffix.utf8.count)
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `key` for a name that is not all ASCII.
    static func unicodeKey(_ name: String) -> String {
        var latin = ""
        for u in clean(name).lowercased().unicodeScalars { latin.unicodeScalars.append(lookAlikes[u] ?? u) }
        var words = latin.split(whereSeparator: { $0.isWhitespace })
        if words.count > 1, let last = words.last, last == "system" || last == "systems" { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// A typed name as it is recorded: compatibility forms folded (NFKC) and invisible format
    /// characters (general category Cf: word joiner, soft hyphen, zero-width space…) dropped.
    public static func clean(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return name }
        var out = ""
        for u in name.precomposedStringWithCompatibilityMapping.unicodeScalars where u.properties.generalCategory != .format {
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// The alphabet a letter belongs to, for the mixed-script rule; nil for other characters.
    enum Script: String { case latin = "Latin", cyrillic = "Cyrillic", greek = "Greek" }

    static func script(_ u: Unicode.Scalar) -> Script? {
        guard u.properties.isAlphabetic else { return nil }
        switch u.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F: return .cyrillic
        default: return nil
        }
    }

    /// Why a new system name is refused, or nil: Latin letters mixed with Cyrillic or Greek ones
    /// in one name ("ЕHR" with a Cyrillic Е) are nearly always a look-alike, never a new system.
    public static func mixedScriptProblem(_ name: String) -> String? {
        var seen: [Script] = []
        for u in clean(name).unicodeScalars {
            if let s = script(u), !seen.contains(s) { seen.append(s) }
        }
        guard seen.count > 1 else { return nil }
        return "the system name “\(name)” mixes \(seen.map(\.rawValue).joined(separator: " and ")) letters, which can look alike; type it in one alphabet"
    }

    /// Cyrillic and Greek letters (lowercase, after `lowercased`) that look like Latin ones.
    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(UInt32, Character)] = [
            // Cyrillic а в с е һ і ј к м н о р ѕ т х у ԁ ԛ ԝ ү
            (0x430, "a"), (0x432, "b"), (0x441, "c"), (0x435, "e"), (0x4BB, "h"), (0x456, "i"), (0x458, "j"),
            (0x43A, "k"), (0x43C, "m"), (0x43D, "h"), (0x43E, "o"), (0x440, "p"), (0x455, "s"), (0x442, "t"),
            (0x445, "x"), (0x443, "y"), (0x501, "d"), (0x51B, "q"), (0x51D, "w"), (0x4AF, "y"), (0x451, "e"), (0x457, "i"),
            // Greek α β ε η ι κ μ ν ο ρ τ υ χ ζ
            (0x3B1, "a"), (0x3B2, "b"), (0x3B5, "e"), (0x3B7, "h"), (0x3B9, "i"), (0x3BA, "k"), (0x3BC, "m"),
            (0x3BD, "n"), (0x3BF, "o"), (0x3C1, "p"), (0x3C4, "t"), (0x3C5, "y"), (0x3C7, "x"), (0x3B6, "z"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (v, c) in pairs { if let u = Unicode.Scalar(v), let l = c.unicodeScalars.first { map[u] = l } }
        return map
    }()

    /// A system first reported as `name`.
    public init(name: String, state: State, since: Timestamp, firstReported: Timestamp) {
        self.name = name
        self.key = SystemRecord.key(name)
        self.state = state
        self.since = since
        self.firstReported = firstReported
        self.firstAffected = state == .up ? nil : firstReported
    }

    public var name: String { didSet { key = SystemRecord.key(name) } }
    /// `name`'s key, kept: the fold looks systems up by it for every entry about one.
    public private(set) var key: String
    public var state: State
    public var since: Timestamp
    /// Seconds spent down or degraded before the current state began.
    public var outageSecondsBefore: Int = 0
    /// When it was first reported not up.
    public var firstReported: Timestamp
    /// When it was first reported down or degraded (nil while it was only ever reported up):
    /// a `per: system` task's instance counts its due time from then.
    public var firstAffected: Timestamp?
    /// Every restoration estimate given for it, oldest first (see `SystemEstimate.swift`).
    public var estimates: [SystemEstimate] = []
    /// Where the current outage's estimates begin in `estimates`.
    public var outageEstimatesFrom = 0
    /// The latest kind recorded for it (`kind` of a `system.status` entry), if any was: the
    /// engine's `systemKind(_:)` falls back to the playbook's, then `other`.
    public var recordedKind: String?

    /// Total seconds down or degraded up to `now`.
    public func outageSeconds(now: Timestamp) -> Int {
        outageSecondsBefore + (state == .up ? 0 : max(0, since.seconds(until: now)))
    }
}
