extension Playbook {
    /// When a task comes due: `offset` after its `anchor` (activation, discovery, another task's
    /// done time, or a decision recorded with a given option).
    public struct Due: Sendable, Equatable, CustomStringConvertible {
        /// What a due time counts from.
        public enum Anchor: Sendable, Equatable {
            /// The incident's activation (a plain `due: 30m`).
            case activation
            /// When the organization first knew (entry 1's `discovered`): `60d after discovery`.
            case discovery
            /// When that task was done: `72h after ic-declare`.
            case task(String)
            /// When that decision was recorded with that option: `60d after decision D = O`
            /// (the loader writes only that form here).
            case decision(Condition)
        }

        public var offset: PlaybookDuration
        public var anchor: Anchor

        public init(_ offset: PlaybookDuration, after anchor: Anchor = .activation) {
            self.offset = offset; self.anchor = anchor
        }

        /// The offset when it counts from activation (a plain `due: 30m`), else nil.
        public var afterActivation: PlaybookDuration? { anchor == .activation ? offset : nil }

        /// As written in a playbook: `30m`, `72h after ic-declare`,
        /// `60d after decision regulator-notification = notify`, `60d after discovery`.
        public var description: String {
            switch anchor {
            case .activation: return "\(offset)"
            case .discovery: return "\(offset) after discovery"
            case .task(let id): return "\(offset) after \(id)"
            case .decision(let c): return "\(offset) after decision \(c)"
            }
        }

        /// In words, for a due time not yet fixed: "due 72 h after ic-declare is done".
        public var words: String {
            let w = PlaybookDuration.ruleWords(seconds: offset.seconds)
            switch anchor {
            case .activation: return "due T+\(w)"
            case .discovery: return "due \(w) after discovery"
            case .task(let id): return "due \(w) after \(id) is done"
            case .decision(.equals(let d, let o)): return "due \(w) after \(d) is decided \(o)"
            case .decision(let c): return "due \(w) after \(c) is decided"
            }
        }
    }
}

extension PlaybookDuration {
    /// A rule's length in words, in the unit rules are written in: "72 h", "60 days",
    /// "1 day 12 h", "30 min", "1 h 30 min". Up to 72 hours stays in hours (insurers and
    /// regulators write "72 hours"); whole days beyond.
    public static func ruleWords(seconds: Int) -> String {
        let m = seconds / 60
        if m < 60 { return "\(m) min" }
        let h = m / 60, mm = m % 60
        if h <= 72 || m % (24 * 60) != 0 && h < 96 { return mm == 0 ? "\(h) h" : "\(h) h \(mm) min" }
        let d = h / 24, hh = h % 24
        let days = d == 1 ? "1 day" : "\(d) days"
        return hh == 0 && mm == 0 ? days : (mm == 0 ? "\(days) \(hh) h" : "\(days) \(hh) h \(mm) min")
    }
}

extension Playbook.TaskDef {
    /// Whether its plain `due` counts from some moment after activation: when its `when:`
    /// became true, or when its instance's system was first reported down or degraded.
    public var dueStartsLater: Bool { due?.anchor == .activation && (when != nil || perSystem) }

    /// Its first due rule in words, for while its clock has not started: `Due.words`, but a
    /// plain `due` that starts later says from what: "due 2 h after it is decided" (a task with
    /// `when:`, shown after its condition), "due 2 h after its system is reported down or degraded".
    public var dueRuleWords: String? {
        guard let due else { return nil }
        guard dueStartsLater else { return due.words }
        let from = [when == nil ? nil : "it is decided", perSystem ? "its system is reported down or degraded" : nil]
        return "due \(PlaybookDuration.ruleWords(seconds: due.offset.seconds)) after " + from.compactMap { $0 }.joined(separator: " and ")
    }
}
