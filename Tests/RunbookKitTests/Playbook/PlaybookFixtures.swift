import Foundation
@testable import RunbookKit

/// Paths to the repository's playbooks and to this target's fixtures, found from this source file
/// (the package has no resources).
enum PlaybookFixtures {
    /// Tests/RunbookKitTests/Fixtures
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").standardized
    /// Tests/RunbookKitTests/Fixtures/broken
    static let broken = fixtures.appendingPathComponent("broken")
    /// Tests/RunbookKitTests/Fixtures/tailored
    static let tailored = fixtures.appendingPathComponent("tailored")
    /// The repository's Playbooks/ (the built-ins).
    static let builtins = fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Playbooks").standardized

    /// A loader whose library holds only the shipped playbooks.
    static var loader: PlaybookLoader { PlaybookLoader(library: PlaybookLibrary(directories: [builtins.path])) }

    static func brokenPath(_ name: String) -> String { broken.appendingPathComponent(name).path }
    static func tailoredPath(_ name: String) -> String { tailored.appendingPathComponent(name).path }
    static func builtinPath(_ id: String) -> String { builtins.appendingPathComponent(id + ".yaml").path }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Loads a playbook and returns it, or the findings as one readable string.
    static func loadOrFindings(_ path: String) -> Result<LoadedPlaybook, FindingsError> {
        do { return .success(try loader.load(path: path)) } catch let RunbookError.playbook(lines) {
            return .failure(FindingsError(lines: lines))
        } catch {
            return .failure(FindingsError(lines: ["\(error)"]))
        }
    }

    struct FindingsError: Error, CustomStringConvertible {
        var lines: [String]
        var description: String { lines.joined(separator: "\n") }
    }
}

/// Whether two playbooks say the same thing (Playbook itself is not Equatable).
func samePlaybook(_ a: Playbook, _ b: Playbook) -> Bool {
    a.id == b.id && a.title == b.title && a.version == b.version && a.source == b.source
        && a.roles == b.roles && a.phases == b.phases && a.decisions == b.decisions && a.tasks == b.tasks
        && a.systems == b.systems
}

/// The first field in which two playbooks differ, for failure messages.
func firstDifference(_ a: Playbook, _ b: Playbook) -> String {
    if a.id != b.id { return "id \(a.id) vs \(b.id)" }
    if a.title != b.title { return "title \(a.title) vs \(b.title)" }
    if a.version != b.version { return "version \(a.version) vs \(b.version)" }
    if a.source != b.source { return "source differs" }
    if a.roles != b.roles { return "roles \(a.roles) vs \(b.roles)" }
    if a.phases != b.phases { return "phases \(a.phases) vs \(b.phases)" }
    if a.decisions != b.decisions { return "decisions \(a.decisions) vs \(b.decisions)" }
    if a.tasks.count != b.tasks.count { return "task counts \(a.tasks.count) vs \(b.tasks.count)" }
    for (x, y) in zip(a.tasks, b.tasks) where x != y { return "task \(x) vs \(y)" }
    return "none"
}
