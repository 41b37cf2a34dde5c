import CNCurses
import Foundation

/// Why the terminal cannot show the full screen: found before curses starts, so the person
/// gets one line saying what to do instead of a blank screen or curses' own "Error opening
/// terminal: unknown." and an exit.
public enum TerminalProblem: Equatable, Sendable {
    /// TERM is unset or empty.
    case noTerm
    /// terminfo has no entry for TERM (or only a generic or hardcopy one).
    case unknown(String)
    /// The terminal cannot move its cursor (TERM=dumb): a screen cannot be drawn on it.
    case cannotDraw(String)

    /// The problem with the terminal `environment`'s TERM names, asked of terminfo's own
    /// answer (`setupterm`'s error code and the `cup` capability), never of the name; nil when
    /// the screen can run.
    public static func find(environment env: [String: String]) -> TerminalProblem? {
        guard let term = env["TERM"], !term.isEmpty else { return .noTerm }
        switch rb_terminal_check(term) {
        case 0: return nil
        case 3: return .cannotDraw(term)
        default: return .unknown(term)
        }
    }

    /// The one line said for it (after `runbook: error: `).
    public var words: String {
        let what: String
        switch self {
        case .noTerm: what = "no terminal type is set (TERM is empty), so the full screen cannot be shown"
        case .unknown(let t): what = "this terminal type (TERM=\(t)) is unknown here, so the full screen cannot be shown"
        case .cannotDraw(let t): what = "this terminal (TERM=\(t)) cannot show the full screen"
        }
        return "\(what); use a terminal such as xterm (TERM=xterm), or run 'runbook status' or 'runbook board --once' for plain text"
    }
}
