import Foundation
import Testing
@testable import CursesUI
import RunbookKit

/// The command post under real hands (issue 10): irreversible actions, drafts, reading the log,
/// decisions, task notes and times, help, filters and search, titles, systems.
@Suite("command post under real hands")
struct CommandPostRealHandsTests {
    init() { TextWidth.ensureUTF8Locale() }

    func types(_ f: ScreenFixture) throws -> [String] {
        try f.journalLines().map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String ?? ""
        }
    }

    func last(_ f: ScreenFixture) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data((try f.journalLines().last ?? "{}").utf8)) as? [String: Any] ?? [:]
    }

    // MARK: 1. irreversible actions

    @Test func closingNeedsTheNameOrCLOSETyped() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("C"))
        guard case .prompt(let prompt) = p.modal, prompt.purpose == .closeName else { Issue.record("\(p.modal)"); return }
        #expect(f.screen(p, 80, 24).contains("Type its name or CLOSE"))
        // The keys of a pasted "ready" or a stray "y" do not close it.
        p.type("y")
        p.press(.enter)
        #expect(f.screen(p, 80, 24).contains("That is not “EHR outage”"))
        #expect(p.engine.state.closed == nil)
        p.press(.ctrl("u"))
        p.type("ehr outage")
        p.press(.enter)
        guard case .prompt(let note) = p.modal, note.purpose == .closeNote else { Issue.record("\(p.modal)"); return }
        #expect(try f.journalLines().count == 1, "nothing is recorded before the closing note's step")
        // Esc at the note cancels the close (a close is for good): nothing is recorded, and
        // the status line says the incident is not closed.
        #expect(note.title.contains("Esc cancels"), "\(note.title)")
        p.press(.escape)
        #expect(try f.journalLines().count == 1, "Esc at the closing note records nothing")
        #expect(p.engine.state.closed == nil)
        #expect(p.message?.text.contains("NOT closed") == true, "\(String(describing: p.message))")
        // The note is optional: Enter on an empty field closes without one, as its title says.
        p.press(.enter, .char("C"))
        p.type("CLOSE")
        p.press(.enter, .enter)
        #expect(try types(f).last == "incident.closed")
        #expect(try last(f)["note"] == nil)
        #expect(p.engine.state.closed != nil)
    }

    @Test func closeAlsoTakesCLOSEAndEscKeepsItOpen() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("C"))
        p.press(.escape)
        #expect(p.modal == .none)
        p.press(.enter, .char("C"))
        p.type("CLOSE")
        p.press(.enter)
        p.type("Systems restored; handing back to normal operations")
        p.press(.enter)
        #expect(try last(f)["note"] as? String == "Systems restored; handing back to normal operations")
        #expect(try types(f).last == "incident.closed")
    }

    /// Another terminal blocks the critical task while its confirmation is open: "y" does
    /// not silently override the block; the change is shown and asked again.
    @Test func aConfirmationLooksAgainWhenAnswered() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("x"))
        guard case .confirm = p.modal else { Issue.record("no confirmation: \(p.modal)"); return }
        let other = try f.session()
        _ = try other.perform(.task("declare", .block), ActionContext(actor: "nurse", note: "no IT lead yet"), now: { f.now })
        p.press(.char("y"))
        guard case .confirm(let again) = p.modal else { Issue.record("not asked again: \(p.modal)"); return }
        #expect(again.details.first?.contains("CHANGED while this was open by nurse") == true)
        #expect(again.details.first?.contains("BLOCKED") == true)
        #expect(f.screen(p, 80, 24).contains("no IT lead yet"))
        #expect(try types(f) == ["incident.opened", "task.blocked"])
        // Asked again on what is there now: yes records it.
        p.press(.char("y"))
        #expect(try types(f).last == "task.done")
    }

    /// Done in another terminal while "mark it DONE?" was open: nothing is left to confirm.
    @Test func aConfirmationForWhatWasDoneMeanwhileSaysSo() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("x"))
        _ = try f.session().perform(.task("declare", .done), ActionContext(actor: "nurse"), now: { f.now })
        p.press(.char("y"))
        #expect(p.modal == .none)
        #expect(p.message?.text.contains("CHANGED while this was open by nurse") == true)
        #expect(p.message?.text.contains("Nothing left to mark done") == true)
        #expect(try types(f) == ["incident.opened", "task.done"])
    }

    @Test func aReasonPromptLooksAgainWhenSubmitted() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down)  // paper (not critical)
        p.press(.char("b"))
        p.type("no forms in stock")
        _ = try f.session().perform(.task("paper", .done), ActionContext(actor: "nurse"), now: { f.now })
        p.press(.enter)
        guard case .prompt(let prompt) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(prompt.error?.contains("CHANGED while this was open by nurse") == true)
        #expect(prompt.editor.text == "no forms in stock")
        #expect(try types(f).last == "task.done")
    }

    @Test func xOnADoneTaskSaysSoBeforeAsking() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("x"), .char("y"))
        #expect(try types(f).last == "task.done")
        p.press(.char("x"))
        #expect(p.modal == .none, "asked to confirm a task already done")
        #expect(p.message?.text == "Already DONE (scribe, 08:20) — nothing recorded (u reopens it): “Declare the cyber incident”")
        #expect(try f.journalLines().count == 2)
    }

    // MARK: 2. pasted line breaks

    @Test func aPastedNoteKeepsItsLinesAndShowsThemAsReturnSymbols() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("n"), .paste("Radio log 02:10\n\nCath lab ready\nEHR still down"), .enter)
        #expect(try last(f)["note"] as? String == "Radio log 02:10\n\nCath lab ready\nEHR still down")
        let screen = f.screen(p, 100, 30)
        // One-line views: the live strip shows ⏎ for each break.
        #expect(screen.contains("Radio log 02:10 ⏎  ⏎ Cath lab ready ⏎ EHR still down"), "\(screen)")
        p.press(.tab, .tab)
        #expect(f.screen(p, 100, 30).contains("note: Radio log 02:10 ⏎  ⏎ Cath lab ready"))
        // The entry in full: real line breaks.
        p.press(.enter)
        let entry = f.screen(p, 100, 30).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(entry.contains { $0.hasPrefix("│ Cath lab ready") }, "\(entry.joined(separator: "\n"))")
        #expect(entry.contains { $0.hasPrefix("│ EHR still down") })
    }

    // MARK: 3. drafts

    @Test func escOnATypedNoteAsksBeforeThrowingItAway() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("n"))
        p.type("Cath lab ready")
        p.press(.escape)
        guard case .confirm(let c) = p.modal else { Issue.record("not asked: \(p.modal)"); return }
        #expect(c.question.contains("Throw away what you typed (“Cath lab ready”)"))
        // Enter by reflex keeps the text: throwing it away takes a y.
        p.press(.enter)
        guard case .prompt(let back) = p.modal else { Issue.record("the draft is gone: \(p.modal)"); return }
        #expect(back.editor.text == "Cath lab ready")
        p.press(.ctrl("c"), .char("y"))
        #expect(p.modal == .none)
        #expect(try f.journalLines().count == 1)
        // Nothing typed: Esc simply cancels.
        p.press(.char("n"), .escape)
        #expect(p.modal == .none)
        // A number put there for you is no draft: Esc cancels at once.
        p.press(.enter, .char("c"))
        guard case .prompt(let seq) = p.modal, seq.purpose == .correctSeq else { Issue.record("\(p.modal)"); return }
        p.press(.escape)
        #expect(p.modal == .none)
    }

    /// Esc at the optional briefing note cancels the period (issue 23): nothing recorded, what
    /// was typed asked about first; Enter on an empty note starts it without one.
    @Test func escAtTheBriefingNoteStartsNoPeriodAndEnterStartsItWithoutANote() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.enter, .char("p"), .char("y"))
        guard case .prompt = p.modal else { Issue.record("\(p.modal)"); return }
        p.press(.escape)
        #expect(try f.journalLines().count == 1, "Esc on the optional note recorded the period")
        p.press(.enter, .char("p"), .char("y"))
        p.type("Half-typed briefi")
        p.press(.escape)
        guard case .confirm(let c) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(c.question.contains("Throw away what you typed"))
        p.press(.char("y"))
        #expect(try f.journalLines().count == 1)
        p.press(.enter, .char("p"), .char("y"), .enter)
        #expect(try types(f).filter { $0 == "period.started" }.count == 1)
        #expect(try last(f)["note"] == nil)
    }

    // MARK: 4. reading the log

    @Test func theTimelineOpensAnEntryInFullAndCorrectsTheSelectedOne() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        let earlier = ScreenFixture.activation.adding(seconds: 5 * 60)
        _ = try f.session().perform(.note("EHR went down", tag: nil), ActionContext(actor: "nurse", at: earlier), now: { f.now })
        p.tick()
        p.press(.char("n"))
        p.type("wrong unit")
        p.press(.enter)
        p.press(.tab, .tab)
        #expect(p.view == .timeline)
        let tl = f.screen(p, 100, 30)
        // When it happened, and when it was recorded since that was later.
        #expect(tl.contains("#2 08:05 (recorded 08:20) nurse: note: EHR went down"), "\(tl)")
        // The newest is selected; Enter reads it in full.
        p.press(.enter)
        let entry = f.screen(p, 100, 30)
        #expect(entry.contains("Entry #3"))
        #expect(entry.contains("wrong unit"))
        #expect(entry.contains("Happened: 2026-11-29 08:20"))
        #expect(entry.contains("By: scribe"))
        #expect(entry.contains("Hash "))
        p.press(.escape)
        p.press(.char("k"), .enter)
        let back = f.screen(p, 100, 30)
        #expect(back.contains("Recorded: 2026-11-29 08:20"), "\(back)")
        p.press(.escape, .char("j"))
        // c starts from the selected entry and shows it; the reason, typed and entered, confirms.
        p.press(.char("c"))
        guard case .prompt(let c) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(c.title.hasPrefix("Mark #3 ENTERED IN ERROR?"))
        #expect(c.title.contains("wrong unit"))
        #expect(f.screen(p, 100, 30).contains("Mark #3 ENTERED IN ERROR?"))
        // Typed ahead, the letters of a reason are the reason, never answers or keys.
        p.type("typed on the wrong incident")
        p.press(.enter)
        let l = try last(f)
        #expect(l["type"] as? String == "entry.corrected")
        #expect(l["target"] as? Int == 3)
        let after = f.screen(p, 100, 30)
        #expect(after.contains("✗ IN ERROR (see #4) #3 08:20 scribe: note: wrong unit"), "\(after)")
    }

    @Test func theTimelineScrollsAndSearches() throws {
        let f = try ScreenFixture()
        let s = try f.session()
        for i in 1...60 { _ = try s.perform(.note("round \(i) of checks", tag: nil), ActionContext(actor: "nurse"), now: { f.now }) }
        _ = try s.perform(.note("pharmacy courier late", tag: nil), ActionContext(actor: "nurse"), now: { f.now })
        let p = try f.post()
        p.press(.tab, .tab)
        p.press(.char("g"))
        #expect(f.screen(p, 80, 24).contains("1 of 62"))
        p.press(.pageDown)
        #expect(p.timelineScroll == 16, "a page is the rows shown, less one kept for context")
        p.press(.char("G"))
        #expect(p.timelineScroll == 61)
        p.press(.char("/"))
        p.type("courier")
        // Incremental: the timeline follows as the search is typed.
        #expect(p.model.timelineShown.map(\.seq) == [62])
        #expect(f.screen(p, 80, 24).contains("1 matching “courier”"))
        p.press(.enter)
        p.press(.escape)
        #expect(p.model.timelineShown.count == 62)
    }

    // MARK: 5. decisions

    @Test func aDecisionOffersToCompleteItsDecideTaskAndAsksWhy() throws {
        let f = try ScreenFixture(playbook: ScreenFixture.playbookWithDecideTask)
        let p = try f.post()
        p.press(.enter, .char("d"), .enter, .char("y"))
        let screen = f.screen(p, 80, 24)
        #expect(screen.contains("DECIDE → YES: Divert ambulances?"))
        #expect(screen.contains("y also marks DONE: “Decide on ambulance diversion”"))
        p.press(.char("y"))
        p.type("CT down, stroke patients to St Mary's")
        p.press(.enter)
        let lines = try f.journalLines()
        #expect(try types(f).suffix(2) == ["decision.made", "task.done"])
        #expect(lines[1].contains("\"note\":\"CT down, stroke patients to St Mary's\""))
        #expect(lines[2].contains("\"task\":\"ic-decide-divert\""))
        #expect(p.message?.text.contains("decided → yes: Divert ambulances?") == true)
        // The status line and timeline lead with the answer.
        p.press(.tab, .tab)
        #expect(f.screen(p, 100, 30).contains("decided → yes: Divert ambulances? — CT down"))
    }

    /// A decision changed later is recorded alone: its task is done already, and the question
    /// says it stays so (the engine's decide rule, `Engine.decisionTaskOutcome`).
    @Test func aChangedDecisionLeavesItsDoneTaskAsItIs() throws {
        let f = try ScreenFixture(playbook: ScreenFixture.playbookWithDecideTask)
        let p = try f.post()
        p.press(.enter, .char("d"), .enter, .char("y"), .char("y"), .enter)
        #expect(try types(f) == ["incident.opened", "decision.made", "task.done"])
        p.press(.enter, .char("d"), .enter, .char("n"))
        #expect(f.screen(p, 80, 24).contains("Its task “Decide on ambulance diversion” stays done."))
        p.press(.char("y"), .enter)
        #expect(try types(f) == ["incident.opened", "decision.made", "task.done", "decision.made"])
    }

    @Test func theDecideTaskIsNamedInTheShippedPlaybook() throws {
        let text = try #require(BuiltinPlaybook.all.first { $0.id == "occi" }).text
        let occi = try PlaybookLoader(library: PlaybookLibrary(directories: [])).load(text: text, name: "occi.yaml")
        #expect(occi.decision("ambulance-diversion")?.task == "ic-decide-diversion")
        #expect(occi.decision("extended-downtime")?.task == "ic-decide-downtime")
        #expect(occi.decision("elective-deferral")?.task == "ic-decide-electives")
        #expect(occi.decision("network-isolation")?.task == "ic-decide-isolation")
        #expect(occi.decision("breach-size")?.task == "privacy-count-affected")
    }

    // MARK: 6. task notes and times

    @Test func aNoteOnTheSelectedTaskIsKeptInItsHistory() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down, .char("t"))
        p.type("Forms run out on 4 West")
        p.press(.enter)
        let l = try last(f)
        #expect(l["type"] as? String == "note")
        #expect(l["task"] as? String == "paper")
        #expect(p.engine.state.tasks[2].history == [2])
        #expect(f.screen(p, 80, 30).contains("Forms run out on 4 West"))
    }

    @Test func doneAtATimeTypedIn() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down, .char("@"))
        p.type("08:10")
        p.press(.enter)
        let l = try last(f)
        #expect(l["type"] as? String == "task.done")
        #expect(l["task"] as? String == "paper")
        #expect(l["at"] as? String == "2026-11-29T08:10:00.000Z")
        // A time that cannot be read is said in one line, and the typed text stays.
        p.press(.up, .up)
        p.press(.char("@"))
        p.press(.char("y"))  // on a critical task nothing is asked until the time is given
        p.type("soon")
        p.press(.enter)
        guard case .prompt(let prompt) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(prompt.error?.contains("cannot read time 'ysoon'") == true)
    }

    // MARK: 7. help

    @Test func helpScrollsAtAnySizeAndHasALegend() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("?"))
        let first = f.screen(p, 60, 15)
        #expect(first.contains("Help — 1–"))
        #expect(!first.contains("What the symbols mean"))
        p.press(.end)
        let end = f.screen(p, 60, 15)
        #expect(end.contains("critical: asks"), "\(end)")
        p.press(.pageUp)
        #expect(f.screen(p, 60, 15).contains("✖   blocked"))
        p.press(.char("x"))
        #expect(p.modal == .none)
        #expect(try f.journalLines().count == 1, "a key that closes help acts on nothing")
    }

    @Test func shiftTabGoesBackAndMenusTakeHomeAndEnd() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.backTab)
        #expect(p.view == .systems)
        p.press(.backTab)
        #expect(p.view == .timeline)
        p.press(.tab, .tab)
        #expect(p.view == .checklist)
        p.press(.enter, .end)
        guard case .menu(let m) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(m.selected == m.items.count - 1)
        p.press(.home)
        guard case .menu(let m2) = p.modal else { return }
        #expect(m2.selected == 0)
    }

    // MARK: 8. filters and search

    @Test func myRoleOffersToPickARole() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.char("f"))
        guard case .menu(let m) = p.modal else { Issue.record("\(p.modal)"); return }
        let ops = try #require(m.items.firstIndex { $0.label.hasPrefix("Operations Section Chief") })
        for _ in 0..<ops { p.press(.down) }
        p.press(.enter)
        #expect(p.visibleTasks(now: f.now).map(\.def.id) == ["paper", "divert-ems"])
        #expect(f.screen(p, 80, 24).contains("Filter: role ops"))
        p.press(.escape)
        #expect(p.visibleTasks(now: f.now).count == 4)
        #expect(p.filter == .all)
    }

    @Test func searchIsIncrementalAndCoversNotesAndReasons() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .down, .char("b"))
        p.type("no forms in stock")
        p.press(.enter)
        p.press(.char("/"))
        p.type("pap")
        #expect(p.visibleTasks(now: f.now).map(\.def.id) == ["paper"], "the list follows as you type")
        p.press(.ctrl("u"))
        p.type("in stock")
        #expect(p.visibleTasks(now: f.now).map(\.def.id) == ["paper"], "a reason is searched")
        p.press(.escape)
        #expect(p.model.search == "", "Esc puts the search back as it was")
        p.press(.char("/"))
        p.type("Paper")
        p.press(.enter)
        // The match is highlighted (bold and underlined), not only coloured.
        var g = CellGrid(width: 80, height: 24)
        _ = p.render(into: &g)
        let row = (0..<24).first { y in (0..<80).map { g[$0, y].text }.joined().contains("Start paper downtime") }
        let y = try #require(row)
        let x = (0..<80).map { g[$0, y].text }.joined().range(of: "paper").map { _ in 9 } ?? 0
        #expect(g[x, y].style.underline)
    }

    // MARK: 9. titles and counters

    @Test func titlesUseTheWidthThereIs() throws {
        let long = "Activate the hospital command center and open the incident log on paper"
        let f = try ScreenFixture(playbook: ScreenFixture.playbookText.replacingOccurrences(of: "Activate the command center", with: long))
        let p = try f.post()
        // At 120 columns the detail pane keeps 40; the title has every other column.
        let wide = f.screen(p, 120, 40)
        #expect(wide.contains(String(long.prefix(57))), "\(wide)")
        #expect(f.screen(p, 160, 40).contains(long))
        let narrow = f.screen(p, 80, 24)
        #expect(narrow.contains(String(long.prefix(56))), "\(narrow)")
    }

    @Test func theScrollCounterNeverCoversADueTime() throws {
        var text = ScreenFixture.playbookText
        for i in 0..<60 {
            text += "\n  - id: t\(i)\n    title: Check unit \(i)\n    role: ops\n    phase: immediate\n    due: \(i + 1)h\n"
        }
        let f = try ScreenFixture(playbook: text)
        let p = try f.post()
        let lines = f.screen(p, 120, 40).split(separator: "\n", omittingEmptySubsequences: false)
        let counter = try #require(lines.firstIndex { $0.contains("rows 1–") })
        #expect(!lines[counter].contains("due "), "\(lines[counter])")
        #expect(lines[counter - 1].contains("due "))
    }

    @Test func aWaitingPrerequisiteIsNotCalledFinished() throws {
        let f = try ScreenFixture()
        let p = try f.post()
        p.press(.down, .enter, .char("S"))  // start "activate" out of order
        #expect(try types(f).last == "task.started")
        let screen = f.screen(p, 200, 40)
        #expect(!screen.contains("(finished)"))
        #expect(screen.contains("After: “Declare the cyber incident” (NOT finished: ready)"), "\(screen)")
    }

    // MARK: 10. systems

    @Test func aTypedSystemNameFindsTheOneAlreadyReported() throws {
        let f = try ScreenFixture()
        _ = try f.session().perform(.system("Lab system", .down), ActionContext(actor: "it"), now: { f.now })
        let p = try f.post()
        p.press(.tab, .tab, .tab, .enter, .char("o"))
        // Part of a name: the systems it may be are offered first.
        p.type("la")
        #expect(f.screen(p, 80, 24).contains("Known: Lab system"))
        p.press(.enter)
        guard case .menu(let m) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(m.items.first?.label.hasPrefix("Lab system") == true)
        p.press(.enter, .char("u"), .char("y"))
        #expect(try last(f)["system"] as? String == "Lab system")
        // Typed in other case: the same system, straight to its state.
        p.press(.enter, .char("o"))
        p.type("LAB SYSTEM")
        p.press(.enter)
        guard case .menu(let s) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(s.title == "Lab system is now…")
        // `lab` is the Lab system (a trailing "system" does not count): straight to its state.
        p.press(.escape, .enter, .char("o"))
        p.type("lab")
        p.press(.enter)
        guard case .menu(let l) = p.modal else { Issue.record("\(p.modal)"); return }
        #expect(l.title == "Lab system is now…")
    }
}
