import Foundation
import RunbookKit

/// `runbook board`: the live executive board, read-only in fact. It reads the journal through
/// a session opened for reading only (no write descriptor, no write lock), follows what other
/// terminals record, and takes only scrolling, help and quit keys.
public final class BoardScreen: Screen {
    public let session: IncidentSession
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

    /// A board on `session` (open it with `writable: false`).
    public init(session: IncidentSession, damage: String? = nil, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.session = session
        self.clock = clock
        self.damage = damage ?? session.damageSummary
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
         "It follows the journal by itself; to act, use 'runbook open' (the command post).", ""]
            + BoardScreen.keys.helpLines(self) + ["", "Any key closes this help."]
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
        drawn = BoardRenderer.draw(session.engine, now: clock(), into: &g, top: 0, bottom: g.height - 1, scroll: scroll,
                                   options: BoardRenderer.Options(damage: damage))
        scroll = min(scroll, drawn.maxScroll)
        g.bar(hintLine, y: g.height - 1, style: message == nil ? .header : .accent)
        if showHelp {
            g.drawBox(title: "Board — help", lines: helpLines.map { ($0, .normal) })
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
                message = "This board is read-only: nothing can be changed here (use 'runbook open'). ? help · q quit"
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

/// A simple chooser among several open incidents, so the board never silently shows the
/// newest when another was meant.
public final class IncidentPicker: Screen {
    public struct Choice: Sendable {
        public var id: String
        public var label: String
        public init(id: String, label: String) { self.id = id; self.label = label }
    }

    public let choices: [Choice]
    public private(set) var selected = 0
    /// The incident chosen, once Enter is pressed.
    public private(set) var chosen: String?
    public private(set) var wantsToQuit = false

    public init(choices: [Choice]) { self.choices = choices }

    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        g.bar(" runbook board — \(choices.count) incidents are open: which one?", y: 0, style: .header)
        for (i, c) in choices.enumerated() where i + 2 < g.height - 1 {
            g.bar((i == selected ? "▶ " : "  ") + c.label, x: 1, y: i + 2, width: g.width - 2, style: i == selected ? .selection : .normal)
        }
        g.bar("↑↓ choose  Enter show its board  q quit", y: g.height - 1, style: .header)
        return nil
    }

    public func handle(_ key: Key) {
        switch key {
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(choices.count - 1, selected + 1)
        case .enter:
            chosen = choices.indices.contains(selected) ? choices[selected].id : nil
            wantsToQuit = true
        case .char("q"), .escape, .ctrl("c"): wantsToQuit = true
        default: break
        }
    }

    public func tick() -> Bool { false }
}
