import Foundation
import Testing
import RunbookKit

/// `TextRules.numberedNotes`: a paste too long for one note, as several the note rule takes.
@Suite("a long text split into numbered notes")
struct NumberedNotesTests {
    @Test func aTextThatFitsIsOneNoteUnnumbered() {
        #expect(TextRules.numberedNotes("Cath lab ready\nEHR still down") == ["Cath lab ready\nEHR still down"])
        #expect(TextRules.numberedNotes("\n\n") == [])
    }

    @Test func linesAreKeptWholeAndEveryNoteIsTakenByTheRule() throws {
        let lines = (1...300).map { "Line \($0): 4 West on paper since 02:10, pharmacy runs every 2 hours" }
        let text = lines.joined(separator: "\n")
        let notes = TextRules.numberedNotes(text, limit: 4_096)
        #expect(notes.count > 4)
        for (i, n) in notes.enumerated() {
            #expect(n.hasPrefix("(\(i + 1)/\(notes.count)) "))
            #expect(n.utf8.count <= 4_096)
            try TextRules.checkNote(n, what: "note")
        }
        let back = notes.map { String($0.drop { $0 != " " }.dropFirst()) }
        #expect(back.joined(separator: "\n") == text, "no line is cut or lost")
        #expect(back.allSatisfy { $0.split(separator: "\n").allSatisfy { $0.hasPrefix("Line ") } })
    }

    @Test func aLineLongerThanANoteIsCutAtASpace() {
        let text = String(repeating: "word ", count: 2_000)
        let notes = TextRules.numberedNotes(text, limit: 4_096)
        #expect(notes.count == 3)
        for n in notes {
            #expect(n.utf8.count <= 4_096)
            #expect(!n.hasSuffix("wor") && !n.hasSuffix("wo"), "never inside a word")
        }
        #expect(notes.map { String($0.drop { $0 != " " }.dropFirst()) }.joined() == text.trimmingCharacters(in: .newlines))
    }

    @Test func aLineWithNoSpaceIsCutAnywhereAndNothingHangs() {
        let text = String(repeating: "é", count: 5_000)  // 10,000 bytes, no space
        let notes = TextRules.numberedNotes(text, limit: 4_096)
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { $0.utf8.count <= 4_096 })
        #expect(notes.map { String($0.drop { $0 != " " }.dropFirst()) }.joined() == text)
    }
}
