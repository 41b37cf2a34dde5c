import Foundation
import RunbookKit

/// `gen-rollup HOME INCIDENTS STATIONS ENTRIES`: a health system's home for the roll-up's
/// figures (`board --all --once`, issue 26). `incidents` OCCI incidents, each at its own
/// facility, each made of `stations` chains of `entries` entries: this station's own
/// `journal.jsonl` and, for the others, well-formed chains in `stations/<16 hex>.jsonl` that
/// begin with `station.joined` (stations-spec; unsealed, as sealing is not on main yet).
func genRollup(home: String, incidents: Int, stations: Int, entries: Int) {
    let store = IncidentStore(home: home)
    let loaded = occi()
    let start = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!
    for i in 0..<incidents {
        guard let (id, first) = try? store.create(loaded: loaded, name: "Outage \(i)", exercise: false, actor: "ic", at: nil,
                                                  now: start.adding(seconds: i * 60), facility: "Hospital \(i)") else {
            fail("cannot create incident \(i)")
        }
        let fd = open(store.journalPath(id), O_RDWR)
        var prev = first.hash
        var offset = Int64(lseek(fd, 0, SEEK_END))
        writeEntries(fd: fd, start: 2, n: entries - 1, prev: &prev, playbook: loaded.playbook, offset: &offset, span: 7 * 86_400, base: start)
        close(fd)
        guard stations > 1 else { continue }
        let folder = IncidentChains.stationsFolder(store: store, id: id)
        mkdir(folder, 0o700)
        for s in 1..<stations {
            let station = String(format: "%08x%08x", UInt32(i + 1), UInt32(s))
            let path = IncidentChains.copyPath(store: store, id: id, station: station)
            let cfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
            guard cfd >= 0 else { fail("cannot create \(path)") }
            let joined = EntryDraft(type: .stationJoined, actor: "station-\(s)", fields: [
                ("incident", .string(id)), ("opened", .string(first.hash)),
                ("playbookSHA256", .string(first.string("playbookSHA256") ?? "")), ("station", .string(station)),
                ("stationName", .string("Desk \(s)")), ("key", .string(String(repeating: String(format: "%02x", s), count: 32))),
            ])
            let line = JournalLine.encode(joined, seq: 1, time: start.adding(seconds: i * 60 + s), prev: JournalLine.zeroHash) + "\n"
            try? FileIO.writeAll(cfd, Array(line.utf8), at: 0, what: "chain")
            var cprev = String(line.dropLast().suffix(66).prefix(64))
            var coffset = Int64(line.utf8.count)
            writeEntries(fd: cfd, start: 2, n: entries - 1, prev: &cprev, playbook: nil, offset: &coffset, base: start)
            close(cfd)
        }
    }
    print(home)
}
