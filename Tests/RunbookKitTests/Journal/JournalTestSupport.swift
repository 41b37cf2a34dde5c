import Foundation
@testable import RunbookKit

/// A scratch directory for one test, removed when dropped.
final class JournalTempDir {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/runbook-journal-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var journal: String { path + "/journal.jsonl" }

    /// Names of the `journal.torn-*` files in the directory.
    func tornFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasPrefix("journal.torn-") }.sorted()
    }
}

/// Builds journals and reads their bytes for the journal tests.
enum JournalFixture {
    /// A clock that moves 1.5 s per call from a fixed moment, so times are distinct and known.
    static func clock(from start: Int64 = 1_796_000_000_000) -> () -> Timestamp {
        nonisolated(unsafe) var t = start
        return {
            t += 1_500
            return Timestamp(millis: t)
        }
    }

    /// Notes that stress the encoder: multibyte text, quotes, escapes, newlines, controls.
    static let awkwardNotes: [String] = [
        "Pharmacy on paper — MAR ünïcode 🚑 \"quoted\"",
        "line one\nline two\r\nline three\ttabbed",
        "back\\slash and \\\" and \\n literally",
        "controls: \u{00}\u{01}\u{07}\u{08}\u{0B}\u{0C}\u{1B}[31m\u{1F}\u{7F} end",
        "separators \u{2028} and \u{2029}, C1 \u{85}\u{9B}",
        "日本語のメモ · Ελληνικά · עברית · العربية",
        "combining e\u{301} vs é, ZWJ 👩‍⚕️, flags 🇺🇸, astral 𝄞",
        "{\"seq\":99,\"hash\":\"" + String(repeating: "0", count: 64) + "\"}",
        ",\"hash\":\"" + String(repeating: "a", count: 64) + "\"}",
        "/ slash, BOM \u{FEFF}, NBSP\u{A0}, replacement \u{FFFD}",
        String(repeating: "long note ✓ ", count: 600),
    ]

    /// A note draft.
    static func note(_ text: String?, actor: String = "tester", tag: String? = nil, at: Timestamp? = nil,
                     role: String? = nil) -> EntryDraft {
        EntryDraft(type: .note, actor: actor, at: at, actorRole: role, note: text,
                   fields: tag.map { [("tag", .string($0))] } ?? [])
    }

    /// Entry 1 of a test journal.
    static let opened = EntryDraft(type: .incidentOpened, actor: "Dr. Ann \"IC\" Lee", fields: [
        ("name", .string("EHR down — test")), ("playbook", .string("occi")),
        ("playbookTitle", .string("Operational Continuity")), ("playbookVersion", .string("2026.1")),
        ("playbookSHA256", .string(String(repeating: "ab", count: 32))), ("exercise", .bool(true)),
    ])

    /// Creates a journal at `path` holding `incident.opened` then one note per text.
    @discardableResult
    static func make(at path: String, notes: [String], now: @escaping () -> Timestamp = clock()) throws -> [JournalEntry] {
        var entries = [try Journal.create(path: path, first: opened, now: now())]
        let j = try Journal(path: path)
        j.onWarning = { _ in }
        try j.readNew()
        for n in notes {
            entries.append(try j.append(now: now) { _ in note(n) })
        }
        return entries
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Offsets where each line ends (just past its newline).
    static func lineEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        for (i, b) in bytes.enumerated() where b == 0x0A { ends.append(i + 1) }
        return ends
    }

    /// Every entry a fresh reader finds, or the error it throws.
    static func readAll(_ path: String) throws -> (entries: [JournalEntry], torn: TornTail?) {
        let j = try Journal(path: path, writable: false)
        var out: [JournalEntry] = []
        try j.readNew { out.append($0) }
        return (out, j.tornTail)
    }

    /// Runs a program, feeding `input` on stdin; returns its exit status and stdout.
    static func run(_ exe: String, _ args: [String], input: [UInt8] = []) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let inp = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let writer = Thread {
            inp.fileHandleForWriting.write(Data(input))
            try? inp.fileHandleForWriting.close()
        }
        writer.start()
        nonisolated(unsafe) var errData = Data()
        let errThread = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errThread.isFinished || !writer.isFinished { usleep(1000) }
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
