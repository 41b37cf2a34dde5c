import RunbookKit

/// The board view: the executive summary, styled by what each line is.
extension CommandPostModel {
    func renderLines(_ g: inout CellGrid, _ lines: [(String, Style)], top: Int, bottom: Int, title: String) {
        renderViewTitle(&g, title, y: top)
        for (i, (text, st)) in lines.prefix(bottom - top - 1).enumerated() {
            g.put(TextWidth.truncate(text, g.width - 1), x: 1, y: top + 1 + i, style: st)
        }
    }

    /// The name of a non-checklist view, so nobody mistakes it for the checklist.
    func renderViewTitle(_ g: inout CellGrid, _ title: String, y: Int) {
        g.bar("── \(title) ── (Tab: next view)", y: y, style: .bold)
    }

}

/// The executive board as lines (the board view and `runbook board`).
public enum BoardText {
    /// The board's lines at `now`, each styled by what it is.
    public static func lines(_ engine: Engine, now: Timestamp, width: Int) -> [(String, Style)] {
        StatusText.lines(engine, now: now).map { l in
            switch l.kind {
            case .overdue: return (l.text, .overdue)
            case .heading: return (l.text, .bold)
            case .warning: return (l.text, .danger)
            case .normal: return (l.text, .normal)
            }
        }
    }
}
