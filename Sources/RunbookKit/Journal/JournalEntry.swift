/// The kinds of journal entry DESIGN.md fixes.
public enum EntryType: String, CaseIterable, Sendable {
    case incidentOpened = "incident.opened"
    case taskStarted = "task.started"
    case taskDone = "task.done"
    case taskSkipped = "task.skipped"
    case taskBlocked = "task.blocked"
    case taskReopened = "task.reopened"
    case decisionMade = "decision.made"
    case roleAssigned = "role.assigned"
    case systemStatus = "system.status"
    case note = "note"
    case entryCorrected = "entry.corrected"
    case periodStarted = "period.started"
    case incidentClosed = "incident.closed"
    /// Corrects entry 1's facts (activation, discovery, name, exercise): `runbook amend`.
    case incidentAmended = "incident.amended"
    /// Entry 1 of a station's chain on an incident started at another station: the incident's
    /// id, its entry 1's hash, the playbook's SHA-256 and the station's public key.
    case stationJoined = "station.joined"
    /// A station's Ed25519 signature over the previous entry's hash, at sync, period start and
    /// close: what makes a chain rewritten elsewhere, every hash recomputed, fail.
    case stationSealed = "station.sealed"
}

/// One recorded line of the journal, as read back.
public struct JournalEntry: Sendable {
    /// 1, 2, 3… with no gaps.
    public var seq: Int
    /// When it was recorded (the writer's clock).
    public var time: Timestamp
    /// Who recorded it.
    public var actor: String
    /// The entry type as written (see `EntryType`).
    public var type: String { didSet { kind = EntryType(rawValue: type) } }
    /// When it really happened, if the operator said so.
    public var at: Timestamp?
    /// The role the actor acted in.
    public var actorRole: String?
    /// Free text.
    public var note: String?
    /// The previous entry's hash.
    public var prevHash: ChainHash
    /// This line's hash.
    public var lineHash: ChainHash
    /// The previous entry's hash, as text.
    public var prev: String { prevHash.text }
    /// This line's hash, as text.
    public var hash: String { lineHash.text }
    /// The type's own fields, in line order.
    public var fields: [(String, JSONScalar)]
    /// Byte offset of the line in the journal.
    public var offset: Int64 = 0
    /// Where the entry stands in its own station's chain, when the record folds several
    /// stations' chains (`MergedChains`): `seq` is then its place in the merged record. Nil for
    /// an entry of a lone chain, whose `seq` is its chain's.
    public var origin: EntryOrigin?

    /// The type as an enum, nil for one this version does not know.
    public private(set) var kind: EntryType?

    /// When it happened: `at` if given, else when it was recorded.
    public var when: Timestamp { at ?? time }

    /// Whom it was recorded on behalf of (`for`), when not the typist.
    public var forPerson: String? { string("for") }

    /// The person the entry counts for: whom it was recorded for, else who typed it. Roles, HICS
    /// 214s, the timeline's lanes and the decisions table credit this person; `actor` stays the typist.
    public var person: String { forPerson ?? actor }

    /// Lengths of the member names every entry shares (seq, time, actor, type, prev, hash, at,
    /// actorRole, note).
    static let commonKeyLengths: Set<Int> = [2, 3, 4, 5, 9]

    /// A field's value by name.
    public subscript(field: String) -> JSONScalar? {
        for (k, v) in fields where k == field { return v }
        return nil
    }

    /// A string field's text.
    public func string(_ field: String) -> String? { self[field]?.string }

    /// Builds an entry from a parsed line's members; nil if a required member is missing.
    public init?(members: [(String, JSONScalar)]) {
        var seq: Int?, time: Timestamp?, actor: String?, type: String?, prev: String?, hash: String?
        var at: Timestamp?, role: String?, note: String?
        var rest: [(String, JSONScalar)] = []
        for (k, v) in members {
            // Most members are the type's own fields: skip the name comparisons for those.
            guard JournalEntry.commonKeyLengths.contains(k.utf8.count) else { rest.append((k, v)); continue }
            switch k {
            case "seq": if let n = v.int { seq = Int(n) }
            case "time": if let s = v.string { time = Timestamp(rfc3339: s) }
            case "actor": actor = v.string
            case "type": type = v.string
            case "prev": prev = v.string
            case "hash": hash = v.string
            case "at": if let s = v.string { at = Timestamp(rfc3339: s) }
            case "actorRole": role = v.string
            case "note": note = v.string
            default: rest.append((k, v))
            }
        }
        guard let seq, let time, let actor, let type, let prev = prev.flatMap(ChainHash.init),
              let hash = hash.flatMap(ChainHash.init) else { return nil }
        self.init(seq: seq, time: time, actor: actor, type: type, kind: EntryType(rawValue: type), at: at,
                  actorRole: role, note: note, prev: prev, hash: hash, fields: rest)
    }

    /// An entry from its members' values.
    init(seq: Int, time: Timestamp, actor: String, type: String, kind: EntryType?, at: Timestamp?, actorRole: String?,
         note: String?, prev: ChainHash, hash: ChainHash, fields: [(String, JSONScalar)]) {
        self.kind = kind
        self.seq = seq
        self.time = time
        self.actor = actor
        self.type = type
        self.prevHash = prev
        self.lineHash = hash
        self.at = at
        self.actorRole = actorRole
        self.note = note
        self.fields = fields
    }
}

extension JournalEntry {
    /// The entry a draft becomes once written with these seq, time, prev and hash.
    init(draft d: EntryDraft, seq: Int, time: Timestamp, prev: ChainHash, hash: ChainHash) {
        self.seq = seq
        self.time = time
        self.actor = d.actor
        self.type = d.type.rawValue
        self.at = d.at
        self.actorRole = d.actorRole
        self.note = d.note
        self.prevHash = prev
        self.lineHash = hash
        self.fields = d.fields
        self.kind = d.type
    }
}

/// An entry's place in its own station's chain: the station's id and the entry's seq there.
public struct EntryOrigin: Sendable, Hashable {
    /// The station whose chain holds the entry.
    public var station: String
    /// Its seq in that chain.
    public var seq: Int

    public init(station: String, seq: Int) {
        self.station = station
        self.seq = seq
    }
}

/// What a command asks to record; the journal adds seq, time, prev and hash.
public struct EntryDraft: Sendable {
    public var type: EntryType
    public var actor: String
    public var at: Timestamp?
    public var actorRole: String?
    public var note: String?
    public var fields: [(String, JSONScalar)]

    /// A draft of `type` by `actor` with the type's fields.
    public init(type: EntryType, actor: String, at: Timestamp? = nil, actorRole: String? = nil,
                note: String? = nil, fields: [(String, JSONScalar)] = []) {
        self.type = type
        self.actor = actor
        self.at = at
        self.actorRole = actorRole
        self.note = note
        self.fields = fields
    }
}
