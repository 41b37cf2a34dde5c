import Foundation
import Testing
@testable import RunbookKit

/// Every format of the scripted incident against its golden file. The incident is a committed
/// journal (Fixtures/report/incident), so its hashes do not depend on this machine's time zone;
/// times are written in UTC. `RUNBOOK_UPDATE_GOLDEN=1 swift test --filter ReportGolden`
/// regenerates the journal from `ReportScript` and rewrites the golden files: read the diff.
@Suite("report golden files", .serialized)
struct ReportGoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/report")
    static let update = ProcessInfo.processInfo.environment["RUNBOOK_UPDATE_GOLDEN"] == "1"

    /// The committed incident, opened read-only from a scratch home.
    static func fixture() throws -> (EngineTempDir, IncidentSession) {
        let inc = dir.appendingPathComponent("incident")
        if update {
            let f = try ReportScript.incident()
            try FileManager.default.createDirectory(at: inc, withIntermediateDirectories: true)
            for name in ["journal.jsonl", "playbook.yaml"] {
                let from = URL(fileURLWithPath: f.store.incidentsDir + "/" + f.id + "/" + name)
                try Data(contentsOf: from).write(to: inc.appendingPathComponent(name))
            }
        }
        let journal = try Data(contentsOf: inc.appendingPathComponent("journal.jsonl"))
        let first = try #require(try JSONSerialization.jsonObject(with: Data(journal.split(separator: UInt8(ascii: "\n"))[0])) as? [String: Any])
        let id = try #require(first["incident"] as? String)
        let tmp = EngineTempDir()
        let store = IncidentStore(home: tmp.path + "/home")
        let incDir = store.incidentsDir + "/" + id
        try FileManager.default.createDirectory(atPath: incDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: tmp.path + "/home")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: store.incidentsDir)
        for name in ["journal.jsonl", "playbook.yaml"] {
            try Data(contentsOf: inc.appendingPathComponent(name)).write(to: URL(fileURLWithPath: incDir + "/" + name))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: incDir + "/" + name)
        }
        return (tmp, try IncidentSession(store: store, id: id, writable: false))
    }

    static let cases: [(file: String, format: ReportFormat, byPerson: Bool, redact: Bool)] = [
        ("report.md", .md, false, false),
        ("report.html", .html, false, false),
        ("timeline.csv", .csv, false, false),
        ("report.json", .json, false, false),
        ("ics214.txt", .ics214, false, false),
        ("ics214-by-person.txt", .ics214, true, false),
        ("ics214.html", .ics214HTML, false, false),
        ("report-redacted.md", .md, false, true),
        ("report-redacted.html", .html, false, true),
        ("timeline-redacted.csv", .csv, false, true),
        ("report-redacted.json", .json, false, true),
        ("ics214-redacted.txt", .ics214, false, true),
    ]

    @Test(arguments: cases.indices)
    func matchesGoldenFile(_ i: Int) throws {
        let c = Self.cases[i]
        let (tmp, session) = try Self.fixture()
        _ = tmp
        let bytes = Reports.render(c.format, engine: session.engine,
                                   options: ReportOptions(clock: ReportClock(utc: true), byPerson: c.byPerson, redact: c.redact))
        let golden = Self.dir.appendingPathComponent("golden").appendingPathComponent(c.file)
        if Self.update {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: golden)
            return
        }
        let want = try Data(contentsOf: golden)
        if Data(bytes) != want {
            let got = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
            let exp = String(decoding: want, as: UTF8.self).components(separatedBy: "\n")
            let k = Array(zip(got, exp)).firstIndex { $0.0 != $0.1 } ?? min(got.count, exp.count)
            Issue.record("\(c.file) differs from its golden file at line \(k + 1):\n got: \(k < got.count ? got[k] : "<end>")\nwant: \(k < exp.count ? exp[k] : "<end>")")
        }
    }

    /// The committed journal is intact by the README's own Python check.
    @Test func fixtureJournalPassesThePythonCheck() throws {
        let dir = Self.dir.appendingPathComponent("incident").path
        let r = try runPython(ReportText.pythonCheck, cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("intact: "))
    }
}

/// Runs a Python program (no network needed): its exit status, standard output and error.
func runPython(_ program: String, args: [String] = [], cwd: String? = nil, stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", program] + args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    // Standard error to a file: read after the end, it can never fill a pipe and hang the child.
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-py-\(UUID().uuidString).err")
    FileManager.default.createFile(atPath: errPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errPath) }
    let out = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = try FileHandle(forWritingTo: errPath)
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(stdin) }
    try inp.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let e = (try? Data(contentsOf: errPath)) ?? Data()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
