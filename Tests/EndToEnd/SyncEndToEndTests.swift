import Foundation
import Testing

/// `runbook sync DIR` and `verify` over stations' chains, through the real binary: homes in
/// temporary folders exchanging an incident through a folder as a USB stick would carry it.
@Suite("sync between stations", .timeLimit(.minutes(5)))
struct SyncEndToEndTests {
    static func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    static func folder(_ home: TempHome, _ name: String) -> String {
        let dir = home.path + "-" + name
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func stationID(_ home: TempHome) throws -> String {
        let r = try Runbook.run(["station", "--json"], home: home.path)
        return try #require(try r.object()["id"] as? String)
    }

    /// Writes station `home`'s joined chain of incident `id` at `path` (entry 1 `station.joined`,
    /// notes, a seal), signed with its key, as the lead's first action there will: python and the
    /// `cryptography` package stand in for it until then.
    static func joinedChain(_ home: TempHome, id: String, origin e1: [String: Any], path: String, notes: Int = 2) throws {
        let script = """
        import hashlib, sys, time
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        keyfile, out, incident, opened, sha, sid = sys.argv[1:7]
        lines = open(keyfile).read().split("\\n")
        priv = bytes.fromhex(lines[1].split(" ")[1]); pub = lines[2].split(" ")[1]
        key = Ed25519PrivateKey.from_private_bytes(priv)
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        chain, prev = [], "0" * 64
        def add(typ, fields):
            global prev
            body = '{"seq":%d,"time":"%s","actor":"b","type":"%s"' % (len(chain) + 1, now, typ)
            body += "".join(',"%s":"%s"' % kv for kv in fields) + ',"prev":"%s"' % prev
            prev = hashlib.sha256((body + "}").encode()).hexdigest()
            chain.append(body + ',"hash":"%s"}\\n' % prev)
        add("station.joined", [("incident", incident), ("opened", opened), ("playbookSHA256", sha), ("station", sid), ("key", pub)])
        for k in range(int(sys.argv[7])): add("note", [("note", "from B %d" % k)])
        add("station.sealed", [("station", sid), ("key", pub), ("signature", key.sign(bytes.fromhex(prev)).hex())])
        open(out, "w").write("".join(chain))
        """
        let r = try Runbook.runProcess("/usr/bin/python3", ["-c", script, home.path + "/station/key", path, id,
                                                            e1["hash"] as? String ?? "", e1["playbookSHA256"] as? String ?? "",
                                                            try stationID(home), String(notes)])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func twoHomesExchangeAnIncidentThroughAFolder() throws {
        let a = TempHome(), b = TempHome()
        let stick = Self.folder(a, "stick")
        let id = try a.newIncident()
        #expect(try Runbook.run(["note", "generator on"], home: a.path).status == 0)
        let ra = try Runbook.run(["sync", stick], home: a.path)
        #expect(ra.status == 0, "\(ra.stderr)")
        let aID = try Self.stationID(a)
        #expect(ra.stdout.contains("sealed this station's chain of \(id) at entry #3"), "\(ra.stdout)")
        #expect(ra.stdout.contains("gave this station's chain of \(id): 3 new entries (to #3)"), "\(ra.stdout)")
        #expect(Self.bytes(stick + "/incidents/\(id)/\(aID).jsonl") == Self.bytes(a.journalPath(id)))

        let rb = try Runbook.run(["sync", stick], home: b.path)
        #expect(rb.status == 0, "\(rb.stderr)")
        #expect(rb.stdout.contains("took station \(aID)'s chain of \(id): 3 new entries (to #3); a new incident here"), "\(rb.stdout)")
        let copy = b.path + "/incidents/\(id)/stations/\(aID).jsonl"
        #expect(Self.bytes(copy) == Self.bytes(a.journalPath(id)))
        #expect(FileManager.default.fileExists(atPath: b.path + "/incidents/\(id)/playbook.yaml"))

        // At once again: nothing changes, and it says so.
        let again = try Runbook.run(["sync", stick], home: b.path)
        #expect(again.status == 0 && again.stdout.contains("nothing new"), "\(again.stdout)")
        #expect(Self.bytes(copy) == Self.bytes(a.journalPath(id)))

        // B's own chain joins; A takes it in, and verify checks every chain, naming each.
        let e1 = try #require(try a.journal(id).first)
        try Self.joinedChain(b, id: id, origin: e1, path: b.journalPath(id))
        let bID = try Self.stationID(b)
        #expect(try Runbook.run(["sync", stick], home: b.path).status == 0)
        let back = try Runbook.run(["sync", stick], home: a.path)
        #expect(back.status == 0 && back.stdout.contains("took station \(bID)'s chain of \(id): 4 new entries (to #4)"), "\(back.stdout)\(back.stderr)")
        let v = try Runbook.run(["verify"], home: a.path)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("intact: station \(bID)'s chain, 4 entries, sealed to #4"), "\(v.stdout)")
        // A witness read off B's board is found in B's chain.
        let bHead = try #require(try String(contentsOfFile: b.journalPath(id), encoding: .utf8).split(separator: "\n").last)
        let headHash = try #require((try JSONSerialization.jsonObject(with: Data(bHead.utf8)) as? [String: Any])?["hash"] as? String)
        let w = try Runbook.run(["verify", "--witness", "\(headHash)@4"], home: a.path)
        #expect(w.status == 0 && w.stdout.contains("holds in station \(bID)'s chain"), "\(w.stdout)\(w.stderr)")

        // The copy A holds, changed: verify names the station and the entry.
        let held = a.path + "/incidents/\(id)/stations/\(bID).jsonl"
        var changed = [UInt8](Self.bytes(held))
        let first = try #require(changed.firstIndex(of: 0x0A))
        changed[first + 40] ^= 1
        try Data(changed).write(to: URL(fileURLWithPath: held))
        let broken = try Runbook.run(["verify"], home: a.path)
        #expect(broken.status == 1 && broken.stderr.contains("station \(bID)'s chain of \(id)") && broken.stderr.contains("entry 2"), "\(broken.stderr)")
    }

    @Test func aForgedChainIsRefusedAndTheHeldCopyKept() throws {
        let a = TempHome(), b = TempHome()
        let stick = Self.folder(a, "stick")
        let id = try a.newIncident()
        _ = try Runbook.run(["sync", stick], home: a.path)
        _ = try Runbook.run(["sync", stick], home: b.path)
        #expect(try Runbook.run(["note", "a note"], home: a.path).status == 0)
        _ = try Runbook.run(["sync", stick], home: a.path)
        let aID = try Self.stationID(a)
        let onStick = stick + "/incidents/\(id)/\(aID).jsonl"
        let copy = b.path + "/incidents/\(id)/stations/\(aID).jsonl"
        let held = Self.bytes(copy)
        // Entry 1's name changed on the stick, every hash after it recomputed.
        let script = """
        import hashlib, re, sys
        p = sys.argv[1]; prev = "0" * 64; out = []
        for n, line in enumerate(open(p, "rb").read().split(b"\\n")[:-1], 1):
            if n == 1: line = line.replace(b'"name":"Test outage"', b'"name":"Test outagf"')
            line = re.sub(rb'"prev":"[0-9a-f]{64}"', b'"prev":"' + prev.encode() + b'"', line)
            body = line[:line.rindex(b',"hash":"')]
            prev = hashlib.sha256(body + b"}").hexdigest()
            out.append(body + b',"hash":"' + prev.encode() + b'"}\\n')
        open(p, "wb").write(b"".join(out))
        """
        #expect(try Runbook.runProcess("/usr/bin/python3", ["-c", script, onStick]).status == 0)
        let forged = Self.bytes(onStick)
        let r = try Runbook.run(["sync", stick], home: b.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("FORGED: station \(aID)'s chain of \(id) on \(stick) fails its seal at entry #2"), "\(r.stderr)")
        #expect(Self.bytes(copy) == held, "the held copy is kept byte for byte")
        #expect(Self.bytes(onStick) == forged)
    }

    @Test func aForkIsReportedWithBothHashes() throws {
        let a = TempHome(), b = TempHome()
        let stick = Self.folder(a, "stick"), stick2 = Self.folder(a, "stick2")
        let id = try a.newIncident()
        _ = try Runbook.run(["sync", stick], home: a.path)
        _ = try Runbook.run(["sync", stick], home: b.path)
        // A laptop cloned from A (same station, same key) goes on its own way.
        let clone = TempHome()
        try? FileManager.default.removeItem(atPath: clone.path)
        #expect(try Runbook.runProcess("/bin/cp", ["-a", a.path, clone.path]).status == 0)
        #expect(try Runbook.run(["note", "on A"], home: a.path).status == 0)
        #expect(try Runbook.run(["note", "on the clone"], home: clone.path).status == 0)
        _ = try Runbook.run(["sync", stick], home: a.path)
        #expect(try Runbook.run(["sync", stick], home: b.path).status == 0)
        _ = try Runbook.run(["sync", stick2], home: clone.path)
        let aID = try Self.stationID(a)
        let copy = b.path + "/incidents/\(id)/stations/\(aID).jsonl"
        let held = Self.bytes(copy)
        let r = try Runbook.run(["sync", stick2], home: b.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("FORK: station \(aID)'s chain of \(id) on \(stick2) differs from the copy held here at entry #3"), "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("FORK") }
        #expect(lines.count == 1 && lines[0].split(separator: " ").filter { $0.count >= 64 }.count == 2, "both hashes: \(r.stderr)")
        #expect(Self.bytes(copy) == held)
    }

    @Test func aPeriodAndTheCloseAreSealedOnceTheHomeIsAStation() throws {
        let a = TempHome()
        let id = try a.newIncident()
        #expect(try Runbook.run(["period"], home: a.path).status == 0)
        #expect(try a.journal(id).last?["type"] as? String == "period.started", "a home that is no station: nothing sealed")
        _ = try Runbook.run(["station"], home: a.path)
        let p = try Runbook.run(["period"], home: a.path)
        #expect(p.status == 0 && p.stdout.contains("sealed #4"), "\(p.stdout)\(p.stderr)")
        #expect(try a.journal(id).last?["type"] as? String == "station.sealed")
        // A damaged key: the period is recorded all the same, and one line says it was not sealed.
        try Data("cut".utf8).write(to: URL(fileURLWithPath: a.path + "/station/key"))
        let q = try Runbook.run(["period"], home: a.path)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(try a.journal(id).last?["type"] as? String == "period.started")
        let warnings = q.stderr.split(separator: "\n")
        #expect(warnings.count == 1 && warnings[0].contains("recorded, but not sealed"), "\(q.stderr)")
    }

    @Test func aMissingFolderIsOneErrorAndAnEmptyOneWorks() throws {
        let a = TempHome()
        _ = try a.newIncident()
        let missing = a.path + "-no-such-stick"
        let r = try Runbook.run(["sync", missing], home: a.path)
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("runbook: error: the sync folder \(missing) does not exist"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        let empty = Self.folder(a, "empty")
        #expect(try Runbook.run(["sync", empty], home: a.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: empty + "/incidents"))
    }

    @Test func aSyncKilledMidCopyIsFinishedByTheNextOne() throws {
        let a = TempHome(), b = TempHome()
        let stick = Self.folder(a, "stick")
        let id = try a.newIncident()
        // A long chain: 20,000 notes appended as runbook would write them.
        let script = """
        import hashlib, json, sys
        p = sys.argv[1]
        last = open(p, "rb").read().split(b"\\n")[-2]
        e = json.loads(last); prev = e["hash"]; seq = e["seq"]; t = e["time"]
        out = []
        for k in range(20000):
            seq += 1
            body = '{"seq":%d,"time":"%s","actor":"tester","type":"note","note":"round %d of the census, every bed checked","prev":"%s"' % (seq, t, k, prev)
            prev = hashlib.sha256((body + "}").encode()).hexdigest()
            out.append(body + ',"hash":"%s"}\\n' % prev)
        open(p, "a").write("".join(out))
        """
        #expect(try Runbook.runProcess("/usr/bin/python3", ["-c", script, a.journalPath(id)]).status == 0)
        #expect(try Runbook.run(["sync", stick], home: a.path).status == 0)
        let aID = try Self.stationID(a)
        let stations = b.path + "/incidents/\(id)/stations"
        // B's sync, killed the moment its copy of A's chain shows under a temporary name.
        var caught = false
        for _ in 0..<5 where !caught {
            try? FileManager.default.removeItem(atPath: b.path)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Runbook.path)
            p.arguments = ["sync", stick]
            var env = ProcessInfo.processInfo.environment
            env["RUNBOOK_HOME"] = b.path
            env["RUNBOOK_ACTOR"] = "tester"
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            while p.isRunning {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: stations)) ?? []
                if names.contains(where: { $0.contains(".sync-") }) {
                    kill(p.processIdentifier, SIGKILL)
                    p.waitUntilExit()
                    caught = p.terminationReason == .uncaughtSignal
                    let after = (try? FileManager.default.contentsOfDirectory(atPath: stations)) ?? []
                    #expect(!after.contains("\(aID).jsonl"), "only the temporary name: \(after)")
                    break
                }
                usleep(200)
            }
            p.waitUntilExit()
        }
        #expect(caught, "no kill landed mid-copy")
        let r = try Runbook.run(["sync", stick], home: b.path)
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: stations)
        #expect(names == ["\(aID).jsonl"], "the temporary file is gone: \(names)")
        #expect(Self.bytes(stations + "/\(aID).jsonl") == Self.bytes(a.journalPath(id)))
        #expect(try Runbook.run(["sync", stick], home: b.path).stdout.contains("nothing new"))
    }

    /// The README's chain snippet, run as printed there on each chain file: it agrees with verify.
    @Test func readmeChainSnippetChecksEveryChain() throws {
        let readme = try String(contentsOf: Runbook.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## Stations and sync"),
              let open = readme.range(of: "```python\n", range: section.upperBound..<readme.endIndex),
              let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no python snippet under Stations and sync")
            return
        }
        let snippet = String(readme[open.upperBound..<close.lowerBound])
        let a = TempHome(), b = TempHome()
        let stick = Self.folder(a, "stick")
        let id = try a.newIncident()
        _ = try Runbook.run(["sync", stick], home: a.path)
        _ = try Runbook.run(["sync", stick], home: b.path)
        try Self.joinedChain(b, id: id, origin: try #require(try a.journal(id).first), path: b.journalPath(id))
        _ = try Runbook.run(["sync", stick], home: b.path)
        _ = try Runbook.run(["sync", stick], home: a.path)
        let dir = a.path + "/incidents/" + id
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/stations")) ?? []).map { "stations/" + $0 }
        #expect(files.count == 1)
        func python(_ file: String) throws -> Runbook.Result {
            try Runbook.runProcess("/usr/bin/python3", ["-c", snippet, file], cwd: dir)
        }
        for f in ["journal.jsonl"] + files {
            let r = try python(f)
            #expect(r.status == 0 && r.stdout.contains("intact:") && r.stdout.contains("seals checked"), "\(f): \(r.stdout)\(r.stderr)")
        }
        // A chain rewritten with every hash recomputed passes the hash check but not its seal.
        let path = dir + "/" + files[0]
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "from B 0", with: "from B X")
        var prev = String(repeating: "0", count: 64), out = ""
        for line in text.split(separator: "\n") {
            var l = String(line)
            l = l.replacingOccurrences(of: #""prev":"[0-9a-f]{64}""#, with: "\"prev\":\"\(prev)\"", options: .regularExpression)
            let body = String(l[..<l.range(of: ",\"hash\":\"", options: .backwards)!.lowerBound])
            let r = try Runbook.runProcess("/usr/bin/python3", ["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()+b'}').hexdigest())", body])
            prev = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            out += body + ",\"hash\":\"\(prev)\"}\n"
        }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try python(files[0]).status != 0)
        #expect(try Runbook.run(["verify"], home: a.path).status == 1)
    }
}
