import Foundation
import RunbookKit

/// `runbook board`: the live executive board, read-only in fact. It reads the journal through
/// a session opened for reading only (no write descriptor, no write lock), follows what other
/// terminals record, and takes only scrolling, help and quit keys.
///
/// Its state changes in `layout` (the size and the time, before each frame), `handle` and
/// `tick`; `render` only reads it. Warnings from the journal go to its hint line, never to
/// stderr under the screen, and it never waits on another process's lock.
public final class BoardScreen: Screen {
    /// The incident as read; nil while a long journal is still being read and verified.
    public private(set) var session: IncidentSession?
    let clock: () -> Timestamp
    /// Rows the scrolling part is moved up by.
    public private(set) var scroll = 0
    public private(set) var showHelp = false
    public private(set) var wantsToQuit = false
    /// Said on the key-hint line until the next key: why a key did nothing.
    public private(set) var message: String?
    /// Why the journal cannot be trusted, if it cannot.
    public private(set) var damage: String?
    /// How the board scrolls at the size and time of the last `layout`.
    public var drawn: BoardRenderer.Drawn { plan?.drawn ?? BoardRenderer.Drawn(bodyRows: 1, contentRows: 0) }
    /// Where the board goes, as the last `layout` worked it out: `render` draws it.
    private(set) var plan: BoardRenderer.Plan?
    /// The time the board shows: read from the clock in `layout`, once a frame.
    public private(set) var now: Timestamp
    /// Warnings from the journal not shown yet (the reading thread's first, then the ticks').
    var pendingWarnings: [String] = []
    /// While loading: what is known at once (the incident's name), and the reader's outcome.
    let loadingTitle: String
    let loading: LoadBox?
    /// Why the incident could not be read at all, if it could not.
    public private(set) var failure: String?
    /// A wall screen (`board --wall`): nobody scrolls it, so it turns its pages by itself
    /// every `pageSeconds`, and it shows no free text typed by people (`FreeText.hidden`).
    public var wall = false
    /// How long a wall screen shows each page.
    public var pageSeconds = 15
    /// What free text the board shows off the wall (`--no-notes`: no notes).
    public var freeText: BoardFacts.FreeText = .shown
    /// When the board started: a wall screen's pages turn from here.
    let started: Timestamp
    /// A wall screen's page on show (from 0) and how many there are, as of the last `layout`.
    public private(set) var page = 0
    public private(set) var pages = 1

    /// A board on `session` (open it with `writable: false`).
    public init(session: IncidentSession, damage: String? = nil, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.session = session
        self.clock = clock
        now = clock()
        started = now
        self.damage = damage ?? session.damageSummary
        loadingTitle = ""
        loading = nil
        follow(session)
    }

    /// A board whose first frame comes at once: `open` reads and verifies the journal on another
    /// thread while the screen says so (a 200,000-entry journal takes about a second), and the
    /// board replaces that frame as soon as the reading is done.
    public convenience init(title: String, open: @escaping @Sendable () throws -> IncidentSession, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.init(title: title, warningOpen: { _ in try open() }, clock: clock)
    }

    /// The same, `open` handing the warnings of the first read to `warn` (they are shown on
    /// the hint line once the board is up, never written over the screen).
    public init(title: String, warningOpen open: @escaping @Sendable (_ warn: @escaping @Sendable (String) -> Void) throws -> IncidentSession,
                clock: @escaping () -> Timestamp = Timestamp.now) {
        self.clock = clock
        now = clock()
        started = now
        loadingTitle = title
        let box = LoadBox()
        loading = box
        let thread = Thread {
            let outcome: Result<SessionHandoff, Error>
            do {
                outcome = .success(SessionHandoff(session: try open { w in box.lock.lock(); box.warnings.append(w); box.lock.unlock() }))
            } catch {
                outcome = .failure(error)
            }
            box.lock.lock()
            box.outcome = outcome
            box.lock.unlock()
        }
        thread.start()
    }

    /// From now on the journal's warnings come to the hint line, and a read that meets another
    /// process's lock gives up at once (tried again on the next tick): keys never wait on it.
    func follow(_ session: IncidentSession) {
        session.onWarning = { [weak self] w in self?.pendingWarnings.append(w) }
        session.lockWait = .tryOnce
    }

    /// Whether the incident is read (or failed to be): true once the board shows it.
    public var isLoaded: Bool { session != nil || failure != nil }

    /// Takes the reader's outcome, if it is there.
    func takeLoaded() -> Bool {
        guard session == nil, failure == nil, let box = loading else { return false }
        box.lock.lock()
        let outcome = box.outcome
        if outcome != nil { pendingWarnings += box.warnings; box.warnings = [] }
        box.lock.unlock()
        switch outcome {
        case .success(let h)?:
            session = h.session
            follow(h.session)
            damage = damage ?? h.session.damageSummary
            return true
        case .failure(let e)?:
            failure = "\(e)"
            return true
        case nil:
            return false
        }
    }

    /// Waits (for tests and the bench) until the reader is done; true if it was in time.
    public func waitUntilLoaded(timeout: Double = 30) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while !takeLoaded() && !isLoaded && Date() < end { usleep(2_000) }
        return isLoaded
    }

    typealias Binding = KeyBinding<BoardScreen>

    /// The board's only keys: it changes nothing. A wall screen pages by itself: no scrolling.
    static let keys = KeyTable<BoardScreen>([
        Binding([.down, .char("j")], .moveDown, hintKeys: "j/k", hint: "scroll", help: "Scroll down", enabled: { !$0.wall }),
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Scroll up", enabled: { !$0.wall }),
        Binding([.pageDown, .char(" ")], .pageDown, hintKeys: "PgUp/PgDn", hint: "page", help: "Page down", enabled: { !$0.wall }),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up", enabled: { !$0.wall }),
        Binding([.home, .char("g")], .top, hintKeys: "Home/End", hint: "", help: "Top of the board", enabled: { !$0.wall }),
        Binding([.end, .char("G")], .bottom, hint: nil, help: "Bottom of the board", enabled: { !$0.wall }),
        Binding([.char("?"), .function(1)], .help, hint: "help", help: "This help"),
        Binding([.char("q"), .ctrl("c")], .quit, hint: "quit", help: "Quit the board"),
    ])

    /// What the help screen says: first that nothing can be changed here.
    public var helpLines: [String] {
        ["This board is READ-ONLY: nothing can be recorded or changed from it.",
         "To act, use 'runbook open'. The board follows the journal by itself.", ""]
            + BoardScreen.keys.helpLines(self)
            + ["", "Symbols (each also has its word, so nothing is lost without colour):",
               "✖ DOWN  ◐ DEGRADED  ✓ UP or done  ✔ decided  ? OPEN decision  ◷ deadline running",
               "OVERDUE, BLOCKED, UNFILLED and STALE are written out; PAST ETA: a system still down after its estimate.",
               "", "Any key closes this help."]
    }

    /// The key-hint line.
    public var hintLine: String { hintLine(drawn, scroll: scroll) }

    /// The key-hint line for a board that scrolls as `drawn` says, moved by `scroll`.
    func hintLine(_ drawn: BoardRenderer.Drawn, scroll: Int) -> String {
        if wall {
            // The page is always said: a photo of the wall shows which page it is.
            return "\(message ?? "READ-ONLY WALL BOARD · no notes shown") · page \(page + 1) of \(pages) · turns every \(pageSeconds) s · q quit"
        }
        if let message { return message }
        var s = "READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit"
        if drawn.maxScroll > 0 {
            s += " · rows \(scroll + 1)–\(min(drawn.contentRows, scroll + drawn.bodyRows)) of \(drawn.contentRows)"
        }
        return s
    }

    /// What the board is drawn with besides the state.
    var options: BoardRenderer.Options { BoardRenderer.Options(damage: damage, freeText: wall ? .hidden : freeText) }

    /// The page a wall screen shows at `t`: the next one every `pageSeconds`, round again.
    func wallPage(at t: Timestamp) -> Int {
        guard pages > 1 else { return 0 }
        return (max(0, started.seconds(until: t)) / max(1, pageSeconds)) % pages
    }

    /// Before each frame: the time now, the reader's outcome, and how the board scrolls at
    /// this size (the scroll kept within it), so that `render` only reads.
    public func layout(width: Int, height: Int) {
        _ = takeLoaded()
        now = clock()
        guard let session, width >= 20, height >= 6 else { return }
        plan = BoardRenderer.plan(session.engine, now: now, width: width, top: 0, bottom: height - 1, options: options)
        if wall {
            let d = drawn
            pages = d.bodyRows > 0 ? max(1, (d.contentRows + d.bodyRows - 1) / d.bodyRows) : 1
            page = wallPage(at: now)
            scroll = page * d.bodyRows
        }
        scroll = max(0, min(scroll, drawn.maxScroll))
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        guard g.width >= 20, g.height >= 6 else {
            g.put("Too small for the board", x: 0, y: 0, style: .bold)
            return nil
        }
        guard let session else {
            g.put(loadingTitle, x: 0, y: 0, style: .bold)
            if let failure {
                for (i, l) in TextWidth.wrap("The incident cannot be shown: \(failure)", g.width).enumerated() where i + 2 < g.height - 1 {
                    g.put(l, x: 0, y: 2 + i, style: .danger)
                }
            } else {
                g.put("Reading and verifying the journal, every entry's hash and the chain…", x: 0, y: 2, style: .accent)
            }
            g.bar("READ-ONLY · q quit", y: g.height - 1, style: .header)
            return nil
        }
        // Drawn as the last layout placed it; a grid or a state it was not worked out for (a
        // test drawing without a layout) is placed here, for this frame only.
        let key = BoardRenderer.Plan.Key(session.engine, now: now, width: g.width, top: 0, bottom: g.height - 1, options: options)
        let here: BoardRenderer.Drawn
        if let plan, plan.key == key {
            here = BoardRenderer.draw(plan, session.engine, into: &g, scroll: scroll)
        } else {
            here = BoardRenderer.draw(session.engine, now: now, into: &g, top: 0, bottom: g.height - 1, scroll: scroll, options: options)
        }
        g.bar(hintLine(here, scroll: min(scroll, here.maxScroll)), y: g.height - 1, style: message == nil ? .header : .accent)
        if showHelp {
            // Wrapped to the box, never cut: the help must read whole on a laptop.
            let lines = helpLines.flatMap { $0.isEmpty ? [""] : TextWidth.wrap($0, max(20, g.width - 8)) }
            g.drawBox(title: "Board — help", lines: lines.map { ($0, .normal) })
        }
        return nil
    }

    public func handle(_ key: Key) {
        message = nil
        if showHelp { showHelp = false; return }
        if key == .resize { return }
        guard let action = BoardScreen.keys.enabledAction(for: key, self) else {
            if wall {
                message = "This wall board turns its pages by itself"
            } else if case .paste = key {
                message = "Pasted text is not used: this board is read-only. ? help · q quit"
            } else {
                message = "This board is read-only: act in 'runbook open'. ? help · q quit"
            }
            return
        }
        let page = max(1, drawn.bodyRows - 1)
        switch action {
        case .moveDown: scroll += 1
        case .moveUp: scroll -= 1
        case .pageDown: scroll += page
        case .pageUp: scroll -= page
        case .top: scroll = 0
        case .bottom: scroll = drawn.maxScroll
        case .help: showHelp = true
        case .quit: wantsToQuit = true
        default: break
        }
        scroll = max(0, min(scroll, drawn.maxScroll))
    }

    /// Reads what other terminals recorded; true when there is something new to draw. A read
    /// that meets a writer's lock is left for the next tick; a warning goes to the hint line.
    public func tick() -> Bool {
        if takeLoaded() { _ = showWarnings(); return true }
        guard let session else { return false }
        // A wall screen's page turns by the clock.
        var changed = wall && wallPage(at: clock()) != page
        do {
            changed = try session.refresh() > 0 || changed
        } catch RunbookError.busy {
            // A writer holds the lock: read again on the next tick.
        } catch {
            damage = "\(error)"
            changed = true
        }
        return showWarnings() || changed
    }

    /// Puts the latest pending warning on the hint line (until the next key); true if there was one.
    func showWarnings() -> Bool {
        guard let last = pendingWarnings.last else { return false }
        pendingWarnings.removeAll()
        message = TextWidth.oneLine("Warning: \(last)")
        return true
    }
}

/// Where the reading thread leaves its outcome.
final class LoadBox: @unchecked Sendable {
    let lock = NSLock()
    var outcome: Result<SessionHandoff, Error>?
    /// Warnings of the first read, shown once the board is up.
    var warnings: [String] = []
}

/// A session handed from the reading thread to the screen once, and used only there after.
struct SessionHandoff: @unchecked Sendable {
    let session: IncidentSession
}
