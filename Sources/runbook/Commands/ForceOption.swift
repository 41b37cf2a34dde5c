import ArgumentParser
import Foundation
import RunbookKit

/// `--force`, for every action that can be out of order (not `new`).
struct ForceOption: ParsableArguments {
    @Flag(help: "Record it although it is out of order: a task still waiting or that does not apply, a time before the incident's discovery, a task done before it was started or before its prerequisite, a period begun before the current one. Recorded as a deviation.")
    var force = false
}
