import Foundation
import Testing
@testable import RunbookKit

/// The incident directory is 0700 and its files 0600, whatever the umask.
@Suite("incident file modes")
struct IncidentFileModeTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func mode(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_mode & 0o7777)
    }

    @Test(arguments: [mode_t(0o000), 0o002, 0o277])
    func incidentDirectoryJournalPlaybookAndTornFile(_ mask: mode_t) throws {
        let tmp = JournalTempDir()
        let home = tmp.path + "/home"
        let playbook = Self.repoRoot + "/Playbooks/occi.yaml"
        let loaded = try PlaybookLoader(library: PlaybookLibrary(directories: [Self.repoRoot + "/Playbooks"])).load(path: playbook)
        let store = IncidentStore(home: home)

        // umask is per process: keep the permissive window as short as the calls under test.
        let old = umask(mask)
        let created: (id: String, entry: JournalEntry)
        let tornNames: [String]
        do {
            defer { umask(old) }
            created = try store.create(loaded: loaded, name: "Mode check", exercise: true, actor: "tester",
                                       at: nil, now: Timestamp.now())
            let path = store.journalPath(created.id)
            let fh = try #require(FileHandle(forWritingAtPath: path))
            try fh.seekToEnd()
            try fh.write(contentsOf: Data("{\"seq\":2,\"torn".utf8))
            try fh.close()
            let j = try Journal(path: path)
            j.onWarning = { _ in }
            _ = try j.append { _ in JournalFixture.note("after torn") }
            tornNames = ((try? FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)) ?? [])
                .filter { $0.hasPrefix("journal.torn-") }
        }
        let dir = store.incidentsDir + "/" + created.id
        #expect(Self.mode(dir) == 0o700, "incident directory, umask \(String(mask, radix: 8))")
        #expect(Self.mode(store.journalPath(created.id)) == 0o600, "journal, umask \(String(mask, radix: 8))")
        #expect(Self.mode(store.playbookPath(created.id)) == 0o600, "playbook.yaml, umask \(String(mask, radix: 8))")
        try #require(tornNames.count == 1)
        #expect(Self.mode(dir + "/" + tornNames[0]) == 0o600, "torn file, umask \(String(mask, radix: 8))")
        #expect(Self.mode(store.incidentsDir) == 0o700, "incidents directory")
        #expect(try JournalVerifier.verify(path: store.journalPath(created.id)).entries == 2)
    }

    @Test func journalCreateIsPrivateUnderUmaskZero() throws {
        let tmp = JournalTempDir()
        let old = umask(0)
        defer { umask(old) }
        _ = try Journal.create(path: tmp.journal, first: JournalFixture.opened, now: Timestamp.now())
        #expect(Self.mode(tmp.journal) == 0o600)
        #expect(throws: RunbookError.self, "create must not replace an existing journal") {
            try Journal.create(path: tmp.journal, first: JournalFixture.opened, now: Timestamp.now())
        }
    }
}
