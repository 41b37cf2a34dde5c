import Foundation
import RunbookKit

/// `runbook board`: the live executive board, read-only in fact. It reads the journal through
/// a session opened for reading only (no write descriptor, no write lock), follows what other
/// terminals record, and takes only scrolling, help and quit keys.
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
    var drawn = BoardRenderer.Drawn(bodyRows: 1, contentRows: 0)
    /// While loading: what is known at once (the incident's name), and the reader's outcome.
    let loadingTitle: String
    let loading: LoadBox?
    /// Why the incident could not be read at all, if it could not.
    public private(set) var failure: String?

    /// A board on `session` (open it with `writable: false`).
    public init(session: IncidentSession, damage: String? = nil, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.session = session
        self.clock = clock
        self.damage = damage ?? session.damageSummary
        loadingTitle = ""
        loading = nil
    }

    /// A board whose first frame comes at once: `open` reads and verifies the journal on another
    /// thread while the screen says so (a 200,000-entry journal takes about a second), and the
    /// board replaces that frame as soon as the reading is done.
    public init(title: String, open: @escaping @Sendable () throws -> IncidentSession, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.clock = clock
        loadingTitle = title
        let box = LoadBox()
        loading = box
        let thread = Thread {
            let outcome: Result<SessionHandoff, Error>
            do { outcome = .success(SessionHandoff(session: try open())) } catch { outcome = .failure(error) }
            box.lock.lock()
            box.outcome = outcome
            box.lock.unlock()
        }
        thread.start()
    }

    /// Whether the incident is read (or failed to be): true once the board shows it.
    public var isLoaded: Bool { session != nil || failure != nil }

    /// Takes the reader's outcome, if it is there.
    func takeLoaded() -> Bool {
        guard session == nil, failure == nil, let box = loading else { return false }
        box.lock.lock()
        let outcome = box.outcome
        box.lock.unlock()
        switch outcome {
        case .success(let h)?:
            session = h.session
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

    /// The board's only keys: it changes nothing.
    static let keys = KeyTable<BoardScreen>([
        Binding([.down, .char("j")], .moveDown, hintKeys: "j/k", hint: "scroll", help: "Scroll down"),
        Binding([.up, .char("k")], .moveUp, hint: nil, help: "Scroll up"),
        Binding([.pageDown, .char(" ")], .pageDown, hintKeys: "PgUp/PgDn", hint: "page", help: "Page down"),
        Binding([.pageUp], .pageUp, hint: nil, help: "Page up"),
        Binding([.home, .char("g")], .top, hintKeys: "Home/End", hint: "", help: "Top of the board"),
        Binding([.end, .char("G")], .bottom, hint: nil, help: "Bottom of the board"),
        Binding([.char("?"), .function(1)], .help, hint: "help", help: "This help"),
        Binding([.char("q"), .ctrl("c")], .quit, hint: "quit", help: "Quit the board"),
    ])

    /// What the help screen says: first that nothing can be changed here.
    public var helpLines: [String] {
        ["This board is READ-ONLY: nothing can be recorded or changed from it.",
         "To act, use 'runbook open'. The board follows the journal by itself.", ""]
            + BoardScreen.keys.helpLines(self)
            + ["", "Symbols (each also has its word, so nothing is lost without colour):",
               "✖ DOWN  ◐ DEGRADED  ✓ UP or done  ✔ decided  ? OPEN decision  ⏱ deadline running",
               "OVERDUE, BLOCKED, UNFILLED and STALE are written out; PAST ETA: a system still down after its estimate.",
               "", "Any key closes this help."]
    }

    /// The key-hint line.
    public var hintLine: String {
        if let message { return message }
        var s = "READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit"
        if drawn.maxScroll > 0 {
            s += " · rows \(scroll + 1)–\(min(drawn.contentRows, scroll + drawn.bodyRows)) of \(drawn.contentRows)"
        }
        return s
    }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        guard g.width >= 20, g.height >= 6 else {
            g.put("Too small for the board", x: 0, y: 0, style: .bold)
            return nil
        }
        _ = takeLoaded()
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
        drawn = BoardRenderer.draw(session.engine, now: clock(), into: &g, top: 0, bottom: g.height - 1, scroll: scroll,
                                   options: BoardRenderer.Options(damage: damage))
        scroll = min(scroll, drawn.maxScroll)
        g.bar(hintLine, y: g.height - 1, style: message == nil ? .header : .accent)
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
        guard let action = BoardScreen.keys.binding(for: key, self)?.action else {
            if case .paste = key {
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

    /// Reads what other terminals recorded; true when there is something new to draw.
    public func tick() -> Bool {
        if takeLoaded() { return true }
        guard let session else { return false }
        do {
            return try session.refresh() > 0
        } catch RunbookError.busy {
            return false
        } catch {
            damage = "\(error)"
            return true
        }
    }
}

/// Where the reading thread leaves its outcome.
final class LoadBox: @unchecked Sendable {
    let lock = NSLock()
    var outcome: Result<SessionHandoff, Error>?
}

/// A session handed from the reading thread to the screen once, and used only there after.
struct SessionHandoff: @unchecked Sendable {
    let session: IncidentSession
}
