import Foundation
import Testing
import RunbookKit

/// Restoration estimates: the forms `--eta` reads, the history the engine keeps, and the rules.
@Suite("Restoration estimates", .serialized)
struct EstimateTests {
    static let yaml = """
    id: est
    title: Estimates
    version: "1"
    roles:
      - {id: ic, title: Incident Commander}
    phases:
      - {id: p, title: Phase, from: 0h}
    tasks:
      - {id: t, title: Task, role: ic, phase: p}
    """

    init() { setenv("TZ", "UTC", 1); tzset() }

    // 2026-11-29 is a Sunday.
    let now = Timestamp(rfc3339: "2026-11-29T22:00:00Z")!

    @Test func forms() throws {
        #expect(try WhenParser.parseEstimate("+36h", now: now) == now.adding(seconds: 36 * 3600))
        #expect(try WhenParser.parseEstimate("+1d12h", now: now) == now.adding(seconds: 36 * 3600))
        // HH:MM looks ahead: at 22:00, 23:30 is tonight and 06:00 tomorrow morning.
        #expect(try WhenParser.parseEstimate("23:30", now: now) == Timestamp(rfc3339: "2026-11-29T23:30:00Z"))
        #expect(try WhenParser.parseEstimate("06:00", now: now) == Timestamp(rfc3339: "2026-11-30T06:00:00Z"))
        #expect(try WhenParser.parseEstimate("22:00", now: now) == Timestamp(rfc3339: "2026-11-30T22:00:00Z"))
        #expect(try WhenParser.parseEstimate("Tue 14:00", now: now) == Timestamp(rfc3339: "2026-12-01T14:00:00Z"))
        #expect(try WhenParser.parseEstimate("tuesday 14:00", now: now) == Timestamp(rfc3339: "2026-12-01T14:00:00Z"))
        // Today's weekday: today if still ahead, else a week on.
        #expect(try WhenParser.parseEstimate("Sun 23:00", now: now) == Timestamp(rfc3339: "2026-11-29T23:00:00Z"))
        #expect(try WhenParser.parseEstimate("Sun 21:00", now: now) == Timestamp(rfc3339: "2026-12-06T21:00:00Z"))
        #expect(try WhenParser.parseEstimate("2026-12-02 08:15", now: now) == Timestamp(rfc3339: "2026-12-02T08:15:00Z"))
        #expect(try WhenParser.parseEstimate("2026-12-02T08:15:00-05:00", now: now) == Timestamp(rfc3339: "2026-12-02T13:15:00Z"))
        for bad in ["banana", "25:00", "Tue", "Xyz 14:00", "+", "36h", "tomorrowish"] {
            do {
                _ = try WhenParser.parseEstimate(bad, now: now)
                Issue.record("\(bad) was read")
            } catch let e as RunbookError {
                let text = e.description
                #expect(text.contains("HH:MM") && text.contains("+36h") && text.contains("Tue 14:00") && text.contains("RFC 3339"), "\(text)")
                #expect(!text.contains("\n"))
            }
        }
    }

    @Test func spokenAsAWeekday() {
        #expect(Timestamp(rfc3339: "2026-12-01T14:00:00Z")!.localWeekdayClock(relativeTo: now) == "Tue 1 Dec 14:00")
        #expect(Timestamp(rfc3339: "2026-11-29T23:00:00Z")!.localWeekdayClock(relativeTo: now) == "23:00")
        #expect(Timestamp(rfc3339: "2026-12-20T09:00:00Z")!.localWeekdayClock(relativeTo: now) == "Sun 20 Dec 09:00")
    }

    @Test func historyMovesAndDrift() throws {
        let f = try EngineFixture(EstimateTests.yaml, now: now)
        try f.act(.system("EHR", .down, eta: now.adding(seconds: 6 * 3600)))
        f.clock.advance(minutes: 60)
        try f.act(.system("ehr", .down, eta: now.adding(seconds: 12 * 3600)), note: "vendor needs a new image")
        f.clock.advance(minutes: 60)
        // Degraded, no new estimate: the estimate stands.
        try f.act(.system("EHR", .degraded))
        try f.act(.system("EHR", .degraded, eta: now.adding(seconds: 36 * 3600)))
        var ehr = try #require(f.state.facts.system(named: "EHR"))
        #expect(ehr.outageEstimates.count == 3)
        #expect(ehr.eta == now.adding(seconds: 36 * 3600))
        #expect(ehr.estimateMoves == 2)
        #expect(ehr.estimateDrift == 30 * 3600)
        #expect(ehr.estimateText(now: f.now) == "ETA Tue 1 Dec 10:00 · moved 2 times, +30 h since first given")
        #expect(!ehr.isPastEstimate(now: f.now))
        // Past the estimate and still not up: overdue.
        let later = now.adding(seconds: 40 * 3600)
        #expect(ehr.isPastEstimate(now: later))
        #expect(ehr.estimateText(now: later)?.hasPrefix("PAST ETA") == true)
        let json = StatusJSON.document(f.engine, now: later).systems[0]
        #expect(json.eta == now.adding(seconds: 36 * 3600).rfc3339)
        #expect(json.etaPassed && json.etaMoves == 2 && json.etaDriftSeconds == 30 * 3600 && json.estimates.count == 3)
        // Up: no current estimate; a new outage starts its estimates afresh.
        try f.act(.system("EHR", .up))
        ehr = try #require(f.state.facts.system(named: "EHR"))
        #expect(ehr.eta == nil && !ehr.isPastEstimate(now: later) && ehr.estimates.count == 3)
        f.clock.advance(minutes: 10)
        try f.act(.system("EHR", .down, eta: f.now.adding(seconds: 3600)))
        ehr = try #require(f.state.facts.system(named: "EHR"))
        #expect(ehr.outageEstimates.count == 1 && ehr.estimateMoves == 0)
        // A correction takes an estimate back.
        let wrong = try f.act(.system("EHR", .down, eta: f.now.adding(seconds: 7200)))
        try f.act(.correct(wrong.seq, reason: "that was PACS"))
        #expect(f.state.facts.system(named: "EHR")?.eta == f.now.adding(seconds: 3600))
    }

    @Test func rulesRefuseAndWriteNothing() throws {
        let f = try EngineFixture(EstimateTests.yaml, now: now, discovered: now.adding(seconds: -7200))
        let up = f.refuse(.system("EHR", .up, eta: now.adding(seconds: 3600)))
        #expect(up?.description.contains("only for a system down or degraded") == true)
        let past = f.refuse(.system("EHR", .down, eta: now.adding(seconds: -60)))
        #expect(past?.description.contains("not after now") == true)
        let far = f.refuse(.system("EHR", .down, eta: now.adding(seconds: 400 * 86_400)))
        #expect(far?.description.contains("more than a year ahead") == true)
        // Back-dated: the estimate must lie after when it was given, not after now.
        try f.act(.system("EHR", .down, eta: now.adding(seconds: -1800)), at: now.adding(seconds: -3600))
        #expect(f.state.facts.system(named: "EHR")?.isPastEstimate(now: now) == true)
    }

    @Test func entryCarriesETAInRFC3339() throws {
        let f = try EngineFixture(EstimateTests.yaml, now: now)
        let eta = Timestamp(rfc3339: "2026-12-01T14:00:00Z")!
        let e = try f.act(.system("EHR", .down, eta: eta))
        #expect(e.string("eta") == "2026-12-01T14:00:00.000Z")
        #expect(EntryText.describe(e, playbook: nil) == "system: EHR is DOWN, expected back 2026-12-01 14:00")
        let line = String(decoding: f.journalBytes, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.contains("\"eta\":\"2026-12-01T14:00:00.000Z\""))
    }
}
