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
        #expect(screen.contains("head \(head.prefix(16))"), "the footer shows the journal's head")
        return screen.replacingOccurrences(of: String(head.prefix(16)), with: "<HEAD>")
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
Activated Sun 29 Nov 2026 08:00 UTC · period 1 since 08:00
Next: Bed census due 16:00 — OVERDUE 3 h · STALE: last entry 20 min ago
────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP
✖ DOWN     EHR — since 08:05, out 10 h 55 min — ETA Tue 14:00 · moved 2 times,
           +2 days 2 h since first given
◐ DEGRADED PACS — since 08:20, out 10 h 40 min — PAST ETA 17:00 (2 h ago)
✓ UP       Phones — back since 10:30, was out 2 h

DECISIONS — 1 made, 1 open
✔ Divert ambulances? → DIVERT · 09:00 by Dr. Lee (ic)
? OPEN Disconnect from the internet? — 1 task waits on it, due since 09:10

DEADLINES — 1 PASSED
✖ PASSED Notify the state health department — was due 14:00, 5 h ago — pio
◷ Notify the cyber insurer — due Mon 08:00 · 13 h left — ic · Dr. Kim
◷ Breach notice to HHS and individuals — due 28 Jan 2027 08:00 · 59 days 13 h
  left — pio

PROGRESS — 5 overdue · 1 blocked
────────────────────────────────────────────────────────────────────────────────
15 entries · ✓ chain verified · head <HEAD> · 2026-11-29 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit · rows 1–17 of 54
"""#

    static let expected120x40 = #"""
 ███       █    █     ████ ████   Ransomware — EHR down  ·  T+11:00
  █   █   ██   ██  █  █  █ █  █   Activated Sun 29 Nov 2026 08:00 UTC · period 1 since 08:00
  █  ███   █    █     █  █ █  █   Next: Bed census due 16:00 — OVERDUE 3 h · STALE: last entry 20 min ago
  █   █    █    █  █  █  █ █  █
  █       ███  ███    ████ ████
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP                         PROGRESS — 5 overdue · 1 blocked
✖ DOWN     EHR — since 08:05, out 10 h 55 min —              By phase (done / applicable):
           ETA Tue 14:00 · moved 2 times, +2 days 2 h        █░░░░░░░░░ 1/7  Immediate (0-2 hours) · 4 OVERDUE ·
           since first given                                                 1 BLOCKED
◐ DEGRADED PACS — since 08:20, out 10 h 40 min —             ░░░░░░░░░░ 0/2  Extended (2 hours on) · 1 OVERDUE
           PAST ETA 17:00 (2 h ago)                          By role:
✓ UP       Phones — back since 10:30, was out 2 h            █████░░░░░ 1/2  Incident Commander · Dr. Kim
                                                             ░░░░░░░░░░ 0/4  Operations Section Chief · Sam Ortiz ·
DECISIONS — 1 made, 1 open                                                   4 OVERDUE · 1 BLOCKED
✔ Divert ambulances? → DIVERT · 09:00 by Dr. Lee (ic)        ░░░░░░░░░░ 0/1  Intelligence (IS/IT) Section Chief ·
? OPEN Disconnect from the internet? — 1 task waits on it,                   UNFILLED
  due since 09:10                                            ░░░░░░░░░░ 0/2  Public Information Officer · UNFILLED ·
                                                                             1 OVERDUE
DEADLINES — 1 PASSED                                         Most overdue (5 in all):
✖ PASSED Notify the state health department — was due        OVERDUE 10 h 30 min Set up runners for lab specimens — ops
  14:00, 5 h ago — pio                                         · Sam Ortiz
◷ Notify the cyber insurer — due Mon 08:00 · 13 h left —     OVERDUE 10 h Start paper downtime forms — ops · Sam Ortiz
  ic · Dr. Kim                                               OVERDUE 9 h Tell EMS about the diversion — ops · Sam Ortiz
◷ Breach notice to HHS and individuals — due                 OVERDUE 5 h Notify the state health department — pio ·
  28 Jan 2027 08:00 · 59 days 13 h left — pio                  nobody holds this role
                                                             OVERDUE 3 h Bed census — ops · Sam Ortiz
ROLES — 2 of 4 filled · 2 UNFILLED                           Blocked (1):
Incident Commander: Dr. Kim since 15:00, took over from      BLOCKED Set up runners for lab specimens — ops · Sam Ortiz
    Dr. Lee                                                    since 09:10: no transport staff on the night shift
Operations Section Chief: Sam Ortiz since 08:06
⚠ UNFILLED Intelligence (IS/IT) Section Chief                LAST ENTRIES — newest first
⚠ UNFILLED Public Information Officer                        18:40 #15 Dr. Kim (ic): note: Paper charts running low on
                                                                 4 West
                                                             17:40 #14 Sam Ortiz (ops): system: EHR is DOWN, expected
                                                                 back 2026-12-01 14:00 — vendor rebuilding servers
                                                             15:00 #13 Dr. Lee (ic): role: Incident Commander is now
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
15 entries · ✓ chain verified · head <HEAD> · 2026-11-29 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit · rows 1–31 of 43
"""#

    static let expected240x67 = #"""
 ███       █    █     ████ ████   Ransomware — EHR down  ·  T+11:00
  █   █   ██   ██  █  █  █ █  █   Activated Sun 29 Nov 2026 08:00 UTC · period 1 since 08:00
  █  ███   █    █     █  █ █  █   Next: Bed census due 16:00 — OVERDUE 3 h · STALE: last entry 20 min ago
  █   █    █    █  █  █  █ █  █
  █       ███  ███    ████ ████
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP                                             PROGRESS — 5 overdue · 1 blocked                                                 ROLES — 2 of 4 filled · 2 UNFILLED
✖ DOWN     EHR — since 08:05, out 10 h 55 min — ETA Tue 14:00 · moved 2 times,   By phase (done / applicable):                                                    Incident Commander: Dr. Kim since 15:00, took over from Dr. Lee
           +2 days 2 h since first given                                         █░░░░░░░░░ 1/7  Immediate (0-2 hours) · 4 OVERDUE · 1 BLOCKED                    Operations Section Chief: Sam Ortiz since 08:06
◐ DEGRADED PACS — since 08:20, out 10 h 40 min — PAST ETA 17:00 (2 h ago)        ░░░░░░░░░░ 0/2  Extended (2 hours on) · 1 OVERDUE                                ⚠ UNFILLED Intelligence (IS/IT) Section Chief
✓ UP       Phones — back since 10:30, was out 2 h                                By role:                                                                         ⚠ UNFILLED Public Information Officer
                                                                                 █████░░░░░ 1/2  Incident Commander · Dr. Kim
DECISIONS — 1 made, 1 open                                                       ░░░░░░░░░░ 0/4  Operations Section Chief · Sam Ortiz · 4 OVERDUE · 1 BLOCKED     LAST ENTRIES — newest first
✔ Divert ambulances? → DIVERT · 09:00 by Dr. Lee (ic)                            ░░░░░░░░░░ 0/1  Intelligence (IS/IT) Section Chief · UNFILLED                    18:40 #15 Dr. Kim (ic): note: Paper charts running low on 4 West
? OPEN Disconnect from the internet? — 1 task waits on it, due since 09:10       ░░░░░░░░░░ 0/2  Public Information Officer · UNFILLED · 1 OVERDUE                17:40 #14 Sam Ortiz (ops): system: EHR is DOWN, expected back 2026-12-01 14:00
                                                                                 Most overdue (5 in all):                                                             — vendor rebuilding servers
DEADLINES — 1 PASSED                                                             OVERDUE 10 h 30 min Set up runners for lab specimens — ops · Sam Ortiz           15:00 #13 Dr. Lee (ic): role: Incident Commander is now Dr. Kim — shift change
✖ PASSED Notify the state health department — was due 14:00, 5 h ago — pio       OVERDUE 10 h Start paper downtime forms — ops · Sam Ortiz                        12:00 #12 Sam Ortiz (ops): done: Bed census [census] (round 1)
◷ Notify the cyber insurer — due Mon 08:00 · 13 h left — ic · Dr. Kim            OVERDUE 9 h Tell EMS about the diversion — ops · Sam Ortiz                       11:30 #11 Sam Ortiz (ops): system: EHR is DOWN, expected back 2026-11-29 18:00
◷ Breach notice to HHS and individuals — due 28 Jan 2027 08:00 · 59 days 13 h    OVERDUE 5 h Notify the state health department — pio · nobody holds this role        — restore from backup
  left — pio                                                                     OVERDUE 3 h Bed census — ops · Sam Ortiz                                         10:30 #10 Sam Ortiz (ops): system: Phones is UP
                                                                                 Blocked (1):                                                                     09:10 #9 Sam Ortiz (ops): blocked: Set up runners for lab specimens [runners]
                                                                                 BLOCKED Set up runners for lab specimens — ops · Sam Ortiz since 09:10: no           — no transport staff on the night shift
                                                                                   transport staff on the night shift                                             09:00 #8 Dr. Lee (ic): decided: Divert ambulances? → divert — ED at capacity
                                                                                                                                                                  08:30 #7 Sam Ortiz (ops): system: Phones is DOWN
                                                                                                                                                                  08:20 #6 Sam Ortiz (ops): system: PACS is DEGRADED, expected back 2026-11-29
                                                                                                                                                                      17:00
                                                                                                                                                                  08:10 #5 Dr. Lee (ic): done: Declare the cyber incident [declare]
                                                                                                                                                                  08:06 #4 Dr. Lee (ic): role: Operations Section Chief is now Sam Ortiz
                                                                                                                                                                  08:05 #3 Sam Ortiz: system: EHR is DOWN, expected back 2026-11-29 12:00
                                                                                                                                                                  08:02 #2 scribe: role: Incident Commander is now Dr. Lee
                                                                                                                                                                  08:00 #1 scribe: incident opened: Ransomware — EHR down — playbook drill 1
































────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
15 entries · ✓ chain verified · head <HEAD> · 2026-11-29 19:00 UTC
READ-ONLY · j/k PgUp/PgDn Home/End scroll · ? help · q quit
"""#

    static let expectedOnce80 = #"""
Ransomware — EHR down  ·  T+11:00
Activated Sun 29 Nov 2026 08:00 UTC · period 1 since 08:00
Next: Bed census due 16:00 — OVERDUE 3 h · STALE: last entry 20 min ago
────────────────────────────────────────────────────────────────────────────────
SYSTEMS — 1 DOWN · 1 DEGRADED · 1 UP
✖ DOWN     EHR — since 08:05, out 10 h 55 min — ETA Tue 14:00 · moved 2 times,
           +2 days 2 h since first given
◐ DEGRADED PACS — since 08:20, out 10 h 40 min — PAST ETA 17:00 (2 h ago)
✓ UP       Phones — back since 10:30, was out 2 h

DECISIONS — 1 made, 1 open
✔ Divert ambulances? → DIVERT · 09:00 by Dr. Lee (ic)
? OPEN Disconnect from the internet? — 1 task waits on it, due since 09:10

DEADLINES — 1 PASSED
✖ PASSED Notify the state health department — was due 14:00, 5 h ago — pio
◷ Notify the cyber insurer — due Mon 08:00 · 13 h left — ic · Dr. Kim
◷ Breach notice to HHS and individuals — due 28 Jan 2027 08:00 · 59 days 13 h
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
BLOCKED Set up runners for lab specimens — ops · Sam Ortiz since 09:10: no
  transport staff on the night shift

ROLES — 2 of 4 filled · 2 UNFILLED
Incident Commander: Dr. Kim since 15:00, took over from Dr. Lee
Operations Section Chief: Sam Ortiz since 08:06
⚠ UNFILLED Intelligence (IS/IT) Section Chief
⚠ UNFILLED Public Information Officer

LAST ENTRIES — newest first
18:40 #15 Dr. Kim (ic): note: Paper charts running low on 4 West
17:40 #14 Sam Ortiz (ops): system: EHR is DOWN, expected back 2026-12-01 14:00 —
    vendor rebuilding servers
15:00 #13 Dr. Lee (ic): role: Incident Commander is now Dr. Kim — shift change
12:00 #12 Sam Ortiz (ops): done: Bed census [census] (round 1)
11:30 #11 Sam Ortiz (ops): system: EHR is DOWN, expected back 2026-11-29 18:00 —
    restore from backup
10:30 #10 Sam Ortiz (ops): system: Phones is UP
09:10 #9 Sam Ortiz (ops): blocked: Set up runners for lab specimens [runners] —
    no transport staff on the night shift
09:00 #8 Dr. Lee (ic): decided: Divert ambulances? → divert — ED at capacity
08:30 #7 Sam Ortiz (ops): system: Phones is DOWN
08:20 #6 Sam Ortiz (ops): system: PACS is DEGRADED, expected back 2026-11-29
    17:00

────────────────────────────────────────────────────────────────────────────────
15 entries · ✓ chain verified · head <HEAD> · 2026-11-29 19:00 UTC
"""#
}
