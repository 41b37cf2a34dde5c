extension Playbook {
    /// The task that declares the incident, if the playbook has one: the one task done once,
    /// on no condition, that waits on nothing, is due from activation, and whose title starts
    /// with "Declare" (occi's ic-declare, "Declare a cyber incident and activate the emergency
    /// operations plan"; not "Declare the all-clear…", which comes after other work). Playbooks
    /// do not mark it yet: this title rule is its one home until a playbook can say so itself
    /// (as a decision's `task:` now says which task records it).
    public var declarationTask: String? {
        let found = tasks.filter {
            $0.after.isEmpty && $0.when == nil && $0.every == nil && !$0.perSystem && $0.due?.afterActivation != nil
                && $0.title.lowercased().hasPrefix("declare ")
        }
        return found.count == 1 ? found[0].id : nil
    }
}
