import Yams

/// A value from a playbook file with the place it was written, for messages.
struct Located<T> {
    var value: T
    var file: String
    var line: Int
    var column: Int

    func diag(_ message: String, file: String? = nil) -> PlaybookDiagnostic {
        PlaybookDiagnostic(file: file ?? self.file, line: line, column: column, message: message)
    }
}

/// A YAML node with the file it came from (merged playbooks mix files).
struct SourcedNode {
    var node: Node
    var file: String
    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func diag(_ message: String) -> PlaybookDiagnostic {
        PlaybookDiagnostic(file: file, line: line, column: column, message: message)
    }
}

/// One role, phase, decision or task as written: its id and its members, unchecked.
struct RawItem {
    var id: Located<String>
    var fields: [String: SourcedNode]
    var keyOrder: [String]
}

/// A playbook file as parsed, before references are checked and extends is merged.
struct RawPlaybook {
    var file: String
    var top: [String: SourcedNode] = [:]
    var extends: Located<String>?
    var drop: [Located<String>] = []
    var sections: [String: [RawItem]] = ["roles": [], "phases": [], "decisions": [], "tasks": []]
    /// Each file's `systems:` block, the base's first: a tailoring file adds its own systems.
    var systems: [SourcedNode] = []

    init(file: String) { self.file = file }
}

/// The keys the format allows at each level, and which are required.
enum PlaybookSchema {
    static let topKeys = ["id", "title", "version", "source", "extends", "drop", "roles", "phases", "decisions", "systems", "tasks"]
    static let sectionKeys: [String: [String]] = [
        "roles": ["id", "title"],
        "phases": ["id", "title", "from", "to"],
        "decisions": ["id", "question", "options", "role", "task"],
        "tasks": ["id", "title", "role", "phase", "due", "after", "when", "every", "per", "kinds", "critical", "deadline", "milestone", "detail", "refs"],
    ]
    static let required: [String: [String]] = [
        "roles": ["id", "title"],
        "phases": ["id", "title", "from"],
        "decisions": ["id", "question", "options"],
        "tasks": ["id", "title", "role", "phase"],
    ]
    static let singular: [String: String] = ["roles": "role", "phases": "phase", "decisions": "decision", "tasks": "task"]
    static let sectionOrder = ["roles", "phases", "decisions", "tasks"]

    /// lowercase letters, digits and '-', starting with a letter or digit.
    static func validID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 } && s.first != "-"
    }
}
