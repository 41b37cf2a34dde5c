/// The entries that make a station's chain one among an incident's (DESIGN.md, Stations).
public enum StationChain {
    /// Entry 1 of `station`'s chain on incident `incidentID`, started at another station:
    /// `station.joined`, naming the incident's entry 1 (`openedHash`), the playbook it sealed
    /// and this station's key, so every reader can tie the chain to the incident.
    public static func joinedDraft(station: Station, incidentID: String, openedHash: String,
                                   playbookSHA256: String, actor: String) -> EntryDraft {
        var fields: [(String, JSONScalar)] = [
            ("incident", .string(incidentID)),
            ("opened", .string(openedHash)),
            ("playbookSHA256", .string(playbookSHA256)),
            ("station", .string(station.id)),
        ]
        if let name = station.name { fields.append(("stationName", .string(name))) }
        fields.append(("key", .string(station.publicKeyHex)))
        return EntryDraft(type: .stationJoined, actor: actor, fields: fields)
    }
}
