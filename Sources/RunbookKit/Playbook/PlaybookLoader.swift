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
        var diags: [PlaybookDiagnostic] = []
        let result = loadChecked(path: path, diags: &diags)
        guard diags.isEmpty, let (pb, frozen) = result else {
            throw RunbookError.playbook(diags.isEmpty ? ["\(path):1:1: cannot be read as a playbook"] : diags.map(\.description))
        }
        return LoadedPlaybook(playbook: pb, path: path, frozenText: frozen)
    }

    /// Every mistake in `path` (empty when it is clean).
    public func check(path: String) -> [PlaybookDiagnostic] {
        var diags: [PlaybookDiagnostic] = []
        _ = loadChecked(path: path, diags: &diags)
        return diags
    }

    /// Loads playbook text that is not in a file (tests, frozen copies).
    public func load(text: String, name: String) throws -> Playbook {
        var diags: [PlaybookDiagnostic] = []
        var raw = RawPlaybook(file: name)
        parse(text: text, into: &raw, diags: &diags)
        if diags.isEmpty, let pb = build(raw, diags: &diags), diags.isEmpty { return pb }
        throw RunbookError.playbook(diags.map(\.description))
    }

    func loadChecked(path: String, diags: inout [PlaybookDiagnostic]) -> (Playbook, String)? {
        var visited: [String] = []
        guard let (raw, text) = readRaw(path: path, diags: &diags, visited: &visited) else { return nil }
        guard let pb = build(raw, diags: &diags) else { return nil }
        let frozen = raw.extends == nil ? text : PlaybookWriter.yaml(pb)
        return (pb, frozen)
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
        parse(text: text, into: &raw, diags: &diags)
        guard let ext = raw.extends else { return (raw, text) }
        let canonical = (path as NSString).standardizingPath
        visited.append(canonical)
        guard let basePath = library.resolve(ext.value, relativeTo: (path as NSString).deletingLastPathComponent) else {
            let known = library.builtinIDs()
            diags.append(ext.diag("extends names no playbook '\(ext.value)'\(Nearest.hint(for: ext.value, in: known)) (known: \(known.joined(separator: ", ")))"))
            return nil
        }
        if visited.contains((basePath as NSString).standardizingPath) || visited.count > 8 {
            diags.append(ext.diag("extends '\(ext.value)' leads back to itself"))
            return nil
        }
        guard let (base, _) = readRaw(path: basePath, diags: &diags, visited: &visited) else { return nil }
        return (merge(base: base, child: raw, diags: &diags), text)
    }

    enum ReadResult { case success(String), failure(String) }

    /// The file's text, or why it cannot be a playbook (missing, empty, binary, huge).
    static func readText(_ path: String) -> ReadResult {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return .failure("cannot read the playbook: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failure("is a directory, not a playbook file") }
        if Int(st.st_size) > maxBytes {
            return .failure(String(format: "is too large to be a playbook (%.1f MB; the limit is %d MB)", Double(st.st_size) / 1_048_576, maxBytes >> 20))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
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
