/// A line of differently styled pieces (a red "DOWN", then the system's name in bold…),
/// wrapped at spaces so that names and numbers are never cut in the middle.
public struct StyledLine: Sendable, Equatable {
    /// One piece of text in one style.
    public struct Span: Sendable, Equatable {
        public var text: String
        public var style: Style
        public init(_ text: String, _ style: Style = .normal) { self.text = text; self.style = style }
    }

    public var spans: [Span]
    /// Columns continuation lines are indented by, so a wrapped row still reads as one item.
    public var indent: Int

    public init(_ spans: [Span], indent: Int = 2) { self.spans = spans; self.indent = indent }

    /// One plain piece of text.
    public init(_ text: String, _ style: Style = .normal, indent: Int = 2) {
        self.init([Span(text, style)], indent: indent)
    }

    /// The whole text, unstyled.
    public var text: String { spans.map(\.text).joined() }

    /// The line's rows at `width` columns: each row a list of (column, span) to draw. Words
    /// (runs without spaces) are kept whole; only a word longer than a row is broken.
    public func wrapped(_ width: Int) -> [[(x: Int, span: Span)]] {
        guard width > 0 else { return [] }
        // Words, each with the spaces after it, in their span's style.
        var words: [(word: String, spaces: Int, style: Style)] = []
        for span in spans {
            var word = ""
            var spaces = 0
            for ch in span.text {
                if ch == " " {
                    spaces += 1
                    continue
                }
                if spaces > 0 {
                    words.append((word, spaces, span.style))
                    word = ""
                    spaces = 0
                }
                word.append(ch)
            }
            if !word.isEmpty || spaces > 0 { words.append((word, spaces, span.style)) }
        }
        var rows: [[(x: Int, span: Span)]] = [[]]
        var col = 0
        let indent = min(indent, max(0, width / 3))
        for w in words {
            var word = w.word
            var ww = TextWidth.of(word)
            if col > 0 && col + ww > width && !(rows[rows.count - 1].isEmpty) && ww > 0 {
                rows.append([])
                col = indent
            }
            while ww > width - col && ww > 0 {
                // Longer than a row: break it (nothing else can be done).
                var head = "", hw = 0
                var rest = Substring(word)
                while let c = rest.first, hw + TextWidth.of(c) <= width - col { head.append(c); hw += TextWidth.of(c); rest = rest.dropFirst() }
                if head.isEmpty { rows.append([]); col = indent; continue }
                rows[rows.count - 1].append((col, Span(head, w.style)))
                rows.append([])
                col = indent
                word = String(rest)
                ww = TextWidth.of(word)
            }
            if !word.isEmpty {
                rows[rows.count - 1].append((col, Span(word, w.style)))
                col += ww
            }
            // Spaces are kept inside a row (alignment), dropped at its end.
            let room = width - col
            if w.spaces > 0 && room > 0 {
                let sp = min(w.spaces, room)
                if !rows[rows.count - 1].isEmpty || col > indent {
                    rows[rows.count - 1].append((col, Span(String(repeating: " ", count: sp), w.style)))
                }
                col += sp
            }
        }
        return rows
    }
}

extension CellGrid {
    /// Draws `line` wrapped to `width` columns from (x, y); rows outside `clip` (grid rows) are
    /// skipped. Returns the number of rows it takes.
    @discardableResult
    mutating func draw(_ line: StyledLine, x: Int, y: Int, width: Int, clip: Range<Int>? = nil) -> Int {
        let rows = line.wrapped(width)
        for (i, row) in rows.enumerated() {
            let yy = y + i
            if let clip, !clip.contains(yy) { continue }
            // Unbreakable spaces (kept together by the wrapping) are drawn as spaces.
            for (cx, span) in row { put(span.text.replacingOccurrences(of: "\u{00A0}", with: " "), x: x + cx, y: yy, style: span.style, maxX: x + width) }
        }
        return rows.count
    }
}
