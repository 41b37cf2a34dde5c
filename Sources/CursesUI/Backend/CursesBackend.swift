import CNCurses
import Foundation
import RunbookKit

/// The only code that talks to ncurses: draws a cell grid (sending only what changed) and
/// turns `get_wch` into key messages. Restores the terminal on every exit path.
public final class CursesBackend {
    private var previous: CellGrid?
    private let colors: Bool
    private var ended = false
    /// The handlers and mask found before curses and this backend installed theirs.
    private let savedSignals: SavedSignals

    /// The characters this terminal is drawn with (ASCII on the Linux console, a VT100 or
    /// under a non-UTF-8 locale: `Symbols.current`).
    public let symbols: Symbols

    /// Starts curses on the controlling terminal. `NO_COLOR` (non-empty) means no colour at all.
    /// Throws, before touching the terminal, when it cannot show a screen (`TerminalProblem`).
    public init() throws {
        // Read before the locale below is set: under LANG=C the screen draws ASCII only.
        symbols = Symbols.current
        if let problem = TerminalProblem.find(environment: ProcessInfo.processInfo.environment) {
            throw RunbookError.usage(problem.words)
        }
        TextWidth.ensureUTF8Locale()
        // Before initscr: ncurses installs its own SIGINT, SIGTERM, SIGTSTP and SIGWINCH handlers.
        savedSignals = SavedSignals()
        initscr()
        raw()
        noecho()
        nonl()
        keypad(rb_stdscr(), true)
        set_escdelay(25)
        // The terminal marks pasted text, and it comes back as one `.paste`, never as keys.
        define_key("\u{1B}[200~", CursesBackend.pasteStart)
        define_key("\u{1B}[201~", CursesBackend.pasteEnd)
        rb_bracketed_paste(1)
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        colors = !noColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
            for tone in Tone.allCases {
                let (fg, bg) = CursesBackend.palette(tone)
                init_pair(Int16(tone.rawValue + 1), fg, bg)
            }
        }
        curs_set(0)
        CursesBackend.installSignalHandlers()
    }

    deinit { end() }

    /// Puts the terminal back as it was, and the signal handlers and mask found at the start.
    public func end() {
        guard !ended else { return }
        ended = true
        curs_set(1)
        rb_bracketed_paste(0)
        endwin()
        savedSignals.restore()
    }

    /// Ctrl-Z: puts the terminal back as the shell expects it and stops the program, as a
    /// shell's job control would (raw mode turns Ctrl-Z into a key, so the program sends the
    /// stop signal itself). `fg` resumes here, and the whole screen is drawn again.
    public func suspend() {
        rb_bracketed_paste(0)
        endwin()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTSTP)
        sigaddset(&set, SIGCONT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        let previous = signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        signal(SIGTSTP, previous)
        rb_bracketed_paste(1)
        refresh()
        invalidate()
    }

    /// Foreground and background per tone (-1 = terminal default).
    static func palette(_ t: Tone) -> (Int16, Int16) {
        switch t {
        case .normal, .selection, .muted: return (-1, -1)
        case .header: return (Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        case .overdue: return (Int16(COLOR_RED), -1)
        case .blocked: return (Int16(COLOR_YELLOW), -1)
        case .done, .ok: return (Int16(COLOR_GREEN), -1)
        case .danger: return (Int16(COLOR_WHITE), Int16(COLOR_RED))
        case .exercise: return (Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        case .accent: return (Int16(COLOR_CYAN), -1)
        }
    }

    /// The terminal's size now.
    public func size() -> (width: Int, height: Int) {
        (Int(getmaxx(rb_stdscr())), Int(getmaxy(rb_stdscr())))
    }

    func attributes(_ s: Style) -> (attr_t, Int16) {
        var a = rb_a_normal()
        if s.bold { a |= rb_a_bold() }
        if s.reverse { a |= rb_a_reverse() }
        if s.underline { a |= rb_a_underline() }
        if s.dim && !colors { a |= rb_a_dim() }
        if s.dim && colors { a |= rb_a_dim() }
        let pair: Int16 = colors && s.tone != .normal ? Int16(s.tone.rawValue + 1) : 0
        return (a, pair)
    }

    /// Draws `grid`, writing only the cells that changed since the last frame.
    public func draw(_ drawn: CellGrid, cursor: (x: Int, y: Int)?) {
        let grid = drawn.shown(in: symbols)
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { erase() }
        var buffer = [wchar_t](repeating: 0, count: 6)
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let c = grid[x, y]
                if c.isContinuation { continue }
                if !full, let p = previous, p[x, y] == c, !(x + 1 < grid.width && p[x + 1, y] != grid[x + 1, y] && grid[x + 1, y].isContinuation) {
                    continue
                }
                // The bottom-right cell cannot be written without scrolling on some terminals.
                if y == grid.height - 1 && x == grid.width - 1 { continue }
                var n = 0
                for u in c.text.unicodeScalars where n < 5 {
                    buffer[n] = wchar_t(bitPattern: u.value)
                    n += 1
                }
                buffer[n] = 0
                let (attr, pair) = attributes(c.style)
                _ = rb_put_cell(Int32(y), Int32(x), buffer, attr, pair)
            }
        }
        previous = grid
        if let cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// The terminal hung up (its window closed, the SSH connection dropped) without a signal
    /// reaching this process: no key can come any more, and the screen loop ends instead of
    /// asking again and again for ever.
    public private(set) var terminalGone = false

    /// Whether standard input reports a hang-up or an error (poll's POLLHUP, POLLERR, POLLNVAL).
    static func inputHungUp() -> Bool {
        var p = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) >= 0 else { return false }
        return p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Forces the next frame to be drawn whole (after a resize).
    public func invalidate() { previous = nil }

    /// The next key, waiting up to `timeoutMs` (0: only if one is ready). nil on timeout.
    public func readKey(timeoutMs: Int) -> Key? {
        wtimeout(rb_stdscr(), Int32(timeoutMs))
        var wch: wint_t = 0
        let r = wget_wch(rb_stdscr(), &wch)
        CursesBackend.unblockSignals()
        if r == rb_err() {
            if timeoutMs > 0 && CursesBackend.inputHungUp() { terminalGone = true }
            return nil
        }
        if r == rb_key_code_yes() && Int32(wch) == CursesBackend.pasteStart { return readPaste() }
        if r == rb_key_code_yes() {
            switch Int32(wch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case rb_key_resize():
                invalidate()
                return .resize
            default:
                let f = Int32(wch) - rb_key_f(0)
                if f >= 1 && f <= 12 { return .function(Int(f)) }
                return nil
            }
        }
        switch wch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(wch) + 96)))
        default:
            guard let u = Unicode.Scalar(UInt32(wch)) else { return nil }
            return .char(Character(u))
        }
    }

    /// Key codes ncurses gives the start and end of a bracketed paste (defined above KEY_MAX).
    static let pasteStart = rb_key_max() + 1
    static let pasteEnd = rb_key_max() + 2
    /// The most text one paste may bring (a note's limit is 16 KiB; the rest is dropped).
    static let pasteLimit = 1 << 20

    /// Reads a bracketed paste up to its end marker: text, with line breaks and tabs kept and
    /// every other control character dropped. A paste whose end never comes (a terminal that
    /// dropped it) ends after half a second of silence.
    func readPaste() -> Key {
        var text = ""
        var size = 0
        var lastCR = false
        wtimeout(rb_stdscr(), 500)
        while true {
            var wch: wint_t = 0
            let r = wget_wch(rb_stdscr(), &wch)
            if r == rb_err() { break }
            if r == rb_key_code_yes() {
                if Int32(wch) == CursesBackend.pasteEnd { break }
                if Int32(wch) == KEY_ENTER { text += "\n" }
                continue
            }
            guard size < CursesBackend.pasteLimit, let u = Unicode.Scalar(UInt32(wch)) else { continue }
            let wasCR = lastCR
            lastCR = wch == 13
            switch wch {
            case 10 where wasCR: continue  // CR LF is one line break
            case 10, 13: text += "\n"
            case 9: text += "\t"
            case 0..<32, 127: continue
            default: text.unicodeScalars.append(u)
            }
            size += 1
        }
        CursesBackend.unblockSignals()
        return .paste(text)
    }

    /// Unblocks the signals the screen must hear (stop, hang-up, resize).
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH, SIGCONT] { sigaddset(&set, s) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// On a quitting or fatal signal, put the terminal back before dying. `end()` puts back
    /// the handlers these replace.
    static func installSignalHandlers() {
        unblockSignals()
        let quitting: @convention(c) (Int32) -> Void = { sig in
            rb_bracketed_paste(0)
            endwin()
            _exit(128 + sig)
        }
        for s in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] { signal(s, quitting) }
        let crashing: @convention(c) (Int32) -> Void = { sig in
            rb_bracketed_paste(0)
            endwin()
            signal(sig, SIG_DFL)
            raise(sig)
        }
        for s in [SIGABRT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE] { signal(s, crashing) }
    }
}
