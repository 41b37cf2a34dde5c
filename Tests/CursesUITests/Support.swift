import Foundation
@testable import CursesUI
import RunbookKit

/// A small playbook and an incident on disk for screen tests, with a fixed clock.
final class ScreenFixture {
    let dir: String
    let store: IncidentStore
    let id: String
    var now: Timestamp
    static let activation = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!

    static let playbookText = """
    id: mini
    title: Mini outage
    version: "1"
    roles:
      - {id: ic, title: Incident Commander}
      - {id: ops, title: Operations Section Chief}
    phases:
      - {id: immediate, title: Immediate response, from: 0h, to: 2h}
      - {id: later, title: Later, from: 2h}
    decisions:
      - {id: divert, question: Divert ambulances?, options: [yes, no], role: ic}
    tasks:
      - id: declare
        title: Declare the cyber incident
        role: ic
        phase: immediate
        due: 15m
        critical: true
        detail: Declare as soon as IS/IT confirms a credible alert.
      - id: activate
        title: Activate the command center
        role: ic
        phase: immediate
        due: 30m
        after: [declare]
        detail: Open the command center and start the log.
      - id: paper
        title: Start paper downtime forms on every unit
        role: ops
        phase: immediate
        due: 1h
        detail: Hand out paper orders and medication records.
      - id: divert-ems
        title: Tell EMS about the diversion
        role: ops
        phase: later
        when: divert = yes
        detail: Call regional EMS dispatch.
    """

    /// The mini playbook with the task that records its decision (`task:`), and a second critical task.
    static let playbookWithDecideTask = playbookText.replacingOccurrences(
        of: "options: [yes, no], role: ic}", with: "options: [yes, no], role: ic, task: ic-decide-divert}") + """

      - id: ic-decide-divert
        title: Decide on ambulance diversion
        role: ic
        phase: immediate
        due: 45m
        detail: Ask the ED leader.
    """

    init(name: String = "EHR outage", exercise: Bool = false, playbook: String = ScreenFixture.playbookText) throws {
        setenv("TZ", "UTC", 1)
        tzset()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-ui-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o700)  // whatever the umask of the moment
        let pbPath = dir + "/mini.yaml"
        try playbook.write(toFile: pbPath, atomically: true, encoding: .utf8)
        store = IncidentStore(home: dir + "/home")
        let loaded = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: pbPath)
        now = ScreenFixture.activation.adding(seconds: 20 * 60)
        id = try store.create(loaded: loaded, name: name, exercise: exercise, actor: "scribe",
                              at: ScreenFixture.activation, now: ScreenFixture.activation).id
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func session() throws -> IncidentSession { try IncidentSession(store: store, id: id, onWarning: { _ in }) }

    func post(actor: String = "scribe") throws -> CommandPost {
        let s = try session()
        return CommandPost(session: s, actor: actor, clock: { [unowned self] in self.now })
    }

    func journalLines() throws -> [String] {
        try String(contentsOfFile: store.journalPath(id), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func screen(_ post: CommandPost, _ w: Int, _ h: Int) -> String {
        var g = CellGrid(width: w, height: h)
        g = post.frame(width: g.width, height: g.height).grid
        return g.text()
    }
}

extension CommandPost {
    func press(_ keys: Key...) { for k in keys { handle(k) } }
    func type(_ text: String) { for c in text { handle(.char(c)) } }
}
