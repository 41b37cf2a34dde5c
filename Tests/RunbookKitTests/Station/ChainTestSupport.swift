import Crypto
import Foundation
import Testing
@testable import RunbookKit

/// Homes with incidents and chains for the seal, pin, acceptance and sync tests.
enum ChainFixture {
    static func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }
    static func write(_ bytes: [UInt8], _ path: String) { FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

    /// A new incident in `home`, its station made; returns the id.
    static func incident(_ home: String, name: String = "EHR down") throws -> String {
        _ = try StationStore(home: home).loadOrCreate()
        return try IncidentStore(home: home).create(loaded: IncidentFaultInjectionTests.loaded(), name: name, exercise: true,
                                                    actor: "tester", at: nil, now: Timestamp.now()).id
    }

    /// Appends `count` notes to the journal at `path`.
    static func notes(_ path: String, _ count: Int, text: String = "note") throws {
        let j = try Journal(path: path)
        for k in 0..<count { _ = try j.append { _ in EntryDraft(type: .note, actor: "tester", note: "\(text) \(k)") } }
    }

    /// Seals the journal at `path` with `home`'s station; the seal's seq.
    @discardableResult
    static func seal(_ path: String, home: String) throws -> Int? {
        let station = try #require(try StationStore(home: home).load())
        return try Journal(path: path).appendSeal(station: station, actor: "tester")?.seq
    }

    /// The chain's lines (without newlines).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        for b in bytes { if b == 0x0A { out.append(cur); cur = [] } else { cur.append(b) } }
        return out
    }

    /// The line with its `prev` set to `prev` and its hash recomputed, as a forger would.
    static func rehash(_ line: [UInt8], prev: String) -> [UInt8] {
        var text = String(decoding: line, as: UTF8.self)
        if let r = text.range(of: #""prev":"[0-9a-f]{64}""#, options: .regularExpression) {
            text.replaceSubrange(r, with: "\"prev\":\"\(prev)\"")
        }
        let cut = text.range(of: ",\"hash\":\"", options: .backwards)!.lowerBound
        let body = String(text[..<cut])
        let hash = JournalLine.hex(SHA256.hash(data: Array((body + "}").utf8)))
        return Array((body + ",\"hash\":\"" + hash + "\"}").utf8)
    }

    /// The chain with line `seq` given by `edit`, and every hash after it recomputed.
    static func rewritten(_ chain: [UInt8], at seq: Int, _ edit: (String) -> String) -> [UInt8] {
        var prev = JournalLine.zeroHash
        var out: [UInt8] = []
        for (i, line) in lines(chain).enumerated() {
            var l = line
            if i + 1 == seq { l = Array(edit(String(decoding: l, as: UTF8.self)).utf8) }
            if i + 1 >= seq { l = rehash(l, prev: prev) }
            prev = String(decoding: l[(l.count - 66)..<(l.count - 2)], as: UTF8.self)
            out += l + [0x0A]
        }
        return out
    }

    /// A chain that joins incident `id` (origin `origin`) from `home`'s station, with `notes`
    /// notes and a seal, at `path`.
    static func joined(_ home: String, id: String, origin: ChainOrigin, path: String, notes count: Int = 2) throws {
        let station = try StationStore(home: home).loadOrCreate()
        _ = try Journal.create(path: path, first: StationChain.joinedDraft(station: station, incidentID: id, openedHash: origin.opened,
                                                                          playbookSHA256: origin.playbookSHA256 ?? "", actor: "b"),
                               now: Timestamp.now())
        try notes(path, count, text: "from B")
        try seal(path, home: home)
    }
}
