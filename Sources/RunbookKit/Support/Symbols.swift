import Foundation

/// The characters the screen, the board and the text for people (`status`, `board --once`,
/// `log`) are drawn with: the Unicode set, or plain ASCII for a terminal that cannot show more
/// (a non-UTF-8 locale such as `LANG=C`, the Linux console, a VT100, or `RUNBOOK_ASCII=1`).
///
/// Renderers write their symbols once, in Unicode; the one table here (`ascii(_:)`) says what
/// each becomes in ASCII, one character for one, so columns stay where they were. Text typed by
/// people (names, notes, titles) is data and goes through the same table: on an ASCII terminal
/// an accented letter loses its accent ("José" shows as "Jose") and any other character shows
/// as `?`. The journal, CSV, JSON and the reports keep every character (they are data, written
/// as UTF-8, and the HTML report declares it).
public enum Symbols: Sendable, Equatable {
    /// Every symbol as written (the terminal shows UTF-8).
    case unicode
    /// Only bytes below 0x80 reach the terminal.
    case ascii

    /// The set for this process, chosen once from its environment and locale.
    public static let current: Symbols = choose(environment: ProcessInfo.processInfo.environment, codeset: localeCodeset())

    /// The set for an environment: ASCII when `RUNBOOK_ASCII` is set (and not "0"), when the
    /// locale's character set is not UTF-8 (`codeset`, nil when unknown: then the locale's name
    /// decides), or when `TERM` names a terminal whose font has no more than ASCII (the Linux
    /// console, the VT family). `TERM=dumb` alone does not: editors' shells say dumb and show
    /// UTF-8, and the screen refuses such a terminal anyway.
    public static func choose(environment env: [String: String], codeset: String?) -> Symbols {
        if let a = env["RUNBOOK_ASCII"], !a.isEmpty, a != "0" { return .ascii }
        let utf8: Bool
        if let codeset {
            utf8 = isUTF8(codeset)
        } else {
            let name = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
            utf8 = isUTF8(name)
        }
        if !utf8 { return .ascii }
        let term = (env["TERM"] ?? "").lowercased()
        if term == "linux" || term.hasPrefix("linux-") || term.hasPrefix("vt") || term == "ansi" { return .ascii }
        return .unicode
    }

    /// Whether a codeset or locale name says UTF-8 ("UTF-8", "utf8", "en_US.UTF-8").
    static func isUTF8(_ name: String) -> Bool {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "")
        return n == "utf8" || n.hasSuffix(".utf8") || n.contains(".utf8@")
    }

    /// The character set of the locale the environment names, as `setlocale(LC_CTYPE, "")`
    /// gives it; nil when that locale is not installed. The locale found is put back, so this
    /// may run before or after the screen sets its own.
    static func localeCodeset() -> String? {
        let saved = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        defer { if let saved { setlocale(LC_CTYPE, saved) } }
        guard setlocale(LC_CTYPE, "") != nil else { return nil }
        return String(cString: nl_langinfo(nl_item(CODESET)))
    }

    /// `text` as this set shows it (unchanged in Unicode; in ASCII, character by character
    /// through `ascii(_:)`).
    public func shown(_ text: String) -> String {
        guard self == .ascii, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text { out.append(Symbols.ascii(ch)) }
        return out
    }

    /// The one ASCII character shown for `ch`: itself when ASCII, the table's stand-in for
    /// each symbol the program draws, an accented letter without its accent, else `?`.
    public static func ascii(_ ch: Character) -> Character {
        if ch.isASCII { return ch }
        if let s = table[ch] { return s }
        // A letter with marks ("é", "Å"): its base letter, when that is ASCII.
        if let base = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars.first, base.isASCII,
           base.properties.isAlphabetic {
            return Character(base)
        }
        return "?"
    }

    /// Every symbol the screen, the board and the text outputs draw, and its ASCII stand-in.
    /// A symbol added to a renderer belongs here too (the tests render every view in ASCII and
    /// would show it as `?`).
    public static let table: [Character: Character] = [
        // Punctuation in words.
        "\u{2014}": "-", "\u{2013}": "-", "\u{2212}": "-", "\u{00B1}": "+",  // — – − ±
        "\u{2026}": "~",  // … (a cut text, a pause)
        "\u{00B7}": "|",  // · between items
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{2018}": "'", "\u{2019}": "'", "\u{00BB}": ">", "\u{00AB}": "<",
        "\u{00A0}": " ", "\u{2260}": "#",  // no-break space, ≠
        // Arrows and markers.
        "\u{2192}": ">", "\u{2190}": "<", "\u{2191}": "^", "\u{2193}": "v",  // → ← ↑ ↓
        "\u{21B3}": ">",  // ↳ a system's row under its task
        "\u{25B8}": ">", "\u{25B6}": ">", "\u{25BD}": "v", "\u{25B2}": "^", "\u{25C6}": "*",  // ▸ ▶ ▽ ▲ ◆
        "\u{23CE}": "/",  // ⏎ a line break inside one-line text
        // States.
        "\u{2713}": "+", "\u{2714}": "+",  // ✓ done/up, ✔ decided
        "\u{2717}": "x", "\u{2716}": "X",  // ✗ entered in error, ✖ down
        "\u{25D0}": "%",  // ◐ degraded
        "\u{25CB}": "o", "\u{25A1}": "o",  // ○ ready, □
        "\u{26A0}": "!",  // ⚠
        "\u{25F7}": "@", "\u{23F1}": "@",  // ◷ a deadline running (⏱ only in old text)
        // Bars and lines.
        "\u{2588}": "#", "\u{2593}": "#", "\u{2592}": ":", "\u{2591}": ".",  // █ ▓ ▒ ░
        "\u{2500}": "-", "\u{2502}": "|", "\u{250C}": "+", "\u{2510}": "+", "\u{2514}": "+", "\u{2518}": "+",
        "\u{251C}": "+", "\u{2524}": "+", "\u{252C}": "+", "\u{2534}": "+", "\u{253C}": "+",
    ]
}
