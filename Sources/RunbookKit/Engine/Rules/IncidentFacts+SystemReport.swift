/// What reporting a system says besides the entry: the alias typed, or a kind left unsaid.
/// Said once (standard error, the status line); never recorded.
public enum SystemNotice: Sendable, Equatable {
    /// `typed` is an alias of the known system `name`, which the entry records.
    case aliasOf(typed: String, name: String)
    /// `system` is not one of the playbook's systems and no kind was given when it was first
    /// reported: it counts as `other` until a report gives its kind (one of `kinds`).
    case kindNotGiven(system: String, kinds: [String])
}

/// A system report as the entry records it: the name, the kind given (if any) and what to say.
public struct SystemReport: Sendable, Equatable {
    /// The name recorded: the playbook's name for an alias, else the name it was first reported as.
    public var name: String
    /// The kind recorded (`kind` in the entry), when one was given.
    public var kind: String?
    /// What to tell the person reporting it.
    public var notices: [SystemNotice]
}

extension IncidentFacts {
    /// The system-report rule, the one home that resolves a reported system's name and checks
    /// its kind. A name or alias of a system the playbook knows (`SystemCatalog.resolve`, case
    /// and spacing not counting) is recorded as the playbook's name; any other name as the system
    /// first reported by that name (`system(named:)`), else as typed, cleaned of invisible
    /// characters (one mixing Latin with Cyrillic or Greek letters is refused). A kind given must
    /// be one of the playbook's kinds or `other`. A system the playbook does not know, reported
    /// for the first time without a kind, counts as `other` and is noticed (`kindNotGiven`).
    public func systemReport(_ typed: String, kind: String?, catalog: SystemCatalog) throws -> SystemReport {
        try TextRules.checkName(typed.trimmingCharacters(in: .whitespaces), what: "system name")
        let cleaned = SystemRecord.clean(typed).trimmingCharacters(in: .whitespaces)
        try TextRules.checkName(cleaned, what: "system name")
        var notices: [SystemNotice] = []
        let (resolved, alias) = catalog.resolve(cleaned)
        if alias { notices.append(.aliasOf(typed: cleaned, name: resolved)) }
        let name: String
        let earlier = system(named: resolved)
        if let earlier {
            name = earlier.name
        } else if catalog.known(named: resolved) != nil {
            name = resolved
        } else if let problem = SystemRecord.mixedScriptProblem(resolved) {
            throw RunbookError.usage(problem)
        } else {
            name = resolved
        }
        var given: String?
        if let kind {
            let k = kind.trimmingCharacters(in: .whitespaces)
            guard catalog.isValidKind(k) else { throw RunbookError.refused(.unknownSystemKind(kind: k, valid: catalog.validKinds)) }
            given = k
        } else if earlier == nil, catalog.known(named: name) == nil {
            notices.append(.kindNotGiven(system: name, kinds: catalog.validKinds))
        }
        return SystemReport(name: name, kind: given, notices: notices)
    }
}
