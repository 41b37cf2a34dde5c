/// What one draft found out of order (see `OutOfOrder`, and a task acted on while it waits or
/// does not apply): each is refused with its reason, or, with `--force`, recorded, and the
/// entry carries `force` and the `deviation` in words.
struct Deviations {
    let force: Bool
    private(set) var reasons: [String] = []

    init(force: Bool) { self.force = force }

    /// Refuses with `refusal` unless forced; forced, keeps its deviation for the entry.
    mutating func outOfOrder(_ o: OutOfOrder) throws {
        try forced(.outOfOrder(o))
    }

    /// Refuses with a forceable `refusal` unless forced; forced, keeps its deviation.
    mutating func forced(_ refusal: Refusal) throws {
        guard force else { throw RunbookError.refused(refusal) }
        reasons.append(refusal.deviation ?? refusal.words())
    }

    /// The entry with its deviation, if any, and its paper source: the members every action
    /// may carry, added last.
    func apply(to d: inout EntryDraft, _ ctx: ActionContext) {
        if let paper = ctx.paper { d.fields.append(("paper", paper.scalar)) }
        guard !reasons.isEmpty else { return }
        d.fields.append(("force", .bool(true)))
        d.fields.append(("deviation", .string(reasons.joined(separator: "; "))))
    }
}
