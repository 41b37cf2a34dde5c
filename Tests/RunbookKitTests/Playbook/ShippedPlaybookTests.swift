import Foundation
import Testing
@testable import RunbookKit

/// The built-in playbooks pass their own check and keep their size and shape.
@Suite("Shipped playbooks")
struct ShippedPlaybookTests {
    let loader = PlaybookFixtures.loader

    func load(_ id: String) throws -> Playbook {
        switch PlaybookFixtures.loadOrFindings(PlaybookFixtures.builtinPath(id)) {
        case .success(let l): return l.playbook
        case .failure(let e): throw e
        }
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func passesItsOwnCheck(_ id: String) throws {
        let findings = loader.check(path: PlaybookFixtures.builtinPath(id))
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
        let pb = try load(id)
        #expect(pb.id == id)
        #expect(!pb.title.isEmpty)
        #expect(!pb.version.isEmpty)
        #expect(pb.source.count > 40, "source says honestly what it is built from")
    }

    @Test func theLibraryFindsBothBuiltins() {
        let lib = PlaybookLibrary(directories: [PlaybookFixtures.builtins.path])
        #expect(Set(lib.builtinIDs()).isSuperset(of: ["occi", "hic-tcr"]))
        #expect(lib.resolve("occi") == PlaybookFixtures.builtinPath("occi"))
        #expect(lib.resolve("hic-tcr") == PlaybookFixtures.builtinPath("hic-tcr"))
        #expect(lib.resolve("occ") == nil)
    }

    @Test func occiHasItsSizeAndShape() throws {
        let pb = try load("occi")
        #expect(pb.tasks.count >= 160, "\(pb.tasks.count) tasks")
        let hics = ["ic", "med-tech", "safety", "pio", "liaison", "ops", "planning", "logistics", "finance", "intel"]
        for r in hics { #expect(pb.role(r) != nil, "role \(r)") }
        #expect(pb.phases.map(\.id).starts(with: ["immediate", "intermediate", "extended", "demobilization"]),
                "\(pb.phases.map(\.id))")
        #expect(pb.decisions.count >= 12)
        for d in pb.decisions {
            #expect(pb.tasks.contains { $0.when?.decisions.contains(d.id) == true }, "decision \(d.id) governs no task")
        }
        #expect(pb.tasks.filter { $0.every != nil }.count >= 5)
        for t in pb.tasks {
            #expect(!t.detail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(t.id) has no detail")
            #expect(!t.title.isEmpty && t.title != t.id, "\(t.id) has no title")
        }
        // The first move: declare, then activate command.
        let declare = try #require(pb.tasks.firstIndex { $0.id == "ic-declare" })
        let activate = try #require(pb.tasks.firstIndex { $0.id == "ic-activate-command" })
        #expect(declare < activate)
        #expect(pb.tasks[activate].after.contains("ic-declare"))
        #expect(pb.tasks[declare].after.isEmpty)
        #expect(pb.tasks[declare].phase == "immediate")
        #expect(pb.tasks[declare].critical)
        // Immediate tasks carry due times, within the phase's window.
        let immediate = pb.tasks.filter { $0.phase == "immediate" }
        #expect(immediate.count >= 10)
        let window = try #require(pb.phase("immediate")?.to)
        for t in immediate {
            #expect(t.due != nil, "immediate task \(t.id) has no due time")
            if let due = t.due?.afterActivation { #expect(due.seconds <= window.seconds, "\(t.id) due \(due) after the window") }
        }
        // Every role has work, and every task's role is one of them.
        for r in pb.roles where hics.contains(r.id) { #expect(pb.tasks.contains { $0.role == r.id }, "role \(r.id) has no tasks") }
    }

    @Test func hicTcrHasItsSizeAndShape() throws {
        let pb = try load("hic-tcr")
        #expect(pb.tasks.count >= 65, "\(pb.tasks.count) tasks")
        let phases = Set(pb.phases.map(\.id))
        #expect(phases.isSuperset(of: ["education-outreach", "prevention", "detection-response", "remediation"]), "\(phases)")
        for p in ["education-outreach", "prevention", "detection-response", "remediation"] {
            #expect(pb.tasks.contains { $0.phase == p }, "phase \(p) has no tasks")
        }
        for t in pb.tasks { #expect(!t.detail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(t.id) has no detail") }
        for d in pb.decisions { #expect(pb.tasks.contains { $0.when?.decisions.contains(d.id) == true }, "decision \(d.id) governs no task") }
    }

    @Test(arguments: ["occi", "hic-tcr"])
    func dependenciesFormAnOrderableGraph(_ id: String) throws {
        let pb = try load(id)
        // Kahn's algorithm: every task can be placed, so no cycle slipped past the checker.
        var waiting = Dictionary(uniqueKeysWithValues: pb.tasks.map { ($0.id, Set($0.after)) })
        var placed = 0
        while let next = waiting.first(where: { $0.value.isEmpty })?.key {
            waiting[next] = nil
            placed += 1
            for k in waiting.keys { waiting[k]?.remove(next) }
        }
        #expect(placed == pb.tasks.count, "unplaceable: \(waiting.keys.sorted())")
        #expect(Set(pb.tasks.map(\.id)).count == pb.tasks.count)
    }
}
