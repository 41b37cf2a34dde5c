import Foundation
import RunbookKit

/// The board's panels, in priority order: systems, decisions, deadlines, progress, roles,
/// the last entries.
extension BoardRenderer {
    // MARK: - panels

    /// The panels in priority order.
    /// The panels in priority order. With free text hidden (a wall screen) the last entries
    /// are left out: an entry's words are typed by people.
    static func panels(_ engine: Engine, _ f: BoardFacts, options: Options) -> [Panel] {
        [systemsPanel(f), decisionsPanel(engine, f), deadlinesPanel(engine, f), progressPanel(engine, f),
         rolesPanel(engine, f)] + (f.freeText == .hidden ? [] : [lastEntriesPanel(engine, f, count: options.lastEntries)])
    }

    typealias Span = StyledLine.Span

    static func systemsPanel(_ f: BoardFacts) -> Panel {
        let now = f.now
        let down = f.systems.filter { $0.state == .down }.count
        let degraded = f.systems.filter { $0.state == .degraded }.count
        let up = f.systems.filter { $0.state == .up }.count
        var heading = [Span("SYSTEMS", .bold)]
        if !f.systems.isEmpty {
            heading.append(Span(" — ", .bold))
            var parts: [Span] = []
            if down > 0 { parts.append(Span(nb("\(down) DOWN"), .overdue)) }
            if degraded > 0 { parts.append(Span(nb("\(degraded) DEGRADED"), .blocked)) }
            if up > 0 { parts.append(Span(nb("\(up) UP"), .done)) }
            for (i, p) in parts.enumerated() { heading.append(p); if i < parts.count - 1 { heading.append(Span(" · ", .bold)) } }
        }
        var lines: [StyledLine] = []
        if f.systems.isEmpty { lines.append(StyledLine("No system has been reported down.", .muted)) }
        for sys in f.systems {
            var l = StyledLine([], indent: 11)
            switch sys.state {
            case .down: l.spans.append(Span("✖ DOWN     ", .overdue))
            case .degraded: l.spans.append(Span("◐ DEGRADED ", .blocked))
            case .up: l.spans.append(Span("✓ UP       ", .done))
            }
            l.spans.append(Span(sys.name, .bold))
            if sys.state == .up, f.goLiveNotRecorded.contains(where: { SystemRecord.sameSystem($0.system, sys.name) }) {
                // Up by report, not live by the checklist (`Engine.goLiveNotRecorded`): not "back".
                l.spans.append(Span(" — reported up \(clock(sys.since, now)), was out \(dur(sys.outageSeconds(now: now)))", .muted))
                l.spans.append(Span("; " + nb("go-live not recorded"), .blocked))
            } else if sys.state == .up {
                l.spans.append(Span(" — up \(clock(sys.since, now)), was out \(dur(sys.outageSeconds(now: now)))", .muted))
            } else {
                // A system down, then degraded, has been out since before its state began.
                let out = dur(sys.outageSeconds(now: now))
                l.spans.append(Span(sys.outageSecondsBefore > 0
                    ? " — \(sys.state.rawValue) since \(clock(sys.since, now)), out \(out) in all"
                    : " — since \(clock(sys.since, now)), out \(out)", .normal))
                l.spans.append(contentsOf: etaSpans(sys, now: now))
                if let moved = sys.movesText(together: nb) {
                    l.spans.append(Span(" · " + moved, sys.isPastEstimate(now: now) ? .overdue : .accent))
                }
            }
            lines.append(l)
        }
        return Panel(kind: .systems, title: heading, lines: lines)
    }

    static func decisionsPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        for m in f.made {
            var l = StyledLine([Span("✔ ", .done), Span(m.decision.question + " "), Span("→ \(m.record.option.uppercased())", .accent)], indent: 2)
            l.spans.append(Span(" · \(clock(m.record.when, now)) by \(nb(m.record.by))\(m.role.map { " (\($0))" } ?? "")", .muted))
            // The rationale (which patient groups a diversion covers) is typed by people.
            if f.freeText.showsNotes, let why = engine.state.entry(m.record.seq)?.note, !why.isEmpty {
                l.spans.append(Span(": " + TextFold.oneLine(why)))
            }
            lines.append(l)
        }
        // The most urgent open decisions; the rest counted, so the deadlines stay in sight.
        for o in f.openDue.prefix(3) {
            var l = StyledLine([Span("? OPEN ", .blocked), Span(o.decision.question)], indent: 2)
            let tasks = o.dueTasks == 1 ? "1 task waits" : "\(o.dueTasks) tasks wait"
            l.spans.append(Span(" — \(tasks) on it, due since \(o.earliestDue.map { clock($0, now) } ?? "")", .blocked))
            lines.append(l)
        }
        if f.openDue.count > 3 {
            let n = f.openDue.count - 3
            lines.append(StyledLine("… and \(n) more open decision\(n == 1 ? "" : "s") with tasks due: " + f.openDue.dropFirst(3).map(\.decision.question).joined(separator: " · "), .blocked))
        }
        if !f.openOther.isEmpty {
            let n = f.openOther.count
            lines.append(StyledLine("\(n) other decision\(n == 1 ? "" : "s") open, nothing due on \(n == 1 ? "it" : "them") yet.", .muted))
        }
        if lines.isEmpty { lines.append(StyledLine("This playbook has no decisions.", .muted)) }
        return Panel(kind: .decisions, title: [Span("DECISIONS", .bold), Span(" — \(f.made.count) made, \(f.openDue.count + f.openOther.count) open", .bold)], lines: lines)
    }

    static func deadlinesPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        var passed = 0
        // Conditional clocks already counting (from discovery) are shown with their condition,
        // never as passed (the engine's `TaskView.conditional`); those that start only on an
        // answer are named on one line.
        let pending = f.deadlines.filter { $0.conditional != nil && $0.due == nil }
        for v in f.deadlines where !(v.conditional != nil && v.due == nil) {
            let who = " — \(v.def.role)\(engine.holder(of: v.def.role).map { " · " + nb($0) } ?? "")"
            if v.status.isFinished {
                let when = v.record.since.map { " \(clock($0, now))" } ?? ""
                lines.append(StyledLine([Span("✓ \(v.status == .done ? "DONE" : "SKIPPED")\(when) ", .done), Span(title(v)), Span(who, .muted)], indent: 2))
            } else if let c = v.conditional, let due = v.due {
                lines.append(StyledLine([Span("◷ ", .accent), Span(title(v), .bold),
                                         Span(" — if \(c): due \(clock(due, now))", .muted), Span(who, .muted)], indent: 2))
            } else if let due = v.due, due < now {
                passed += 1
                lines.append(StyledLine([Span("✖ PASSED ", .overdue), Span(title(v), .bold),
                                         Span(" — was due \(clock(due, now)), \(dur(due.seconds(until: now))) ago", .overdue), Span(who, .muted)], indent: 2))
            } else if let due = v.due {
                let left = now.seconds(until: due)
                lines.append(StyledLine([Span("◷ ", .accent), Span(title(v), .bold),
                                         Span(" — due \(clock(due, now)) · \(dur(left)) left", left < 6 * 3600 ? .blocked : .accent),
                                         Span(who, .muted)], indent: 2))
            } else {
                let rule = v.def.dueRuleWords.map { " — not started: " + $0 } ?? " — no due time"
                lines.append(StyledLine([Span("◷ ", .accent), Span(title(v), .bold), Span(rule, .muted), Span(who, .muted)], indent: 2))
            }
        }
        if !pending.isEmpty {
            let names = pending.map { v in "\(title(v)) (if \(v.conditional.map(\.description) ?? ""))" }
            lines.append(StyledLine("Start only on a decision: " + names.joined(separator: " · "), .muted))
        }
        if lines.isEmpty { lines.append(StyledLine("No external deadline (insurer, regulator) is tracked in this playbook.", .muted)) }
        var heading = [Span("DEADLINES", .bold)]
        if passed > 0 { heading.append(Span(" — \(passed) PASSED", .overdue)) }
        return Panel(kind: .deadlines, title: heading, lines: lines)
    }

    static func progressPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let now = f.now
        var lines: [StyledLine] = []
        let numberWidth = (f.phases + f.roles).map { "\($0.done)/\($0.applicable)".count }.max() ?? 5
        // Bar and numbers first, so they line up whatever the names' lengths.
        func row(_ p: BoardFacts.Progress, role: Bool) -> StyledLine {
            let barWidth = 10
            let filled = p.applicable == 0 ? 0 : (p.finished * barWidth + p.applicable / 2) / p.applicable
            var l = StyledLine([Span(String(repeating: "█", count: filled), .done),
                                Span(String(repeating: "░", count: barWidth - filled) + " ", .muted)], indent: barWidth + numberWidth + 3)
            // The numbers count done; skipped work is said after the title, never as done.
            let numbers = "\(p.done)/\(p.applicable)"
            l.spans.append(Span(String(repeating: " ", count: numberWidth - numbers.count) + numbers + "  ", p.finished == p.applicable ? .done : .bold))
            l.spans.append(Span(p.title))
            if p.skipped > 0 { l.spans.append(Span(" · " + nb("\(p.skipped) skipped"), .muted)) }
            if role { l.spans.append(Span(" · " + nb(p.holder ?? "UNFILLED"), p.holder == nil ? .blocked : .muted)) }
            if p.overdue > 0 { l.spans.append(Span(" · " + nb("\(p.overdue) OVERDUE"), .overdue)) }
            if p.blocked > 0 { l.spans.append(Span(" · " + nb("\(p.blocked) BLOCKED"), .blocked)) }
            return l
        }
        lines.append(StyledLine("By phase (done / applicable):", .underlined))
        lines += f.phases.map { row($0, role: false) }
        lines.append(StyledLine("By role:", .underlined))
        lines += f.roles.map { row($0, role: true) }
        if f.mostOverdue.isEmpty && f.blocked.isEmpty {
            lines.append(StyledLine("✓ Nothing overdue, nothing blocked.", .done))
        }
        if !f.mostOverdue.isEmpty {
            lines.append(StyledLine("Most overdue (\(f.mostOverdue.count) in all):", .underlined))
            for v in f.mostOverdue.prefix(5) {
                let holder = engine.holder(of: v.def.role)
                lines.append(StyledLine([Span(nb(StatusText.overdue(by: (v.due ?? now).seconds(until: now))) + " ", .overdue), Span(title(v)),
                                         Span(" — \(v.def.role) · ", .muted), Span(holder.map(nb) ?? "nobody holds this role", holder == nil ? .blocked : .bold)], indent: 2))
            }
            if f.mostOverdue.count > 5 { lines.append(StyledLine("… and \(f.mostOverdue.count - 5) more overdue", .overdue)) }
        }
        if !f.blocked.isEmpty {
            lines.append(StyledLine("Blocked (\(f.blocked.count)):", .underlined))
            for v in f.blocked { lines.append(blockedLine(engine, f, v)) }
        }
        return Panel(kind: .progress, title: [Span("PROGRESS", .bold), Span(" — \(f.mostOverdue.count) overdue · \(f.blocked.count) blocked", f.mostOverdue.isEmpty ? .bold : .overdue)], lines: lines)
    }

    static func rolesPanel(_ engine: Engine, _ f: BoardFacts) -> Panel {
        let s = engine.state
        let now = f.now
        let pb = engine.playbook
        var lines: [StyledLine] = []
        let filled = pb.roles.filter { s.roles[$0.id] != nil }.count
        for r in pb.roles {
            if let h = s.roles[r.id] {
                var l = StyledLine([Span("\(r.title): "), Span(nb(h.person), .bold), Span(" since \(clock(h.since, now))", .muted)], indent: 4)
                if let prev = h.previous.last { l.spans.append(Span(", took over from " + nb(prev.person), .muted)) }
                lines.append(l)
            } else {
                lines.append(StyledLine([Span("⚠ UNFILLED ", .blocked), Span(r.title)], indent: 4))
            }
        }
        var heading = [Span("ROLES", .bold), Span(" — \(filled) of \(pb.roles.count) filled", .bold)]
        if filled < pb.roles.count { heading.append(Span(" · \(pb.roles.count - filled) UNFILLED", .blocked)) }
        return Panel(kind: .roles, title: heading, lines: lines)
    }

    /// A task's title, with the system for one instance of a per-system task ("Restore — EHR").
    static func title(_ v: TaskView) -> String {
        v.system.map { "\(v.def.title) — \(nb($0))" } ?? v.def.title
    }

    static func lastEntriesPanel(_ engine: Engine, _ f: BoardFacts, count: Int) -> Panel {
        let s = engine.state
        var lines: [StyledLine] = []
        // Without notes (`--no-notes`): no note entry, and no entry's note.
        let newest = f.freeText.showsNotes ? Array(s.entries.suffix(count).reversed())
            : Array(s.entries.reversed().lazy.filter { $0.kind != .note }.prefix(count))
        for e in newest {
            // A time an entry names (an estimate) in the board's one date form.
            var words = EntryText.withNote(EntryText.describe(e, playbook: engine.playbook, dateTime: { when($0) }),
                                           note: f.freeText.showsNotes ? e.note : nil, isNote: e.kind == .note)
            if let p = EntryText.paper(e) { words += " [\(p)]" }
            var l = StyledLine([Span("\(clock(e.time, f.now)) ", .muted), Span("#\(e.seq) " + (EntryText.stationMark(e, state: s).map { nb("(\($0))") + " " } ?? "") + nb(EntryText.who(e)) + ": ", .muted),
                                Span(words)], indent: 4)
            if e.isBackDated { l.spans.append(Span(" (happened \(clock(e.when, f.now)))", .muted)) }
            if let by = s.corrected[e.seq] { l.spans.append(Span(" [corrected by #\(by)]", .muted)) }
            lines.append(l)
        }
        return Panel(kind: .lastEntries, title: [Span("LAST ENTRIES", .bold), Span(" — newest first", .muted)], lines: lines)
    }
}
