/// A key press, as the backend reads it from the terminal.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case ctrl(Character)
    case function(Int)
    case resize
    /// Text pasted in one go (bracketed paste): always text, never keys, so a pasted radio log
    /// cannot open a menu, confirm a question or close an incident.
    case paste(String)

    /// How the key is written on the help screen and hint bar.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .paste: return "paste"
        }
    }
}
