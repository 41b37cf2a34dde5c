import Foundation
import RunbookKit

/// The board as one printable HTML page (`runbook board --once --format html`): the same
/// lines the text board draws (`headerLines`, `panels`, `footerLine`), each span's look as a
/// class, for email and for the wall of a command center without a terminal. Inline CSS, no
/// script, nothing fetched; every piece of text escaped (`BoardFacts.htmlEscaped`).
extension BoardRenderer {
    /// The page for `engine`'s state at `now`, showing the free text `freeText` allows.
    public static func html(_ engine: Engine, now: Timestamp, damage: String?, freeText: BoardFacts.FreeText = .shown) -> String {
        let facts = BoardFacts(engine, now: now, freeText: freeText)
        let options = Options(damage: damage, bigClock: false, lastEntries: 10, freeText: freeText)
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Board — \(BoardFacts.htmlPlainText(engine.state.name))</title>
        <style>\(css)</style></head><body>

        """
        if engine.state.exercise { out += "<p class=\"exercise\">EXERCISE — this is an exercise, not a real incident</p>\n" }
        out += "<header>\n"
        for (i, l) in headerLines(engine, facts).enumerated() { out += line(l, tag: i == 0 ? "h1" : "p") }
        out += "</header>\n<main>\n"
        for p in panels(engine, facts, options: options) {
            out += "<section>\n" + line(StyledLine(p.title), tag: "h2")
            for l in p.lines { out += line(l, tag: "p") }
            out += "</section>\n"
        }
        out += "</main>\n<footer>\n" + line(footerLine(engine, now: now, damage: damage), tag: "p") + "</footer>\n</body></html>\n"
        return out
    }

    /// One line as an element, each span in the class of its look.
    static func line(_ l: StyledLine, tag: String) -> String {
        var s = "<\(tag)>"
        for span in l.spans {
            // Unbreakable spaces kept: a time or a count stays on one line on paper too.
            let text = BoardFacts.htmlEscaped(span.text)
            let cls = className(span.style)
            s += cls.isEmpty ? text : "<span class=\"\(cls)\">\(text)</span>"
        }
        return s + "</\(tag)>\n"
    }

    /// The class of a look: its tone, and bold or underlined.
    static func className(_ st: Style) -> String {
        var c: [String] = []
        if st.tone != .normal { c.append("\(st.tone)") }
        if st.bold { c.append("b") }
        if st.underline { c.append("u") }
        return c.joined(separator: " ")
    }

    /// One page, printable: black on white, the tones readable in grey print too.
    static let css = """
    body{font:14px/1.35 system-ui,sans-serif;color:#111;background:#fff;margin:1.2em;max-width:72em}
    h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.05em;margin:.2em 0;border-bottom:1px solid #999}
    header{border:2px solid #111;padding:.4em .7em;margin-bottom:1em}header p{margin:.15em 0;font-size:1.1em}
    main{columns:2 30em;column-gap:2em}section{break-inside:avoid;margin-bottom:1em}
    section p{margin:.1em 0 .1em 1.2em;text-indent:-1.2em}footer{border-top:1px solid #999;margin-top:1em;font-size:.9em}
    .b{font-weight:bold}.u{text-decoration:underline}.muted{color:#555}.overdue{color:#b00000}.blocked{color:#8a5a00}
    .done,.ok{color:#176b2c}.accent{color:#0b4f8a}.danger{color:#fff;background:#b00000;padding:0 .2em}
    .exercise{color:#fff;background:#6a1b9a;font-weight:bold;padding:.3em .6em}
    @media print{body{margin:0;font-size:8pt;max-width:none}header p{font-size:1em}main{columns:3;column-gap:1.2em}section{break-inside:auto}h2{break-after:avoid}}
    """
}
