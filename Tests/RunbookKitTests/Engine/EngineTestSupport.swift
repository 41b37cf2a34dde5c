import Foundation
import Testing
import RunbookKit

/// A clock the test moves by hand (milliseconds since the epoch).
final class TestClock: @unchecked Sendable {
    var millis: Int64
    init(_ t: Timestamp) { millis = t.millis }
    var now: Timestamp { Timestamp(millis: millis) }
    func advance(minutes: Int) { millis += Int64(minutes) * 60_000 }
    func advance(seconds: Int) { millis += Int64(seconds) * 1000 }
    func set(_ t: Timestamp) { millis = t.millis }
}

/// A fixed base moment for hand-written cases: 2026-11-29T08:00:00Z.
let engineBase = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!

/// A scratch directory removed when dropped.
final class EngineTempDir {
    let path: String
    init() {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-engine-\(UUID().uuidString.prefix(8))").path
        // 0700 whatever the umask (a file-mode test may hold a permissive one for a moment).
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        chmod(p, 0o700)
        path = p
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// One incident on a hand-written playbook, recorded through a real journal with a controlled clock.
final class EngineFixture {
    let dir = EngineTempDir()
    let store: IncidentStore
    let id: String
    let session: IncidentSession
    let clock: TestClock
    var actor = "alice"
    /// For scenarios that span days with nothing recorded between (the test clock jumps): an
    /// action recorded more than a day after the last entry is confirmed (`--force`), as a
    /// person would after checking the clock. Only then: no other rule is forced.
    var quietDays = false

    /// Creates the incident at `now` (activation `at`, if given) on `yaml`.
    init(_ yaml: String, now: Timestamp = engineBase, at: Timestamp? = nil, discovered: Timestamp? = nil,
         name: String = "Engine test", exercise: Bool = false) throws {
        clock = TestClock(now)
        let file = dir.path + "/pb.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: file)
        store = IncidentStore(home: dir.path + "/home")
        id = try store.create(loaded: loaded, name: name, exercise: exercise, actor: "alice", at: at, now: now, discovered: discovered).id
        session = try IncidentSession(store: store, id: id)
    }

    var engine: Engine { session.engine }
    var state: IncidentState { session.state }
    var now: Timestamp { clock.now }
    var journalBytes: Data { (try? Data(contentsOf: URL(fileURLWithPath: store.journalPath(id)))) ?? Data() }

    /// Records `action`; the test fails (and rethrows) if it is refused.
    @discardableResult
    func act(_ action: Action, note: String? = nil, force: Bool = false, at: Timestamp? = nil, actor: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> JournalEntry {
        let c = clock
        let overQuietDays = quietDays && (state.lastRecorded.map { c.now.millis - $0.millis > ActionTime.maxAheadOfPrevious } ?? false)
        do {
            return try session.perform(action, ActionContext(actor: actor ?? self.actor, at: at, note: note, force: force || overQuietDays), now: { c.now })
        } catch {
            Issue.record("\(action) was refused: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Tries `action`, expects a refusal, checks the journal is byte-identical, and returns the error.
    @discardableResult
    func refuse(_ action: Action, note: String? = nil, force: Bool = false, at: Timestamp? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) -> RunbookError? {
        let before = journalBytes
        let entriesBefore = state.entryCount
        let c = clock
        do {
            let e = try session.perform(action, ActionContext(actor: actor, at: at, note: note, force: force), now: { c.now })
            Issue.record("\(action) was recorded as #\(e.seq) but should have been refused", sourceLocation: sourceLocation)
            return nil
        } catch let error as RunbookError {
            #expect(journalBytes == before, "a refusal changed the journal", sourceLocation: sourceLocation)
            #expect(state.entryCount == entriesBefore, sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func view(_ task: String) -> TaskView { engine.taskView(task, now: now)! }
    func status(_ task: String) -> TaskStatus { view(task).status }
    func statuses() -> [String: TaskStatus] {
        Dictionary(uniqueKeysWithValues: engine.taskViews(now: now).map { ($0.def.id, $0.status) })
    }

    /// The whole journal folded from scratch, read back from the file by a fresh session.
    func reopened() throws -> IncidentSession { try IncidentSession(store: store, id: id) }
}

extension RunbookError {
    var message: String { description }
    var isRefused: Bool { if case .refused = self { return true } else { return false } }
    var isUsage: Bool { if case .usage = self { return true } else { return false } }
    var isNotFound: Bool { if case .notFound = self { return true } else { return false } }
}

