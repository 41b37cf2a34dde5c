/// A shipped playbook compiled into runbook at build time from the repository's
/// `Playbooks/*.yaml` (by the EmbedPlaybooks plugin), so a binary copied alone still has it.
public struct BuiltinPlaybook: Sendable, Equatable {
    /// Its id: the file name without `.yaml`.
    public let id: String
    /// The file's exact text: frozen into an incident byte for byte, as a file would be.
    public let text: String

    /// What a built-in is called where a file path would stand (lists, messages, `extends`).
    public static let scheme = "built-in:"

    /// The name it goes by where a file path would stand: `built-in:occi.yaml`.
    public var path: String { BuiltinPlaybook.scheme + id + ".yaml" }

    /// Every built-in playbook, by id.
    public static let all: [BuiltinPlaybook] = table.map { BuiltinPlaybook(id: $0.id, text: $0.text) }

    /// The built-in a `built-in:ID` or `built-in:ID.yaml` name means, or nil.
    public static func named(_ path: String) -> BuiltinPlaybook? {
        guard path.hasPrefix(scheme) else { return nil }
        var id = path.dropFirst(scheme.count)
        if id.hasSuffix(".yaml") { id = id.dropLast(5) }
        return all.first { $0.id == id }
    }
}
