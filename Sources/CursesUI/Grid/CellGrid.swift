import RunbookKit

/// One screen position: a grapheme (empty for the right half of a wide one) and its style.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String = " ", _ style: Style = .normal) { self.text = text; self.style = style }

    /// The right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}

/// A plain grid of width-aware cells that views render into. Only the backend turns it into
/// curses calls; tests read it as text.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    /// A blank grid.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y) in `style`, clipped at `maxX` (default the right edge).
    /// Returns the column after the last character written. Control characters show as `?`;
    /// a wide character that does not fit is replaced by a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var col = x
        for ch in text {
            if col >= limit { break }
            let drawn: Character = TextWidth.isControl(ch) ? "?" : ch
            let w = TextWidth.of(drawn)
            if w == 0 { continue }
            if col < 0 { col += w; continue }
            if w == 2 && col + 1 >= limit {
                self[col, y] = Cell(" ", style)
                col += 1
                break
            }
            clearWide(at: col, y: y)
            self[col, y] = Cell(String(drawn), style)
            if w == 2 {
                clearWide(at: col + 1, y: y)
                self[col + 1, y] = Cell("", style)
            }
            col += w
        }
        return col
    }

    /// Keeps wide characters whole when one half is overwritten.
    mutating func clearWide(at x: Int, y: Int) {
        let c = self[x, y]
        if c.isContinuation, x > 0 { self[x - 1, y] = Cell(" ", self[x - 1, y].style) }
        if !c.isContinuation, TextWidth.of(c.text) == 2, x + 1 < width { self[x + 1, y] = Cell(" ", c.style) }
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(" ", style) }
        }
    }

    /// Writes `text` padded with spaces to `w` columns (for full-width bars and selections).
    public mutating func bar(_ text: String, x: Int = 0, y: Int, width w: Int? = nil, style: Style) {
        let w = w ?? (width - x)
        fill(x: x, y: y, width: w, height: 1, style: style)
        put(TextWidth.truncate(text, w), x: x, y: y, style: style, maxX: x + w)
    }

    /// The grid as text, one line per row, trailing spaces trimmed.
    public func text() -> String {
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension CellGrid {
    /// The grid as `symbols` shows it: in ASCII every cell holds one ASCII character (the
    /// symbol table's stand-in; the right half of a wide character becomes a space), so a
    /// terminal that shows no more than ASCII gets no other byte. Unicode: the grid itself.
    public func shown(in symbols: Symbols) -> CellGrid {
        guard symbols == .ascii else { return self }
        var out = self
        for i in out.cells.indices {
            let c = out.cells[i]
            if c.isContinuation {
                out.cells[i] = Cell(" ", c.style)
            } else if !c.text.utf8.allSatisfy({ $0 < 0x80 }) {
                out.cells[i] = Cell(String(c.text.first.map(Symbols.ascii) ?? " "), c.style)
            }
        }
        return out
    }
}
