import Foundation
import Testing
@testable import RunbookKit

/// What an incident folder must be before anything in it is trusted: entry 1 read whole (the
/// playbook seal and the incident id are in it, at any length), a playbook with sane text, an
/// id nobody else took, and a home, folder and journal that are ours and private, checked and
/// never changed.
@Suite("incident trust: entry 1, ids, homes and modes")
struct IncidentTrustTests {
    static let now = IncidentFaultInjectionTests.now

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = lstat(path, &st)
        return st.st_mode & 0o7777
    }

    /// A store in a scratch home with one incident.
    static func incident(_ tmp: JournalTempDir, name: String = "EHR down") throws -> (store: IncidentStore, id: String) {
        let store = IncidentStore(home: tmp.path + "/home")
        let id = try store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: name, exercise: true,
                                  actor: "tester", at: nil, now: now).id
        return (store, id)
    }

    /// Writes entry 1 again with its playbook title padded by 22,500 invisible word joiners
    /// (67,500 bytes: past any 64 KiB window), naming `incident` (default: its own folder).
    static func padEntryOne(_ store: IncidentStore, _ id: String, incident: String? = nil, breakHash: Bool = false) throws {
        let e1 = try JournalFixture.readAll(store.journalPath(id)).entries[0]
        let draft = EntryDraft(type: .incidentOpened, actor: "tester", fields: [
            ("incident", .string(incident ?? id)), ("name", .string("EHR down")), ("playbook", .string("occi")),
            ("playbookTitle", .string("Operational Continuity" + String(repeating: "\u{2060}", count: 22_500))),
            ("playbookVersion", .string(e1.string("playbookVersion") ?? "")), ("playbookSHA256", .string(e1.string("playbookSHA256") ?? "")),
            ("exercise", .bool(true)), ("discovered", .string(e1.time.rfc3339)),
        ])
        var line = JournalLine.encodeBytes(draft, seq: 1, time: e1.time, prev: JournalLine.zeroHash) + [0x0A]
        #expect(line.count > 65_536)
        if breakHash { line[line.count - 10] ^= 1 }
        try JournalFixture.write(line, to: store.journalPath(id))
        #expect(chmod(store.journalPath(id), 0o600) == 0)
    }

    // MARK: - point 1: entry 1 at any length

    /// An edit of the frozen playbook is caught however long entry 1 is.
    @Test func sealIsCheckedPastSixtyFourKiB() throws {
        let tmp = JournalTempDir()
        let (store, id) = try Self.incident(tmp)
        try Self.padEntryOne(store, id)
        #expect(IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id)) == nil)
        #expect(store.list().first?.name == "EHR down")
        // The insurer deadline moved from 24 h to 2400 h.
        var text = try String(contentsOfFile: store.playbookPath(id), encoding: .utf8)
        text += "\n# edited\n"
        try JournalFixture.write(Array(text.utf8), to: store.playbookPath(id))
        let problem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id))
        #expect(problem?.contains("was changed after the incident began") == true, "\(problem ?? "nil")")
        #expect(throws: RunbookError.self) { try IncidentSession(store: store, id: id) }
    }

    /// A journal with a long entry 1 copied into another incident's folder is caught.
    @Test func incidentIdIsCheckedPastSixtyFourKiB() throws {
        let tmp = JournalTempDir()
        let (store, a) = try Self.incident(tmp, name: "Alpha")
        let b = try store.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "Bravo", exercise: true,
                                 actor: "tester", at: nil, now: Self.now).id
        try Self.padEntryOne(store, a)
        try JournalFixture.write(try JournalFixture.bytes(store.journalPath(a)), to: store.journalPath(b))
        let problem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(b))
        #expect(problem?.contains("belongs to incident '\(a)'") == true, "\(problem ?? "nil")")
        #expect(throws: RunbookError.self) { try IncidentSession.record(.note("taken?", tag: nil), ActionContext(actor: "tester"), store: store, id: b) }
    }

    /// An entry 1 that cannot be read (long and changed, or cut off) is damage, never "checks pass".
    @Test func unreadableEntryOneIsDamage() throws {
        let tmp = JournalTempDir()
        let (store, id) = try Self.incident(tmp)
        try Self.padEntryOne(store, id, breakHash: true)
        let problem = IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id))
        #expect(problem?.contains("damaged") == true, "\(problem ?? "nil")")
        let bytes = try JournalFixture.bytes(store.journalPath(id))
        try JournalFixture.write(Array(bytes[0..<66_000]), to: store.journalPath(id))
        #expect(IncidentStore.frozenPlaybookProblem(journalPath: store.journalPath(id)) != nil)
    }

    /// Playbook text is bounded: a title padded with invisible characters fails the check.
    @Test func playbookTextIsBounded() throws {
        var text = try String(contentsOfFile: IncidentFileModeTests.repoRoot + "/Playbooks/occi.yaml", encoding: .utf8)
        let loader = PlaybookLoader(library: PlaybookLibrary(directories: []))
        _ = try loader.load(text: text, name: "occi.yaml")
        text = text.replacingOccurrences(of: "title: \"Operational Continuity - Cyber Incident\"",
                                         with: "title: \"Operational Continuity" + String(repeating: "\u{2060}", count: 22_500) + " - Cyber Incident\"")
        do {
            _ = try loader.load(text: text, name: "padded.yaml")
            Issue.record("a title of 22,500 invisible characters passed")
        } catch {
            #expect("\(error)".contains("too long"), "\(error)")
        }
        // Details may be paragraphs, but not a book.
        let detail = text.replacingOccurrences(of: "    detail: |\n", with: "    detail: |\n      " + String(repeating: "x", count: 9_000) + "\n")
        #expect(detail != text)
        #expect(throws: (any Error).self) { try loader.load(text: detail, name: "detail.yaml") }
    }

    /// An incident name is bounded however its characters are made (combining marks).
    @Test func incidentNameIsBounded() throws {
        let tmp = JournalTempDir()
        let name = "EHR" + String(repeating: "\u{301}", count: 5_000)
        #expect(name.count < TextRules.maxNameCharacters)
        #expect(throws: RunbookError.self) { try Self.incident(tmp, name: name) }
    }

    // MARK: - point 10: concurrent `new`

    /// Another `runbook new` with the same name takes the id between the check and the rename:
    /// both succeed, with distinct ids, each incident whole.
    @Test func concurrentNewWithTheSameNameBothSucceed() throws {
        let tmp = JournalTempDir()
        let home = tmp.path + "/home"
        let loaded = try IncidentFaultInjectionTests.loaded()
        let fs = HookFileSystem()
        nonisolated(unsafe) var other: String?
        fs.onceBeforeRename(to: "-ehr-down") { _, _ in
            other = try? IncidentStore(home: home).create(loaded: loaded, name: "EHR down", exercise: true, actor: "b",
                                                          at: nil, now: Self.now).id
        }
        let mine = try IncidentStore(home: home, files: fs).create(loaded: loaded, name: "EHR down", exercise: true,
                                                                    actor: "a", at: nil, now: Self.now).id
        let theirs = try #require(other)
        #expect(mine != theirs)
        #expect(mine == theirs + "-2")
        let ids = try IncidentFaultInjectionTests.wholeIncidents(home, "concurrent new")
        #expect(Set(ids) == [mine, theirs])
        #expect(try JournalFixture.readAll(IncidentStore(home: home).journalPath(mine)).entries[0].string("incident") == mine)
    }

    // MARK: - point 5: only tighten what we made

    /// A home others can write to is refused with the fix, and left exactly as it was, by
    /// every command (read-only ones included: they all check the home here).
    @Test func unsafeHomeIsRefusedNeverChanged() throws {
        let tmp = JournalTempDir()
        let (store, _) = try Self.incident(tmp)
        for path in [store.home, store.incidentsDir] {
            #expect(chmod(path, 0o777) == 0)
            do {
                try store.checkHome()
                Issue.record("\(path) writable by others was accepted")
            } catch {
                #expect("\(error)".contains("chmod 700 \(path)") && "\(error)".contains("another --home"), "\(error)")
            }
            #expect(Self.mode(path) == 0o777, "\(path) was changed")
            #expect(store.list().isEmpty)
            #expect(chmod(path, 0o700) == 0)
        }
        // A home runbook makes itself is private from the start.
        let fresh = IncidentStore(home: tmp.path + "/made/by/runbook")
        _ = try fresh.create(loaded: try IncidentFaultInjectionTests.loaded(), name: "New", exercise: true, actor: "t", at: nil, now: Self.now)
        #expect(Self.mode(fresh.home) == 0o700 && Self.mode(fresh.incidentsDir) == 0o700)
    }

    /// An incident folder or journal left readable or writable by others (a restore), or a
    /// journal that is a link, is refused with the fix and not changed.
    @Test func restoredIncidentWithLooseModesIsRefused() throws {
        let tmp = JournalTempDir()
        let (store, id) = try Self.incident(tmp)
        let folder = store.incidentsDir + "/" + id
        let journal = store.journalPath(id)
        for (path, loose, fix) in [(folder, mode_t(0o777), "chmod 700"), (journal, mode_t(0o644), "chmod 600")] {
            #expect(chmod(path, loose) == 0)
            for open in [{ _ = try IncidentSession(store: store, id: id, writable: false, tolerateDamage: true) },
                         { _ = try IncidentSession.record(.note("x", tag: nil), ActionContext(actor: "t"), store: store, id: id) }] {
                do {
                    try open()
                    Issue.record("\(path) at mode \(String(loose, radix: 8)) was used")
                } catch {
                    // The folder's path is written with a doubled "/" made one: its id says which.
                    #expect("\(error)".contains(fix) && "\(error)".contains(path == folder ? id : path), "\(error)")
                }
            }
            #expect(Self.mode(path) == loose)
            #expect(chmod(path, path == folder ? 0o700 : 0o600) == 0)
        }
        #expect(try JournalFixture.readAll(journal).entries.count == 1)
    }

    /// A journal.jsonl that is a link is refused on every path: named, chosen by default, read.
    @Test func symlinkedJournalIsRefusedEverywhere() throws {
        let tmp = JournalTempDir()
        let (store, id) = try Self.incident(tmp)
        let elsewhere = tmp.path + "/elsewhere.jsonl"
        #expect(rename(store.journalPath(id), elsewhere) == 0)
        #expect(symlink(elsewhere, store.journalPath(id)) == 0)
        #expect(throws: RunbookError.self) { try IncidentSession(store: store, id: id) }
        #expect(throws: RunbookError.self) { try IncidentSession(store: store, id: id, writable: false, tolerateDamage: true) }
        #expect(throws: RunbookError.self) { try store.resolve(id) }
        #expect(throws: RunbookError.self) { try store.resolve(nil) }
        #expect(throws: RunbookError.self) { try Journal(path: store.journalPath(id)) }
        #expect(!store.list().contains { $0.id == id })
    }
}
