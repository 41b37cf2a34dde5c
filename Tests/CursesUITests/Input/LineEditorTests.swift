import Testing
@testable import CursesUI

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

    /// A note keeps a pasted text's line breaks (CR LF and CR become LF), shown as ⏎ on its one
    /// line; other control characters are still dropped.
    @Test func aMultiLineEditorKeepsLineBreaks() {
        var e = LineEditor(multiline: true)
        for c in "a\u{1B}b\r\nc\rd\n\ne\u{7}" { e.insert(c) }
        #expect(e.text == "ab\nc\nd\n\ne")
        #expect(e.visible(columns: 40).text == "ab⏎c⏎d⏎⏎e")
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
