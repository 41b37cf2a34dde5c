import ArgumentParser
import Foundation
import RunbookKit

/// What the shell completions offer for the words only the incident knows: task ids (with
/// `TASK@SYSTEM` for each affected system of a per-system task), decision ids and the chosen
/// decision's options, role ids, system names and kinds, incident ids.
///
/// The shells run `runbook ---completion …` at each Tab, so this reads the incident and nothing
/// else, writes nothing, says nothing on stderr, and offers nothing when there is no incident
/// or it cannot be read (a Tab is never the place for an error).
enum Completion {
    /// The command line being completed, as the shell split it: `words[0]` is the program.
    struct Line {
        var words: [String]

        /// The value given to `option` (`--home DIR` or `--home=DIR`) anywhere on the line.
        func value(of option: String) -> String? {
            for (i, w) in words.enumerated().dropFirst() {
                if w == option, i + 1 < words.count { return words[i + 1] }
                if w.hasPrefix(option + "=") { return String(w.dropFirst(option.count + 1)) }
            }
            return nil
        }

        /// `--home` and `--incident` as the line gives them, read by the same rules a command
        /// reads them with (`GlobalOptions.store`, `incidentID`: the environment when not given).
        var globals: GlobalOptions {
            var g = GlobalOptions()
            g.home = value(of: "--home")
            g.incident = value(of: "--incident")
            return g
        }

        /// The options that take a value, so the word after one is not read as an argument.
        static let valued: Set<String> = [
            "--home", "--incident", "--actor", "--at", "--for", "--note", "--eta", "--kind", "--reason", "--tag",
            "--since", "--role", "--type", "--format", "--output", "--by", "--journal", "--export", "--playbook",
            "--name", "--discovered", "--as",
        ]

        /// The arguments written after the command's name `command`, before word `index`
        /// (options and their values left out): `runbook decide --note x DEC <TAB>` gives [DEC].
        func arguments(after command: String, before index: Int) -> [String] {
            var out: [String] = []
            var seen = false
            var i = 1
            while i < min(index, words.count) {
                let w = words[i]
                if Line.valued.contains(w) { i += 2; continue }
                if w.hasPrefix("-") { i += 1; continue }
                if seen { out.append(w) } else if w == command { seen = true }
                i += 1
            }
            return out
        }
    }

    /// The incident the line names (`--incident`, else RUNBOOK_INCIDENT), else the newest open
    /// one, else the newest; nil when there is none.
    static func session(_ line: Line) -> IncidentSession? {
        let g = line.globals
        let store = g.store, named = g.incidentID
        let id: String
        if let named {
            // A name that is no incident offers nothing, never another incident's ids.
            guard IncidentStore.isValidID(named) else { return nil }
            id = named
        } else {
            let all = store.list()
            guard let newest = all.first(where: { !$0.closed }) ?? all.first else { return nil }
            id = newest.id
        }
        return try? IncidentSession(store: store, id: id, writable: false, tolerateDamage: true, onWarning: { _ in })
    }

    /// `runbook do <TAB>`: every task id of the incident's playbook; a per-system task as
    /// `TASK@SYSTEM`, once for each system it has a turn for (none until a system is reported).
    static func tasks(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let session = session(Line(words: words)) else { return [] }
        let engine = session.engine
        var out: [String] = []
        for (i, task) in engine.playbook.tasks.enumerated() {
            if task.perSystem {
                out += engine.instanceSystems(i).map { "\(task.id)@\($0)" }
            } else {
                out.append(task.id)
            }
        }
        return out
    }

    /// `runbook decide <TAB>`: the decision ids.
    static func decisions(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let session = session(Line(words: words)) else { return [] }
        return session.engine.playbook.decisions.map(\.id)
    }

    /// `runbook decide DECISION <TAB>`: that decision's options (nothing for an unknown one).
    static func options(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let line = Line(words: words)
        guard let decision = line.arguments(after: "decide", before: index).first,
              let session = session(line), let d = session.engine.playbook.decision(decision) else { return [] }
        return d.options
    }

    /// `runbook assign <TAB>`, `--role`, `--for`: the role ids.
    static func roles(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let session = session(Line(words: words)) else { return [] }
        return session.engine.playbook.roles.map(\.id)
    }

    /// `runbook system <TAB>`: the systems the playbook knows and those already reported.
    static func systems(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let session = session(Line(words: words)) else { return [] }
        var out: [String] = []
        for name in session.engine.playbook.systems.known.map(\.name) + session.state.systems.map(\.name)
        where !out.contains(where: { SystemRecord.sameSystem($0, name) }) {
            out.append(name)
        }
        return out
    }

    /// `runbook system NAME STATE --kind <TAB>`: the playbook's system kinds.
    static func kinds(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let session = session(Line(words: words)) else { return [] }
        return session.engine.playbook.systems.kinds
    }

    /// `--incident <TAB>`: the incidents in the home, newest first.
    static func incidents(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        Line(words: words).globals.store.list().map(\.id)
    }
}
