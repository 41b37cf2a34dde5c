// In-process measurements for `make bench`, and generators of large journals.
// Usage: runbook-bench gen-journal PATH N | gen-incident HOME N | append DIR N |
//        advance HOME ID | screen HOME ID | board HOME ID | phases HOME ID | fuzz N
// append, advance, screen and board print their line for people, then their figures as one
// line of JSON (seconds) that Benchmarks/bench.py reads into its table.
import CursesUI
import Foundation
import RunbookKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    var a = timespec(), b = timespec()
    clock_gettime(CLOCK_MONOTONIC, &a)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &b)
    return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

/// One line of JSON after a command's human line, for bench.py to put in its table: the medians
/// (and, where bench.py pools several processes' runs, every sample) in seconds.
func emit(_ figures: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]),
          let text = String(data: data, encoding: .utf8) else { fail("cannot write figures") }
    print(text)
}

func fail(_ m: String) -> Never {
    FileHandle.standardError.write(Data("runbook-bench: \(m)\n".utf8))
    exit(2)
}

/// Writes `n` chained entries quickly (no fsync per line): the shape of a long incident. With
/// `span` (seconds) the entries spread evenly over it: `gen-incident` writes a ten-week outage
/// with 100 operational periods, decisions on days 0, 3 and 25 (diversion changed on day 25),
/// and one entry in 500 transcribed from paper a few hours after it happened (out of turn).
/// The entries are recorded from `base` on.
func writeEntries(fd: Int32, start: Int, n: Int, prev: inout String, playbook: Playbook?, offset: inout Int64,
                  span: Int? = nil, base: Timestamp) {
    let step = max(1, (span ?? n) / max(1, n))
    let periodEvery = max(1, n / 100)
    let day = 86_400
    // The decisions of the replayed outage, by the entry whose time first reaches their day.
    var decisions: [(day: Int, decision: String, option: String)] = playbook == nil ? [] : [
        (0, "extended-downtime", "yes"), (3, "ambulance-diversion", "divert"),
        (3, "extortion-demand", "yes"), (25, "ambulance-diversion", "no-divert")]
    var period = 1
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    let tasks = playbook?.tasks.map(\.id) ?? ["ic-declare"]
    for i in start..<(start + n) {
        var draft: EntryDraft
        let time = base.adding(seconds: i * step)
        if let next = decisions.first, i * step >= next.day * day {
            decisions.removeFirst()
            draft = EntryDraft(type: .decisionMade, actor: "ic", fields: [("decision", .string(next.decision)), ("option", .string(next.option))])
        } else if span != nil, i % periodEvery == 0, period < 100 {
            period += 1
            draft = EntryDraft(type: .periodStarted, actor: "scribe", fields: [("period", .int(Int64(period)))])
        } else {
        switch i % 10 {
        case 0:
            draft = EntryDraft(type: .taskStarted, actor: "scribe", fields: [("task", .string(tasks[i / 10 % tasks.count]))])
        case 1:
            draft = EntryDraft(type: .taskReopened, actor: "scribe", fields: [("task", .string(tasks[i / 10 % tasks.count]))])
        case 2:
            draft = EntryDraft(type: .systemStatus, actor: "it-lead", fields: [("system", .string(["EHR", "PACS", "Phones", "Lab"][i % 4])), ("state", .string(["down", "degraded", "up"][i % 3]))])
        default:
            draft = EntryDraft(type: .note, actor: "nurse-\(i % 7)", note: "Unit 4 West downtime census \(i): 28 patients, paper MARs in use, runner to lab every 30 minutes; pharmacy verifying orders by phone.")
            if span != nil, i % 500 == 3 {
                draft.at = time.adding(seconds: -6 * 3600)
                draft.fields.append(("paper", .string("ICS 214 p\(i / 500)")))
            }
        }
        }
        let line = JournalLine.encode(draft, seq: i, time: time, prev: prev)
        prev = String(line.suffix(66).prefix(64))
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > (1 << 20) - 4096 {
            try? FileIO.writeAll(fd, buffer, at: offset, what: "journal")
            offset += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try? FileIO.writeAll(fd, buffer, at: offset, what: "journal")
    offset += Int64(buffer.count)
}

/// When `gen-journal`'s entries start (2026-11-01 00:00 UTC): `verify` reads no clock.
let journalStart = Timestamp(millis: 1_793_491_200_000)

func genJournal(path: String, n: Int) {
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fail("cannot create \(path)") }
    defer { close(fd) }
    var prev = JournalLine.zeroHash
    var offset: Int64 = 0
    let first = EntryDraft(type: .incidentOpened, actor: "ic", fields: [("name", .string("Bench")), ("playbook", .string("occi")), ("exercise", .bool(true))])
    let line = JournalLine.encode(first, seq: 1, time: journalStart, prev: prev) + "\n"
    try? FileIO.writeAll(fd, Array(line.utf8), at: 0, what: "journal")
    offset = Int64(line.utf8.count)
    prev = String(line.dropLast().suffix(66).prefix(64))
    writeEntries(fd: fd, start: 2, n: n - 1, prev: &prev, playbook: nil, offset: &offset, base: journalStart)
    fsync(fd)
}

func occi() -> LoadedPlaybook {
    let lib = PlaybookLibrary.standard(home: nil)
    guard let path = lib.resolve("occi") else { fail("occi playbook not found") }
    do { return try PlaybookLoader(library: lib).load(path: path) } catch { fail("\(error)") }
}

/// An OCCI incident with `n` entries under `home`, spanning the ten weeks up to an hour ago;
/// prints its id. It ends in the past so that the figures' new entries, recorded now, come
/// after it as a real outage's do: an entry recorded before the journal's last one is out of
/// turn, and folding one in costs a refold (what "advancing by one entry" does not measure);
/// and it ends within the day, so a new entry needs no --force (ActionTime.checkAhead).
func genIncident(home: String, n: Int) {
    let store = IncidentStore(home: home)
    let loaded = occi()
    let span = 70 * 86_400
    // Entry i is recorded at start + i * step (writeEntries), the last at i = n.
    let step = max(1, span / max(1, n - 1))
    let hourAgo = Timestamp.now().adding(seconds: -n * step - 3600)
    let start = Timestamp(millis: hourAgo.millis - hourAgo.millis % 60_000)
    guard let (id, first) = try? store.create(loaded: loaded, name: "Bench \(n)", exercise: true, actor: "ic", at: nil, now: start) else { fail("cannot create incident") }
    let fd = open(store.journalPath(id), O_RDWR)
    defer { close(fd) }
    var prev = first.hash
    var offset = Int64(lseek(fd, 0, SEEK_END))
    writeEntries(fd: fd, start: 2, n: n - 1, prev: &prev, playbook: loaded.playbook, offset: &offset, span: span, base: start)
    fsync(fd)
    print(id)
}

/// Median cost of Journal.append against a bare write+fsync of the same bytes.
func appendBench(dir: String, n: Int) {
    let store = IncidentStore(home: dir)
    guard let (id, _) = try? store.create(loaded: occi(), name: "Append", exercise: true, actor: "ic", at: nil, now: Timestamp.now()),
          let session = try? IncidentSession(store: store, id: id) else { fail("setup") }
    var appendTimes: [Double] = []
    var performTimes: [Double] = []
    var rawTimes: [Double] = []
    let rawPath = dir + "/raw.bin"
    let rawFD = open(rawPath, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    var rawOffset: Int64 = 0
    for i in 0..<n {
        let text = "Bench note \(i): unit census taken, paper MARs in use."
        var lineBytes = 0
        // The journal alone (lock, catch up, encode, hash, write, fsync), then a whole action
        // through the engine (check, record, fold in).
        let draft = EntryDraft(type: .note, actor: "scribe", note: text)
        appendTimes.append(seconds {
            if let j = session.journal, let e = try? j.append({ _ in draft }) { lineBytes = Int(j.cursor.offset - e.offset) }
        })
        performTimes.append(seconds { _ = try? session.perform(.note(text, tag: nil), ActionContext(actor: "scribe")) })
        let bytes = [UInt8](repeating: 0x61, count: lineBytes)
        rawTimes.append(seconds {
            _ = bytes.withUnsafeBytes { pwrite(rawFD, $0.baseAddress, $0.count, off_t(rawOffset)) }
            fsync(rawFD)
        })
        rawOffset += Int64(lineBytes)
    }
    close(rawFD)
    let a = median(appendTimes), r = median(rawTimes), p = median(performTimes)
    print(String(format: "append: Journal.append median %.3f ms; bare write+fsync median %.3f ms; ratio %.2fx (target <= 1.2x); a whole note through the engine (IncidentSession.perform) median %.3f ms, %.2fx", a * 1000, r * 1000, a / r, p * 1000, p / r))
    emit(["append": appendTimes, "perform": performTimes, "raw": rawTimes, "lineBytes": Int(rawOffset) / max(1, n)])
}

/// Cost of advancing the state by one entry, and of picking up one entry written by another
/// process, on the incident in `home`.
func advanceBench(home: String, id: String) {
    let store = IncidentStore(home: home)
    guard let session = try? IncidentSession(store: store, id: id), let other = try? IncidentSession(store: store, id: id) else { fail("open") }
    var engine = session.engine
    guard let last = session.state.entries.last else { fail("empty") }
    var applyTimes: [Double] = []
    for i in 0..<200 {
        var e = last
        e.seq = last.seq + 1 + i
        applyTimes.append(seconds { engine.apply(e) })
    }
    var pickup: [Double] = []
    for i in 0..<30 {
        _ = try? other.perform(.note("pickup \(i)", tag: nil), ActionContext(actor: "other"))
        pickup.append(seconds { _ = try? session.refresh() })
    }
    print(String(format: "advance at %d entries: engine.apply median %.0f ns; picking up one entry from another process median %.3f ms",
                 session.state.entryCount, median(applyTimes) * 1e9, median(pickup) * 1000))
    emit(["entries": session.state.entryCount, "apply": median(applyTimes), "pickup": median(pickup)])
}

/// First frame on an incident, and one key + next frame at 120x40.
func screenBench(home: String, id: String) {
    TextWidth.ensureUTF8Locale()
    let store = IncidentStore(home: home)
    var post: CommandPost?
    var grid = CellGrid(width: 120, height: 40)
    var opening = 0.0
    let first = seconds {
        var session: IncidentSession?
        opening = seconds { session = try? IncidentSession(store: store, id: id, onWarning: { _ in }) }
        guard let session else { fail("open") }
        let p = CommandPost(session: session, actor: "scribe")
        grid = p.frame(width: 120, height: 40).grid
        post = p
    }
    guard let p = post else { fail("no screen") }
    var frames: [Double] = []
    var previous = grid
    for i in 0..<300 {
        frames.append(seconds {
            p.handle(i % 40 < 20 ? .down : .up)
            let g = p.frame(width: 120, height: 40).grid
            var changed = 0
            for k in 0..<g.cells.count where g.cells[k] != previous.cells[k] { changed += 1 }
            previous = g
            if changed < 0 { print(changed) }
        })
    }
    print(String(format: "screen on %d entries: first frame %.0f ms (reading and folding the journal %.0f ms, the first render %.0f ms); one key + next frame at 120x40 median %.2f ms",
                 p.engine.state.entryCount, first * 1000, opening * 1000, (first - opening) * 1000, median(frames) * 1000))
    emit(["entries": p.engine.state.entryCount, "first": first, "opening": opening, "key": median(frames)])
}

/// The live executive board: its first frame (reading the journal for reading only, folding,
/// drawing at 120x40), and the cost of following one entry another process appends (read it,
/// fold it in, draw the next frame), which must not grow with the journal.
func boardBench(home: String, id: String) {
    TextWidth.ensureUTF8Locale()
    let store = IncidentStore(home: home)
    var g = CellGrid(width: 120, height: 40)
    var board: BoardScreen?
    // The first frame: the screen comes up at once, saying it is reading the journal.
    let first = seconds {
        let b = BoardScreen(title: "Bench", open: { try IncidentSession.forBoard(store: store, id: id) })
        g = b.frame(width: 120, height: 40).grid
        board = b
    }
    guard let b = board else { fail("no board") }
    // The full board: read, verified, folded and drawn.
    let full = first + seconds {
        guard b.waitUntilLoaded(), b.session != nil else { fail("open") }
        g = b.frame(width: 120, height: 40).grid
    }
    guard let session = b.session, let writer = try? IncidentSession(store: store, id: id) else { fail("no board") }
    var follows: [Double] = []
    for i in 0..<40 {
        _ = try? writer.perform(.note("board follow \(i)", tag: nil), ActionContext(actor: "other"))
        follows.append(seconds {
            _ = b.tick()
            g = b.frame(width: 120, height: 40).grid
        })
    }
    print(String(format: "board on %d entries: first frame %.0f ms, saying the journal is being read; the full board, every line verified, %.0f ms (target < 300 ms); one new entry from another process, read and drawn, median %.2f ms",
                 session.state.entryCount, first * 1000, full * 1000, median(follows) * 1000))
    emit(["entries": session.state.entryCount, "first": first, "full": full, "follow": median(follows)])
}

/// The merged fold of several stations' chains against the fold of one chain holding the same
/// entries (issue 26's figure): the incident's journal read once, dealt out to `stations`
/// chains (entry 1 in the first; each chain numbered anew), then each folded five times.
func mergedFoldBench(home: String, id: String, stations: Int) {
    let store = IncidentStore(home: home)
    guard let journal = try? Journal(path: store.journalPath(id), writable: false), let playbook = try? IncidentSession.frozenPlaybook(store: store, id: id) else { fail("open") }
    var all: [JournalEntry] = []
    guard (try? journal.readNew { all.append($0) }) != nil else { fail("read") }
    var chains = (0..<stations).map { MergedChains.Chain(station: String(format: "%016x", $0 + 1), entries: []) }
    for (i, e) in all.enumerated() {
        let c = i == 0 ? 0 : i % stations
        var e = e
        e.seq = chains[c].entries.count + 1
        chains[c].entries.append(e)
    }
    var one: [Double] = [], merged: [Double] = []
    var count = 0
    for _ in 0..<5 {
        one.append(seconds { count = Engine.fold(playbook: playbook, incidentID: id, entries: all).state.entryCount })
        merged.append(seconds {
            var e = Engine.fold(playbook: playbook, incidentID: id, entries: MergedChains.merge(chains))
            e.noteCollisions()
            count = e.state.entryCount
        })
    }
    print(String(format: "merged fold of %d stations x %d entries (%d in all): median %.0f ms; fold of one %d-entry chain median %.0f ms; ratio %.2fx (goal <= 1.2x)",
                 stations, all.count / stations, count, median(merged) * 1000, all.count, median(one) * 1000, median(merged) / median(one)))
}

/// Where the board's and the report's time goes, phase by phase, in one process (for finding
/// what to make faster; not a figure of `make bench`). With REPORT set, the HTML report's too.
func phasesBench(home: String, id: String) {
    let store = IncidentStore(home: home)
    var ts: [String: [Double]] = [:]
    for _ in 0..<7 {
        ts["playbook", default: []].append(seconds { _ = try? IncidentSession.frozenPlaybook(store: store, id: id) })
        ts["verify", default: []].append(seconds { _ = try? JournalVerifier.verify(path: store.journalPath(id)) })
        var s: IncidentSession?
        ts["light session", default: []].append(seconds { s = try? IncidentSession(store: store, id: id, writable: false, buildOnly: BoardFacts.foldedTypes, tail: BoardFacts.tailEntries) })
        ts["full session", default: []].append(seconds { _ = try? IncidentSession(store: store, id: id, writable: false) })
        var built: [JournalEntry] = []
        ts["light read only", default: []].append(seconds {
            guard let j = try? Journal(path: store.journalPath(id), writable: false) else { return }
            j.lightTypes = BoardFacts.foldedTypes
            _ = try? j.readNew({ built.append($0) }, onBulk: { built.append(contentsOf: $0) })
        })
        var all: [JournalEntry] = []
        ts["full read only", default: []].append(seconds {
            guard let j = try? Journal(path: store.journalPath(id), writable: false) else { return }
            _ = try? j.readNew({ all.append($0) }, onBulk: { all.append(contentsOf: $0) })
        })
        if let pb = try? IncidentSession.frozenPlaybook(store: store, id: id) {
            var e = Engine(playbook: pb, incidentID: id)
            ts["fold \(all.count)", default: []].append(seconds { e.apply(contentsOf: all) })
        }
        all = []
        if let pb = try? IncidentSession.frozenPlaybook(store: store, id: id) {
            var e = Engine(playbook: pb, incidentID: id)
            ts["fold \(built.count)", default: []].append(seconds { e.apply(contentsOf: built) })
        }
        if let s { ts["render", default: []].append(seconds { _ = BoardRenderer.text(s.engine, now: Timestamp.now(), width: 80, damage: nil) }) }
    }
    if ProcessInfo.processInfo.environment["REPORT"] != nil, let s = try? IncidentSession(store: store, id: id, writable: false) {
        for _ in 0..<5 {
            ts["report model", default: []].append(seconds { _ = ReportModel.build(s.engine) })
            var bytes: [UInt8] = []
            ts["report all", default: []].append(seconds { bytes = Reports.render(.html, engine: s.engine) })
            let out = NSTemporaryDirectory() + "runbook-phases-\(getpid()).html"
            ts["report write", default: []].append(seconds { try? ExportFile.write(bytes, to: out, incidentsDir: home + "/incidents") })
            unlink(out)
        }
    }
    for (k, v) in ts.sorted(by: { $0.key < $1.key }) { print(String(format: "%@: median %.1f ms", k, median(v) * 1000)) }
}

/// Mutation fuzzing of the playbook loader from the shipped playbooks.
func fuzz(n: Int) {
    let lib = PlaybookLibrary.standard(home: nil)
    let loader = PlaybookLoader(library: lib)
    let sources = ["occi", "hic-tcr"].compactMap { lib.resolve($0) }.compactMap { PlaybookLibrary.contents(atPath: $0) }
    guard !sources.isEmpty else { fail("no playbooks") }
    var rng = UInt64(0x5EED)
    func next() -> UInt64 {
        rng &+= 0x9E3779B97F4A7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    let path = NSTemporaryDirectory() + "runbook-fuzz-\(getpid()).yaml"
    var clean = 0, findings = 0
    let t = seconds {
        for _ in 0..<n {
            var bytes = [UInt8](sources[Int(next() % UInt64(sources.count))])
            for _ in 0..<(1 + Int(next() % 4)) {
                let i = Int(next() % UInt64(bytes.count))
                switch next() % 5 {
                case 0: bytes[i] ^= UInt8(1 << (next() % 8))
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(UInt8(next() % 256), at: i)
                case 3:  // delete a line
                    let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count - 1
                    let start = bytes[..<i].lastIndex(of: 0x0A) ?? 0
                    bytes.removeSubrange(start..<end)
                default:  // duplicate a line
                    let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count - 1
                    let start = bytes[..<i].lastIndex(of: 0x0A) ?? 0
                    bytes.insert(contentsOf: bytes[start..<end], at: end)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            if loader.check(path: path).isEmpty { clean += 1 } else { findings += 1 }
        }
    }
    unlink(path)
    print(String(format: "fuzz: %d mutated playbooks loaded without a crash or hang in %.1f s (%d still valid, %d with findings)", n, t, clean, findings))
}

/// A sync folder (`runbook sync DIR`) holding one incident with `stations` stations' sealed
/// chains of `entries` entries each: the first opens the incident, the others join it; each is
/// made in a home of its own under DIR/.homes and ends in its station's seal.
func genStationFolder(dir: String, stations: Int, entries: Int) {
    let base = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!
    let homes = dir + "/.homes"
    let origin = IncidentStore(home: homes + "/0")
    guard let (id, first) = try? origin.create(loaded: occi(), name: "Bench sync", exercise: true, actor: "ic", at: nil, now: base) else {
        fail("cannot create incident")
    }
    let folder = dir + "/incidents/" + id
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: origin.incidentsDir + "/" + id + "/playbook.yaml", toPath: folder + "/playbook.yaml")
    } catch { fail("\(error)") }
    for k in 0..<stations {
        let home = homes + "/\(k)"
        guard let station = try? StationStore(home: home).loadOrCreate() else { fail("cannot make station \(k)") }
        let path = k == 0 ? origin.journalPath(id) : home + "/chain.jsonl"
        if k > 0 {
            let draft = StationChain.joinedDraft(station: station, incidentID: id, openedHash: first.hash,
                                                 playbookSHA256: first.string("playbookSHA256") ?? "", actor: "scribe")
            guard (try? Journal.create(path: path, first: draft, now: base)) != nil else { fail("cannot create \(path)") }
        }
        let fd = open(path, O_RDWR)
        var offset = Int64(lseek(fd, 0, SEEK_END))
        var prev = String(decoding: Array(FileManager.default.contents(atPath: path) ?? Data()).dropLast().suffix(66).prefix(64), as: UTF8.self)
        writeEntries(fd: fd, start: 2, n: max(0, entries - 2), prev: &prev, playbook: nil, offset: &offset, base: base)
        fsync(fd)
        close(fd)
        guard let journal = try? Journal(path: path), (try? journal.appendSeal(station: station, actor: "scribe")) != nil else {
            fail("cannot seal \(path)")
        }
        do { try FileManager.default.copyItem(atPath: path, toPath: folder + "/" + station.id + ".jsonl") } catch { fail("\(error)") }
    }
    print(id)
}

let args = Array(CommandLine.arguments.dropFirst())
switch (args.first, args.count) {
case ("gen-journal", 3): genJournal(path: args[1], n: Int(args[2]) ?? 1000)
case ("gen-incident", 3): genIncident(home: args[1], n: Int(args[2]) ?? 1000)
case ("append", 3): appendBench(dir: args[1], n: Int(args[2]) ?? 200)
case ("advance", 3): advanceBench(home: args[1], id: args[2])
case ("screen", 3): screenBench(home: args[1], id: args[2])
case ("board", 3): boardBench(home: args[1], id: args[2])
case ("phases", 3): phasesBench(home: args[1], id: args[2])
case ("fuzz", 2): fuzz(n: Int(args[1]) ?? 10_000)
case ("merged-fold", 4): mergedFoldBench(home: args[1], id: args[2], stations: Int(args[3]) ?? 3)
case ("gen-rollup", 5): genRollup(home: args[1], incidents: Int(args[2]) ?? 140, stations: Int(args[3]) ?? 3, entries: Int(args[4]) ?? 2000)
case ("gen-station-folder", 4): genStationFolder(dir: args[1], stations: Int(args[2]) ?? 3, entries: Int(args[3]) ?? 1000)
default: fail("usage: runbook-bench gen-journal PATH N | gen-incident HOME N | append DIR N | advance HOME ID | screen HOME ID | board HOME ID | phases HOME ID | fuzz N | merged-fold HOME ID STATIONS | gen-rollup HOME INCIDENTS STATIONS ENTRIES | gen-station-folder DIR STATIONS ENTRIES")
}
