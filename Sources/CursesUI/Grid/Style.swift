/// What a piece of text means on screen; the backend turns it into colour and attributes,
/// and every meaning still reads without colour (bold, reverse, glyphs).
public enum Tone: Int, CaseIterable, Sendable {
    case normal, header, overdue, blocked, done, selection, danger, exercise, muted, accent, ok
}

/// A cell's look: a tone plus attributes.
public struct Style: Hashable, Sendable {
    public var tone: Tone
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(_ tone: Tone = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.tone = tone; self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }

    public static let normal = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let underlined = Style(underline: true)
    public static let muted = Style(.muted, dim: true)
    public static let header = Style(.header, bold: true, reverse: true)
    public static let selection = Style(.selection, reverse: true)
    public static let overdue = Style(.overdue, bold: true)
    public static let blocked = Style(.blocked, bold: true)
    public static let done = Style(.done)
    public static let danger = Style(.danger, bold: true, reverse: true)
    public static let exercise = Style(.exercise, bold: true, reverse: true)
    public static let accent = Style(.accent, bold: true)
    public static let ok = Style(.ok)

    /// The same style, reversed (for the selected row).
    public var selected: Style { var s = self; s.reverse = true; return s }
}
