import Foundation
import Testing
@testable import RunbookKit

/// Issue 21, point 7: acting on the right incident. With several open, recording needs the
/// incident named; the id and the picker go by when an incident was activated.
@Suite("Acting on the right incident")
struct IncidentChoiceTests {
    static func loaded(_ dir: EngineTempDir) throws -> LoadedPlaybook {
        let file = dir.path + "/pb.yaml"
        try twoHatsYAML.write(toFile: file, atomically: true, encoding: .utf8)
        return try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: file)
    }

    @Test func recordingWithSeveralOpenNeedsTheIncidentNamed() throws {
        setenv("TZ", "UTC", 1); tzset()
        let dir = EngineTempDir()
        let store = IncidentStore(home: dir.path + "/home")
        let pb = try Self.loaded(dir)
        let realAt = engineBase.adding(seconds: -40 * 60)
        let real = try store.create(loaded: pb, name: "Real outage", exercise: false, actor: "ic", at: realAt, now: engineBase).id
        // Only one open: it is the one, named or not.
        #expect(try store.resolveForRecording(nil) == real)
        let drill = try store.create(loaded: pb, name: "Tabletop", exercise: true, actor: "ic", at: nil, now: engineBase.adding(seconds: 60)).id
        #expect(throws: RunbookError.refused(.severalOpen([
            OpenIncident(id: drill, name: "Tabletop", activated: engineBase.adding(seconds: 60), exercise: true),
            OpenIncident(id: real, name: "Real outage", activated: realAt, exercise: false),
        ]))) { try store.resolveForRecording(nil) }
        #expect(try store.resolveForRecording(real) == real)
        #expect(try store.resolveForRecording(drill) == drill)
        // Reading still defaults to the newest.
        #expect(try store.resolve(nil) == drill)
        // The words list each with its name, activation time and "(exercise)".
        let words = Refusal.severalOpen(store.list().map { OpenIncident(id: $0.id, name: $0.name, activated: $0.activated, exercise: $0.exercise) }).words()
        #expect(words.contains("2 incidents are open") && words.contains("--incident"), "\(words)")
        #expect(words.contains("\(drill) “Tabletop” activated \(engineBase.adding(seconds: 60).localDateTime) (exercise)"), "\(words)")
        #expect(words.contains("\(real) “Real outage” activated \(realAt.localDateTime)") && !words.contains("Real outage” activated \(realAt.localDateTime) (exercise)"), "\(words)")
    }

    /// An incident entered later (`new --at` hours back) gets an id from when it was activated,
    /// and the picker's summary says that time, not when it was typed in.
    @Test func theIdAndThePickerGoByActivation() throws {
        setenv("TZ", "UTC", 1); tzset()
        let dir = EngineTempDir()
        let store = IncidentStore(home: dir.path + "/home")
        let pb = try Self.loaded(dir)
        let activated = Timestamp(rfc3339: "2026-11-28T22:05:00Z")!
        let now = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!
        let first = try store.create(loaded: pb, name: "Night outage", exercise: false, actor: "scribe", at: activated, now: now).id
        #expect(first == "20261128-2205-night-outage")
        let again = try store.create(loaded: pb, name: "Night outage", exercise: false, actor: "scribe", at: activated, now: now.adding(seconds: 60)).id
        #expect(again == "20261128-2205-night-outage-2", "ids stay unique")
        let s = try #require(store.summary(first))
        #expect(s.activated == activated && s.opened == now)
    }
}
