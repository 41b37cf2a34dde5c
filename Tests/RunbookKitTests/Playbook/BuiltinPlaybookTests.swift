import Foundation
import Testing
@testable import RunbookKit

/// The playbooks compiled into runbook are the repository's `Playbooks/*.yaml`, byte for byte,
/// and the library finds them last, beneath every folder.
@Suite("Built-in playbooks")
struct BuiltinPlaybookTests {
    /// Every `Playbooks/*.yaml`, by id, with its bytes.
    static func shippedFiles() throws -> [String: Data] {
        let dir = PlaybookFixtures.builtins.path
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".yaml") {
            out[String(name.dropLast(5))] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return out
    }

    @Test func theBuiltInCopiesAreByteIdenticalToPlaybooksYAML() throws {
        let files = try Self.shippedFiles()
        #expect(files.keys.sorted() == ["hic-tcr", "occi"], "\(files.keys.sorted())")
        #expect(BuiltinPlaybook.all.map(\.id).sorted() == files.keys.sorted(), "a built-in without its file, or a file not built in")
        for b in BuiltinPlaybook.all {
            let built = Data(b.text.utf8)
            let file = try #require(files[b.id])
            #expect(built == file, "built-in \(b.id) is \(built.count) bytes, Playbooks/\(b.id).yaml \(file.count): rebuild")
        }
    }

    @Test func builtinIDsAreOnlyTheBuiltIns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-builtin-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "id: ours\n".write(toFile: dir + "/ours.yaml", atomically: true, encoding: .utf8)
        let lib = PlaybookLibrary(directories: [dir], includesBuiltins: true)
        #expect(lib.builtinIDs().sorted() == ["hic-tcr", "occi"])
        #expect(lib.ids() == ["ours", "hic-tcr", "occi"], "folders first, then the built-ins")
        #expect(PlaybookLibrary(directories: [dir]).ids() == ["ours"], "an explicit library has no built-ins unless asked")
    }

    @Test func aBuiltInLoadsAndFreezesItsExactBytes() throws {
        let lib = PlaybookLibrary(directories: [], includesBuiltins: true)
        let path = try #require(lib.resolve("occi"))
        #expect(path == "built-in:occi.yaml")
        #expect(lib.resolve("built-in:hic-tcr") == "built-in:hic-tcr.yaml")
        #expect(lib.resolve("built-in:nope") == nil)
        #expect(lib.resolve("nope") == nil)
        let loaded = try PlaybookLoader(library: lib).load(path: path)
        let file = try #require(try Self.shippedFiles()["occi"])
        #expect(Data(loaded.frozenText.utf8) == file)
        #expect(PlaybookLibrary.contents(atPath: path) == file)
        #expect(loaded.playbook.id == "occi")
        #expect(PlaybookLoader(library: lib).check(path: "built-in:hic-tcr.yaml").isEmpty)
    }

    @Test func foldersComeBeforeTheBuiltInsAndAreNamedByOrigin() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pb-order-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for d in ["env", "home", "installed"] { try FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true) }
        try "id: occi\n".write(toFile: root + "/home/occi.yaml", atomically: true, encoding: .utf8)
        try "id: occi\n".write(toFile: root + "/installed/occi.yaml", atomically: true, encoding: .utf8)
        let hic = try #require(BuiltinPlaybook.named("built-in:hic-tcr"))
        try Data(hic.text.utf8).write(to: URL(fileURLWithPath: root + "/installed/hic-tcr.yaml"))
        try "id: extra\n".write(toFile: root + "/env/extra.yaml", atomically: true, encoding: .utf8)
        let lib = PlaybookLibrary(places: [
            .init(directory: root + "/env", origin: .environment),
            .init(directory: root + "/home", origin: .home),
            .init(directory: root + "/installed", origin: .installed),
        ], includesBuiltins: true)
        let listing = lib.listing()
        #expect(listing.map(\.id) == ["extra", "occi", "hic-tcr"])
        #expect(listing.map(\.origin) == [.environment, .home, .installed])
        #expect(listing.map(\.overBuiltin) == [.none, .replaces, .sameBytes])
        #expect(lib.candidates(for: "occi") == [root + "/home/occi.yaml", root + "/installed/occi.yaml", "built-in:occi.yaml"])
        #expect(lib.resolve("occi") == root + "/home/occi.yaml")
    }

    /// `<home>/playbooks/occi.yaml` with `extends: occi` builds on the built-in beneath it.
    @Test func aHomeFileExtendsTheBuiltInOfItsOwnID() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-ext-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let own = dir + "/occi.yaml"
        try "id: occi\nextends: occi\nversion: \"2026.1-local\"\ndrop: [scribe-archive]\n".write(toFile: own, atomically: true, encoding: .utf8)
        let lib = PlaybookLibrary(places: [.init(directory: dir, origin: .home)], includesBuiltins: true)
        #expect(lib.resolve("occi") == own)
        let loaded = try PlaybookLoader(library: lib).load(path: own)
        let builtin = try PlaybookLoader(library: lib).load(path: "built-in:occi.yaml").playbook
        #expect(loaded.playbook.version == "2026.1-local")
        #expect(loaded.playbook.tasks.count == builtin.tasks.count - 1)
        #expect(loaded.playbook.task("scribe-archive") == nil)
        #expect(builtin.task("scribe-archive") != nil)
        // Without the built-ins beneath it, the same file extends nothing.
        let alone = PlaybookLoader(library: PlaybookLibrary(places: [.init(directory: dir, origin: .home)], includesBuiltins: false)).check(path: own)
        #expect(alone.map(\.message) == ["extends 'occi' leads back to itself"], "\(alone)")
    }
}
