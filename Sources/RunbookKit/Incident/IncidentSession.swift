import Foundation

/// One incident opened for work: its journal, its frozen playbook, and the engine's state,
/// kept current by reading what other terminals append.
public final class IncidentSession {
    public let id: String
    public let store: IncidentStore
    public let journal: Journal
    public private(set) var engine: Engine

    /// Opens incident `id`: loads the frozen playbook and folds the whole journal, checking
    /// every line. Throws `.damagedJournal` if it is damaged before its last line.
    /// Why the journal is read-only (damage found while reading), when opened with `tolerateDamage`.
    public private(set) var damageSummary: String?

    public init(store: IncidentStore, id: String, writable: Bool = true, tolerateDamage: Bool = false,
                onWarning: ((String) -> Void)? = nil) throws {
        self.id = id
        self.store = store
        let loader = PlaybookLoader(library: PlaybookLibrary(directories: []))
        let text: String
        do {
            text = try String(contentsOfFile: store.playbookPath(id), encoding: .utf8)
        } catch {
            throw RunbookError.io("cannot read the incident's playbook copy \(store.playbookPath(id)): \(error.localizedDescription)")
        }
        let playbook = try loader.load(text: text, name: store.playbookPath(id))
        journal = try Journal(path: store.journalPath(id), writable: writable)
        if let onWarning { journal.onWarning = onWarning }
        engine = Engine(playbook: playbook, incidentID: id)
        do {
            try journal.readNew { engine.apply($0) }
        } catch RunbookError.damagedJournal(let why) {
            guard tolerateDamage, let d = journal.damage else { throw RunbookError.damagedJournal(why) }
            damageSummary = "the journal is damaged at entry \(d.line): \(d.reason). Showing the \(engine.state.entryCount) entries before it; nothing can be recorded."
        }
    }

    /// The state now.
    public var state: IncidentState { engine.state }

    /// Reads entries other writers appended since the last look; returns how many.
    @discardableResult
    public func refresh(_ onEntry: (JournalEntry, IncidentState) -> Void = { _, _ in }) throws -> Int {
        try journal.readNew { e in
            engine.apply(e)
            onEntry(e, engine.state)
        }
    }

    /// Checks and records `action`. Under the journal's lock it first catches up with other
    /// writers, so the check sees everything; returns the entry once it is on disk.
    @discardableResult
    public func perform(_ action: Action, _ ctx: ActionContext, now: @escaping () -> Timestamp = Timestamp.now) throws -> JournalEntry {
        let entry = try journal.append(now: now) { fresh in
            for e in fresh { engine.apply(e) }
            return try engine.draft(action, ctx, now: now())
        }
        engine.apply(entry)
        return entry
    }
}
