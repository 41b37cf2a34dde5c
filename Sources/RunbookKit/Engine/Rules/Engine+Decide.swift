import Foundation

/// The decide rule: recording a decision completes the task that records it (its `task:` in
/// the playbook), in one step. The command line (`runbook decide`) and the command post (`y` on
/// an answer) both record `.decide` through `Engine.drafts`, so both write the same entries.
extension Engine {
    /// Every entry `action` records, checked, in order: one for most actions; for a decision, its
    /// own entry, then `task.done` for the task that records it when that task is not finished
    /// yet (not done, skipped, or not applying). The task's done has the decision's `at`,
    /// `paper` and `for` (its note stays on the decision), and is checked against the state as
    /// it will be once the decision is written, by the same task rule as `do TASK done`. When
    /// that rule holds the done back (the task still waits on its prerequisites, or would be
    /// done out of order in time), the decision is recorded alone and the task stays open
    /// (`decisionTaskLeftOpen` says why): the IC's answer is never refused for want of the
    /// paperwork before it, and other tasks depend on it. With `--force` both are recorded, the
    /// done noting its deviation; a done refused even then refuses both
    /// (`Refusal.decisionTaskHeld`). A decision changed later does not complete its task again.
    public func drafts(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws -> [EntryDraft] {
        let first = try draft(action, ctx, now: now)
        guard case .decide(let id, _) = action, let taskID = playbook.decision(id)?.task,
              let view = taskView(taskID, now: now), !view.status.isFinished else { return [first] }
        switch try decisionTaskDone(taskID, after: first, ctx, now: now) {
        case .drafted(let done): return [first, done]
        case .heldBack(let why):
            if !ctx.force { return [first] }
            throw RunbookError.refused(.decisionTaskHeld(decision: id, task: taskID, because: why))
        }
    }

    /// The decision's task `taskID` done, drafted against the state as it will be once the
    /// decision (`first`) is written, so the task's rules see its answer; or the refusal that
    /// holds it back. Same `at`, `paper` and `for` as the decision; the note stays on it.
    func decisionTaskDone(_ taskID: String, after first: EntryDraft, _ ctx: ActionContext, now: Timestamp) throws -> DecisionTaskDone {
        var after = self
        after.apply(JournalEntry(draft: first, seq: state.entryCount + 1, time: now, prev: .zero, hash: .zero))
        let done = ActionContext(actor: ctx.actor, at: ctx.at, note: nil, force: ctx.force, paper: ctx.paper, forWhom: ctx.forWhom)
        do {
            return .drafted(try after.draft(.task(taskID, .done), done, now: now))
        } catch RunbookError.refused(let why) {
            return .heldBack(why)
        }
    }

    /// After decision `id` was recorded: the task that records it when it is still open, and
    /// why its done is held back (waiting on its prerequisites…): what the command line says
    /// under the decision it recorded alone. Nil when the task was done with it, or there is none.
    public func decisionTaskLeftOpen(_ id: String, now: Timestamp) -> (task: String, why: Refusal)? {
        guard let taskID = playbook.decision(id)?.task, let view = taskView(taskID, now: now), !view.status.isFinished,
              let why = availability(.done, view).refusal else { return nil }
        return (taskID, why)
    }

    /// What recording decision `id` as `option` now (with `ctx`'s time, unforced) does to the
    /// task that records it: what the command post says before it is confirmed. Asks the same
    /// `decisionTaskDone` as `drafts`, so it cannot say otherwise than what is recorded.
    public func decisionTaskOutcome(_ id: String, _ option: String, _ ctx: ActionContext, now: Timestamp) -> DecisionTaskOutcome {
        guard let taskID = playbook.decision(id)?.task, let view = taskView(taskID, now: now) else { return .noTask }
        if view.status.isFinished { return .stays(task: taskID, status: view.status) }
        var unforced = ctx
        unforced.force = false
        // The decision itself refused is said when it is recorded.
        guard let first = try? draft(.decide(id, option), unforced, now: now),
              case .heldBack(let why)? = try? decisionTaskDone(taskID, after: first, unforced, now: now) else { return .completes(task: taskID) }
        return .heldBack(task: taskID, why)
    }
}

/// The done of a decision's task, drafted, or the refusal that holds it back.
enum DecisionTaskDone {
    case drafted(EntryDraft)
    case heldBack(Refusal)
}

/// What recording a decision does to the task that records it (`Engine.decisionTaskOutcome`).
public enum DecisionTaskOutcome: Sendable, Equatable {
    /// No task records the decision (the playbook gives it no `task:`).
    case noTask
    /// The task is marked done with the decision.
    case completes(task: String)
    /// The task's done is held back (`why`: it waits on its prerequisites, or would be done
    /// out of order): the decision is recorded alone and the task stays open; forced, both are
    /// recorded, the done noting its deviation.
    case heldBack(task: String, Refusal)
    /// The task is already `status` (done, skipped, or not applying): the decision is recorded
    /// alone and the task stays as it is.
    case stays(task: String, status: TaskStatus)
}
