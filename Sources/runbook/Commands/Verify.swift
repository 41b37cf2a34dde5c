import ArgumentParser
import Foundation
import RunbookKit

struct Verify: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole journal: exit 0 intact, 1 broken, naming the first bad entry.",
        discussion: """
        With --export FILE, also prove a report export (any format, redacted or not) matches the \
        journal: it is made again from the journal's first entries with the options it was made \
        with, and must be the same bytes. Exit 1 if it is not, naming the first difference.
        """)
    @Option(help: ArgumentHelp("A journal file to check instead of the incident's.", valueName: "path")) var journal: String?
    @Option(help: ArgumentHelp("A report export to check against the incident's journal.", valueName: "file")) var export: String?
    @Option(name: .customLong("witness"),
            help: ArgumentHelp("A head hash once printed on a board, a report or status, or read aloud (at least 16 hex characters; spaces allowed), with the entry it was the head at: it must still be that entry's hash, so nothing before it was rewritten. Repeatable.", valueName: "hash[@seq]"))
    var witnesses: [String] = []
    @OptionGroup var globals: SomeGlobalOptions<ReadsIncident>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        // A witness typed wrong is said before the journal is read.
        let given: [Witness]
        do { given = try witnesses.map { try Witness.parse($0) } } catch let problem as Witness.Problem {
            throw RunbookError.usage(Verify.words(problem))
        }
        if export != nil && journal != nil {
            throw RunbookError.usage("--export checks an export against an incident's journal: name the incident with --incident ID instead of --journal")
        }
        let path: String
        var incident: (store: IncidentStore, id: String)?
        if let journal { path = journal } else {
            let store = global.store
            try store.checkHome()
            let id = try global.readingIncident(store)
            path = store.journalPath(id)
            incident = (store, id)
            var st = stat()
            if lstat(path, &st) != 0, !IncidentChains.copies(store: store, id: id).isEmpty {
                // Came in by sync and not recorded on here yet: the record is the other stations' chains.
                Console.say("this station has recorded nothing on this incident yet: its record is the other stations' chains")
                let chains = try checkChains(store: store, id: id, ownPath: nil)
                if !given.isEmpty { try check(witnesses: given, journalPath: nil, others: chains) }
                if export != nil { throw RunbookError.usage("--export checks an export against this station's journal, and this station has none of this incident yet") }
                return
            }
        }
        try IncidentStore.checkIncidentFiles(journalPath: path)
        // Only a regular file is read: a FIFO or device there would block the check forever.
        close(try FileIO.openRegular(path: path, flags: O_RDONLY, what: "the journal"))
        let report = try JournalVerifier.verify(path: path)
        if let d = report.damage {
            let before = report.entries == 0 ? "" : "; the \(report.entries) \(report.entries == 1 ? "entry" : "entries") before it \(report.entries == 1 ? "is" : "are") intact"
            CommandLineEntry.printError("\(path) is damaged: \(d)\(before)")
            throw ExitCode(1)
        }
        if let t = report.torn {
            FileIO.warn("the journal ends in \(t.length) bytes after its last complete line (at byte \(t.offset)): an entry cut short by a crash mid-write; it is not a recorded action, and the next write will set it aside")
        }
        // The frozen playbook beside the journal (given by --journal or not) must be there and
        // be the one entry 1 sealed, and entry 1 must name the incident folder the journal is in.
        if let problem = IncidentStore.frozenPlaybookProblem(journalPath: path) {
            CommandLineEntry.printError("\(problem); the journal's \(report.entries) \(report.entries == 1 ? "entry is" : "entries are") intact")
            throw ExitCode(1)
        }

        Console.say("intact: \(report.entries) \(report.entries == 1 ? "entry" : "entries"), chain head \(report.head)")
        // The other stations' chains held for the incident, and this station's own seals.
        var chains: [(label: ChainLabel, hashes: [String])] = []
        if let incident { chains = try checkChains(store: incident.store, id: incident.id, ownPath: path) }
        if !given.isEmpty { try check(witnesses: given, journalPath: path, others: chains) }
        if let export { try check(export: export) }
    }

    /// Each witness against the chain's hashes (`Witness.check`): a line each; exit 1 when any
    /// does not hold.
    func check(witnesses: [Witness], journalPath path: String?, others: [(label: ChainLabel, hashes: [String])] = []) throws {
        var hashes: [String] = []
        if let path { _ = try Journal(path: path, writable: false).readNew { hashes.append($0.hash) } }
        var failed = false
        for w in witnesses {
            let shown = w.seq > 0 ? "\(w.hash)@\(w.seq)" : w.hash
            // Not in this station's chain: it may have been read off another station's board.
            if case .holds = w.check(hashes) {} else if let other = others.first(where: { if case .holds = w.check($0.hashes) { return true }; return false }),
               case let .holds(seq, hash) = w.check(other.hashes) {
                Console.line("witness \(shown) holds in \(other.label.chainWords): its entry #\(seq)'s hash is \(hash); nothing up to #\(seq) of that chain was rewritten since it was seen")
                continue
            }
            switch w.check(hashes) {
            case let .holds(seq, hash):
                Console.line("witness \(shown) holds: entry #\(seq)'s hash is \(hash); nothing up to #\(seq) was rewritten since it was seen")
            case let .differs(seq, found):
                failed = true
                CommandLineEntry.printError("witness \(shown) does NOT hold: entry #\(seq)'s hash is \(found); the chain up to #\(seq) is not the one that was seen (rewritten, or the witness was copied wrong)")
            case let .beyondEnd(seq, entries):
                failed = true
                CommandLineEntry.printError("witness \(shown) does NOT hold: the journal has \(entries) \(entries == 1 ? "entry" : "entries"), not \(seq); entries were removed since it was seen (or it is another incident's)")
            case .notFound:
                failed = true
                CommandLineEntry.printError("witness \(shown) does NOT hold: no entry's hash begins so; the chain was rewritten since it was seen (or the witness was copied wrong or is another incident's)")
            case .ambiguous(let seqs):
                failed = true
                CommandLineEntry.printError("witness \(shown) is too short to tell entries \(seqs.map { "#\($0)" }.joined(separator: ", ")) apart: give it with its entry, \(shown)@SEQ")
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Checks every other station's chain held for incident `id` by the acceptance rules
    /// (`ChainCheck`: hash chain, tie to the incident, seals against the pinned keys), and this
    /// station's own seals against its key, a line each; exit 1 when any is broken. Returns
    /// each good copy's hashes (for witnesses). Says nothing for a lone journal.
    func checkChains(store: IncidentStore, id: String, ownPath: String?) throws -> [(label: ChainLabel, hashes: [String])] {
        let stations = StationStore(home: store.home, files: store.files)
        let copies = IncidentChains.copies(store: store, id: id)
        // A lone journal in a home that is no station has no seals to check: read it once only.
        let me = try? stations.load()
        guard !copies.isEmpty || me != nil else { return [] }
        let pins = copies.isEmpty ? StationPins() : try StationPins.load(stations)
        var bytesOf: [String: [UInt8]] = [:]
        for c in copies { bytesOf[c.path] = try store.files.readRegular(path: c.path, what: "the chain") }
        // The incident's entry 1, in whichever chain opened it: a joined chain is tied to it.
        var origin: ChainOrigin?
        for c in copies {
            guard let b = bytesOf[c.path], case .success(let f) = ChainCheck.check(b, incident: id, origin: nil, pins: pins, sealedEnd: false),
                  f.first.kind == .incidentOpened else { continue }
            origin = ChainOrigin(opened: f.first.hash, playbookSHA256: f.first.string("playbookSHA256"))
            break
        }
        let ownFacts = try ownPath.map { p in
            ChainCheck.check(ChainCheck.wholeLines(try store.files.readRegular(path: p, what: "the journal")), incident: id, origin: origin, pins: StationPins(), sealedEnd: false)
        }
        let ownPath = ownPath ?? ""
        var failed = false
        if case .success(let f)? = ownFacts {
            if origin == nil, f.first.kind == .incidentOpened {
                origin = ChainOrigin(opened: f.first.hash, playbookSHA256: f.first.string("playbookSHA256"))
            }
            // This station's own seals must be made with this station's key.
            if let key = f.key, let me, key != me.publicKeyHex {
                failed = true
                CommandLineEntry.printError("\(ownPath) is sealed with a key that is not this station's (\(me.id)): it was copied from another laptop or rewritten")
            } else if let last = f.lastSeal {
                Console.line("sealed by this station up to entry #\(last)")
            }
        } else if case .failure(let why)? = ownFacts {
            failed = true
            CommandLineEntry.printError(why.words(incident: id, place: "in \(ownPath)"))
        }
        guard !copies.isEmpty else {
            if failed { throw ExitCode(1) }
            return []
        }
        var out: [(label: ChainLabel, hashes: [String])] = []
        for c in copies {
            let bytes = bytesOf[c.path] ?? []
            switch ChainCheck.check(bytes, incident: id, origin: origin, pins: pins, sealedEnd: true) {
            case .failure(let why):
                failed = true
                CommandLineEntry.printError(why.words(incident: id, place: "in \(c.path)"))
            case .success(let f):
                if f.label.id != c.station {
                    failed = true
                    CommandLineEntry.printError(ChainRefusal.misnamed(f.label, file: c.path).words(incident: id, place: "in \(c.path)"))
                    continue
                }
                Console.line("intact: \(f.label.chainWords), \(f.entries) \(f.entries == 1 ? "entry" : "entries"), sealed to #\(f.lastSeal ?? 0), chain head \(f.head)")
                out.append((f.label, ChainCheck.lines(bytes).map { ChainCheck.hash(bytes[$0]) }))
            }
        }
        if failed { throw ExitCode(1) }
        return out
    }

    /// A typed witness's problem in one line.
    static func words(_ problem: Witness.Problem) -> String {
        switch problem {
        case .empty: return "--witness needs a hash: HASH@SEQ, as the board, status or a report prints it"
        case .notHex(let text): return "--witness '\(text)' is not a hash: only 0-9 and a-f (spaces between groups are fine), then @ and the entry number"
        case .tooShort(let n): return "--witness has \(n) hex characters; give at least \(Witness.shortest), as the short form on the board shows"
        case .tooLong(let n): return "--witness has \(n) hex characters; a hash has 64"
        case .badSeq(let text): return "--witness entry '\(text)' is not an entry number: HASH@SEQ, SEQ from 1"
        }
    }

    /// Makes the export again from the journal and compares (`ExportVerifier`): exit 0 when it
    /// matches, 1 when it does not.
    func check(export file: String) throws {
        let bytes = try FileIO.readRegular(path: file, what: "the export")
        let stamp = ReportStamp.find(in: bytes)
        // Times are written as the export wrote them: in its time zone.
        if let stamp, !stamp.utc, let zone = stamp.zone {
            setenv("TZ", zone, 1)
            tzset()
        }
        let session = try global.readingSession()
        switch ExportVerifier.check(bytes, engine: session.engine) {
        case let .matches(format, redacted, entries, head):
            Console.line("\(file) matches the journal up to entry \(entries) (head \(head)): \(redacted ? "a redacted" : "an unredacted") \(format.rawValue) export")
        case .differs(let why):
            let zone = stamp.map { !$0.utc && $0.zone == nil } == true
                ? " (its times are in a local time zone it does not name: check it on a computer set to that zone)" : ""
            CommandLineEntry.printError("\(file) does NOT match the journal: \(why)\(zone)")
            throw ExitCode(1)
        case .unrecognized:
            CommandLineEntry.printError("\(file) is not an export runbook report made: it has no runbook-report stamp, and is not a CSV timeline")
            throw ExitCode(1)
        }
    }
}
