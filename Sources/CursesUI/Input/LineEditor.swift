/// A one-line text editor for prompts: any UTF-8, wide characters and emoji, left/right,
/// backspace, delete, Home/End. Text is kept as graphemes so the cursor never splits one.
/// A `multiline` editor (a note, a reason) keeps the line breaks of a pasted text, shown as ⏎.
public struct LineEditor: Sendable, Equatable {
    public private(set) var chars: [Character] = []
    public private(set) var cursor = 0
    /// Most bytes the text may hold; further typing is refused.
    public var maxBytes: Int
    /// Whether line breaks are kept (else they become spaces).
    public let multiline: Bool
    private var bytes = 0

    public init(text: String = "", maxBytes: Int = 16_384, multiline: Bool = false) {
        self.maxBytes = maxBytes
        self.multiline = multiline
        for c in text { _ = insert(c) }
    }

    public var text: String { String(chars) }
    public var isEmpty: Bool { chars.isEmpty }

    /// Inserts at the cursor; false when the limit is reached. Line breaks are kept in a
    /// multi-line editor (CR LF and CR become LF) and become spaces in a one-line one; tabs
    /// become spaces; other control characters are dropped.
    @discardableResult
    public mutating func insert(_ c: Character) -> Bool {
        var ch = c
        if c == "\n" || c == "\r" || c == "\r\n" { ch = multiline ? "\n" : " " }
        if c == "\t" { ch = " " }
        if ch != "\n" && TextWidth.isControl(ch) { return true }
        let n = ch.utf8.count
        guard bytes + n <= maxBytes else { return false }
        chars.insert(ch, at: cursor)
        cursor += 1
        bytes += n
        return true
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        cursor -= 1
        bytes -= chars.remove(at: cursor).utf8.count
    }

    public mutating func deleteForward() {
        guard cursor < chars.count else { return }
        bytes -= chars.remove(at: cursor).utf8.count
    }

    public mutating func left() { cursor = max(0, cursor - 1) }
    public mutating func right() { cursor = min(chars.count, cursor + 1) }
    public mutating func home() { cursor = 0 }
    public mutating func end() { cursor = chars.count }

    /// Handles an editing key; returns false for keys it does not use.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .paste(let text): for c in text { guard insert(c) else { break } }
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: left()
        case .right: right()
        case .home, .ctrl("a"): home()
        case .end, .ctrl("e"): end()
        case .ctrl("u"): chars.removeAll(); cursor = 0; bytes = 0
        default: return false
        }
        return true
    }

    /// How a character shows on the one line: a line break as ⏎.
    static func shown(_ c: Character) -> Character { c == "\n" ? "⏎" : c }

    /// The part of the text to show in `columns`, and the cursor's column within it.
    public func visible(columns: Int) -> (text: String, cursorColumn: Int) {
        guard columns > 1 else { return ("", 0) }
        let chars = self.chars.map(LineEditor.shown)
        // Scroll so the cursor stays in view, keeping as much text before it as fits.
        var start = cursor
        var used = 1  // room for the cursor itself
        while start > 0 {
            let w = TextWidth.of(chars[start - 1])
            if used + w > columns { break }
            used += w
            start -= 1
        }
        var out = ""
        var width = 0
        var cursorCol = 0
        var i = start
        while i < chars.count {
            if i == cursor { cursorCol = width }
            let w = TextWidth.of(chars[i])
            if width + w > columns { break }
            out.append(chars[i])
            width += w
            i += 1
        }
        if cursor >= i { cursorCol = width }
        return (out, min(cursorCol, columns - 1))
    }
}
