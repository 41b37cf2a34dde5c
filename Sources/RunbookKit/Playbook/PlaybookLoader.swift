import Foundation
import Yams

/// A playbook read from a file, merged with what it extends, ready to freeze into an incident.
public struct LoadedPlaybook: Sendable {
    /// The merged, checked playbook.
    public var playbook: Playbook
    /// The file it came from.
    public var path: String
    /// The exact text to freeze as the incident's playbook.yaml.
    public var frozenText: String
}

/// Reads and checks playbook YAML, reporting every mistake with its file, line and column.
public struct PlaybookLoader: Sendable {
    /// Finds a built-in or tailored playbook file by id.
    public var library: PlaybookLibrary

    /// A loader that resolves `extends: ID` through `library`.
    public init(library: PlaybookLibrary) { self.library = library }

    /// Largest playbook file accepted.
    public static let maxBytes = 4 << 20

    /// Loads `path`; throws `.playbook` with every finding if it has any mistake.
    public func load(path: String) throws -> LoadedPlaybook {
        let (result, diags) = PlaybookLoader.onLargeStack { [self] in
            var diags: [PlaybookDiagnostic] = []
            let result = loadChecked(path: path, diags: &diags)
            return (result, PlaybookLoader.inFileOrder(diags, first: path))
        }
        guard diags.isEmpty, let (pb, frozen) = result else {
            throw RunbookError.playbook(diags.isEmpty ? ["\(path):1:1: cannot be read as a playbook"] : diags.map(\.description))
        }
        return LoadedPlaybook(playbook: pb, path: path, frozenText: frozen)
    }

    /// Every mistake in `path` (empty when it is clean).
    public func check(path: String) -> [PlaybookDiagnostic] {
        PlaybookLoader.onLargeStack { [self] in
            var diags: [PlaybookDiagnostic] = []
            _ = loadChecked(path: path, diags: &diags)
            return PlaybookLoader.inFileOrder(diags, first: path)
        }
    }

    /// Loads playbook text that is not in a file (tests, frozen copies).
    public func load(text: String, name: String) throws -> Playbook {
        let (pb, diags) = PlaybookLoader.onLargeStack { [self] () -> (Playbook?, [PlaybookDiagnostic]) in
            var diags: [PlaybookDiagnostic] = []
            var raw = RawPlaybook(file: name)
            guard parse(text: text, into: &raw, diags: &diags) else { return (nil, diags) }
            if let ext = raw.extends {
                diags.append(ext.diag("extends works only in a playbook file (it is resolved from the file's place)"))
                return (nil, PlaybookLoader.inFileOrder(diags, first: name))
            }
            let pb = build(raw, diags: &diags)
            return (pb, PlaybookLoader.inFileOrder(diags, first: name))
        }
        if diags.isEmpty, let pb { return pb }
        throw RunbookError.playbook(diags.isEmpty ? ["\(name):1:1: cannot be read as a playbook"] : diags.map(\.description))
    }

    /// Findings as a reader meets them: by line and column within each file, files in the order
    /// they were first named (the tailoring file, then what it extends).
    static func inFileOrder(_ diags: [PlaybookDiagnostic], first: String) -> [PlaybookDiagnostic] {
        var fileRank: [String: Int] = [first: 0]
        for d in diags where fileRank[d.file] == nil { fileRank[d.file] = fileRank.count }
        return diags.enumerated().sorted { a, b in
            let ka = (fileRank[a.element.file] ?? 0, a.element.line, a.element.column, a.offset)
            let kb = (fileRank[b.element.file] ?? 0, b.element.line, b.element.column, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// Stack for parsing. libyaml stops nesting at 1000 levels, but Yams builds (and Swift frees)
    /// the node tree recursively, one level per frame: 1000 levels overflow a 1 MB thread stack.
    /// So parsing runs on a thread of its own with room to spare, and the caller's stack (a
    /// worker thread, a UI thread) never matters. Every node is freed before that thread ends.
    static let parseStackBytes = 64 << 20

    /// Runs `body` on a fresh thread with a `parseStackBytes` stack and waits for its result.
    static func onLargeStack<T>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = parseStackBytes
        thread.start()
        done.wait()
        return box.value!
    }

    func loadChecked(path: String, diags: inout [PlaybookDiagnostic]) -> (Playbook, String)? {
        var visited: [String] = []
        guard let (raw, text) = readRaw(path: path, diags: &diags, visited: &visited) else { return nil }
        guard let pb = build(raw, diags: &diags) else { return nil }
        guard raw.extends != nil else { return (pb, text) }
        do {
            return (pb, try PlaybookWriter.yaml(pb))
        } catch {
            diags.append(PlaybookDiagnostic(file: path, line: 1, column: 1, message: "the merged playbook cannot be written out as YAML (\(error)); report this"))
            return nil
        }
    }

    /// Reads one file (and, recursively, what it extends) into a merged raw playbook.
    func readRaw(path: String, diags: inout [PlaybookDiagnostic], visited: inout [String]) -> (RawPlaybook, String)? {
        let text: String
        switch PlaybookLoader.readText(path) {
        case .failure(let message):
            diags.append(PlaybookDiagnostic(file: path, line: 1, column: 1, message: message))
            return nil
        case .success(let t): text = t
        }
        var raw = RawPlaybook(file: path)
        guard parse(text: text, into: &raw, diags: &diags) else { return nil }
        guard let ext = raw.extends else { return (raw, text) }
        visited.append(PlaybookLoader.canonical(path))
        guard let basePath = resolveBase(ext.value, from: path, visited: visited) else {
            let known = library.ids()
            diags.append(ext.diag("extends names no playbook '\(ext.value)'\(Nearest.hint(for: ext.value, in: known)) (known: \(known.joined(separator: ", ")))"))
            return nil
        }
        if visited.contains(PlaybookLoader.canonical(basePath)) || visited.count > 8 {
            diags.append(ext.diag("extends '\(ext.value)' leads back to itself"))
            return nil
        }
        // Only a playbook is built on: never a shell profile or a secrets file, whose keys
        // would otherwise come back as "unknown key" findings.
        if let why = PlaybookLoader.notAPlaybookBase(basePath) {
            diags.append(ext.diag("extends '\(ext.value)' \(why); it must name a built-in playbook or a .yaml/.yml playbook file with an id:"))
            return nil
        }
        guard let (base, _) = readRaw(path: basePath, diags: &diags, visited: &visited) else { return nil }
        return (merge(base: base, child: raw, diags: &diags), text)
    }

    /// The file `extends: NAME` in `from` means. By id, the first library file that is not
    /// already being read: so `<home>/playbooks/occi.yaml` may say `extends: occi` and get the
    /// built-in occi beneath it, rather than itself.
    func resolveBase(_ name: String, from path: String, visited: [String]) -> String? {
        let dir = BuiltinPlaybook.named(path) == nil ? (path as NSString).deletingLastPathComponent : nil
        if PlaybookLibrary.looksLikePath(name) { return library.resolve(name, relativeTo: dir) }
        let unread = library.candidates(for: name).first { !visited.contains(PlaybookLoader.canonical($0)) }
        return unread ?? library.resolve(name, relativeTo: dir)
    }

    /// Why the file at `path` may not be extended, or nil: a built-in, or a file whose name ends
    /// in .yaml or .yml and whose text is a YAML mapping with an `id:` at its top. Nothing of
    /// another file's content is said.
    static func notAPlaybookBase(_ path: String) -> String? {
        if BuiltinPlaybook.named(path) != nil { return nil }
        let lower = path.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { return "is not a playbook file (its name does not end in .yaml or .yml)" }
        guard case .success(let text) = readText(path) else { return "cannot be read as a playbook" }
        guard tooDeep(text) == nil, aliasInKey(text) == nil,
              let root = try? Yams.compose(yaml: text, .basic), case .mapping(let top) = root,
              top.contains(where: { $0.key.scalar?.string == "id" }) else {
            return "is not a playbook (no id: at the top of a YAML mapping)"
        }
        return nil
    }

    /// An absolute path with symbolic links resolved, to recognise one file under two names
    /// (a built-in's `built-in:ID.yaml` is its one name already).
    static func canonical(_ path: String) -> String {
        if BuiltinPlaybook.named(path) != nil { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return ((absolute as NSString).standardizingPath as NSString).resolvingSymlinksInPath
    }

    enum ReadResult { case success(String), failure(String) }

    /// The file's text, or why it cannot be a playbook (missing, empty, binary, huge).
    static func readText(_ path: String) -> ReadResult {
        if let builtin = BuiltinPlaybook.named(path) { return .success(builtin.text) }
        var st = stat()
        guard stat(path, &st) == 0 else {
            return .failure("cannot read the playbook: \(FileIO.reason(errno))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failure("is a directory, not a playbook file") }
        if Int(st.st_size) > maxBytes {
            return .failure(String(format: "is too large to be a playbook (%.1f MB; the limit is %d MB)", Double(st.st_size) / 1_048_576, maxBytes >> 20))
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            return .failure("is not a regular file (it is \(FileIO.describe(mode: st.st_mode))), not a playbook file")
        }
        // Read without blocking, should a FIFO or device have been put in its place since.
        guard let data = try? FileIO.readRegular(path: path) else {
            return .failure("cannot read the playbook: permission denied or unreadable")
        }
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure("is empty: a playbook needs at least id, title, version and tasks")
        }
        if let nul = data.firstIndex(of: 0) {
            return .failure("is not a text file (a zero byte at byte \(nul + 1)): is this a playbook?")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure("is not UTF-8 text: is this a playbook?")
        }
        return .success(text)
    }
}

/// Carries a result out of the parsing thread; written once before the semaphore is signalled
/// and read once after it is waited on.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
