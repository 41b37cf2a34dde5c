/// A system's kind, and which `per: system` tasks it has an instance of.
extension Engine {
    /// The kind of the system `name` now: the latest kind recorded for it (a `system.status`
    /// entry's `kind`, folded in the order things happened), else the playbook's kind for a
    /// system it knows, else `other`. The one home of a system's kind.
    public func systemKind(_ name: String) -> String {
        state.facts.system(named: name)?.recordedKind
            ?? playbook.systems.known(named: name)?.kind
            ?? SystemCatalog.other
    }

    /// Whether task `i` has an instance for `system` by its kinds (`kinds:`): always for a task
    /// without them. An instance acted on before its system's kind changed to one the task is
    /// not for keeps its history and is inapplicable (`status(index:system:…)`).
    public func taskApplies(index i: Int, toSystem system: String) -> Bool {
        guard playbook.tasks[i].kinds != nil else { return true }
        return playbook.tasks[i].applies(toKind: systemKind(system))
    }
}
