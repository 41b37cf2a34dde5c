/// The words of every refusal, written once: the command line says them after
/// `runbook: error:`, the command post on its status line. Nothing reads these words back;
/// decisions are made on the `Refusal` value.
extension Refusal {
    /// Where a refusal is said: the two differ only where the way out differs (the command
    /// post has no `--force` key; it numbers entries `#N`).
    public enum Surface: Sendable { case commandLine, commandPost }

    /// Under a decision recorded alone: its task `task` stays open because its done is held
    /// back (this refusal), and how it is done later (on the screen, after the task's title).
    public func decisionTaskLeftOpenWords(task: String, on surface: Surface = .commandLine) -> String {
        let because: String
        if case .waiting(_, let on) = self { because = "it still waits on \(on.joined(separator: ", "))" } else { because = words(on: surface) }
        // The screen names the task by its title in its own sentence ("Its task … stays open:").
        if surface == .commandPost { return "\(because); mark it done once that is done" }
        return "\(task) is not marked done: \(because); 'runbook do \(task) done' once that is done, or now with --force (noted as a deviation)"
    }

    /// The refusal in words, for `surface`.
    public func words(on surface: Surface = .commandLine) -> String {
        switch self {
        case .closed(let name, let at, let seq):
            let undo = seq.map { surface == .commandPost ? "; a close recorded by mistake is undone by marking entry #\($0) in error (Timeline)"
                : "; a close recorded by mistake is undone with 'runbook correct \($0) --reason TEXT', which reopens it" } ?? ""
            return "incident '\(name)' was closed at \(at.localDateTime); it takes no more actions\(undo)"
        case .clockWrong(let now):
            return "the computer's clock says \(now.rfc3339), which cannot be right; nothing was recorded. Set the clock (date, time and time zone) and try again"
        case .clockAhead(let now, let previous):
            let gap = PlaybookDuration.spoken(seconds: previous.seconds(until: now))
            let way = surface == .commandPost ? "confirm to record it anyway" : "add --force to record it anyway (the entry notes it)"
            return "the computer's clock says \(now.localDateTime), \(gap) after the last entry was recorded (\(previous.localDateTime)); check the clock (date, time and time zone), or if it is right, \(way)"
        case .clockTimeAhead(let typed, let minutes, let now):
            let yesterday = now.adding(seconds: -86_400).localParts()
            let date = "\(Timestamp.pad(yesterday.year, 4))-\(Timestamp.pad(yesterday.month, 2))-\(Timestamp.pad(yesterday.day, 2)) \(typed.count == 4 ? "0" : "")\(typed)"
            return "\(typed) is \(PlaybookDuration.spoken(seconds: minutes * 60)) from now (this computer's clock reads \(now.localHHMM)), so it has not happened yet; if the clock is slow, set it right or give how long ago (-10m); for yesterday, type the date too (\(date))"
        case .perSystemUnnamed(let id, let systems):
            if surface == .commandPost {
                // The screen's terms: the rows to act on are right under the task.
                return systems.isEmpty ? "Done per affected system; none is reported down yet (Tab to Systems to add one)."
                    : "Done per system: select a row under it (\(systems.map { "↳ \($0)" }.joined(separator: ", ")))."
            }
            guard let first = systems.first else {
                return "task \(id) is done once for each affected system, and no system has been reported down or degraded yet (runbook system NAME down)"
            }
            return "task \(id) is done once for each affected system: name one, e.g. \(id)@\(first) (its instances: \(systems.map { "\(id)@\($0)" }.joined(separator: ", ")))"
        case .nothingToReopen(let id, let status, let round):
            if round > 1 {
                return "task \(id) is on round \(round) with nothing recorded yet; to undo a round recorded in error, use 'runbook correct SEQ --reason …'"
            }
            return "task \(id) is \(status.rawValue): there is nothing to reopen"
        case .alreadyDone(let id, let at):
            return "task \(id) is already done (\(at.map { $0.localDateTime } ?? "")); reopen it first if it must be done again"
        case .skipped(let id):
            return "task \(id) was skipped; reopen it first"
        case .alreadyStarted(let id):
            return "task \(id) is already started"
        case .alreadyBlocked(let id, let reason):
            return "task \(id) is already blocked: \(reason ?? "")"
        case .waiting(let id, let on):
            return "task \(id) is waiting on \(on.joined(separator: ", ")); \(on.count == 1 ? "that comes" : "those come") first, or add --force to record it out of order (noted as a deviation)"
        case .undecided(let id, let decision, let options):
            if surface == .commandPost {
                return "“\(id)” records the decision \(decision): choose its answer (\(options.joined(separator: ", "))) first."
            }
            return "task \(id) records a decision not made yet: record the answer first with 'runbook decide \(decision) \(options.joined(separator: "|"))', then mark the task done; --force cannot mark it done without the answer, which other tasks depend on (to leave it undone, skip it with --note \"why\")"
        case .decisionTaskHeld(let decision, let task, let because):
            return "nothing was recorded: deciding \(decision) also marks its task \(task) done, which cannot be recorded even out of order: \(because.words(on: surface))"
        case .inapplicable(let id, let condition, let decision, let answer):
            return "task \(id) does not apply: it is only for \(condition ?? "another answer"), and \(decision ?? "the decision") was answered \(answer); add --force to record it anyway (noted as a deviation)"
        case .outOfOrder(let o):
            let way = surface == .commandPost ? "record it on the command line with --force" : "add --force to record it anyway"
            return "\(o.why); if that is really so, \(way) (noted as a deviation)"
        case .periodBeforeActivation(let activated):
            return "an operational period cannot begin before the incident was activated (\(activated.localDateTime)); period 1 began then. Check --at"
        case .closeBeforeActivation(let activated):
            return "an incident cannot close before it was activated (\(activated.localDateTime)); check --at"
        case .entryOpensIncident:
            return surface == .commandPost ? "Entry #1 opens the incident and cannot be marked in error; correct its facts with Amend (Enter, then A)."
                : "entry 1 opens the incident and cannot be marked in error; correct its time, name or exercise flag with 'runbook amend'"
        case .nothingToAmend:
            return surface == .commandPost ? "Nothing to amend: change the activation time, the discovery time, the name or the exercise flag."
                : "nothing to amend: give --at (the activation time), --discovered, --name or --exercise yes|no"
        case .amendmentChangesNothing:
            return surface == .commandPost ? "That is what the incident already says: nothing was amended."
                : "that is what the incident already says: nothing to amend"
        case .discoveredAfterActivation(let discovered, let activated):
            return "the organization cannot have first known (\(discovered.localDateTime)) after the command post was activated (\(activated.localDateTime)); check the times"
        case .alreadyCorrected(let seq, let by):
            return surface == .commandPost ? "Entry #\(seq) is already marked entered in error by #\(by); to restore it, correct #\(by)."
                : "entry \(seq) is already marked entered in error by entry \(by); to restore it, correct entry \(by)"
        case .undoTooLate(let seqs):
            return "Not undone: \(Refusal.entryList(seqs)) \(seqs.count == 1 ? "was" : "were") recorded more than a minute ago. Mark \(seqs.count == 1 ? "it" : "them") entered in error from the timeline (Tab, then c)."
        case .undoAfterDependent(let seqs, let later, let by):
            return "Not undone: #\(later) (\(by)) was recorded after \(Refusal.entryList(seqs)) and depends on it. Nothing was recorded; correct them from the timeline (Tab, then c) if needed."
        case .nobodyHoldsRole(let role):
            let way = surface == .commandPost ? "assign it first, or type the person's name" : "assign it first (runbook assign \(role) NAME), or give the person's name to --for"
            return "nobody has been given the role \(role), so it cannot say whom the entry is for; \(way)"
        case .severalOpen(let open):
            let list = open.map { "\($0.id) “\($0.name)” activated \($0.activated.localDateTime)\($0.exercise ? " (exercise)" : "")" }
            return "\(open.count) incidents are open; say which one this is for with --incident ID (or RUNBOOK_INCIDENT): \(list.joined(separator: "; "))"
        case .unknownSystemKind(let kind, let valid):
            return "'\(kind)' is not a kind of system in this playbook\(Nearest.hint(for: kind, in: valid)) (kinds: \(valid.joined(separator: ", ")))"
        case .kindNotForTask(let task, let system, let kind, let kinds):
            let way = surface == .commandPost ? "if that kind is wrong, report it again with its kind (Systems)"
                : "if that kind is wrong, give the right one: runbook system \"\(system)\" STATE --kind KIND"
            return "task \(task) is only for systems of kind \(kinds.joined(separator: ", ")), and \(system) is \(kind); \(way)"
        case .noDecisions:
            return "this playbook has no decisions"
        case .incidentStartNotHere(let incident):
            return "incident \(incident) came here from other stations without the chain of the station that started it; nothing was recorded. Sync with a folder that holds that station's chain (runbook sync DIR), then try again"
        case .stationEntryNotCorrectable(let seq):
            return "entry #\(seq) is a station's joining or seal, which records how the record was kept, not what happened; it cannot be marked in error"
        case .closeNotConfirmed(let typed):
            return typed.isEmpty ? "not closed: nothing was typed" : "not closed: “\(typed)” is neither the incident's name nor CLOSE"
        case .reopenNotConfirmed(let typed):
            return typed.isEmpty ? "not reopened: nothing was typed" : "not reopened: “\(typed)” is neither the incident's name nor REOPEN"
        case .file(let refusal):
            return refusal.words
        }
    }

    /// What the journal keeps in `deviation` when a forceable refusal is recorded anyway with
    /// `--force` (for the day-ahead clock rule, in `clockAhead`); nil for one that cannot be forced.
    public var deviation: String? {
        switch self {
        case .waiting(_, let on): return "acted while waiting on \(on.joined(separator: ", "))"
        case .inapplicable(_, _, let decision, let answer): return "acted although \(decision ?? "the decision") was answered \(answer)"
        case .outOfOrder(let o): return o.deviation
        case .clockAhead(let now, let previous):
            return "recorded \(PlaybookDuration.spoken(seconds: previous.seconds(until: now))) after the previous entry (\(previous.localDateTime)): the clock read \(now.localDateTime)"
        default: return nil
        }
    }
}

extension OutOfOrder {
    /// What is out of order, in words (the refusal adds the way out).
    public var why: String {
        switch self {
        case .beforeDiscovery(let at, let discovered):
            return "--at \(at.localDateTime) is before the incident was discovered (\(discovered.localDateTime))"
        case .periodBeforeCurrent(let period, let started, let at):
            return "period \(period) began at \(started.localDateTime), after \(at.localDateTime): a new period would begin before the current one"
        case .doneBeforeStarted(let id, let at, let started):
            return "task \(id) cannot be done at \(at.localDateTime): it was started at \(started.localDateTime)"
        case .beforeSystemReported(let id, let verb, let at, let system, let reported):
            return "task \(id) cannot be \(OutOfOrder.word(verb)) at \(at.localDateTime): \(system) was first reported at \(reported.localDateTime)"
        case .beforePrerequisite(let id, let verb, let at, let prerequisite, let done):
            return "task \(id) cannot be \(OutOfOrder.word(verb)) at \(at.localDateTime): its prerequisite \(prerequisite) was done at \(done.localDateTime)"
        }
    }

    /// The `deviation` recorded with it under `--force`.
    public var deviation: String {
        switch self {
        case .beforeDiscovery(_, let discovered):
            return "happened before the incident was discovered (\(discovered.localDateTime))"
        case .periodBeforeCurrent(let period, let started, _):
            return "period begun before period \(period)'s start (\(started.localDateTime)); numbered in time order"
        case .doneBeforeStarted(_, _, let started):
            return "done before it was started (\(started.localDateTime))"
        case .beforeSystemReported(_, let verb, _, let system, let reported):
            return "\(OutOfOrder.word(verb)) before \(system) was first reported (\(reported.localDateTime))"
        case .beforePrerequisite(_, let verb, _, let prerequisite, let done):
            return "\(OutOfOrder.word(verb)) before its prerequisite \(prerequisite) was done (\(done.localDateTime))"
        }
    }

    static func word(_ verb: Action.TaskVerb) -> String { verb == .done ? "done" : "started" }
}

extension SystemNotice {
    /// The notice in words, for `surface` (the command line prints it on standard error,
    /// after `runbook: warning:` for a missing kind).
    public func words(on surface: Refusal.Surface = .commandLine) -> String {
        switch self {
        case .aliasOf(let typed, let name):
            return "\(typed) is \(name) in this playbook: recorded as \(name)"
        case .kindNotGiven(let system, let kinds):
            if surface == .commandPost {
                return "\(system) is not one of this playbook's systems: recorded as kind other"
            }
            return "\(system) is not one of this playbook's systems, so it was recorded as kind 'other'; say what kind it is with --kind KIND (\(kinds.joined(separator: ", "))), now or in a later report"
        }
    }
}

extension Refusal {
    /// "#43" or "#43 and #44".
    static func entryList(_ seqs: [Int]) -> String {
        seqs.map { "#\($0)" }.joined(separator: " and ")
    }
}
