import Foundation
import Crypto

/// The incidents under a runbook home: `<home>/incidents/<id>/` with `journal.jsonl` and
/// the frozen `playbook.yaml`. Directories 0700, files 0600.
public struct IncidentStore: Sendable {
    /// The runbook home directory.
    public let home: String
    public var incidentsDir: String { home + "/incidents" }
    /// Every file call of the store and its incidents' journals goes through this (a test's
    /// may fail any one of them).
    public let files: any FileSystem

    /// A store at `home`.
    public init(home: String, files: any FileSystem = FileIO.system) {
        self.home = home
        self.files = files
    }

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
        /// When entry 1 was recorded (the order "newest" goes by).
        public var opened: Timestamp
        /// When the incident was activated: entry 1's `at`, else when it was recorded. What the
        /// picker and the "several open" refusal show, since it is the time people know.
        public var activated: Timestamp
        public var closed: Bool
        public var exercise: Bool
        /// Entry 1 cannot be read: the journal is damaged at its start (name and time are then
        /// taken from the directory).
        public var damaged = false
    }

    /// Every incident, newest first. Empty when the home is not safe to use (`checkHome`
    /// says why); links, FIFOs and folders that are not ours are no incidents and are left out.
    public func list() -> [Summary] {
        guard (try? checkHome()) != nil else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: incidentsDir)) ?? []
        var out: [Summary] = []
        for id in names where IncidentStore.isValidID(id) {
            guard let s = summary(id) else { continue }
            out.append(s)
        }
        return out.sorted { $0.opened != $1.opened ? $0.opened > $1.opened : $0.id > $1.id }
    }

    /// When incident `id` was opened, from its directory's name (`YYYYMMDD-HHMM-…`, local
    /// time), else from the directory itself.
    func directoryTime(_ id: String) -> Timestamp {
        let d = Array(id.utf8)
        func num(_ r: Range<Int>) -> Int? { ASCIIDigits.value(d, r) }
        if d.count >= 13, d[8] == UInt8(ascii: "-"), let y = num(0..<4), let mo = num(4..<6), let day = num(6..<8),
           let h = num(9..<11), let mi = num(11..<13),
           let t = Timestamp.local(year: y, month: mo, day: day, hour: h, minute: mi) {
            return t
        }
        var st = stat()
        guard files.stat(incidentsDir + "/" + id, &st) == 0 else { return Timestamp(millis: 0) }
        return Timestamp(millis: Int64(st.st_mtim.tv_sec) * 1000)
    }

    /// Entry 1 of the open journal `fd`, read and checked by the journal's own reader (any
    /// length); throws `JournalDamage` or `.io` when it is not a good `incident.opened`.
    static func firstEntry(fd: Int32, files: any FileSystem) throws -> JournalEntry {
        try JournalScanner(fd: fd, files: files).entryOne()
    }

    /// Reads entry 1 and the last good line of an incident's journal; nil when `id` is no
    /// incident (no journal, or a link, FIFO or device where the folder or journal should be).
    public func summary(_ id: String) -> Summary? {
        guard (try? checkIncidentDirectory(id)) != nil else { return nil }
        var st = stat()
        let hasOwn = files.lstat(journalPath(id), &st) == 0
        // A link, FIFO or device where the journal should be: no incident.
        if hasOwn, st.st_mode & S_IFMT != S_IFREG { return nil }
        if hasOwn, let s = summary(id, chain: journalPath(id)) { return s }
        // Not begun here, or begun by joining it: the incident is the one its starting station's
        // chain opened, held among the copies sync keeps (DESIGN.md, Stations).
        for copy in IncidentChains.copies(store: self, id: id) {
            if let s = summary(id, chain: copy.path) { return s }
        }
        guard hasOwn else { return nil }
        return Summary(id: id, name: id, opened: directoryTime(id), activated: directoryTime(id), closed: false, exercise: false, damaged: true)
    }

    /// The summary of incident `id` read from the chain at `path`; nil when the chain cannot be
    /// read, or does not open the incident (a station's joining begins it), but for this
    /// station's own journal damaged at its start, which is listed as damaged.
    func summary(_ id: String, chain path: String) -> Summary? {
        guard let fd = try? files.openRegular(path: path, flags: O_RDONLY | O_NOFOLLOW) else { return nil }
        defer { _ = files.close(fd) }
        let e1: JournalEntry
        do {
            e1 = try IncidentStore.firstEntry(fd: fd, files: files)
        } catch {
            guard path == journalPath(id) else { return nil }
            // Still an incident: listed (and chosen by default if newest) so that every command
            // on it says the journal is damaged, instead of acting as if it did not exist.
            return Summary(id: id, name: id, opened: directoryTime(id), activated: directoryTime(id), closed: false, exercise: false, damaged: true)
        }
        guard e1.kind == .incidentOpened else { return nil }
        var st = stat()
        guard files.fstat(fd, &st) == 0 else { return nil }
        let size = Int64(st.st_size)
        let from = max(0, size - 65_536)
        var tail = [UInt8](repeating: 0, count: Int(size - from))
        let got = (try? tail.withUnsafeMutableBytes { try files.read(fd, into: $0, at: from, what: "the journal") }) ?? 0
        if got < tail.count { tail.removeLast(tail.count - got) }
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
        return Summary(id: id, name: e1.string("name") ?? id, opened: e1.time, activated: e1.when, closed: closed,
                       exercise: e1["exercise"]?.bool ?? false)
    }

    /// Why the incident folder holding the journal at `journalPath` cannot be trusted: entry 1
    /// names another incident (the journal was moved or copied from another incident's folder),
    /// or the playbook.yaml beside it is not the one entry 1 sealed, or entry 1 itself cannot be
    /// read (damage: the checks it carries cannot pass unread). Nil when both hold, or when the
    /// journal cannot be opened (the journal's own open says why). A journal made before entry
    /// 1 recorded `incident` passes that part; so does one outside an `incidents/` folder.
    public static func frozenPlaybookProblem(journalPath: String, files: any FileSystem = FileIO.system) -> String? {
        guard let fd = try? files.openRegular(path: journalPath, flags: O_RDONLY | O_NOFOLLOW) else { return nil }
        defer { _ = files.close(fd) }
        let e1: JournalEntry
        do {
            e1 = try firstEntry(fd: fd, files: files)
        } catch let d as JournalDamage {
            return Journal.damageMessage(d, path: journalPath)
        } catch {
            return "\(error); entry 1, which seals the incident's playbook copy, cannot be read, so nothing can be recorded"
        }
        let folder = FileIO.folder(of: journalPath)
        if let recorded = e1.string("incident"), FileIO.lastComponent(FileIO.folder(of: folder)) == "incidents" {
            let here = FileIO.lastComponent(folder)
            if recorded != here {
                return "the journal \(journalPath) belongs to incident '\(recorded)', not '\(here)' (its entry 1 names its incident): it was moved or copied from another incident's folder; nothing can be recorded until the right journal is back"
            }
        }
        guard let sealed = e1.string("playbookSHA256") else { return nil }
        return frozenPlaybookProblem(path: folder + "/playbook.yaml", sealed: sealed, files: files)
    }

    /// Why the playbook copy at `path` is not the one whose SHA-256 is `sealed`, or nil.
    static func frozenPlaybookProblem(path: String, sealed: String, files: any FileSystem) -> String? {
        let data: [UInt8]
        do {
            data = try files.readRegular(path: path)
        } catch RunbookError.io(let failure) where failure.isNotRegularFile {
            return "the incident's playbook copy \(path) is not a regular file; nothing can be recorded until the original is restored"
        } catch {
            return "the incident's playbook copy \(path) is missing or cannot be read; nothing can be recorded until it is restored"
        }
        guard JournalLine.hex(SHA256.hash(data: data)) != sealed else { return nil }
        return "the incident's playbook copy \(path) was changed after the incident began (its SHA-256 is not the one entry 1 recorded); nothing can be recorded until the original is restored"
    }

    /// The incident to act on: `explicit` if given (it must exist), else the most recently
    /// opened incident that is not closed.
    public func resolve(_ explicit: String?) throws -> String {
        try checkHome()
        if let id = explicit, !id.isEmpty {
            try IncidentStore.checkID(id)
            var st = stat()
            let folder = files.lstat(incidentsDir + "/" + id, &st) == 0
            let journal = folder && files.lstat(journalPath(id), &st) == 0
            // An incident that came in by sync has no journal of this station's yet: it is the
            // other stations' chains (DESIGN.md, Stations).
            if folder, !journal, !IncidentChains.copies(store: self, id: id).isEmpty {
                try checkIncidentDirectory(id)
                return id
            }
            guard journal else {
                let ids = list().map(\.id)
                throw RunbookError.notFound("no incident '\(id)' in \(incidentsDir)\(Nearest.suggestion(for: id, in: ids.filter { $0 != id }))")
            }
            try checkIncidentDirectory(id)
            guard st.st_mode & S_IFMT == S_IFREG else {
                throw RunbookError.damagedJournal("the journal \(journalPath(id)) is not a regular file (it is \(FileIO.describe(mode: st.st_mode))); nothing can be read from or added to it")
            }
            return id
        }
        guard let s = list().first(where: { !$0.closed }) else {
            throw RunbookError.notFound("no open incident in \(incidentsDir): start one with 'runbook new --playbook occi --name \"…\"'")
        }
        return s.id
    }

    /// The incident a command that records something acts on: `explicit` if given, else the
    /// only open incident. With several open and none named it refuses, listing them
    /// (`Refusal.severalOpen`): the newest is only a guess, and an entry in a drill's journal
    /// (or the real incident's) cannot be taken back out.
    public func resolveForRecording(_ explicit: String?) throws -> String {
        if let explicit, !explicit.isEmpty { return try resolve(explicit) }
        try checkHome()
        let open = list().filter { !$0.closed }
        if open.count > 1 {
            throw RunbookError.refused(.severalOpen(open.map { OpenIncident(id: $0.id, name: $0.name, activated: $0.activated, exercise: $0.exercise) }))
        }
        return try resolve(nil)
    }

    /// Creates an incident: a new directory holding the frozen playbook and entry 1, built
    /// aside and renamed into place so it appears whole or not at all.
    /// `discovered` is when the organization first knew (default: the activation time, `at`
    /// or now); it may not be after activation. Entry 1 records it and the incident's id.
    public func create(loaded: LoadedPlaybook, name: String, exercise: Bool, actor: String,
                       at: Timestamp?, now: Timestamp, discovered: Timestamp? = nil,
                       paper: PaperReference? = nil, forWhom: String? = nil, facility: String? = nil) throws -> (id: String, entry: JournalEntry) {
        try TextRules.checkName(name, what: "incident name")
        // The hospital it happens at, for the health system's roll-up: a place name, trimmed.
        let facility = try facility.map { try TextRules.placeName($0, what: "facility name") }
        // Entry 1 on someone's behalf (the IC who activated, typed by the scribe): a name, since
        // nobody holds a role before the incident exists.
        let forPerson = try forWhom.map { typed in
            let person = typed.trimmingCharacters(in: .whitespaces)
            try TextRules.checkName(person, what: "name after --for")
            if loaded.playbook.role(person) != nil { throw RunbookError.refused(.nobodyHoldsRole(role: person)) }
            return person
        }.flatMap { $0 == actor ? nil : $0 }
        // Characters as a person counts them can each hide any number of combining marks.
        let scalars = name.unicodeScalars.count
        guard scalars <= TextRules.maxNameCharacters * 4 else {
            throw RunbookError.usage("the incident name is too long (\(scalars) Unicode characters, marks included; the limit is \(TextRules.maxNameCharacters * 4))")
        }
        let activated = at ?? now
        let discovered = discovered ?? activated
        try ActionTime.check(at, now: now, discovered: discovered)
        guard discovered >= ActionTime.earliest, ActionTime.isRecordable(discovered) else {
            throw RunbookError.usage("--discovered \(discovered.rfc3339) is before the year 2000; give when the organization first knew")
        }
        guard discovered <= activated else {
            throw RunbookError.usage("--discovered \(discovered.localDateTime) is after the incident was activated (\(activated.localDateTime)); the organization knew before it activated the command post")
        }
        try checkHome()
        try makeDirectory(home)
        try makeDirectory(incidentsDir)
        // Another `runbook new` may take the same id between the check and the rename: the
        // rename then fails (the folder is there, not empty) and the next free id is tried.
        var taken: Set<String> = []
        while true {
            // The id's date and time are the activation's (`--at`), the time the incident is known by.
            let id = uniqueID(name: name, now: activated, skipping: taken)
            do {
                return try create(id: id, loaded: loaded, name: name, exercise: exercise, actor: actor, at: at,
                                  now: now, discovered: discovered, paper: paper, forPerson: forPerson, facility: facility)
            } catch RunbookError.io(let f) where f.operation == .create && (f.errno == EEXIST || f.errno == ENOTEMPTY) && taken.count < 100 {
                taken.insert(id)
            }
        }
    }

    /// Creates incident `id` aside and renames it into place; the rename fails if `id` is taken.
    func create(id: String, loaded: LoadedPlaybook, name: String, exercise: Bool, actor: String,
                at: Timestamp?, now: Timestamp, discovered: Timestamp, paper: PaperReference?,
                forPerson: String? = nil, facility: String? = nil) throws -> (id: String, entry: JournalEntry) {
        let tmp = incidentsDir + "/.new-" + id + "-" + String(getpid()) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        var entry: JournalEntry?
        // Built aside and renamed into place: the incident appears whole or not at all.
        try files.writeAside(tmp, renamedTo: incidentsDir + "/" + id, failing: .create, "the incident directory") {
            try makeDirectory(tmp, fsyncParent: false)  // the rename's folder fsync covers it
            let frozen = Array(loaded.frozenText.utf8)
            try files.createFile(tmp + "/playbook.yaml", bytes: frozen, what: "the playbook copy")
            let digest = JournalLine.hex(SHA256.hash(data: frozen))
            let pb = loaded.playbook
            var draft = EntryDraft(type: .incidentOpened, actor: actor, at: at, fields: [
                ("incident", .string(id)), ("name", .string(name)), ("playbook", .string(pb.id)),
                ("playbookTitle", .string(pb.title)), ("playbookVersion", .string(pb.version)),
                ("playbookSHA256", .string(digest)), ("exercise", .bool(exercise)), ("discovered", .string(discovered.rfc3339)),
            ])
            if let facility { draft.fields.append(("facility", .string(facility))) }
            if let paper { draft.fields.append(("paper", paper.scalar)) }
            if let forPerson { draft.fields.append(("for", .string(forPerson))) }
            entry = try Journal.create(path: tmp + "/journal.jsonl", first: draft, now: now, files: files)
            try files.fsyncDirectory(tmp)
        }
        guard let entry else { throw RunbookError.io(.internalError("the incident was created without its entry 1")) }
        return (id, entry)
    }

    /// `YYYYMMDD-HHMM-slug` from `now` (the activation time), with `-2`, `-3`… if taken.
    func uniqueID(name: String, now: Timestamp, skipping taken: Set<String> = []) -> String {
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
        var st = stat()
        while taken.contains(id) || files.lstat(incidentsDir + "/" + id, &st) == 0 { id = base + "-\(k)"; k += 1 }
        return id
    }

    /// Refuses a home or `incidents/` that another user owns, or that others can write to:
    /// another local user could otherwise hide incidents or read notes that hold patient
    /// information. Changes nothing: runbook makes its folders 0700 when it creates them
    /// (`makeDirectory`) and never tightens one it did not make (`RUNBOOK_HOME=/tmp` as root
    /// must not take /tmp from everyone); the refusal says the fix. Two `stat` calls; missing
    /// folders are fine (they are created 0700).
    public func checkHome() throws {
        for path in [home, incidentsDir] {
            var st = stat()
            guard files.stat(path, &st) == 0 else {
                if errno == ENOENT { return }
                throw FileIO.failure(.use, path)
            }
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw RunbookError.io(IOFailure(.useAsFolder(folderWord: "folder"), path, .fileInTheWay))
            }
            let me = geteuid()
            guard st.st_uid == me else {
                throw RunbookError.refused(.file(.homeOwnedByOther(path: path, owner: IncidentStore.userName(st.st_uid), me: IncidentStore.userName(me))))
            }
            if st.st_mode & 0o022 != 0 {
                throw RunbookError.refused(.file(.homeWritableByOthers(path: path, mode: IncidentStore.modeText(st.st_mode))))
            }
        }
    }

    /// Refuses an incident whose folder or journal others could read or change, whose journal
    /// is a link or another user's: what a restore (`cp -r`, an archive) or another user can
    /// leave behind. Checked, never changed; the refusal says the fix. Only for a journal in an
    /// incident folder (under `incidents/`): a copy checked elsewhere with `verify --journal`
    /// is the user's own business.
    public static func checkIncidentFiles(journalPath: String, files: any FileSystem = FileIO.system) throws {
        let folder = FileIO.folder(of: journalPath)
        guard FileIO.lastComponent(FileIO.folder(of: folder)) == "incidents" else { return }
        let me = geteuid()
        var st = stat()
        guard files.lstat(journalPath, &st) == 0 else { return }  // the journal's own open says why
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK:
            throw RunbookError.refused(.file(.journalIsLink(journal: journalPath, folder: folder)))
        default: return  // a FIFO or device: the journal's own open refuses it, without blocking
        }
        var dir = stat()
        if files.lstat(folder, &dir) == 0, dir.st_mode & S_IFMT == S_IFDIR, dir.st_mode & 0o077 != 0 {
            throw RunbookError.refused(.file(.incidentFolderLoose(folder: folder, mode: modeText(dir.st_mode))))
        }
        guard st.st_uid == me else {
            throw RunbookError.refused(.file(.journalOwnedByOther(journal: journalPath, owner: userName(st.st_uid), me: userName(me))))
        }
        if st.st_mode & 0o077 != 0 {
            throw RunbookError.refused(.file(.journalLoose(journal: journalPath, mode: modeText(st.st_mode))))
        }
    }

    /// A mode as `ls` and `chmod` write it: "0777".
    static func modeText(_ mode: mode_t) -> String {
        let o = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - o.count)) + o
    }

    /// Refuses an incident folder that is a link, not a folder, or another user's: runbook
    /// never follows a link out of its home.
    func checkIncidentDirectory(_ id: String) throws {
        let path = incidentsDir + "/" + id
        var st = stat()
        guard files.lstat(path, &st) == 0 else {
            throw RunbookError.notFound("no incident '\(id)' in \(incidentsDir)")
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw RunbookError.refused(.file(.incidentFolderIsLink(path: path, incidentsDir: incidentsDir)))
        default:
            throw RunbookError.refused(.file(.notIncidentFolder(path: path, kind: FileIO.describe(mode: st.st_mode))))
        }
        guard st.st_uid == geteuid() else {
            throw RunbookError.refused(.file(.incidentFolderOwnedByOther(path: path, owner: IncidentStore.userName(st.st_uid), me: IncidentStore.userName(geteuid()))))
        }
    }

    /// Whether `id` can name an incident folder: letters, digits, '.', '_' and '-', not
    /// starting with a dot and without '..', so it can never reach outside `incidents/`.
    public static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 255, !id.hasPrefix("."), !id.contains("..") else { return false }
        return id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    /// Throws a usage error unless `isValidID(id)`.
    public static func checkID(_ id: String) throws {
        guard !isValidID(id) else { return }
        throw RunbookError.usage("'\(id)' is not an incident id: ids are the folder names under incidents/, made of letters, digits, '.', '_' and '-' (no path, no leading dot)")
    }

    /// The login name of `uid`, else the number.
    static func userName(_ uid: uid_t) -> String {
        guard let pw = getpwuid(uid), let n = pw.pointee.pw_name else { return String(uid) }
        return String(cString: n)
    }

    /// `path` quoted for a POSIX shell, so the fix printed can be pasted as it is.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || "/._-+,:@".utf8.contains(c)
        }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Creates a directory with mode 0700 (an existing one is left as it is). A new one's
    /// folder is fsync'd, so a crash cannot take the home or `incidents/` away with the first
    /// incident recorded in it.
    func makeDirectory(_ path: String, fsyncParent: Bool = true) throws {
        let parent = FileIO.folder(of: path)
        func made() throws {
            _ = files.chmod(path, 0o700)
            guard fsyncParent else { return }
            do {
                try files.fsyncDirectory(parent)
            } catch RunbookError.io(let f) where f.operation == .open && (f.errno == EACCES || f.errno == EPERM) {
                // A folder this user may pass through but not read cannot be fsync'd.
            }
        }
        if files.mkdir(path, 0o700) != 0 {
            if errno == ENOENT {
                try makeDirectory(parent, fsyncParent: fsyncParent)
                if files.mkdir(path, 0o700) == 0 { try made(); return }
            }
            let err = errno
            var st = stat()
            guard files.stat(path, &st) == 0 else { throw FileIO.failure(.create, path, code: err) }
            if st.st_mode & S_IFMT != S_IFDIR {
                throw RunbookError.io(IOFailure(.useAsFolder(folderWord: "directory"), path, .fileInTheWay))
            }
            return
        }
        try made()
    }
}
