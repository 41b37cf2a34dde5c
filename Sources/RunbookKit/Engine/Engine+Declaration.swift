extension Engine {
    /// When a task's done (or skip) entry counts as having happened, for its lateness and its
    /// milestone: when it happened (`at`, else when it was recorded), except for the declaration.
    /// An incident activated back-dated (entry 1 written up a minute or more after the time it
    /// gives) was activated by its declaration: the IC who then ticks the declaration task
    /// (`Playbook.declarationTask`) without a time of its own declared at the activation, not
    /// when ticking it (activated at −50 min and ticked now is not "35 min late"). A time given
    /// with `--at` is the time it happened, and counts as given.
    public func judgedTime(of e: JournalEntry) -> Timestamp {
        guard e.at == nil, state.entries.first?.isBackDated == true,
              let declaration = playbook.declarationTask, e.string("task") == declaration else { return e.when }
        return min(e.when, state.activated)
    }
}
