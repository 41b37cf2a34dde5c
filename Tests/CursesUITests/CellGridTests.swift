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

@Suite("line editor")
struct LineEditorTests {
    init() { TextWidth.ensureUTF8Locale() }

    @Test func editsGraphemesNotBytes() {
        var e = LineEditor()
        for c in "a🚑薬b" { e.insert(c) }
        e.left()
        e.backspace()
        #expect(e.text == "a🚑b")
        e.home()
        e.insert("X")
        e.end()
        e.insert("Y")
        #expect(e.text == "Xa🚑bY")
        e.home()
        e.deleteForward()
        #expect(e.text == "a🚑bY")
    }

    @Test func refusesPastTheByteLimit() {
        var e = LineEditor(maxBytes: 5)
        for c in "abcd" { e.insert(c) }
        let tooLong = e.insert("🚑")
        let fits = e.insert("e")
        #expect(tooLong == false)
        #expect(fits)
        #expect(e.text == "abcde")
    }

    @Test func controlCharactersAreDroppedAndNewlinesBecomeSpaces() {
        var e = LineEditor()
        for c in "a\u{1B}b\nc" { e.insert(c) }
        #expect(e.text == "ab c")
    }

    @Test func visibleWindowFollowsTheCursor() {
        var e = LineEditor()
        for c in "abcdefghij" { e.insert(c) }
        let v = e.visible(columns: 5)
        #expect(v.text == "ghij")
        #expect(v.cursorColumn == 4)
        e.home()
        let w = e.visible(columns: 5)
        #expect(w.text == "abcde")
        #expect(w.cursorColumn == 0)
    }

    @Test func longPasteIsTakenQuickly() {
        var e = LineEditor(maxBytes: 16_384)
        let paste = String(repeating: "Paste 🚑 薬 ", count: 2_000)
        var refused = 0
        for c in paste where !e.insert(c) { refused += 1 }
        #expect(e.text.utf8.count <= 16_384)
        #expect(refused > 0)
    }
}

@Suite("key table")
struct KeyMapTests {
    @Test func everyActionHasAKeyAndHelp() {
        for a in UIAction.allCases {
            #expect(KeyMap.bindings.contains { $0.action == a }, "\(a) has no key")
        }
        #expect(KeyMap.helpLines().count == KeyMap.bindings.count)
        #expect(KeyMap.action(for: .char("x")) == .done)
        #expect(KeyMap.action(for: .char("-")) == .skip)
        #expect(KeyMap.action(for: .char("j")) == .moveDown)
        #expect(KeyMap.action(for: .down) == .moveDown)
        #expect(KeyMap.action(for: .tab) == .switchView)
        #expect(KeyMap.hints().contains { $0.key == "x" && $0.label == "done" })
    }

    @Test func noKeyIsBoundTwice() {
        var seen = Set<Key>()
        for b in KeyMap.bindings { for k in b.keys { #expect(seen.insert(k).inserted, "\(k) bound twice") } }
    }
}
