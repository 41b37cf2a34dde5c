import Foundation
import Testing
@testable import RunbookKit

/// Every write path runbook has, under every fault the file seam can inject (issue 27), in
/// process: a clean run of the path records the calls it makes, then each call in turn fails
/// with EIO, ENOSPC, EINTR or (a write) a short write, and separately the process "dies" after
/// each call and a crash drops whatever was not fsync'd. The calls are the ones observed, not a
/// list written here, so a call added to a path is covered the day it is added.
///
/// After each case: nothing acknowledged is lost; a fresh reader accepts nothing corrupt; an
/// error is one line in words (no Swift type dump), and an error means the action is not there
/// (an fsync that failed is reported as NOT recorded, and never made again in the same action
/// as if the data were then safe: PostgreSQL's fsync lesson); the next command, in a fresh
/// session on the real file system, works.
///
/// Adding a write path (station sync, when it lands) is one case of `PathName` and one entry
/// in `path(_:)`.
@Suite("every write path under injected faults")
struct WritePathFaultMatrixTests {
    typealias Fault = FaultyFileSystem.Fault
    typealias Call = FaultyFileSystem.Call

    static let faults = JournalFaultInjectionTests.faults
    /// The calls failed in turn in the quick tier: every call that opens, writes, flushes,
    /// renames, closes, cuts, locks or changes a folder. The full tier fails every call made,
    /// the reads and looks too.
    static let quickCalls: Set<Call> = [.open, .pwrite, .fsync, .rename, .close, .ftruncate, .mkdir, .unlink, .fchmod, .flock, .rmdir, .chmod]
    /// When the incidents were opened; later actions are a minute on and more.
    static let opened = Timestamp(millis: 1_796_000_000_000)
    static let tornBytes = JournalFaultInjectionTests.tornBytes

    /// The write paths, one a case.
    enum PathName: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case append = "journal append (runbook note)"
        case appendAll = "journal appendAll (a decision and the task it completes)"
        case tornTail = "journal append that moves a torn tail to journal.torn-*"
        case create = "incident creation (runbook new)"
        case amend = "entry-1 correction (runbook amend: incident.amended)"
        case report = "report --output html (ExportFile, written as it is made)"
        case exportBytes = "board --output html (ExportFile, whole bytes)"
        case exportOver = "report --output over an older report (ExportFile replacing a file)"
        case stationCreate = "station id and key files (runbook station)"
        case stationName = "station name file (runbook station name)"
        case syncTake = "station sync taking another station's chain in (runbook sync: the copy, the incident folder, playbook and pins)"
        var testDescription: String { rawValue }
    }

    /// What a write acknowledged, or what was there before it: journal entries' hashes, an
    /// id, a file's bytes.
    struct Acknowledged {
        var hashes: [String] = []
        var id: String?
        var bytes: [UInt8]?
    }

    /// One case's folders: `home`, `out` (where exports go) and what the path left for its checks.
    final class World {
        let tmp = JournalTempDir()
        let loaded: LoadedPlaybook
        /// The incident the journal paths write to.
        var id = ""
        /// What an export's body handed on, and whether it finished.
        var rendered: [UInt8] = []
        var renderedWhole = false
        /// Files for making the world before the write and the next command after it: the
        /// real calls, without a real fsync (the double makes none), so hundreds of cases take
        /// seconds.
        let quiet = FaultyFileSystem()
        var home: String { tmp.path + "/home" }
        var out: String { tmp.path + "/out" }
        var store: IncidentStore { IncidentStore(home: home, files: quiet) }
        var journal: String { store.journalPath(id) }
        init(_ loaded: LoadedPlaybook) { self.loaded = loaded }
    }

    /// One write path: the world before it (made on the real file system; returns what is
    /// there), the write as its command makes it through a faulty file system, what a fresh
    /// reader must find after it (`acknowledged` nil when it threw), and the next command.
    struct WritePath {
        var prepare: (World) throws -> Acknowledged
        var perform: (World, FaultyFileSystem) throws -> Acknowledged
        var check: (_ w: World, _ before: Acknowledged, _ acknowledged: Acknowledged?, _ crashed: Bool, _ label: String) throws -> Void
        var next: (World, String) throws -> Void
        /// Whether an error must say the action was NOT recorded when this call failed.
        var mustSayNotRecorded: (Call) -> Bool = { _ in false }
    }

    // MARK: - the table

    static func path(_ name: PathName) -> WritePath {
        switch name {
        case .append:
            return journalPath { w, fs in
                [try IncidentSession.record(.note("four", tag: nil), ActionContext(actor: "scribe"), store: IncidentStore(home: w.home, files: fs),
                                            id: w.id, now: clock(100)).entry]
            }
        case .appendAll:
            return journalPath(setUp: { w in
                _ = try IncidentSession.record(.task("ic-declare", .done), ActionContext(actor: "scribe"), store: w.store, id: w.id, now: clock(50))
            }, { w, fs in
                let made = try IncidentSession.recordAll(.decide("ambulance-diversion", "divert"), ActionContext(actor: "scribe"),
                                                         store: IncidentStore(home: w.home, files: fs), id: w.id, now: clock(100)).entries
                #expect(made.count == 2, "the decision and the task it completes, written together")
                return made
            })
        case .tornTail:
            return journalPath(torn: true) { w, fs in
                [try IncidentSession.record(.note("four", tag: nil), ActionContext(actor: "scribe"), store: IncidentStore(home: w.home, files: fs),
                                            id: w.id, now: clock(100)).entry]
            }
        case .amend:
            return journalPath { w, fs in
                [try IncidentSession.record(.amend(Amendment(name: "EHR and lab down")), ActionContext(actor: "scribe"),
                                            store: IncidentStore(home: w.home, files: fs), id: w.id, now: clock(100)).entry]
            }
        case .create:
            return creation()
        case .report:
            return export("report.html") { w, fs, target in
                let session = try IncidentSession(store: w.store, id: w.id, writable: false)
                try ExportFile.write(to: target, incidentsDir: w.store.incidentsDir, files: fs) { write in
                    try Reports.write(.html, engine: session.engine) { piece in
                        w.rendered += piece
                        try write(piece)
                    }
                    w.renderedWhole = true
                }
            }
        case .exportOver:
            return export("report.md", over: Array("an older report\n".utf8)) { w, fs, target in
                let session = try IncidentSession(store: w.store, id: w.id, writable: false)
                try ExportFile.write(to: target, incidentsDir: w.store.incidentsDir, files: fs) { write in
                    try Reports.write(.md, engine: session.engine) { piece in
                        w.rendered += piece
                        try write(piece)
                    }
                    w.renderedWhole = true
                }
            }
        case .exportBytes:
            return export("board.html") { w, fs, target in
                let session = try IncidentSession(store: w.store, id: w.id, writable: false)
                var bytes: [UInt8] = []
                Reports.write(.ics214HTML, engine: session.engine) { bytes += $0 }
                w.rendered = bytes
                w.renderedWhole = true
                try ExportFile.write(bytes, to: target, incidentsDir: w.store.incidentsDir, files: fs)
            }
        case .stationCreate:
            return stationCreation()
        case .stationName:
            return stationNaming()
        case .syncTake:
            return syncTaking()
        }
    }

    /// A clock `seconds` after the incident opened, moving on a second a call.
    static func clock(_ seconds: Int64) -> () -> Timestamp {
        JournalFixture.clock(from: opened.millis + seconds * 1000)
    }

    /// An incident with two notes (and whatever `setUp` adds), optionally ending in a torn
    /// line; the write is an action on it through the faulty file system.
    static func journalPath(torn: Bool = false, setUp: ((World) throws -> Void)? = nil,
                            _ act: @escaping (World, FaultyFileSystem) throws -> [JournalEntry]) -> WritePath {
        var p = WritePath(prepare: { w in
            w.id = try w.store.create(loaded: w.loaded, name: "EHR down", exercise: true, actor: "scribe", at: nil, now: opened).id
            for (k, text) in ["one", "two"].enumerated() {
                _ = try IncidentSession.record(.note(text, tag: nil), ActionContext(actor: "scribe"), store: w.store, id: w.id, now: clock(10 + Int64(k)))
            }
            try setUp?(w)
            if torn {
                let fd = open(w.journal, O_WRONLY | O_APPEND)
                defer { _ = close(fd) }
                #expect(write(fd, tornBytes, tornBytes.count) == tornBytes.count)
            }
            return Acknowledged(hashes: try readHashes(w.journal, torn: torn))
        }, perform: { w, fs in
            Acknowledged(hashes: try act(w, fs).map(\.hash))
        }, check: { w, before, acknowledged, crashed, label in
            // A fresh reader: every line checked, the chain whole.
            let read = try JournalFixture.readAll(w.journal)
            let hashes = read.entries.map(\.hash)
            #expect(Array(hashes.prefix(before.hashes.count)) == before.hashes, "\(label): an acknowledged entry was lost")
            if let acknowledged {
                #expect(hashes == before.hashes + acknowledged.hashes, "\(label): what was acknowledged is not what a reader finds")
            } else if !crashed {
                #expect(hashes == before.hashes, "\(label): the action failed but its entry is in the journal")
            }
            #expect(read.entries.map(\.seq) == Array(1...read.entries.count), "\(label)")
            #expect(read.torn == nil || read.torn?.length == Int64(tornBytes.count), "\(label): new torn bytes")
            if torn { #expect(try tornBytesKept(w), "\(label): the torn bytes were lost") }
            if !crashed {
                let left = try FileManager.default.contentsOfDirectory(atPath: FileIO.folder(of: w.journal)).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "\(label): left behind \(left)")
            }
            // The incident opens for work, undamaged.
            let session = try IncidentSession(store: w.store, id: w.id, onWarning: { _ in })
            #expect(session.damageSummary == nil, "\(label)")
        }, next: { w, label in
            let count = try JournalFixture.readAll(w.journal).entries.count
            _ = try IncidentSession.record(.note("next", tag: nil), ActionContext(actor: "scribe"), store: w.store, id: w.id, now: clock(200))
            let after = try JournalFixture.readAll(w.journal)
            #expect(after.entries.count == count + 1 && after.torn == nil, "\(label): the next command")
        })
        // The line's own write and flush (and the torn end's), or anything after the lock was
        // taken: the person must be told it was not recorded.
        p.mustSayNotRecorded = { [.pwrite, .fsync, .ftruncate, .rename].contains($0) }
        return p
    }

    /// The hashes a fresh reader finds in `journal`, with a torn tail only when expected.
    static func readHashes(_ journal: String, torn: Bool) throws -> [String] {
        let read = try JournalFixture.readAll(journal)
        #expect((read.torn != nil) == torn)
        return read.entries.map(\.hash)
    }

    /// The torn bytes are still somewhere: at the journal's end or in a journal.torn-* file.
    static func tornBytesKept(_ w: World) throws -> Bool {
        if try JournalFixture.bytes(w.journal).suffix(tornBytes.count).elementsEqual(tornBytes) { return true }
        let folder = FileIO.folder(of: w.journal)
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("journal.torn-") }
            .contains { try JournalFixture.bytes(folder + "/" + $0) == tornBytes }
    }

    /// `runbook new` in a home not yet made.
    static func creation() -> WritePath {
        WritePath(prepare: { _ in Acknowledged() }, perform: { w, fs in
            let made = try IncidentStore(home: w.home, files: fs).create(loaded: w.loaded, name: "EHR down", exercise: true, actor: "scribe", at: nil, now: opened)
            return Acknowledged(hashes: [made.entry.hash], id: made.id)
        }, check: { w, _, acknowledged, crashed, label in
            let ids = try IncidentFaultInjectionTests.wholeIncidents(w.home, label)
            if let acknowledged, let id = acknowledged.id {
                #expect(ids == [id], "\(label): an acknowledged incident was lost")
                #expect(try JournalFixture.readAll(w.store.journalPath(id)).entries.map(\.hash) == acknowledged.hashes, "\(label)")
            } else if crashed {
                #expect(ids.count <= 1, "\(label)")
            } else {
                #expect(ids.isEmpty, "\(label): 'runbook new' failed but the incident \(ids) is there")
            }
            w.id = ids.first ?? ""
        }, next: { w, label in
            let made = try w.store.create(loaded: w.loaded, name: "EHR down", exercise: true, actor: "scribe", at: nil, now: opened)
            _ = try IncidentSession.record(.note("next", tag: nil), ActionContext(actor: "scribe"), store: w.store, id: made.id, now: clock(200))
            #expect(try JournalFixture.readAll(w.store.journalPath(made.id)).entries.count == 2, "\(label): the next command")
        }, mustSayNotRecorded: { _ in false })
    }

    /// An export of an incident to `out/<name>` (over a file holding `over`, if given): `write`
    /// renders it (keeping what it handed on in the world) and writes it through the faulty
    /// file system.
    static func export(_ name: String, over: [UInt8]? = nil, _ write: @escaping (World, FaultyFileSystem, String) throws -> Void) -> WritePath {
        WritePath(prepare: { w in
            w.id = try w.store.create(loaded: w.loaded, name: "EHR down", exercise: true, actor: "scribe", at: nil, now: opened).id
            _ = try IncidentSession.record(.note("one", tag: nil), ActionContext(actor: "scribe"), store: w.store, id: w.id, now: clock(10))
            #expect(mkdir(w.out, 0o700) == 0)
            if let over { #expect(FileManager.default.createFile(atPath: w.out + "/" + name, contents: Data(over), attributes: [.posixPermissions: 0o600])) }
            return Acknowledged(bytes: over)
        }, perform: { w, fs in
            try write(w, fs, w.out + "/" + name)
            return Acknowledged(bytes: w.rendered)
        }, check: { w, before, acknowledged, crashed, label in
            let target = w.out + "/" + name
            let there = FileManager.default.contents(atPath: target).map { [UInt8]($0) }
            if let acknowledged {
                #expect(there == acknowledged.bytes && there?.isEmpty == false, "\(label): the file written is not what was acknowledged")
                var st = stat()
                #expect(stat(target, &st) == 0 && st.st_mode & 0o777 == 0o600, "\(label)")
            } else if crashed || before.bytes != nil {
                // Whole or not at all: the new file whole, else the one before it as it was. (A
                // file that replaced another stays when only the folder's flush failed.)
                if let there, there != before.bytes { #expect(w.renderedWhole && there == w.rendered, "\(label): a partial file is at \(target)") }
                if before.bytes != nil { #expect(there != nil, "\(label): the older file was lost and nothing replaced it") }
            } else {
                #expect(there == nil, "\(label): the export failed but \(target) is there")
            }
            if !crashed {
                let left = try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "\(label): left behind \(left)")
            }
        }, next: { w, label in
            w.rendered = []
            try write(w, FaultyFileSystem(), w.out + "/" + name)
            #expect(FileManager.default.contents(atPath: w.out + "/" + name).map { [UInt8]($0) } == w.rendered, "\(label): the next export")
        })
    }

    /// The station's id and key file, as 'runbook station' makes them in a home with none.
    static func stationCreation() -> WritePath {
        WritePath(prepare: { w in
            #expect(mkdir(w.home, 0o700) == 0)
            return Acknowledged()
        }, perform: { w, fs in
            let s = try StationStore(home: w.home, files: fs).loadOrCreate()
            return Acknowledged(id: s.id, bytes: FileManager.default.contents(atPath: s.keyPath).map { [UInt8]($0) })
        }, check: { w, _, acknowledged, crashed, label in
            // Never a half-made station: that would be refused for good (a new key is a new station).
            let s = try StationStore(home: w.home, files: w.quiet).load()
            if let acknowledged {
                #expect(s?.id == acknowledged.id, "\(label): the acknowledged station was lost")
                // Compared, never printed: it holds the (test) private key.
                let sameKey = s.flatMap { FileManager.default.contents(atPath: $0.keyPath) }.map { [UInt8]($0) } == acknowledged.bytes
                #expect(sameKey, "\(label): the key file is not the one acknowledged")
            } else if !crashed {
                #expect(s?.id == nil, "\(label): 'runbook station' failed but a station is there")
            }
            if !crashed {
                let left = try FileManager.default.contentsOfDirectory(atPath: w.home).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "\(label): left behind \(left)")
            }
        }, next: { w, label in
            let before = try StationStore(home: w.home, files: w.quiet).load()
            let s = try StationStore(home: w.home, files: w.quiet).loadOrCreate()
            if let before { #expect(s.id == before.id, "\(label)") }
        })
    }

    /// `runbook sync` on a station that has never seen the incident: station A (its own home)
    /// gave it to the stick; this home takes A's chain in (the incident folder, its playbook,
    /// the copy in stations/, A's pin) through the faulty file system. The copy is there whole
    /// and the same bytes as the stick's, or not there; the stick's chain is never harmed; and
    /// the next sync finishes the work.
    static func syncTaking() -> WritePath {
        func stickChain(_ w: World) throws -> (path: String, bytes: [UInt8]) {
            let folder = w.out + "/incidents/" + w.id
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") })
            return (folder + "/" + name, try JournalFixture.bytes(folder + "/" + name))
        }
        func copies(_ w: World) -> [IncidentChains.Chain] { IncidentChains.copies(store: w.store, id: w.id) }
        return WritePath(prepare: { w in
            let a = IncidentStore(home: w.tmp.path + "/a", files: w.quiet)
            _ = try StationStore(home: a.home, files: w.quiet).loadOrCreate()
            w.id = try a.create(loaded: w.loaded, name: "EHR down", exercise: true, actor: "scribe", at: nil, now: opened).id
            _ = try IncidentSession.record(.note("one", tag: nil), ActionContext(actor: "scribe"), store: a, id: w.id, now: clock(10))
            #expect(mkdir(w.out, 0o700) == 0)
            var sync = StationSync(store: a, dir: w.out, actor: "scribe")
            sync.now = { @Sendable in Timestamp(millis: opened.millis + 60_000) }
            _ = try sync.run()
            _ = try StationStore(home: w.home, files: w.quiet).loadOrCreate()
            return Acknowledged(bytes: try stickChain(w).bytes)
        }, perform: { w, fs in
            let report = try StationSync(store: IncidentStore(home: w.home, files: fs), dir: w.out, actor: "scribe").run()
            // A sync that could not finish says so in its report (the command exits 1 with its words).
            for case .incidentRefused(let id, .failed(let why)) in report.events { throw report.failures[id] ?? SyncNotFinished(description: why) }
            return Acknowledged(bytes: try copies(w).first.map { try JournalFixture.bytes($0.path) })
        }, check: { w, before, acknowledged, crashed, label in
            #expect(try stickChain(w).bytes == before.bytes, "\(label): the stick's chain was changed")
            let held = copies(w)
            for c in held { #expect(try JournalFixture.bytes(c.path) == before.bytes, "\(label): a copy taken in is not the stick's chain whole") }
            if acknowledged != nil { #expect(held.count == 1, "\(label): sync said it was done but the copy is not there") }
            if !crashed, FileManager.default.fileExists(atPath: IncidentChains.stationsFolder(store: w.store, id: w.id)) {
                let left = try FileManager.default.contentsOfDirectory(atPath: IncidentChains.stationsFolder(store: w.store, id: w.id)).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "\(label): left behind \(left)")
            }
        }, next: { w, label in
            _ = try StationSync(store: w.store, dir: w.out, actor: "scribe").run()
            let held = copies(w)
            #expect(held.count == 1, "\(label): the next sync did not take the chain in")
            if let c = held.first { #expect(try JournalFixture.bytes(c.path) == (try stickChain(w).bytes), "\(label): the next sync") }
            // The incident reads, from the copy, as the other station's record.
            let session = try IncidentSession(store: w.store, id: w.id, writable: false, onWarning: { _ in })
            #expect(session.isMerged && session.damageSummary == nil, "\(label)")
        }, mustSayNotRecorded: { _ in false })
    }

    /// What `runbook sync` reports when it could not finish an incident, as an error.
    struct SyncNotFinished: Error, CustomStringConvertible { var description: String }

    /// Naming a station that has no name yet ('runbook station name').
    static func stationNaming() -> WritePath {
        WritePath(prepare: { w in
            let s = try StationStore(home: w.home, files: w.quiet).loadOrCreate()
            return Acknowledged(id: s.id)
        }, perform: { w, fs in
            let s = try StationStore(home: w.home, files: fs).setName("ED desk")
            return Acknowledged(id: s.name)
        }, check: { w, before, acknowledged, crashed, label in
            let s = try StationStore(home: w.home, files: w.quiet).load()
            #expect(s?.id == before.id, "\(label): the station changed")
            if acknowledged != nil {
                #expect(s?.name == "ED desk", "\(label): the acknowledged name was lost")
            } else if crashed {
                #expect(s?.name == nil || s?.name == "ED desk", "\(label)")
            } else {
                #expect(s?.name == nil, "\(label): naming failed but the name is there")
            }
            if !crashed, let folder = s?.folder {
                let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
                #expect(left.isEmpty, "\(label): left behind \(left)")
            }
        }, next: { w, label in
            let named = try StationStore(home: w.home, files: w.quiet).setName("Night desk")
            #expect(named.name == "Night desk", "\(label)")
        })
    }

    // MARK: - the matrix

    /// The playbook every case uses: small, with a decision that completes its task.
    static func loaded(_ dir: JournalTempDir) throws -> LoadedPlaybook {
        let path = dir.path + "/decision-task.yaml"
        try decisionTaskYAML.write(toFile: path, atomically: true, encoding: .utf8)
        return try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: path)
    }

    /// The words said at the edge (`runbook: error: …`): one line, in words, no type dump.
    static func checkWords(_ error: any Error, _ label: String) -> IOFailure? {
        guard let error = error as? RunbookError else {
            Issue.record("\(label): not a RunbookError: \(error)")
            return nil
        }
        let words = error.description
        #expect(!words.isEmpty && !words.contains("\n") && !words.contains("\r"), "\(label): \(words)")
        for dump in ["RunbookKit.", "IOFailure(", "Reason.", "Operation.", "errno:", "Optional(", "Error("] {
            #expect(!words.contains(dump), "\(label): a type dump in \(words)")
        }
        #expect(error.localizedDescription == words, "\(label)")
        if case .io(let f) = error {
            // The reason in plain words, not the C library's ("Interrupted system call").
            if let code = f.errno { #expect(!words.contains(String(cString: strerror(code))), "\(label): \(words)") }
            return f
        }
        return nil
    }

    /// The clean run's calls, then every chosen call failing with every fault in turn.
    @Test(arguments: PathName.allCases)
    func everyCallFailingInTurn(_ name: PathName) throws {
        let dir = JournalTempDir()
        let loaded = try Self.loaded(dir)
        let path = Self.path(name)
        let reference = World(loaded)
        let base = try path.prepare(reference)
        let rfs = FaultyFileSystem()
        let acknowledged = try path.perform(reference, rfs)
        try path.check(reference, base, acknowledged, false, "\(name) clean run")
        let calls = rfs.calls.filter { TestTier.isFull || Self.quickCalls.contains($0.call) }
        #expect(calls.contains { $0.call == .fsync } && calls.contains { $0.call == .pwrite } && calls.contains { $0.call == .open })
        var cases = 0
        for call in calls {
            for fault in Self.faults where fault != .shortWrite || call.call == .pwrite {
                cases += 1
                let w = World(loaded)
                let before = try path.prepare(w)
                let fs = FaultyFileSystem()
                fs.failCall(number: call.number, with: fault)
                let label = "\(name): \(fault) on \(call)"
                var acknowledged: Acknowledged?
                do {
                    acknowledged = try path.perform(w, fs)
                } catch {
                    let failure = Self.checkWords(error, label)
                    if path.mustSayNotRecorded(call.call) {
                        #expect(failure?.notRecorded == true, "\(label): the action is not said to be NOT recorded: \(error)")
                    }
                }
                let log = fs.calls
                #expect(log.count >= call.number && log[call.number - 1].call == call.call, "\(label): the run went another way before the fault")
                // A short write is carried on, and EINTR retried, where a retry is safe; an
                // fsync's EINTR is not (the kernel may have dropped the data).
                if fault == .shortWrite { #expect(acknowledged != nil, "\(label): a short write is carried on, not an error") }
                // An fsync that failed is never made again in the same action, as if the data were then safe.
                if call.call == .fsync, log.count >= call.number {
                    let failedPath = log[call.number - 1].path
                    let again = log.dropFirst(call.number).filter { $0.call == .fsync && $0.path == failedPath }
                    #expect(again.isEmpty, "\(label): \(failedPath) was fsync'd again after its fsync failed")
                    #expect(acknowledged == nil, "\(label): acknowledged after a failed fsync")
                }
                try path.check(w, before, acknowledged, false, label)
                try path.next(w, label)
            }
        }
        let faultsPerCall = calls.reduce(0) { $0 + ($1.call == .pwrite ? 4 : 3) }
        #expect(cases == faultsPerCall)
        print("fault matrix: \(name.rawValue): \(rfs.calls.count) calls observed, \(calls.count) failed in turn, \(cases) cases (call × fault)")
    }

    /// The process dies after each call of the write (every later call fails), then a crash
    /// drops what was never fsync'd.
    @Test(arguments: PathName.allCases)
    func crashAfterEveryCall(_ name: PathName) throws {
        let dir = JournalTempDir()
        let loaded = try Self.loaded(dir)
        let path = Self.path(name)
        let reference = World(loaded)
        _ = try path.prepare(reference)
        let rfs = FaultyFileSystem()
        _ = try path.perform(reference, rfs)
        let total = rfs.callCount
        for n in 0...total {
            let w = World(loaded)
            let before = try path.prepare(w)
            let fs = FaultyFileSystem()
            fs.die(after: n)
            let label = "\(name): crash after \(n) of \(total) calls"
            var acknowledged: Acknowledged?
            do {
                acknowledged = try path.perform(w, fs)
            } catch {
                _ = Self.checkWords(error, label)
            }
            fs.crash()
            try path.check(w, before, acknowledged, true, label)
            try path.next(w, label)
        }
        print("fault matrix: \(name.rawValue): crash after each of \(total) calls, \(total + 1) cases")
    }
}
