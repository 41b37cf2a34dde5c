import Foundation
import Testing
@testable import RunbookKit

/// Creating an incident under every fault the file seam can inject: the incident appears whole
/// (its folder, frozen playbook and entry 1) or not at all, nothing is left half-made, and a
/// crash at any point never loses an incident whose creation was acknowledged.
@Suite("incident creation under injected faults")
struct IncidentFaultInjectionTests {
    static let repoRoot = IncidentFileModeTests.repoRoot

    static func loaded() throws -> LoadedPlaybook {
        try PlaybookLoader(library: PlaybookLibrary(directories: [repoRoot + "/Playbooks"])).load(path: repoRoot + "/Playbooks/occi.yaml")
    }

    static let now = Timestamp(millis: 1_796_000_000_000)

    /// Creates an incident in `home` through `fs`.
    static func create(_ loaded: LoadedPlaybook, home: String, fs: FaultyFileSystem) throws -> (id: String, entry: JournalEntry) {
        try IncidentStore(home: home, files: fs).create(loaded: loaded, name: "EHR down", exercise: true, actor: "tester",
                                                        at: nil, now: now)
    }

    /// Every incident in `home` is whole: entry 1 only, and the playbook copy it sealed; nothing half-made is left in
    /// `incidents/`. Returns the ids.
    static func wholeIncidents(_ home: String, _ label: String) throws -> [String] {
        let store = IncidentStore(home: home)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.incidentsDir)) ?? []
        #expect(!names.contains { $0.hasPrefix(".new-") }, "\(label): a half-made incident was left: \(names)")
        var ids: [String] = []
        for id in names where !id.hasPrefix(".") {
            // Entry 1 reads back, and the playbook copy is the one it sealed.
            let read = try JournalFixture.readAll(store.journalPath(id))
            #expect(read.entries.map(\.seq) == [1] && read.torn == nil, "\(label)")
            #expect(IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id)) == nil, "\(label)")
            ids.append(id)
        }
        return ids
    }

    @Test func everyCallOfACreationFailingInTurn() throws {
        let loaded = try Self.loaded()
        let reference = JournalTempDir()
        let rfs = FaultyFileSystem()
        _ = try Self.create(loaded, home: reference.path + "/home", fs: rfs)
        let calls = rfs.calls
        #expect(calls.contains { $0.call == .rename } && calls.contains { $0.call == .mkdir })
        for call in calls {
            for fault in JournalFaultInjectionTests.faults where fault != .shortWrite || call.call == .pwrite {
                let tmp = JournalTempDir()
                let home = tmp.path + "/home"
                let fs = FaultyFileSystem()
                fs.failCall(number: call.number, with: fault)
                let label = "\(fault) on \(call)"
                var created: String?
                do {
                    created = try Self.create(loaded, home: home, fs: fs).id
                } catch RunbookError.io(let failure) {
                    let words = failure.description
                    #expect(!words.contains("\n") && words.hasPrefix("cannot ") && words.contains(failure.what), "\(label): \(words)")
                } catch {
                    Issue.record("\(label): not an I/O error: \(error)")
                }
                if fault == .shortWrite { #expect(created != nil, "\(label): a short write is carried on") }
                let ids = try Self.wholeIncidents(home, label)
                if let created { #expect(ids == [created], "\(label)") } else { #expect(ids.count <= 1, "\(label)") }
            }
        }
    }

    @Test func crashAfterEveryCallLosesNoAcknowledgedIncident() throws {
        let loaded = try Self.loaded()
        let reference = JournalTempDir()
        let rfs = FaultyFileSystem()
        _ = try Self.create(loaded, home: reference.path + "/home", fs: rfs)
        for n in 0...rfs.callCount {
            let tmp = JournalTempDir()
            let home = tmp.path + "/home"
            let fs = FaultyFileSystem()
            fs.die(after: n)
            let created = try? Self.create(loaded, home: home, fs: fs)
            fs.crash()
            let ids = try Self.wholeIncidents(home, "crash after \(n)")
            if let created { #expect(ids == [created.id], "crash after \(n): an acknowledged incident was lost") }
            #expect(ids.count <= 1, "crash after \(n)")
        }
    }
}
