import Foundation

/// Where playbooks are found: folders searched in order (`$RUNBOOK_PLAYBOOKS`, tailored ones in
/// `<home>/playbooks/`, an installed `share/runbook/playbooks`), then the copies built into runbook.
public struct PlaybookLibrary: Sendable {
    /// Why a folder is searched, for telling a user where a playbook comes from.
    public enum Origin: String, Sendable {
        /// The folder `$RUNBOOK_PLAYBOOKS` names.
        case environment
        /// `<home>/playbooks`, where a hospital keeps its tailored playbooks.
        case home
        /// `share/runbook/playbooks` beside an installed binary (`make install`).
        case installed
        /// A folder given explicitly.
        case folder
        /// Compiled into the runbook binary.
        case builtIn

        /// How `runbook playbooks list` names it.
        public var label: String {
            switch self {
            case .environment: "RUNBOOK_PLAYBOOKS folder"
            case .home: "your playbooks folder"
            case .installed: "installed"
            case .folder: "folder"
            case .builtIn: "built into runbook"
            }
        }
    }

    /// A searched folder and why it is searched.
    public struct Place: Sendable, Equatable {
        /// The folder.
        public var directory: String
        /// Why it is searched.
        public var origin: Origin

        /// A folder searched for `origin`.
        public init(directory: String, origin: Origin) {
            self.directory = directory
            self.origin = origin
        }
    }

    /// One playbook the library offers: the first found for its id.
    public struct Entry: Sendable, Equatable {
        /// The playbook's id (its file name without the extension).
        public var id: String
        /// The file to load it from (`built-in:ID.yaml` for a built-in).
        public var path: String
        /// Where it comes from.
        public var origin: Origin
        /// How it stands to the built-in playbook of the same id, if there is one.
        public var overBuiltin: OverBuiltin
    }

    /// How a playbook found in a folder stands to the built-in of the same id.
    public enum OverBuiltin: Sendable, Equatable {
        /// No built-in has its id.
        case none
        /// A copy of the built-in, byte for byte (as `make install` puts in `share/runbook/playbooks`).
        case sameBytes
        /// Used instead of the built-in.
        case replaces
    }

    /// Folders searched for `ID.yaml`, in order; first match wins.
    public var places: [Place]
    /// Whether the built-in copies come after the folders.
    public var includesBuiltins: Bool

    /// The folders searched, in order.
    public var directories: [String] { places.map(\.directory) }

    /// A library over explicit folders, with the built-in copies beneath them only if asked.
    public init(directories: [String], includesBuiltins: Bool = false) {
        self.init(places: directories.map { Place(directory: $0, origin: .folder) }, includesBuiltins: includesBuiltins)
    }

    /// A library over `places`, then (if `includesBuiltins`) the built-in copies.
    public init(places: [Place], includesBuiltins: Bool) {
        self.places = places
        self.includesBuiltins = includesBuiltins
    }

    /// The standard search: `$RUNBOOK_PLAYBOOKS`, `<home>/playbooks`, an installed
    /// `share/runbook/playbooks` beside the executable, then the built-in copies.
    public static func standard(home: String?) -> PlaybookLibrary {
        var places: [Place] = []
        if let env = ProcessInfo.processInfo.environment["RUNBOOK_PLAYBOOKS"], !env.isEmpty {
            places.append(Place(directory: env, origin: .environment))
        }
        if let home { places.append(Place(directory: home + "/playbooks", origin: .home)) }
        if let dir = installedDirectory() { places.append(Place(directory: dir, origin: .installed)) }
        return PlaybookLibrary(places: places, includesBuiltins: true)
    }

    /// `<prefix>/share/runbook/playbooks` for a binary installed as `<prefix>/bin/runbook`, if it exists.
    public static func installedDirectory() -> String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        let prefix = ((exe as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        guard !prefix.isEmpty else { return nil }
        let dir = prefix + "/share/runbook/playbooks"
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue ? dir : nil
    }

    /// Every file that offers playbook `id`, in search order (a built-in last): the first is what
    /// the id means, the rest are what a file with `extends: ID` may build on.
    public func candidates(for id: String) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for d in directories {
            for ext in [".yaml", ".yml"] where fm.fileExists(atPath: d + "/" + id + ext) { out.append(d + "/" + id + ext) }
        }
        if includesBuiltins, let b = BuiltinPlaybook.all.first(where: { $0.id == id }) { out.append(b.path) }
        return out
    }

    /// A playbook given as an id or a path: the file to read, or nil.
    public func resolve(_ idOrPath: String, relativeTo base: String? = nil) -> String? {
        if PlaybookLibrary.looksLikePath(idOrPath) {
            if let b = BuiltinPlaybook.named(idOrPath) { return b.path }
            var candidates: [String] = []
            if !idOrPath.hasPrefix("/"), let base, !base.isEmpty { candidates.append(base + "/" + idOrPath) }
            candidates.append(idOrPath)
            return candidates.first { FileManager.default.fileExists(atPath: $0) }
        }
        return candidates(for: idOrPath).first
    }

    /// Whether the argument names a file rather than a playbook id.
    public static func looksLikePath(_ s: String) -> Bool {
        s.contains("/") || s.hasSuffix(".yaml") || s.hasSuffix(".yml") || !PlaybookSchema.validID(s)
    }

    /// The bytes of a playbook file, or of a built-in named `built-in:ID.yaml`; nil if unreadable.
    public static func contents(atPath path: String) -> Data? {
        if let b = BuiltinPlaybook.named(path) { return Data(b.text.utf8) }
        // Never through a FIFO or device put in a playbooks folder: that would hang the command.
        return (try? FileIO.readRegular(path: path)).map { Data($0) }
    }

    /// Every playbook the library offers, the first found for each id, in search order.
    public func listing() -> [Entry] {
        let builtins = includesBuiltins ? BuiltinPlaybook.all : []
        func over(_ id: String, _ path: String) -> OverBuiltin {
            guard let b = builtins.first(where: { $0.id == id }) else { return .none }
            return PlaybookLibrary.contents(atPath: path) == Data(b.text.utf8) ? .sameBytes : .replaces
        }
        var seen = Set<String>()
        var out: [Entry] = []
        for place in places {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: place.directory)) ?? []).sorted()
            for n in names where n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
                let id = (n as NSString).deletingPathExtension
                if seen.insert(id).inserted {
                    let path = place.directory + "/" + n
                    out.append(Entry(id: id, path: path, origin: place.origin, overBuiltin: over(id, path)))
                }
            }
        }
        for b in builtins where seen.insert(b.id).inserted {
            out.append(Entry(id: b.id, path: b.path, origin: .builtIn, overBuiltin: .none))
        }
        return out
    }

    /// Every playbook in the library, with the file it is loaded from, by id.
    public func entries() -> [(id: String, path: String)] { listing().map { ($0.id, $0.path) } }

    /// Ids of every playbook in the library.
    public func ids() -> [String] { listing().map(\.id) }

    /// Ids of the playbooks built into runbook (whatever folders this library searches).
    public func builtinIDs() -> [String] { BuiltinPlaybook.all.map(\.id) }
}
