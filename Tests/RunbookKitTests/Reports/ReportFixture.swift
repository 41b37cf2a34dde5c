import Foundation
import Testing
@testable import RunbookKit

/// The playbook of the scripted incident: four roles, three phases, two decisions, milestones,
/// a deadline, a recurring task, and a task only on one answer.
let aarPlaybookYAML = """
id: aar-test
title: After-action test playbook
version: "2026.1"
source: Written for the report tests.
roles:
  - {id: ic, title: Incident Commander}
  - {id: ops, title: Operations Section Chief}
  - {id: intel, title: IS/IT Section Chief}
  - {id: pio, title: Public Information Officer}
phases:
  - {id: immediate, title: Immediate, from: 0h, to: 2h}
  - {id: intermediate, title: Intermediate, from: 2h, to: 12h}
  - {id: extended, title: Extended and recovery, from: 12h}
decisions:
  - {id: extended-downtime, question: Declare extended downtime?, options: [yes, no], role: ic}
  - {id: diversion, question: Divert ambulances?, options: [divert, no], role: ic}
tasks:
  - {id: declare, title: Declare the cyber incident, role: ic, phase: immediate, due: 15m, milestone: true}
  - {id: activate, title: Activate the command center, role: ic, phase: immediate, due: 30m, after: [declare], milestone: true}
  - {id: downtime-procedures, title: Put downtime procedures in place, role: ops, phase: immediate, due: 1h, after: [activate], milestone: true}
  - {id: divert, title: Tell EMS about the diversion, role: ops, phase: immediate, due: 2h, when: diversion = divert, milestone: true}
  - {id: isolate, title: Isolate the network, role: intel, phase: immediate, due: 1h, critical: true}
  - {id: staff-alert, title: Alert staff without the network, role: pio, phase: immediate, due: 30m}
  - {id: notify-insurer, title: Notify the cyber insurer, role: ic, phase: intermediate, due: 4h, deadline: true}
  - {id: holding-statement, title: Approve a holding statement, role: pio, phase: intermediate, due: 3h}
  - {id: contain, title: Confirm containment, role: intel, phase: intermediate, due: 6h, after: [isolate], milestone: true}
  - {id: census, title: Downtime census of every unit, role: ops, phase: intermediate, every: 4h}
  - {id: restore-plan, title: Plan restoration in priority order, role: intel, phase: extended, due: 24h, after: [contain]}
  - {id: hot-wash, title: Hold the hot wash, role: ic, phase: extended}
"""

/// The scripted incident the golden files are made from: corrections, a back-dated entry,
/// decisions, the exercise flag, an outage whose estimate moved, lessons, a hand-over, a forced
/// task and a transcribed entry. Activated 2026-11-29 08:00 UTC, closed at T+12:30.
enum ReportScript {
    static func incident(name: String = "Ransomware outage — EHR & PACS", notes: [String: String] = [:]) throws -> EngineFixture {
        let f = try EngineFixture(aarPlaybookYAML, discovered: engineBase.adding(seconds: -45 * 60), name: name, exercise: true)
        func at(_ h: Int, _ m: Int) { f.clock.set(engineBase.adding(seconds: h * 3600 + m * 60)) }
        func n(_ key: String, _ text: String) -> String { notes[key] ?? text }
        /// A system report, with a restoration estimate at T+h:m.
        func system(_ name: String, _ state: SystemRecord.State, eta: (Int, Int)?, note: String?, actor: String) throws {
            try f.act(.system(name, state, eta: eta.map { engineBase.adding(seconds: $0.0 * 3600 + $0.1 * 60) }), note: note, actor: actor)
        }
        let ic = "Alice Moreau", ops = "Bob Ng", intel = "Chen Li", pio = "Dana Ortiz", ic2 = "Erin Park"
        at(0, 0); try f.act(.assign("ic", ic), actor: ic)
        at(0, 2); try f.act(.assign("ops", ops), actor: ic)
        at(0, 3); try f.act(.assign("intel", intel), actor: ic)
        at(0, 4); try f.act(.assign("pio", pio), actor: ic)
        at(0, 10); try f.act(.task("declare", .done), note: n("declare", "Ransom note on the EHR servers"), actor: ic)
        at(0, 12); try system("EHR", .down, eta: (6, 0), note: n("ehr-down", "Encrypted; vendor engaged"), actor: intel)
        at(0, 15); try system("PACS", .degraded, eta: nil, note: nil, actor: intel)
        at(0, 20); try f.act(.decide("extended-downtime", "yes"), note: n("extended", "Unknown duration, cyber cause"), actor: ic)
        at(0, 25); try f.act(.task("activate", .done), actor: ic)
        at(0, 40); try f.act(.task("downtime-procedures", .start), actor: ops)
        at(0, 50); try f.act(.task("isolate", .done), note: n("isolate", "Internet links pulled at the core switch"), actor: intel)
        at(1, 5); let wrong = try f.act(.note(n("wrong", "Census: 4 West has 31 patients"), tag: nil), actor: ops)
        at(1, 10); try f.act(.correct(wrong.seq, reason: n("reason", "Entered for the wrong hospital")), actor: ops)
        at(1, 15); try f.act(.task("downtime-procedures", .done), actor: ops)
        at(1, 20); try f.act(.decide("diversion", "divert"), note: n("divert", "CT and lab results unavailable"), actor: ic)
        at(1, 30); try f.act(.task("staff-alert", .done), note: n("staff-alert", "Overhead page and runners"), at: engineBase.adding(seconds: 25 * 60), actor: pio)
        at(1, 45); try f.act(.task("divert", .done), actor: ops)
        at(2, 0); try f.act(.task("restore-plan", .start), note: n("forced", "Vendor wants the list now"), force: true, actor: intel)
        at(2, 30); try system("EHR", .down, eta: (10, 0), note: n("ehr-slip", "Backups must be scanned first"), actor: intel)
        at(3, 0); try f.act(.task("census", .done), actor: ops)
        at(3, 10); try f.act(.assign("ic", ic2), note: n("handover", "Shift change; Alice off at 11:00"), actor: ic)
        at(3, 20)
        _ = try f.session.perform(.note(n("paper", "Runner delivered lab results to 4 West"), tag: nil),
                                  ActionContext(actor: ops, at: engineBase.adding(seconds: 2 * 3600 + 50 * 60), paper: .reference("HICS 214 p.2")), now: { f.clock.now })
        at(4, 30); try f.act(.task("notify-insurer", .done), note: n("insurer", "Claim number pending"), actor: ic2)
        at(5, 0); try f.act(.period, note: n("period", "Briefing at the start of period 2"), actor: ic2)
        at(6, 0); try f.act(.task("contain", .done), actor: intel)
        at(7, 0); try f.act(.task("census", .done), actor: ops)
        at(8, 0); try system("PACS", .up, eta: nil, note: nil, actor: intel)
        at(9, 0); try system("EHR", .degraded, eta: (11, 0), note: n("ehr-degraded", "Read-only mode"), actor: intel)
        at(11, 30); try system("EHR", .up, eta: nil, note: nil, actor: intel)
        at(12, 0); try f.act(.note(n("lesson1", "Paper downtime forms ran short on 4 West; stock more"), tag: "lesson"), actor: ic2)
        at(12, 5); try f.act(.note(n("lesson2", "We need an overhead paging script ready"), tag: "lesson"), actor: pio)
        at(12, 10); try f.act(.task("holding-statement", .skip), note: n("skip", "Covered by corporate communications"), actor: pio)
        at(12, 30); try f.act(.close, actor: ic2)
        return f
    }
}
