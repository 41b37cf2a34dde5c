import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The executive board drawn from a scripted incident, compared with the expected screens:
/// at 80x24 (a laptop), 120x40 and 240x67 (a wall display), and as `--once` text.
@Suite("Board render", .serialized)
struct BoardRenderTests {
    /// The screen with the head hash (which changes with any byte of the scripted journal)
    /// replaced; the hash itself is checked against the journal's head.
    static func normalized(_ screen: String, head: String) -> String {
        let spoken = Witness(seq: 15, hash: head).spoken
        #expect(screen.contains("witness \(spoken)"), "the footer shows the journal's head as a witness")
        return screen.replacingOccurrences(of: spoken, with: "#15 <HEAD>")
    }

    static func compare(_ got: String, _ expected: String, _ what: String) {
        let g = got.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(g.count, e.count) {
            let a = i < g.count ? String(g[i]) : "<none>", b = i < e.count ? String(e[i]) : "<none>"
            if a != b { Issue.record("\(what) line \(i + 1):\n got: \(a)\nwant: \(b)"); return }
        }
    }

    @Test func laptop80x24() throws {
        let f = try BoardFixture()
        BoardRenderTests.compare(BoardRenderTests.normalized(try f.live(80, 24), head: f.session.state.head), BoardRenderTests.expected80x24, "80x24")
    }

    @Test func screen120x40() throws {
        let f = try BoardFixture()
        BoardRenderTests.compare(BoardRenderTests.normalized(try f.live(120, 40), head: f.session.state.head), BoardRenderTests.expected120x40, "120x40")
    }

    @Test func wall240x67() throws {
        let f = try BoardFixture()
        BoardRenderTests.compare(BoardRenderTests.normalized(try f.live(240, 67), head: f.session.state.head), BoardRenderTests.expected240x67, "240x67")
    }

    @Test func onceAt80() throws {
        let f = try BoardFixture()
        let text = BoardRenderer.text(f.session.engine, now: BoardFixture.now, width: 80, damage: nil)
        BoardRenderTests.compare(BoardRenderTests.normalized(text, head: f.session.state.head), BoardRenderTests.expectedOnce80, "--once 80")
    }

    static let expected80x24 = #"""
Ransomware — EHR down  ·  T+11:00
Down T+11:00 since activation Sun 29 Nov 08:00
In charge: Dr. Kim — Incident Commander · period 1
Decided: Divert → DIVERT · 1 open
✖ EHR down 10 h 55 min — back Tue 1 Dec 14:00
◐ PACS degraded 10 h 40 min — PAST ETA Sun 29 Nov 17:00 (2 h ago)
Next: Notify the state health department — deadline due Sun 29 Nov 14:00 ·
  PASSED 5 h ago — pio · role not filled
5 OVERDUE · 1 BLOCKED · STALE: last entry 20 min ago
BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz
  Sun 29 Nov 09:10: no transport staff on the night shift · role held by
  Sam Ortiz
────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP
✖ DOWN     EHR — since Sun 29 Nov 08:05, out 10 h 55 min — back Tue 1 Dec 14:00
           · moved 2 times, +2 days 2 h since first given
◐ DEGRADED PACS — since Sun 29 Nov 08:20, out 10 h 40 min —
           PAST ETA Sun 29 Nov 17:00 (2 h ago)
✓ UP       Phones — up Sun 29 Nov 10:30, was out 2 h

DECISIONS — 1 made, 1 open
────────────────────────────────────────────────────────────────────────────────
✓ chain verified · witness #15 <HEAD> · Sun 29 Nov 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit · rows 1–8 of 60
"""#

    static let expected120x40 = #"""
 ███       █    █     ████ ████   Ransomware — EHR down  ·  T+11:00
  █   █   ██   ██  █  █  █ █  █   Down T+11:00 since activation Sun 29 Nov 08:00
  █  ███   █    █     █  █ █  █   In charge: Dr. Kim — Incident Commander · period 1
  █   █    █    █  █  █  █ █  █   Decided: Divert → DIVERT · 1 open
  █       ███  ███    ████ ████   ✖ EHR down 10 h 55 min — back Tue 1 Dec 14:00
                                  ◐ PACS degraded 10 h 40 min — PAST ETA Sun 29 Nov 17:00 (2 h ago)
                                  Next: Notify the state health department — deadline due Sun 29 Nov 14:00 ·
                                    PASSED 5 h ago — pio · role not filled
                                  5 OVERDUE · 1 BLOCKED · STALE: last entry 20 min ago
                                  BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz Sun 29 Nov 09:10: no
                                    transport staff on the night shift · role held by Sam Ortiz
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP                         PROGRESS — 5 overdue · 1 blocked
✖ DOWN     EHR — since Sun 29 Nov 08:05, out 10 h 55 min —   By phase (done / applicable):
           back Tue 1 Dec 14:00 · moved 2 times,             █░░░░░░░░░ 1/7  Immediate (0-2 hours) · 4 OVERDUE ·
           +2 days 2 h since first given                                     1 BLOCKED
◐ DEGRADED PACS — since Sun 29 Nov 08:20, out 10 h 40 min    ░░░░░░░░░░ 0/2  Extended (2 hours on) · 1 OVERDUE
           — PAST ETA Sun 29 Nov 17:00 (2 h ago)             By role:
✓ UP       Phones — up Sun 29 Nov 10:30, was out 2 h         █████░░░░░ 1/2  Incident Commander · Dr. Kim
                                                             ░░░░░░░░░░ 0/4  Operations Section Chief · Sam Ortiz ·
DECISIONS — 1 made, 1 open                                                   4 OVERDUE · 1 BLOCKED
✔ Divert ambulances? → DIVERT · Sun 29 Nov 09:00 by          ░░░░░░░░░░ 0/1  Intelligence (IS/IT) Section Chief ·
  Dr. Lee (ic): ED at capacity                                               UNFILLED
? OPEN Disconnect from the internet? — 1 task waits on it,   ░░░░░░░░░░ 0/2  Public Information Officer · UNFILLED ·
  due since Sun 29 Nov 09:10                                                 1 OVERDUE
                                                             Most overdue (5 in all):
DEADLINES — 1 PASSED                                         OVERDUE 10 h 30 min Set up runners for lab specimens — ops
✖ PASSED Notify the state health department — was due          · Sam Ortiz
  Sun 29 Nov 14:00, 5 h ago — pio                            OVERDUE 10 h Start paper downtime forms — ops · Sam Ortiz
◷ Notify the cyber insurer — due Mon 30 Nov 08:00 · 13 h     OVERDUE 9 h Tell EMS about the diversion — ops · Sam Ortiz
  left — ic · Dr. Kim                                        OVERDUE 5 h Notify the state health department — pio ·
◷ Breach notice to HHS and individuals — due                   nobody holds this role
  Thu 28 Jan 08:00 · 59 days 13 h left — pio                 OVERDUE 3 h Bed census — ops · Sam Ortiz
                                                             Blocked (1):
ROLES — 2 of 4 filled · 2 UNFILLED                           BLOCKED Set up runners for lab specimens — blocked by
Incident Commander: Dr. Kim since Sun 29 Nov 15:00, took       Sam Ortiz Sun 29 Nov 09:10: no transport staff on the
    over from Dr. Lee                                          night shift · role held by Sam Ortiz
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
✓ chain verified · witness #15 <HEAD> · Sun 29 Nov 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit · rows 1–25 of 45
"""#

    static let expected240x67 = #"""
 ███       █    █     ████ ████   Ransomware — EHR down  ·  T+11:00
  █   █   ██   ██  █  █  █ █  █   Down T+11:00 since activation Sun 29 Nov 08:00
  █  ███   █    █     █  █ █  █   In charge: Dr. Kim — Incident Commander · period 1
  █   █    █    █  █  █  █ █  █   Decided: Divert → DIVERT · 1 open
  █       ███  ███    ████ ████   ✖ EHR down 10 h 55 min — back Tue 1 Dec 14:00
                                  ◐ PACS degraded 10 h 40 min — PAST ETA Sun 29 Nov 17:00 (2 h ago)
                                  Next: Notify the state health department — deadline due Sun 29 Nov 14:00 · PASSED 5 h ago — pio · role not filled
                                  5 OVERDUE · 1 BLOCKED · STALE: last entry 20 min ago
                                  BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz Sun 29 Nov 09:10: no transport staff on the night shift · role held by Sam Ortiz
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP                                             PROGRESS — 5 overdue · 1 blocked                                                 ROLES — 2 of 4 filled · 2 UNFILLED
✖ DOWN     EHR — since Sun 29 Nov 08:05, out 10 h 55 min — back                  By phase (done / applicable):                                                    Incident Commander: Dr. Kim since Sun 29 Nov 15:00, took over from Dr. Lee
           Tue 1 Dec 14:00 · moved 2 times, +2 days 2 h since first given        █░░░░░░░░░ 1/7  Immediate (0-2 hours) · 4 OVERDUE · 1 BLOCKED                    Operations Section Chief: Sam Ortiz since Sun 29 Nov 08:06
◐ DEGRADED PACS — since Sun 29 Nov 08:20, out 10 h 40 min —                      ░░░░░░░░░░ 0/2  Extended (2 hours on) · 1 OVERDUE                                ⚠ UNFILLED Intelligence (IS/IT) Section Chief
           PAST ETA Sun 29 Nov 17:00 (2 h ago)                                   By role:                                                                         ⚠ UNFILLED Public Information Officer
✓ UP       Phones — up Sun 29 Nov 10:30, was out 2 h                             █████░░░░░ 1/2  Incident Commander · Dr. Kim
                                                                                 ░░░░░░░░░░ 0/4  Operations Section Chief · Sam Ortiz · 4 OVERDUE · 1 BLOCKED     LAST ENTRIES — newest first
DECISIONS — 1 made, 1 open                                                       ░░░░░░░░░░ 0/1  Intelligence (IS/IT) Section Chief · UNFILLED                    Sun 29 Nov 18:40 #15 Dr. Kim (ic): note: Paper charts running low on 4 West
✔ Divert ambulances? → DIVERT · Sun 29 Nov 09:00 by Dr. Lee (ic): ED at          ░░░░░░░░░░ 0/2  Public Information Officer · UNFILLED · 1 OVERDUE                Sun 29 Nov 17:40 #14 Sam Ortiz (ops): system: EHR is DOWN, expected back
  capacity                                                                       Most overdue (5 in all):                                                             Tue 1 Dec 14:00 — vendor rebuilding servers
? OPEN Disconnect from the internet? — 1 task waits on it, due since             OVERDUE 10 h 30 min Set up runners for lab specimens — ops · Sam Ortiz           Sun 29 Nov 15:00 #13 Dr. Lee (ic): role: Incident Commander is now Dr. Kim —
  Sun 29 Nov 09:10                                                               OVERDUE 10 h Start paper downtime forms — ops · Sam Ortiz                            shift change
                                                                                 OVERDUE 9 h Tell EMS about the diversion — ops · Sam Ortiz                       Sun 29 Nov 12:00 #12 Sam Ortiz (ops): done: Bed census [census] (round 1)
DEADLINES — 1 PASSED                                                             OVERDUE 5 h Notify the state health department — pio · nobody holds this role    Sun 29 Nov 11:30 #11 Sam Ortiz (ops): system: EHR is DOWN, expected back
✖ PASSED Notify the state health department — was due Sun 29 Nov 14:00, 5 h      OVERDUE 3 h Bed census — ops · Sam Ortiz                                             Sun 29 Nov 18:00 — restore from backup
  ago — pio                                                                      Blocked (1):                                                                     Sun 29 Nov 10:30 #10 Sam Ortiz (ops): system: Phones is UP
◷ Notify the cyber insurer — due Mon 30 Nov 08:00 · 13 h left — ic · Dr. Kim     BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz                  Sun 29 Nov 09:10 #9 Sam Ortiz (ops): blocked: Set up runners for lab specimens
◷ Breach notice to HHS and individuals — due Thu 28 Jan 08:00 · 59 days 13 h       Sun 29 Nov 09:10: no transport staff on the night shift · role held by             [runners] — no transport staff on the night shift
  left — pio                                                                       Sam Ortiz                                                                      Sun 29 Nov 09:00 #8 Dr. Lee (ic): decided: Divert ambulances? → divert — ED at
                                                                                                                                                                      capacity
                                                                                                                                                                  Sun 29 Nov 08:30 #7 Sam Ortiz (ops): system: Phones is DOWN
                                                                                                                                                                  Sun 29 Nov 08:20 #6 Sam Ortiz (ops): system: PACS is DEGRADED, expected back
                                                                                                                                                                      Sun 29 Nov 17:00
                                                                                                                                                                  Sun 29 Nov 08:10 #5 Dr. Lee (ic): done: Declare the cyber incident [declare]
                                                                                                                                                                  Sun 29 Nov 08:06 #4 Dr. Lee (ic): role: Operations Section Chief is now Sam
                                                                                                                                                                      Ortiz
                                                                                                                                                                  Sun 29 Nov 08:05 #3 Sam Ortiz: system: EHR is DOWN, expected back
                                                                                                                                                                      Sun 29 Nov 12:00
                                                                                                                                                                  Sun 29 Nov 08:02 #2 scribe: role: Incident Commander is now Dr. Lee
                                                                                                                                                                  Sun 29 Nov 08:00 #1 scribe: incident opened: Ransomware — EHR down — playbook
                                                                                                                                                                      drill 1























────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
✓ chain verified · witness #15 <HEAD> · Sun 29 Nov 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit
"""#

    static let expectedOnce80 = #"""
Ransomware — EHR down  ·  T+11:00
Down T+11:00 since activation Sun 29 Nov 08:00
In charge: Dr. Kim — Incident Commander · period 1
Decided: Divert → DIVERT · 1 open
✖ EHR down 10 h 55 min — back Tue 1 Dec 14:00
◐ PACS degraded 10 h 40 min — PAST ETA Sun 29 Nov 17:00 (2 h ago)
Next: Notify the state health department — deadline due Sun 29 Nov 14:00 ·
  PASSED 5 h ago — pio · role not filled
5 OVERDUE · 1 BLOCKED · STALE: last entry 20 min ago
BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz
  Sun 29 Nov 09:10: no transport staff on the night shift · role held by
  Sam Ortiz
────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP
✖ DOWN     EHR — since Sun 29 Nov 08:05, out 10 h 55 min — back Tue 1 Dec 14:00
           · moved 2 times, +2 days 2 h since first given
◐ DEGRADED PACS — since Sun 29 Nov 08:20, out 10 h 40 min —
           PAST ETA Sun 29 Nov 17:00 (2 h ago)
✓ UP       Phones — up Sun 29 Nov 10:30, was out 2 h

DECISIONS — 1 made, 1 open
✔ Divert ambulances? → DIVERT · Sun 29 Nov 09:00 by Dr. Lee (ic): ED at capacity
? OPEN Disconnect from the internet? — 1 task waits on it, due since
  Sun 29 Nov 09:10

DEADLINES — 1 PASSED
✖ PASSED Notify the state health department — was due Sun 29 Nov 14:00, 5 h ago
  — pio
◷ Notify the cyber insurer — due Mon 30 Nov 08:00 · 13 h left — ic · Dr. Kim
◷ Breach notice to HHS and individuals — due Thu 28 Jan 08:00 · 59 days 13 h
  left — pio

PROGRESS — 5 overdue · 1 blocked
By phase (done / applicable):
█░░░░░░░░░ 1/7  Immediate (0-2 hours) · 4 OVERDUE · 1 BLOCKED
░░░░░░░░░░ 0/2  Extended (2 hours on) · 1 OVERDUE
By role:
█████░░░░░ 1/2  Incident Commander · Dr. Kim
░░░░░░░░░░ 0/4  Operations Section Chief · Sam Ortiz · 4 OVERDUE · 1 BLOCKED
░░░░░░░░░░ 0/1  Intelligence (IS/IT) Section Chief · UNFILLED
░░░░░░░░░░ 0/2  Public Information Officer · UNFILLED · 1 OVERDUE
Most overdue (5 in all):
OVERDUE 10 h 30 min Set up runners for lab specimens — ops · Sam Ortiz
OVERDUE 10 h Start paper downtime forms — ops · Sam Ortiz
OVERDUE 9 h Tell EMS about the diversion — ops · Sam Ortiz
OVERDUE 5 h Notify the state health department — pio · nobody holds this role
OVERDUE 3 h Bed census — ops · Sam Ortiz
Blocked (1):
BLOCKED Set up runners for lab specimens — blocked by Sam Ortiz
  Sun 29 Nov 09:10: no transport staff on the night shift · role held by
  Sam Ortiz

ROLES — 2 of 4 filled · 2 UNFILLED
Incident Commander: Dr. Kim since Sun 29 Nov 15:00, took over from Dr. Lee
Operations Section Chief: Sam Ortiz since Sun 29 Nov 08:06
⚠ UNFILLED Intelligence (IS/IT) Section Chief
⚠ UNFILLED Public Information Officer

LAST ENTRIES — newest first
Sun 29 Nov 18:40 #15 Dr. Kim (ic): note: Paper charts running low on 4 West
Sun 29 Nov 17:40 #14 Sam Ortiz (ops): system: EHR is DOWN, expected back
    Tue 1 Dec 14:00 — vendor rebuilding servers
Sun 29 Nov 15:00 #13 Dr. Lee (ic): role: Incident Commander is now Dr. Kim —
    shift change
Sun 29 Nov 12:00 #12 Sam Ortiz (ops): done: Bed census [census] (round 1)
Sun 29 Nov 11:30 #11 Sam Ortiz (ops): system: EHR is DOWN, expected back
    Sun 29 Nov 18:00 — restore from backup
Sun 29 Nov 10:30 #10 Sam Ortiz (ops): system: Phones is UP
Sun 29 Nov 09:10 #9 Sam Ortiz (ops): blocked: Set up runners for lab specimens
    [runners] — no transport staff on the night shift
Sun 29 Nov 09:00 #8 Dr. Lee (ic): decided: Divert ambulances? → divert — ED at
    capacity
Sun 29 Nov 08:30 #7 Sam Ortiz (ops): system: Phones is DOWN
Sun 29 Nov 08:20 #6 Sam Ortiz (ops): system: PACS is DEGRADED, expected back
    Sun 29 Nov 17:00

────────────────────────────────────────────────────────────────────────────────
✓ chain verified · witness #15 <HEAD> · Sun 29 Nov 19:00 UTC
"""#
}
