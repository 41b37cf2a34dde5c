import Testing
@testable import CursesUI

@Suite("cell grid")
struct CellGridTests {
    init() { TextWidth.ensureUTF8Locale() }

    @Test func asciiAndClipping() {
        var g = CellGrid(width: 10, height: 2)
        let end = g.put("hello world", x: 2, y: 0)
        #expect(end == 10)
        #expect(g.text() == "  hello wo\n")
    }

    @Test func wideCharactersTakeTwoCells() {
        var g = CellGrid(width: 8, height: 1)
        g.put("薬a🚑", x: 0, y: 0)
        #expect(g[0, 0].text == "薬")
        #expect(g[1, 0].isContinuation)
        #expect(g[2, 0].text == "a")
        #expect(g[3, 0].text == "🚑")
        #expect(g[4, 0].isContinuation)
        #expect(g.text() == "薬a🚑")
    }

    @Test func wideCharacterThatDoesNotFitBecomesASpace() {
        var g = CellGrid(width: 3, height: 1)
        g.put("ab薬", x: 0, y: 0)
        #expect(g.text() == "ab")
        #expect(!g[2, 0].isContinuation)
    }

    @Test func overwritingHalfOfAWideCharacterClearsIt() {
        var g = CellGrid(width: 4, height: 1)
        g.put("薬薬", x: 0, y: 0)
        g.put("x", x: 1, y: 0)
        #expect(g.text() == " x薬")
    }

    @Test func controlCharactersAreShownAsQuestionMarks() {
        var g = CellGrid(width: 10, height: 1)
        g.put("a\u{1B}[31mb", x: 0, y: 0)
        #expect(g.text() == "a?[31mb")
    }

    @Test func truncateAndWrapCountColumnsNotCharacters() {
        #expect(TextWidth.truncate("薬薬薬薬", 5) == "薬薬…")
        #expect(TextWidth.of("薬🚑a") == 5)
        #expect(TextWidth.wrap("one two three four", 9) == ["one two", "three", "four"])
        #expect(TextWidth.wrap("abcdefghijkl", 5) == ["abcde", "fghij", "kl"])
    }

    @Test func boxIsCentredAndFramed() {
        var g = CellGrid(width: 20, height: 5)
        g.drawBox(title: "Hi", lines: [("one", .normal)])
        let expected = ["", "      ┌─ Hi ─┐", "      │ one  │", "      └──────┘", ""].joined(separator: "\n")
        #expect(g.text() == expected)
    }
}
