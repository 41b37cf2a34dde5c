import Foundation
import Crypto

/// The incidents under a runbook home: `<home>/incidents/<id>/` with `journal.jsonl` and
/// the frozen `playbook.yaml`. Directories 0700, files 0600.
public struct IncidentStore: Sendable {
    /// The runbook home directory.
    public let home: String
    public var incidentsDir: String { home + "/incidents" }

    /// A store at `home`.
    public init(home: String) { self.home = home }

    /// `--home`, else `$RUNBOOK_HOME`, else `$XDG_DATA_HOME/runbook`, else `~/.local/share/runbook`.
    public static func defaultHome(env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let h = env["RUNBOOK_HOME"], !h.isEmpty { return h }
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/runbook" }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/runbook"
    }

    /// The journal of incident `id`.
    public func journalPath(_ id: String) -> String { incidentsDir + "/" + id + "/journal.jsonl" }
    /// The frozen playbook of incident `id`.
    public func playbookPath(_ id: String) -> String { incidentsDir + "/" + id + "/playbook.yaml" }

    /// A short summary of one incident, read from its first and last lines only.
    public struct Summary: Sendable {
        public var id: String
        public var name: String
        public var opened: Timestamp
        public var closed: Bool
        public var exercise: Bool
        /// Entry 1 cannot be read: the journal is damaged at its start (name and time are then
        /// taken from the directory).
        public var damaged = false
    }

    /// Every incident, newest first.
    public func list() -> [Summary] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: incidentsDir)) ?? []
        var out: [Summary] = []
        for id in names where !id.hasPrefix(".") {
            guard let s = summary(id) else { continue }
            out.append(s)
        }
        return out.sorted { $0.opened != $1.opened ? $0.opened > $1.opened : $0.id > $1.id }
    }

    /// When incident `id` was opened, from its directory's name (`YYYYMMDD-HHMM-…`, local
    /// time), else from the directory itself.
    func directoryTime(_ id: String) -> Timestamp {
        let d = Array(id.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= d.count, r.allSatisfy({ d[$0] >= 48 && d[$0] <= 57 }) else { return nil }
            return r.reduce(0) { $0 * 10 + Int(d[$1] - 48) }
        }
        if d.count >= 13, d[8] == UInt8(ascii: "-"), let y = num(0..<4), let mo = num(4..<6), let day = num(6..<8),
           let h = num(9..<11), let mi = num(11..<13) {
            var tmv = tm()
            tmv.tm_year = Int32(y - 1900)
            tmv.tm_mon = Int32(mo - 1)
            tmv.tm_mday = Int32(day)
            tmv.tm_hour = Int32(h)
            tmv.tm_min = Int32(mi)
            tmv.tm_isdst = -1
            let t = mktime(&tmv)
            if t != -1 { return Timestamp(millis: Int64(t) * 1000) }
        }
        var st = stat()
        guard stat(incidentsDir + "/" + id, &st) == 0 else { return Timestamp(millis: 0) }
        return Timestamp(millis: Int64(st.st_mtim.tv_sec) * 1000)
    }

    /// Entry 1 of the open journal `fd` if it reads as `incident.opened` with a good hash.
    static func firstEntry(fd: Int32) -> JournalEntry? {
        JournalScanner(fd: fd).bytesToNewline(at: 0)?.withUnsafeBufferPointer { line -> JournalEntry? in
            guard JournalLine.hashMatches(line) == true, let e = (try? JournalEntry.read(line)) ?? nil,
                  e.seq == 1, e.kind == .incidentOpened else { return nil }
            return e
        }
    }

    /// Reads entry 1 and the last good line of an incident's journal.
    public func summary(_ id: String) -> Summary? {
        let fd = open(journalPath(id), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let e1 = IncidentStore.firstEntry(fd: fd) else {
            // Still an incident: listed (and chosen by default if newest) so that every command
            // on it says the journal is damaged, instead of acting as if it did not exist.
            return Summary(id: id, name: id, opened: directoryTime(id), closed: false, exercise: false, damaged: true)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int64(st.st_size)
        let from = max(0, size - 65_536)
        var tail = [UInt8](repeating: 0, count: Int(size - from))
        let got = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(from)) }
        if got < tail.count { tail.removeLast(tail.count - max(0, got)) }
        // The last complete line with a good hash decides whether the incident is closed.
        var closed = false
        tail.withUnsafeBufferPointer { all in
            var end = all.lastIndex(of: 0x0A) ?? 0
            while end > 0 {
                let start = all[0..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                if JournalLine.hashMatches(line) == true {
                    closed = ((try? JournalEntry.read(line)) ?? nil)?.kind == .incidentClosed
                    return
                }
                end = start - 1
            }
        }
        return Summary(id: id, name: e1.string("name") ?? id, opened: e1.time, closed: closed,
                       exercise: e1["exercise"]?.bool ?? false)
    }

    /// Why the playbook.yaml beside the journal at `journalPath` cannot be trusted, or nil when
    /// its SHA-256 is the one that journal's entry 1 recorded (or entry 1 cannot be read, which
    /// the journal's own check reports).
    public static func frozenPlaybookProblem(journalPath: String) -> String? {
        let fd = open(journalPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let e1 = firstEntry(fd: fd)
        close(fd)
        guard let sealed = e1?.string("playbookSHA256") else { return nil }
        return frozenPlaybookProblem(path: (journalPath as NSString).deletingLastPathComponent + "/playbook.yaml", sealed: sealed)
    }

    /// Why the playbook copy at `path` is not the one whose SHA-256 is `sealed`, or nil.
    static func frozenPlaybookProblem(path: String, sealed: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return "the incident's playbook copy \(path) is missing or cannot be read; nothing can be recorded until it is restored"
        }
        guard JournalLine.hex(SHA256.hash(data: data)) != sealed else { return nil }
        return "the incident's playbook copy \(path) was changed after the incident began (its SHA-256 is not the one entry 1 recorded); nothing can be recorded until the original is restored"
    }

    /// The incident to act on: `explicit` if given (it must exist), else the most recently
    /// opened incident that is not closed.
    public func resolve(_ explicit: String?) throws -> String {
        if let id = explicit, !id.isEmpty {
            guard FileManager.default.fileExists(atPath: journalPath(id)) else {
                let ids = list().map(\.id)
                throw RunbookError.notFound("no incident '\(id)' in \(incidentsDir)\(Nearest.suggestion(for: id, in: ids))")
            }
            return id
        }
        guard let s = list().first(where: { !$0.closed }) else {
            throw RunbookError.notFound("no open incident in \(incidentsDir): start one with 'runbook new --playbook occi --name \"…\"'")
        }
        return s.id
    }

    /// Creates an incident: a new directory holding the frozen playbook and entry 1, built
    /// aside and renamed into place so it appears whole or not at all.
    public func create(loaded: LoadedPlaybook, name: String, exercise: Bool, actor: String,
                       at: Timestamp?, now: Timestamp) throws -> (id: String, entry: JournalEntry) {
        try TextRules.checkName(name, what: "incident name")
        try IncidentStore.makeDirectory(home)
        try IncidentStore.makeDirectory(incidentsDir)
        let id = uniqueID(name: name, now: now)
        let tmp = incidentsDir + "/.new-" + id + "-" + String(getpid())
        try IncidentStore.makeDirectory(tmp)
        do {
            let frozen = Array(loaded.frozenText.utf8)
            let pfd = open(tmp + "/playbook.yaml", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard pfd >= 0 else { throw RunbookError.io("cannot write the playbook copy: \(String(cString: strerror(errno)))") }
            defer { close(pfd) }
            fchmod(pfd, 0o600)
            try FileIO.writeAll(pfd, frozen, at: 0, what: "the playbook copy")
            guard fsync(pfd) == 0 else { throw RunbookError.io("cannot flush the playbook copy to disk") }
            let digest = JournalLine.hex(SHA256.hash(data: frozen))
            let pb = loaded.playbook
            let draft = EntryDraft(type: .incidentOpened, actor: actor, at: at, fields: [
                ("name", .string(name)), ("playbook", .string(pb.id)), ("playbookTitle", .string(pb.title)),
                ("playbookVersion", .string(pb.version)), ("playbookSHA256", .string(digest)), ("exercise", .bool(exercise)),
            ])
            let entry = try Journal.create(path: tmp + "/journal.jsonl", first: draft, now: now)
            try FileIO.fsyncDirectory(tmp)
            guard rename(tmp, incidentsDir + "/" + id) == 0 else {
                throw RunbookError.io("cannot create the incident directory: \(String(cString: strerror(errno)))")
            }
            try FileIO.fsyncDirectory(incidentsDir)
            return (id, entry)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }

    /// `YYYYMMDD-HHMM-slug`, with `-2`, `-3`… if taken.
    func uniqueID(name: String, now: Timestamp) -> String {
        let p = now.localParts()
        let stamp = Timestamp.pad(p.year, 4) + Timestamp.pad(p.month, 2) + Timestamp.pad(p.day, 2) + "-" + Timestamp.pad(p.hour, 2) + Timestamp.pad(p.minute, 2)
        var slug = ""
        for ch in name.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") { slug.unicodeScalars.append(ch) }
            else if !slug.isEmpty && !slug.hasSuffix("-") { slug += "-" }
            if slug.count >= 32 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        var base = stamp + (slug.isEmpty ? "" : "-" + slug)
        if base.isEmpty { base = "incident" }
        var id = base
        var k = 2
        while FileManager.default.fileExists(atPath: incidentsDir + "/" + id) { id = base + "-\(k)"; k += 1 }
        return id
    }

    /// Creates a directory with mode 0700 (and tightens an existing one we own).
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 {
            if errno == ENOENT {
                try makeDirectory((path as NSString).deletingLastPathComponent)
                if mkdir(path, 0o700) == 0 { chmod(path, 0o700); return }
            }
            let reason = String(cString: strerror(errno))
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            if exists && !isDir.boolValue {
                throw RunbookError.io("cannot use \(path) as a directory: a file of that name is in the way (check --home or RUNBOOK_HOME)")
            }
            guard exists else { throw RunbookError.io("cannot create \(path): \(reason)") }
            return
        }
        chmod(path, 0o700)
    }
}
