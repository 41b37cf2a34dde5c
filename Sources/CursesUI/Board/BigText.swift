/// Large block letters for the board's T+ clock, read from across the room on a wall display.
enum BigText {
    /// Rows per glyph.
    static let height = 5

    static let glyphs: [Character: [String]] = [
        "0": ["████", "█  █", "█  █", "█  █", "████"],
        "1": ["  █ ", " ██ ", "  █ ", "  █ ", " ███"],
        "2": ["████", "   █", "████", "█   ", "████"],
        "3": ["████", "   █", " ███", "   █", "████"],
        "4": ["█  █", "█  █", "████", "   █", "   █"],
        "5": ["████", "█   ", "████", "   █", "████"],
        "6": ["████", "█   ", "████", "█  █", "████"],
        "7": ["████", "   █", "  █ ", " █  ", " █  "],
        "8": ["████", "█  █", "████", "█  █", "████"],
        "9": ["████", "█  █", "████", "   █", "████"],
        ":": ["  ", "█ ", "  ", "█ ", "  "],
        "d": ["   █", "   █", "████", "█  █", "████"],
        "−": ["   ", "   ", "███", "   ", "   "],
        "T": ["███", " █ ", " █ ", " █ ", " █ "],
        "+": ["   ", " █ ", "███", " █ ", "   "],
        " ": ["  ", "  ", "  ", "  ", "  "],
    ]

    /// `text` as `height` rows of block letters, one column between glyphs; characters without
    /// a glyph are left out.
    static func rows(_ text: String) -> [String] {
        var out = [String](repeating: "", count: height)
        for ch in text {
            guard let g = glyphs[ch] else { continue }
            for r in 0..<height { out[r] += (out[r].isEmpty ? "" : " ") + g[r] }
        }
        return out
    }

    /// Columns `text` takes in block letters.
    static func width(_ text: String) -> Int { rows(text).first.map { TextWidth.of($0) } ?? 0 }
}
