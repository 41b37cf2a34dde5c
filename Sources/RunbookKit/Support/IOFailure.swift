import Foundation

/// A file call that failed, as data: what was being done, to what, why (the errno as a value,
/// or a finding such as "not a regular file"), and whether an action was under way and is NOT
/// recorded. Code decides by these fields; `description` makes the words, once.
public struct IOFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done when it failed.
    public enum Operation: Equatable, Sendable {
        case open, read, write, check, lock, use, create
        /// Flushing to disk (fsync): never retried, the kernel may have dropped the data.
        case flush
        /// Writing into a journal that was opened for reading only.
        case writeInto
        /// Saving the journal's torn end under the name `to`.
        case saveTornEnd(to: String)
        /// Cutting the journal's torn end off (ftruncate).
        case cutTornEnd
        /// Using a path as a folder (`folderWord` is the word the message uses).
        case useAsFolder(folderWord: String)
        /// A check of runbook's own that must never fail; the words say so.
        case internalCheck
    }

    /// Why it failed.
    public enum Reason: Equatable, Sendable {
        /// The call failed with this errno.
        case system(errno: Int32)
        /// A FIFO, device, folder or socket is where a regular file should be (`kind` in words).
        case notRegularFile(kind: String)
        /// The file was opened for reading only (permission denied or a read-only disk).
        case readOnly
        /// A file of that name is where a folder should be.
        case fileInTheWay
        /// The folder the file would go in does not exist or cannot be reached.
        case folderUnreachable(String)
        /// The bytes changed while they were read.
        case changedWhileRead
        /// Runbook's own check failed; the text says which.
        case internalError(String)
        /// A line whose write or flush failed could not be cut off again (this errno): the end
        /// of the file cannot be trusted.
        case earlierWriteNotTakenBack(errno: Int32)
    }

    /// What was being done.
    public var operation: Operation
    /// The path, or what it is in words ("the journal /…/journal.jsonl").
    public var what: String
    /// Why it failed.
    public var reason: Reason
    /// An action was under way and was NOT recorded (a failed write or flush of its line).
    public var notRecorded: Bool

    /// A failure of `operation` on `what` for `reason`.
    public init(_ operation: Operation, _ what: String, _ reason: Reason, notRecorded: Bool = false) {
        self.operation = operation
        self.what = what
        self.reason = reason
        self.notRecorded = notRecorded
    }

    /// A failure of runbook's own check (`text` says which): it must never happen.
    public static func internalError(_ text: String) -> IOFailure {
        IOFailure(.internalCheck, "", .internalError(text))
    }

    /// The errno, when the call failed with one.
    public var errno: Int32? {
        if case .system(let code) = reason { return code }
        return nil
    }

    /// Whether a FIFO, device, folder or socket was found where a regular file should be.
    public var isNotRegularFile: Bool {
        if case .notRegularFile = reason { return true }
        return false
    }

    /// The one line the user sees: "cannot write the journal: the disk is full; the action
    /// was NOT recorded".
    public var description: String {
        if case .internalError(let text) = reason { return "internal error: " + text }
        let doing: String
        switch operation {
        case .open: doing = "open \(what)"
        case .read: doing = "read \(what)"
        case .write: doing = "write \(what)"
        case .check: doing = "check \(what)"
        case .lock: doing = "lock \(what)"
        case .use: doing = "use \(what)"
        case .create: doing = "create \(what)"
        case .flush: doing = "flush \(what) to disk"
        case .writeInto: doing = "write to \(what)"
        case .saveTornEnd(let target): doing = "save \(what) to \(target)"
        case .cutTornEnd: doing = "cut the torn end off \(what)"
        case .useAsFolder(let word): doing = "use \(what) as a \(word)"
        case .internalCheck: doing = what
        }
        let why: String
        switch reason {
        case .system(let code): why = FileIO.reason(code)
        case .notRegularFile(let kind): why = "it is not a regular file (it is \(kind))"
        case .readOnly: why = "it is open for reading only (permission denied or a read-only disk)"
        case .fileInTheWay: why = "a file of that name is in the way (check --home or RUNBOOK_HOME)"
        case .folderUnreachable(let dir): why = "its folder \(dir) does not exist or cannot be reached"
        case .changedWhileRead: why = "it changed while being read"
        case .internalError(let text): why = text
        case .earlierWriteNotTakenBack(let code):
            why = "a line whose writing failed earlier could not be taken off again (\(FileIO.reason(code))), so the end of the file cannot be trusted; open the incident again and run 'runbook verify'"
        }
        return "cannot \(doing): \(why)" + (notRecorded ? "; the action was NOT recorded" : "")
    }
}
