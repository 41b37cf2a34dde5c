/// Why the file layer will not touch a path: the facts (the path, its owner, its mode), kept as
/// data; `words` says each once, with the exact command that fixes it where there is one.
public enum FileRefusal: Sendable, Equatable {
    /// The journal was moved or deleted while this terminal had it open.
    case journalGone(path: String)
    /// The file at the journal's path was replaced by a copy that lacks entry `lacking` as this
    /// terminal read it; the file read here is still open as `/proc/pid/fd/fd`.
    case journalReplaced(path: String, lacking: Int, pid: Int32, fd: Int32)
    /// The journal was written over in place (same file, other bytes) by a copy that lacks
    /// entry `lacking` as this terminal read it.
    case journalWrittenOver(path: String, lacking: Int)
    /// An export aimed inside the incidents folder.
    case exportInsideIncidents(path: String, incidentsDir: String)
    /// An export aimed at a folder that holds an incident journal.
    case exportBesideJournal(path: String)
    /// An export aimed at a link.
    case exportIsLink(path: String)
    /// An export aimed at a folder.
    case exportIsFolder(path: String)
    /// An export aimed at a FIFO, device or socket (`kind` in words).
    case exportNotRegular(path: String, kind: String)
    /// An export aimed at a file that holds a runbook journal.
    case exportHoldsJournal(path: String)
    /// The home (or its incidents folder) belongs to another user.
    case homeOwnedByOther(path: String, owner: String, me: String)
    /// The home (or its incidents folder) can be changed by other users.
    case homeWritableByOthers(path: String, mode: String)
    /// The incident's journal is a link.
    case journalIsLink(journal: String, folder: String)
    /// The incident folder can be read or changed by other users.
    case incidentFolderLoose(folder: String, mode: String)
    /// The incident's journal belongs to another user.
    case journalOwnedByOther(journal: String, owner: String, me: String)
    /// The incident's journal can be read or changed by other users.
    case journalLoose(journal: String, mode: String)
    /// The incident folder is a link.
    case incidentFolderIsLink(path: String, incidentsDir: String)
    /// What stands where an incident folder should is not a folder (`kind` in words).
    case notIncidentFolder(path: String, kind: String)
    /// The incident folder belongs to another user.
    case incidentFolderOwnedByOther(path: String, owner: String, me: String)
    /// A file of the station (`<home>/station`) is missing: runbook does not make a new station
    /// over the old one.
    case stationFileMissing(path: String, folder: String)
    /// A file of the station cannot be read as runbook wrote it.
    case stationFileDamaged(path: String, damage: StationDamage, folder: String)
    /// The station's folder or one of its files can be read or changed by other users.
    case stationLoose(path: String, mode: String, folder: Bool)
    /// What stands where the station's folder should is not a folder (`kind` in words).
    case stationNotFolder(path: String, kind: String)

    /// The refusal in words, for the command line and the screen alike.
    public var words: String {
        func q(_ p: String) -> String { IncidentStore.shellQuoted(p) }
        switch self {
        case .journalGone(let path):
            return "the journal \(path) is gone: it was moved or deleted while in use; nothing was recorded. Put it back, or open the incident again"
        case .journalReplaced(let path, let lacking, let pid, let fd):
            return "the journal was replaced by a copy that lacks entry \(lacking) as this terminal read it (a restore or sync tool?); nothing was recorded. Keep both files — the one read here can be copied from /proc/\(pid)/fd/\(fd) while this runbook runs — and run 'runbook verify' (\(path))"
        case .journalWrittenOver(let path, let lacking):
            return "the journal was written over in place by a copy that lacks entry \(lacking) as this terminal read it (a restore with cp, rsync --inplace or cat >?); nothing was recorded. Keep the file as it is, run 'runbook verify' (\(path)), and open the incident again"
        case .exportInsideIncidents(let path, let incidentsDir):
            return "will not write \(path): it is inside the incidents folder \(incidentsDir), and incident files are only written by runbook itself; choose another place"
        case .exportBesideJournal(let path):
            return "will not write \(path): its folder holds an incident journal, and incident files are only written by runbook itself; choose another place"
        case .exportIsLink(let path):
            return "will not write \(path): it is a link to another file; give the path of a real file or a new name"
        case .exportIsFolder(let path):
            return "will not write \(path): it is a folder, not a regular file; give a file name inside it"
        case .exportNotRegular(let path, let kind):
            return "will not write \(path): it is not a regular file (it is \(kind))"
        case .exportHoldsJournal(let path):
            return "will not write \(path): it holds a runbook journal, which must never be overwritten; choose another name"
        case .homeOwnedByOther(let path, let owner, let me):
            return "\(path) belongs to another user (\(owner)), so what is written there would not be private: if it should be yours, run 'sudo chown \(me) \(q(path)) && chmod 700 \(q(path))'; otherwise choose another --home"
        case .homeWritableByOthers(let path, let mode):
            return "\(path) can be changed by other users (mode \(mode)), and runbook changes no folder it did not make: if it is runbook's own, run 'chmod 700 \(q(path))'; otherwise choose another --home"
        case .journalIsLink(let journal, let folder):
            return "the journal \(journal) is a link to another file, and runbook does not follow it: put the journal file itself in \(folder)"
        case .incidentFolderLoose(let folder, let mode):
            return "the incident folder \(folder) can be read or changed by other users (mode \(mode); a restore can leave it so): run 'chmod 700 \(q(folder))'"
        case .journalOwnedByOther(let journal, let owner, let me):
            return "the journal \(journal) belongs to another user (\(owner)), so it may not be this incident's: if it should be yours, run 'sudo chown \(me) \(q(journal))'"
        case .journalLoose(let journal, let mode):
            return "the journal \(journal) can be read or changed by other users (mode \(mode); a restore can leave it so): run 'chmod 600 \(q(journal))'"
        case .incidentFolderIsLink(let path, let incidentsDir):
            return "\(path) is a link to another place, not an incident folder, and runbook does not follow it: move the incident's folder itself into \(incidentsDir)"
        case .notIncidentFolder(let path, let kind):
            return "\(path) is not an incident folder (it is \(kind))"
        case .incidentFolderOwnedByOther(let path, let owner, let me):
            return "\(path) belongs to another user (\(owner)): if it should be yours, run 'sudo chown -R \(me) \(q(path))'"
        case .stationFileMissing(let path, let folder):
            return "the station file \(path) is missing, and runbook will not make a new station key, which would make this laptop a new station: put the file back from a backup, or move \(q(folder)) aside to start this home as a new station"
        case .stationFileDamaged(let path, let damage, let folder):
            return "the station file \(path) is damaged (\(damage.words)), and runbook will not make a new station key, which would make this laptop a new station: put the file back from a backup, or move \(q(folder)) aside to start this home as a new station"
        case .stationLoose(let path, let mode, let folder):
            return "the station \(folder ? "folder" : "file") \(path) can be read or changed by other users (mode \(mode)), and it holds this station's private key: run 'chmod \(folder ? "700" : "600") \(q(path))'"
        case .stationNotFolder(let path, let kind):
            return "\(path) is where this home's station folder belongs, but it is not a folder (it is \(kind)): move it aside"
        }
    }
}
