extension CellGrid {
    /// A centred framed box; long lists scroll to keep `selected` in view.
    public mutating func drawBox(title: String, lines: [(String, Style)], selected: Int? = nil) {
        let w = min(width - 2, max(TextWidth.of(title) + 6, (lines.map { TextWidth.of($0.0) }.max() ?? 0) + 4))
        let maxRows = height - 4
        let rows = min(lines.count, maxRows)
        let h = rows + 2
        let x0 = (width - w) / 2
        let y0 = max(0, (height - h) / 2)
        var first = 0
        if let s = selected, s >= rows { first = s - rows + 1 }
        fill(x: x0, y: y0, width: w, height: h)
        put("┌" + String(repeating: "─", count: w - 2) + "┐", x: x0, y: y0, style: .bold)
        put(" " + TextWidth.truncate(title, w - 6) + " ", x: x0 + 2, y: y0, style: .bold)
        for i in 0..<rows {
            let (text, st) = lines[first + i]
            put("│", x: x0, y: y0 + 1 + i, style: .bold)
            fill(x: x0 + 1, y: y0 + 1 + i, width: w - 2, height: 1, style: st.reverse ? st : .normal)
            put(TextWidth.truncate(text, w - 4), x: x0 + 2, y: y0 + 1 + i, style: st, maxX: x0 + w - 1)
            put("│", x: x0 + w - 1, y: y0 + 1 + i, style: .bold)
        }
        put("└" + String(repeating: "─", count: w - 2) + "┘", x: x0, y: y0 + h - 1, style: .bold)
    }
}
