import RunbookKit

/// The dialogs over the screen: help, confirm, menu, prompt.
extension CommandPostModel {
    func renderModal(_ g: inout CellGrid) -> (x: Int, y: Int)? {
        switch modal {
        case .none: return nil
        case .help:
            let lines = CommandPostModel.keyTable(viewKeyMode).helpLines(self) + ["Critical tasks ask first: y/Enter confirms, n/Esc cancels. All is saved as you act."]
            g.drawBox(title: "Help — any key closes", lines: lines.map { ($0, Style.normal) })
            return nil
        case .confirm(let c):
            g.drawBox(title: "Confirm", lines: [(c.question, .bold), ("", .normal), ("y or Enter: yes      n or Esc: no", .normal)])
            return nil
        case .menu(let m):
            let lines = m.items.enumerated().map { i, item -> (String, Style) in
                let key = item.hotkey.map { "\($0)" } ?? " "
                var st: Style = item.enabled ? .normal : .muted
                if i == m.selected { st = .selection }
                return ("\(key)  \(item.label)", st)
            }
            g.drawBox(title: m.title, lines: lines, selected: m.selected)
            return nil
        case .prompt(let p):
            let y0 = g.height - 4
            g.bar(p.title, y: y0, style: .bold)
            g.bar(p.error ?? "", y: y0 + 1, style: p.error == nil ? .normal : .danger)
            g.fill(x: 0, y: y0 + 2, width: g.width, height: 1)
            let (text, col) = p.editor.visible(columns: g.width - 3)
            g.put("> ", x: 0, y: y0 + 2, style: .bold)
            g.put(text, x: 2, y: y0 + 2, style: .underlined)
            return (2 + col, y0 + 2)
        }
    }
}
