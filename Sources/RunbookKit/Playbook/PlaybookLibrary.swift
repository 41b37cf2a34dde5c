import Foundation

/// Where playbooks are found: the built-ins shipped with the binary, and tailored ones
/// kept in `<home>/playbooks/`.
public struct PlaybookLibrary: Sendable {
    /// Directories searched for `ID.yaml`, first match wins.
    public var directories: [String]

    /// A library over explicit directories.
    public init(directories: [String]) { self.directories = directories }

    /// The standard search: `$RUNBOOK_PLAYBOOKS`, `<home>/playbooks`, then the built-ins found
    /// beside the executable (installed `share/runbook/playbooks`, or the source tree's `Playbooks/`).
    public static func standard(home: String?) -> PlaybookLibrary {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["RUNBOOK_PLAYBOOKS"], !env.isEmpty { dirs.append(env) }
        if let home { dirs.append(home + "/playbooks") }
        if let b = builtinDirectory() { dirs.append(b) }
        return PlaybookLibrary(directories: dirs)
    }

    /// The directory of the shipped playbooks, looked for upwards from the executable.
    public static func builtinDirectory() -> String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            for candidate in [dir + "/share/runbook/playbooks", dir + "/Playbooks"] {
                if FileManager.default.fileExists(atPath: candidate + "/occi.yaml") { return candidate }
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { break }
            dir = parent
        }
        return nil
    }

    /// A playbook given as an id or a path: the file to read, or nil.
    public func resolve(_ idOrPath: String, relativeTo base: String? = nil) -> String? {
        let fm = FileManager.default
        if PlaybookLibrary.looksLikePath(idOrPath) {
            var candidates: [String] = []
            if !idOrPath.hasPrefix("/"), let base, !base.isEmpty { candidates.append(base + "/" + idOrPath) }
            candidates.append(idOrPath)
            return candidates.first { fm.fileExists(atPath: $0) }
        }
        for d in directories {
            for ext in [".yaml", ".yml"] where fm.fileExists(atPath: d + "/" + idOrPath + ext) { return d + "/" + idOrPath + ext }
        }
        return nil
    }

    /// Whether the argument names a file rather than a playbook id.
    public static func looksLikePath(_ s: String) -> Bool {
        s.contains("/") || s.hasSuffix(".yaml") || s.hasSuffix(".yml") || !PlaybookSchema.validID(s)
    }

    /// Every playbook file in the library, with the directory it came from, by id.
    public func entries() -> [(id: String, path: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for d in directories {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []).sorted()
            for n in names where n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
                let id = (n as NSString).deletingPathExtension
                if seen.insert(id).inserted { out.append((id, d + "/" + n)) }
            }
        }
        return out
    }

    /// Ids of every playbook in the library.
    public func builtinIDs() -> [String] { entries().map(\.id) }
}
