import ArgumentParser
import CursesUI
import Foundation
import RunbookKit

/// `runbook generate-manual` (hidden): the man page, runbook(1), written from the same command
/// descriptions `--help` prints, the command post's own key tables, and the sections only a
/// page has (time formats, environment, files, examples). `make docs` runs it, so the page
/// cannot drift from the program: a new option or key is on the page at the next build.
struct Manual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-manual", abstract: "Print the man page (for make docs).", shouldDisplay: false)

    @Option(help: ArgumentHelp("The page's date, YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    func run() throws {
        let day = date ?? String(Timestamp.now().rfc3339.prefix(10))
        Console.data(ManPage.render(date: day))
    }
}

/// The man page's text, in man(7) macros.
enum ManPage {
    /// The parts of the parser's description of a command the page uses (`_dumpHelp`'s JSON).
    struct CommandInfo: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [CommandInfo]?
        var arguments: [ArgumentInfo]?
    }

    struct ArgumentInfo: Decodable {
        struct Name: Decodable { var kind: String; var name: String }
        var kind: String
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var abstract: String?
        var discussion: String?

        var longName: String? { names?.first { $0.kind == "long" }?.name }
        /// `--help` and `--version` are on every command; the page says so once.
        var isBuiltIn: Bool { ["help", "version"].contains(longName ?? "") || names?.contains { $0.name == "h" } == true }
    }

    struct ToolInfo: Decodable { var command: CommandInfo }

    /// The global options' long names: described once, under GLOBAL OPTIONS.
    static let globalNames: Set<String> = ["home", "incident", "actor"]

    static func render(date: String) -> String {
        guard let data = Runbook._dumpHelp().data(using: .utf8),
              let root = try? JSONDecoder().decode(ToolInfo.self, from: data).command else {
            return ""
        }
        var out = ".\\\" Made by 'runbook generate-manual' (make docs): edit the program, not this page.\n"
        out += ".TH RUNBOOK 1 \(quoted(date)) \(quoted("runbook \(Runbook.version)")) \(quoted("General Commands Manual"))\n"
        out += ".SH NAME\nrunbook \\- \(text(root.abstract ?? ""))\n"
        out += ".SH SYNOPSIS\n.B runbook\n[\\fIglobal options\\fR] [\\fIcommand\\fR] [\\fIarguments\\fR] [\\fIoptions\\fR]\n"
        out += ".SH DESCRIPTION\n\(paragraphs(root.discussion ?? ""))"
        out += ".PP\nWith no command it opens the command post (\\fBrunbook open\\fR). Every command has \\fB\\-\\-help\\fR; \\fBrunbook \\-\\-version\\fR prints the version and the commit it was built from.\n"

        out += ".SH GLOBAL OPTIONS\nEvery command takes these, before its name or after it.\n"
        for a in (root.arguments ?? []) where a.shouldDisplay && globalNames.contains(a.longName ?? "") {
            out += option(a)
        }

        out += ".SH COMMANDS\n"
        // `help` is the parser's own (`runbook help do` is `runbook do --help`).
        for c in root.subcommands ?? [] where c.shouldDisplay != false && c.commandName != "help" {
            out += command(c, path: "runbook")
        }

        out += timeFormats
        out += commandPostKeys()
        out += environment + files + examples + exitStatus
        out += ".SH SEE ALSO\nThe README in the release tarball, and \\fBrunbook playbooks print\\fR for the paper binder.\n"
        return out
    }

    /// One command's section: its usage line, what it does, its arguments and its own options.
    static func command(_ c: CommandInfo, path: String) -> String {
        let name = "\(path) \(c.commandName)"
        let args = (c.arguments ?? []).filter { $0.shouldDisplay && !$0.isBuiltIn && !globalNames.contains($0.longName ?? "") }
        if let subs = c.subcommands, !subs.isEmpty {
            var out = ".SS \(quoted(name))\n\(text(c.abstract ?? ""))\n"
            for s in subs where s.shouldDisplay != false { out += command(s, path: name) }
            return out
        }
        var usage = "\\fB\(text(name))\\fR"
        for a in args where a.kind == "positional" {
            let v = "\\fI\(text((a.valueName ?? "value").uppercased()))\\fR" + (a.isRepeating ? "\\&..." : "")
            usage += a.isOptional ? " [\(v)]" : " \(v)"
        }
        if args.contains(where: { $0.kind != "positional" }) { usage += " [\\fIoptions\\fR]" }
        var out = ".SS \(quoted(name))\n\(usage)\n.PP\n\(text(c.abstract ?? ""))\n"
        if let d = c.discussion, !d.isEmpty { out += paragraphs(d) }
        for a in args { out += option(a) }
        return out
    }

    /// One argument or option as a tagged paragraph.
    static func option(_ a: ArgumentInfo) -> String {
        var tag: String
        if a.kind == "positional" {
            tag = "\\fI\(text((a.valueName ?? "value").uppercased()))\\fR"
        } else {
            let long = a.longName ?? a.names?.first?.name ?? ""
            tag = "\\fB\\-\\-\(text(long))\\fR"
            if a.kind == "option", let v = a.valueName { tag += " \\fI\(text(v))\\fR" }
        }
        // Defaults are in the sentences themselves ("text (default) or html").
        var body = text(a.abstract ?? "")
        if let d = a.discussion, !d.isEmpty { body += "\n" + text(d) }
        return ".TP\n\(tag)\n\(body)\n"
    }

    /// The command post's keys, mode by mode, from the key tables the screen itself reads
    /// (`CommandPostModel.keyTable`), so the page lists what the keys really do.
    static func commandPostKeys() -> String {
        var out = ".SH COMMAND POST KEYS\n"
        out += "\\fBrunbook open\\fR shows the checklist; Tab moves between the checklist, the board, the timeline and the systems. The bar at the bottom shows the keys that act now; \\fB?\\fR lists them. Some keys act only when something can be recorded (not on a closed incident or a damaged journal).\n"
        // The keys every view has are listed once, after each view's own: the rows (keys and
        // sentence) found in all four views' tables.
        let views: [(KeyMode, String)] = [(.checklist, "Checklist"), (.board, "Board"), (.timeline, "Timeline"), (.systems, "Systems")]
        let dialogs: [(KeyMode, String)] = [(.entry, "An entry opened from the timeline"), (.menu, "A menu"), (.confirm, "A question"),
                                            (.prompt, "Typing a line")]
        struct Row: Hashable { var keys: String; var help: String }
        func rows(_ mode: KeyMode) -> [Row] {
            var seen: Set<Row> = []
            return CommandPostModel.keyTable(mode).bindings.compactMap { b in
                b.help.map { Row(keys: b.keys.map(\.label).joined(separator: " "), help: $0) }
            }.filter { seen.insert($0).inserted }
        }
        let shared = views.dropFirst().reduce(Set(rows(views[0].0))) { $0.intersection(rows($1.0)) }
        func section(_ title: String, _ list: [Row]) -> String {
            guard !list.isEmpty else { return "" }
            return ".SS \(quoted(title))\n" + list.map { ".TP\n.B \(quoted($0.keys))\n\(text($0.help))\n" }.joined()
        }
        for (mode, title) in views { out += section(title, rows(mode).filter { !shared.contains($0) }) }
        out += section("Every view", rows(.checklist).filter { shared.contains($0) })
        out += ".PP\nA key a view lists as its own acts there first (on the checklist, \\fB@\\fR is done at a time).\n"
        for (mode, title) in dialogs { out += section(title, rows(mode)) }
        return out
    }

    static let timeFormats = """
    .SH TIME FORMATS
    When something really happened (\\fB\\-\\-at\\fR, \\fB\\-\\-since\\fR, \\fB\\-\\-discovered\\fR) looks back:
    .TP
    .B HH:MM
    24-hour local time, the latest that has passed: at 08:00, 22:00 is last night. A time up to 12 hours ahead of this computer's clock is refused (a slow clock, or a slip); for yesterday beyond that, give the date.
    .TP
    .B "YYYY-MM-DD HH:MM"
    A local date and time (2026-11-29 14:05). Where the clocks went back, add the zone (01:30 EST) to say which of the two.
    .TP
    .B \\-40m, \\-2h
    A time ago.
    .TP
    .B RFC 3339
    With its offset: 2026-11-29T14:05:00Z, 2026-11-29T15:05:00+01:00.
    .PP
    When a system is expected back (\\fB\\-\\-eta\\fR) looks ahead:
    .TP
    .B HH:MM
    The next time the clock shows it: at 23:00, 06:00 is tomorrow morning.
    .TP
    .B +36h, +1d12h
    From now.
    .TP
    .B "Tue 14:00"
    The next Tuesday at 14:00 (today if still ahead).
    .TP
    .B "YYYY-MM-DD HH:MM\\fR, \\fBRFC 3339"
    As above.

    """

    static let environment = """
    .SH ENVIRONMENT
    .TP
    .B RUNBOOK_HOME
    Where incidents live, as \\fB\\-\\-home\\fR.
    .TP
    .B XDG_DATA_HOME
    Without either, incidents live in \\fI$XDG_DATA_HOME/runbook\\fR, else \\fI~/.local/share/runbook\\fR.
    .TP
    .B RUNBOOK_INCIDENT
    Which incident, as \\fB\\-\\-incident\\fR.
    .TP
    .B RUNBOOK_ACTOR
    Who is typing, as \\fB\\-\\-actor\\fR; without it, the login name (\\fBUSER\\fR, \\fBLOGNAME\\fR). The command post asks unless this or \\fB\\-\\-as\\fR says.
    .TP
    .B RUNBOOK_PLAYBOOKS
    A folder of playbooks looked in first, before \\fIHOME/playbooks\\fR, an installed \\fIshare/runbook/playbooks\\fR and the built-in ones.
    .TP
    .B COLUMNS
    How wide \\fBrunbook board \\-\\-once\\fR prints (80 when unset).
    .TP
    .B RUNBOOK_ASCII
    Set (and not 0), the screens, the board and the text for people use plain ASCII symbols (\\fB+\\fR for a tick, \\fB#\\fR for a bar). They do so by themselves under a locale that is not UTF-8 (\\fBLANG=C\\fR) and on \\fBTERM=linux\\fR or \\fBvt100\\fR. Reports, CSV, JSON and the journal stay UTF-8.
    .TP
    .B TERM
    The terminal. One that cannot move its cursor (\\fBdumb\\fR, unset or unknown) cannot show the command post or the live board; \\fBrunbook status\\fR and \\fBrunbook board \\-\\-once\\fR still print.
    .TP
    .B TZ
    The local time zone every typed and shown time is read in; \\fBrunbook report \\-\\-utc\\fR writes UTC instead.

    """

    static let files = """
    .SH FILES
    .TP
    .I HOME/incidents/ID/journal.jsonl
    The incident's journal: one JSON entry a line, each carrying the hash of the one before, appended and never edited (\\fBrunbook verify\\fR checks the chain). Folders are 0700, files 0600.
    .TP
    .I HOME/incidents/ID/playbook.yaml
    The playbook frozen when the incident began; entry 1 records its SHA-256, and every task and decision is read from it.
    .TP
    .I HOME/playbooks/
    Playbooks of your own, offered by \\fBrunbook playbooks list\\fR and \\fBrunbook new \\-\\-playbook\\fR beside the built-in ones (occi, hic-tcr).
    .TP
    .I HOME/station/
    This laptop's station: \\fIid\\fR, \\fIkey\\fR (its private Ed25519 key: never copy it to another laptop) and \\fIname\\fR, made the first time \\fBrunbook station\\fR is run and never replaced. Folder 0700, files 0600.

    """

    static let examples = """
    .SH EXAMPLES
    Start an incident and open the command post:
    .PP
    .nf
    .RS
    runbook new \\-\\-playbook occi \\-\\-name "EHR ransomware outage"
    runbook
    .RE
    .fi
    .PP
    Record from a script or another terminal:
    .PP
    .nf
    .RS
    runbook assign ic "Dr. Lee"
    runbook system EHR down \\-\\-eta "+36h"
    runbook do ops\\-activate\\-downtime start
    runbook decide ambulance\\-diversion divert \\-\\-note "ED at capacity"
    runbook do intel\\-validate\\-restored@EHR done \\-\\-at 14:05
    runbook note "Paper forms running low on 4 West" \\-\\-tag lesson
    .RE
    .fi
    .PP
    Copy an entry from the paper binder, as it happened, for the person who did it:
    .PP
    .nf
    .RS
    runbook do ops\\-activate\\-downtime done \\-\\-at 09:24 \\-\\-from\\-paper "ICS 214 p3" \\-\\-for ic
    .RE
    .fi
    .PP
    Read, check and export:
    .PP
    .nf
    .RS
    runbook status
    runbook board \\-\\-once
    runbook log \\-\\-since \\-2h \\-\\-role ic
    runbook verify
    runbook report \\-\\-output after\\-action.html
    runbook report \\-\\-format ics214 \\-\\-by person \\-\\-output hics214.txt
    .RE
    .fi

    """

    static let exitStatus = """
    .SH EXIT STATUS
    0 when it worked; 1 when it was refused or failed (\\fBrunbook verify\\fR: the journal is broken); 2 for a value it cannot read (a time, a name); 64 for a command line it cannot parse (an unknown command or option, a missing argument). Every error is one line on standard error starting \\fBrunbook: error:\\fR, and nothing is written to the journal.

    """

    /// `s` with the characters roff reads as commands escaped: a backslash, a leading dot or
    /// quote, hyphens (so options copy as ASCII minus signs); anything not ASCII (an arrow key,
    /// an ellipsis) as its `\[uXXXX]` name, so the page is ASCII and reads the same in any locale.
    static func text(_ s: String) -> String {
        var t = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": t += "\\e"
            case "-": t += "\\-"
            case _ where u.isASCII: t.unicodeScalars.append(u)
            default:
                let hex = String(u.value, radix: 16, uppercase: true)
                t += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        t = t.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let l = line.trimmingCharacters(in: .whitespaces)
            return (l.hasPrefix(".") || l.hasPrefix("'")) ? "\\&" + l : l
        }.joined(separator: "\n")
        return t
    }

    /// Text given as paragraphs separated by blank lines.
    static func paragraphs(_ s: String) -> String {
        s.components(separatedBy: "\n\n").map { ".PP\n" + text($0.trimmingCharacters(in: .whitespacesAndNewlines)) + "\n" }.joined()
    }

    /// A macro argument in double quotes (a quote inside written as two).
    static func quoted(_ s: String) -> String { "\"" + text(s).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
