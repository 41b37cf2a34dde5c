import ArgumentParser
import Foundation
import RunbookKit

/// `--at`, `--from-paper` and `--for`, shared by every action command, `new` included.
struct ActionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("When it really happened, if not now: HH:MM (24-hour local, the latest that has passed; up to 12 h ahead is refused, a slow clock), YYYY-MM-DD HH:MM (local), -40m, or RFC 3339.", valueName: "time"))
    var at: String?

    /// Bare (`--from-paper` alone, or before another option) it takes the value `true`.
    @Option(name: .customLong("from-paper"), defaultAsFlag: PaperArgument.unreferenced, parsing: .next,
            help: ArgumentHelp("Transcribed later from the paper binder; REF names the form or page (e.g. \"ICS 214 p3\"). Alone (or 'true'), it just marks the entry as from paper.", valueName: "ref"))
    var fromPaper: PaperArgument? = nil

    @Option(name: .customLong("for"),
            help: ArgumentHelp("Recorded on behalf of this person (you stay the one who typed it): a name, or a role id (e.g. ic) for whoever held that role then. Roles and HICS 214s go by this person.", valueName: "name|role"), completion: .custom(Completion.roles))
    var forName: String?

    /// Whom the entry is for, as typed (checked and resolved by the engine); nil when not given.
    func forWhom() throws -> String? {
        guard let forName else { return nil }
        try TextRules.checkName(forName, what: "name after --for")
        return forName
    }

    /// What the entry records as `paper`: the reference, or true for a bare `--from-paper`.
    func paper() throws -> PaperReference? {
        switch fromPaper {
        case nil: return nil
        case .unreferenced?: return .unreferenced
        case .reference(let ref)?:
            try TextRules.checkName(ref, what: "paper reference")
            return .reference(ref)
        }
    }

    func when(now: Timestamp) throws -> Timestamp? {
        guard let at else { return nil }
        return try WhenParser.parse(at, now: now)
    }

    /// The action's context as these options and `global`'s actor give it: who typed it, when
    /// it happened, for whom, from which paper page. Every action command builds it here.
    func context(_ global: GlobalOptions, note: String?, force: Bool, now: Timestamp) throws -> ActionContext {
        ActionContext(actor: try global.actorName(), at: try when(now: now), note: note, force: force,
                      paper: try paper(), forWhom: try forWhom())
    }

    /// A time typed to another option than `--at` (`--discovered`, amend's), its refusal
    /// naming that option.
    static func time(_ text: String, option: String, now: Timestamp) throws -> Timestamp {
        do {
            return try WhenParser.parse(text, now: now)
        } catch RunbookError.usage(let why) {
            throw RunbookError.usage("\(option): \(why)")
        }
    }
}

/// What `--from-paper` was given: nothing or `true` (the entry is from paper, no form named), or
/// the form or page it was copied from. `true` and a bare flag record the same `"paper": true`.
enum PaperArgument: ExpressibleByArgument, CustomStringConvertible {
    case unreferenced
    case reference(String)

    init?(argument: String) { self = argument == "true" ? .unreferenced : .reference(argument) }

    var description: String {
        switch self {
        case .unreferenced: return "true"
        case .reference(let ref): return ref
        }
    }
}
