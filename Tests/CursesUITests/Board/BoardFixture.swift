import Foundation
@testable import CursesUI
import RunbookKit

/// A scripted incident for the board: systems whose estimates moved (one passed), a decision
/// made and one open with tasks due, a running and a passed deadline, overdue and blocked
/// tasks, a recurring census, and a hand-over of the incident commander.
final class BoardFixture {
    let dir: String
    let store: IncidentStore
    let id: String
    let session: IncidentSession
    var clock: Timestamp
    static let activation = Timestamp(rfc3339: "2026-11-29T08:00:00Z")!
    /// The moment the board is looked at: T+11 h, 20 minutes after the last entry.
    static let now = Timestamp(rfc3339: "2026-11-29T19:00:00Z")!

    static let playbook = """
    id: drill
    title: Board drill
    version: "1"
    roles:
      - {id: ic, title: Incident Commander}
      - {id: ops, title: Operations Section Chief}
      - {id: intel, title: Intelligence (IS/IT) Section Chief}
      - {id: pio, title: Public Information Officer}
    phases:
      - {id: immediate, title: Immediate (0-2 hours), from: 0h, to: 2h}
      - {id: extended, title: Extended (2 hours on), from: 2h}
    decisions:
      - {id: divert, question: Divert ambulances?, options: [divert, no-divert], role: ic}
      - {id: isolate, question: Disconnect from the internet?, options: [yes, no], role: ic}
    tasks:
      - {id: declare, title: Declare the cyber incident, role: ic, phase: immediate, due: 15m}
      - {id: paper, title: Start paper downtime forms, role: ops, phase: immediate, due: 1h}
      - {id: runners, title: Set up runners for lab specimens, role: ops, phase: immediate, due: 30m}
      - {id: cut-links, title: Cut the links to partners, role: intel, phase: immediate, due: 1h after declare, when: isolate = yes}
      - {id: tell-ems, title: Tell EMS about the diversion, role: ops, phase: immediate, due: 1h, when: divert = divert}
      - {id: census, title: Bed census, role: ops, phase: extended, every: 4h}
      - {id: state-notice, title: Notify the state health department, role: pio, phase: immediate, due: 6h, deadline: true}
      - {id: insurer, title: Notify the cyber insurer, role: ic, phase: immediate, due: 24h, deadline: true}
      - {id: hhs, title: Breach notice to HHS and individuals, role: pio, phase: extended, due: 60d, deadline: true}
    """

    /// The scripted incident; `discovered` earlier than activation when given.
    init(discovered: Timestamp? = nil, name: String = "Ransomware — EHR down") throws {
        setenv("TZ", "UTC", 1)
        tzset()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rb-board-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o700)  // whatever the umask of the moment
        let pbPath = dir + "/drill.yaml"
        try BoardFixture.playbook.write(toFile: pbPath, atomically: true, encoding: .utf8)
        store = IncidentStore(home: dir + "/home")
        let loaded = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(path: pbPath)
        clock = BoardFixture.activation
        id = try store.create(loaded: loaded, name: name, exercise: false, actor: "scribe",
                              at: BoardFixture.activation, now: BoardFixture.activation, discovered: discovered).id
        session = try IncidentSession(store: store, id: id, onWarning: { _ in })
        func at(_ hhmm: String) -> Timestamp { Timestamp(rfc3339: "2026-11-29T\(hhmm):00Z")! }
        let tue14 = Timestamp(rfc3339: "2026-12-01T14:00:00Z")!
        try act("08:02", .assign("ic", "Dr. Lee"), actor: "scribe")
        try act("08:05", .system("EHR", .down, eta: at("12:00")), actor: "Sam Ortiz")
        try act("08:06", .assign("ops", "Sam Ortiz"), actor: "Dr. Lee")
        try act("08:10", .task("declare", .done), actor: "Dr. Lee")
        try act("08:20", .system("PACS", .degraded, eta: at("17:00")), actor: "Sam Ortiz")
        try act("08:30", .system("Phones", .down), actor: "Sam Ortiz")
        try act("09:00", .decide("divert", "divert"), actor: "Dr. Lee", note: "ED at capacity")
        try act("09:10", .task("runners", .block), actor: "Sam Ortiz", note: "no transport staff on the night shift")
        try act("10:30", .system("Phones", .up), actor: "Sam Ortiz")
        try act("11:30", .system("EHR", .down, eta: at("18:00")), actor: "Sam Ortiz", note: "restore from backup")
        try act("12:00", .task("census", .done), actor: "Sam Ortiz")
        try act("15:00", .assign("ic", "Dr. Kim"), actor: "Dr. Lee", note: "shift change")
        try act("17:40", .system("EHR", .down, eta: tue14), actor: "Sam Ortiz", note: "vendor rebuilding servers")
        try act("18:40", .note("Paper charts running low on 4 West", tag: nil), actor: "Dr. Kim")
        clock = BoardFixture.now
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func act(_ hhmm: String, _ action: Action, actor: String, note: String? = nil) throws {
        let t = Timestamp(rfc3339: "2026-11-29T\(hhmm):00Z")!
        try session.perform(action, ActionContext(actor: actor, note: note), now: { t })
    }

    /// The live board at `w`x`h`, as text; `setUp` sets the board's options (`--no-notes`).
    func live(_ w: Int, _ h: Int, keys: [Key] = [], setUp: (BoardScreen) -> Void = { _ in }) throws -> String {
        let reader = try IncidentSession(store: store, id: id, writable: false)
        let board = BoardScreen(session: reader, clock: { BoardFixture.now })
        setUp(board)
        var g = CellGrid(width: w, height: h)
        g = board.frame(width: g.width, height: g.height).grid
        for k in keys { board.handle(k) }
        if !keys.isEmpty { g = CellGrid(width: w, height: h); g = board.frame(width: g.width, height: g.height).grid }
        return g.text()
    }
}
