import ArgumentParser
import Foundation
import RunbookKit

/// `runbook sync`: it reads the home and records seals in someone's name, for every incident.
enum SyncsHome: GlobalsRead {
    static let incident = false
    static let actor = true
}

/// `runbook sync DIR`: exchanges every incident's chains with a sync folder (`StationSync`).
struct Sync: RunbookCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Exchange the record with other stations through a folder (a USB stick, rsync, Syncthing, git).",
        discussion: """
        Seals this station's chain of every incident, takes in the other stations' chains found \
        in DIR/incidents that check out, and gives this station's chains and the copies it \
        holds. A fork or forgery is refused, loudly, and the copy held here is kept. Nothing is \
        ever deleted. Run it on each laptop in turn: runbook sync /media/usb/runbook. \
        Exit 0 when everything agreed, 1 when anything was refused.
        """)
    @Argument(help: ArgumentHelp("The sync folder (it must exist; an empty one is fine).", valueName: "dir"), completion: .directory)
    var dir: String
    @OptionGroup var globals: SomeGlobalOptions<SyncsHome>
    var own: GlobalOptions { globals.all }
    @ParentCommand var root: Runbook

    func run() throws {
        // A typo'd path is one clear error; an empty folder on a stick just works.
        var st = stat()
        guard stat(dir, &st) == 0 else {
            throw RunbookError.usage("the sync folder \(dir) does not exist: plug in the stick, or make the folder first (mkdir -p \(dir))")
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw RunbookError.usage("\(dir) is not a folder: give the folder to sync through") }
        let store = global.store
        let report = try StationSync(store: store, dir: dir, actor: try global.actorName()).run()
        let place = "on \(dir)"
        for event in report.events {
            switch event {
            case let .sealed(id, seq):
                Console.line("sealed this station's chain of \(id) at entry #\(seq)")
            case let .took(id, label, n, head, new):
                Console.line("took \(label.chainWords) of \(id): \(n) new \(n == 1 ? "entry" : "entries") (to #\(head))\(new ? "; a new incident here, shown read-only until someone records on it" : "")")
            case let .gave(id, label, n, head, isOwn):
                Console.line("gave \(isOwn ? "this station's chain" : label.chainWords) of \(id): \(n) new \(n == 1 ? "entry" : "entries") (to #\(head))")
            case let .refused(id, why):
                CommandLineEntry.printError(why.words(incident: id, place: place))
            case let .incidentRefused(id, problem):
                switch problem {
                case .playbookMissing(let path):
                    CommandLineEntry.printError("incident \(id) is new here but its playbook \(path) is missing: nothing of it was taken")
                case .playbookDiffers(let path):
                    CommandLineEntry.printError("incident \(id) is new here but its playbook \(path) is not the one its entry 1 recorded: nothing of it was taken")
                case .failed(let why):
                    CommandLineEntry.printError("incident \(id) was not synced: \(why); run the sync again once that is fixed")
                }
            }
        }
        if !report.changed && !report.refused {
            Console.line("nothing new: this station and \(dir) already hold the same chains")
        }
        if report.refused { throw ExitCode(1) }
    }
}
