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

    /// `withPlaybook: false` skips reading the frozen playbook, for actions that need no task,
    /// decision or role definitions (notes, systems, periods, corrections, closing): it keeps
    /// a one-line command fast on a long journal.
    /// `lightExtra`: without the playbook, the entry types besides opening, roles, corrections
    /// and closing that the action needs (system reports for `system`, periods for `period`).
    public init(store: IncidentStore, id: String, writable: Bool = true, tolerateDamage: Bool = false,
                withPlaybook: Bool = true, lightExtra: [EntryType] = [.systemStatus, .periodStarted],
                onWarning: ((String) -> Void)? = nil) throws {
        self.id = id
        self.store = store
        // The frozen playbook decides what every task means: it must be the one entry 1 sealed.
        let sealProblem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id))
        if let sealProblem, !tolerateDamage { throw RunbookError.damagedJournal(sealProblem) }
        let playbook: Playbook
        do {
            playbook = withPlaybook ? try IncidentSession.frozenPlaybook(store: store, id: id)
                : Playbook(id: "", title: "", version: "", source: "", roles: [], phases: [], decisions: [], tasks: [])
        } catch {
            if let sealProblem { throw RunbookError.damagedJournal(sealProblem) }
            throw error
        }
        journal = try Journal(path: store.journalPath(id), writable: writable)
        if let onWarning { journal.onWarning = onWarning }
        if !withPlaybook {
            // Notes, systems, periods and closing need only these entries to be checked and
            // recorded correctly; every line is still verified.
            journal.lightTypes = [.incidentOpened, .roleAssigned, .entryCorrected, .incidentClosed] + lightExtra
        }
        engine = Engine(playbook: playbook, incidentID: id)
        do {
            try journal.readNew({ engine.apply($0) }, onBulk: { self.engine.apply(contentsOf: $0) })
        } catch RunbookError.damagedJournal(let why) {
            // With nothing good to show, showing it read-only would only show a blank incident.
            guard tolerateDamage, let d = journal.damage, engine.state.entryCount > 0 else { throw RunbookError.damagedJournal(why) }
            damageSummary = "the journal is damaged at entry \(d.line): \(d.reason). Showing the \(engine.state.entryCount) entries before it; nothing can be recorded."
        }
        if damageSummary == nil, let sealProblem { damageSummary = sealProblem }
    }

    /// The incident's frozen playbook.yaml.
    static func frozenPlaybook(store: IncidentStore, id: String) throws -> Playbook {
        let text: String
        do {
            text = String(decoding: try FileIO.readRegular(path: store.playbookPath(id)), as: UTF8.self)
        } catch {
            throw RunbookError.io("cannot read the incident's playbook copy \(store.playbookPath(id)): \(error.localizedDescription)")
        }
        return try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(text: text, name: store.playbookPath(id))
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
        if let damageSummary { throw RunbookError.damagedJournal(damageSummary) }
        let entry = try journal.append(now: now) { fresh in
            for e in fresh { engine.apply(e) }
            return try engine.draft(action, ctx, now: now())
        }
        engine.apply(entry)
        return entry
    }
}
