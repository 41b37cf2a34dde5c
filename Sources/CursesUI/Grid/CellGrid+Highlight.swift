extension CellGrid {
    /// Marks where `query` occurs (case does not matter) in `text`, drawn at (x, y): those cells
    /// are underlined and bold on top of their style, so a match reads without colour.
    public mutating func highlight(_ query: String, in text: String, x: Int, y: Int, maxX: Int? = nil) {
        guard !query.isEmpty, y >= 0, y < height else { return }
        let limit = min(maxX ?? width, width)
        let hay = Array(text.lowercased())
        let needle = Array(query.lowercased())
        // Columns where each character of `text` starts (lowercasing keeps the count of characters
        // for the text people type; if it does not, nothing is marked rather than the wrong cells).
        let chars = Array(text)
        guard hay.count == chars.count, needle.count <= hay.count else { return }
        var cols: [Int] = []
        var c = x
        for ch in chars { cols.append(c); c += TextWidth.of(TextWidth.isControl(ch) ? "?" : ch) }
        cols.append(c)
        var i = 0
        while i + needle.count <= hay.count {
            if Array(hay[i..<(i + needle.count)]) == needle {
                for col in cols[i]..<cols[i + needle.count] where col >= 0 && col < limit {
                    var cell = self[col, y]
                    cell.style.underline = true
                    cell.style.bold = true
                    self[col, y] = cell
                }
                i += needle.count
            } else {
                i += 1
            }
        }
    }
}
