import Foundation

/// The rule of `runbook amend`: entry 1's facts corrected by an appended entry.
extension IncidentFacts {
    /// The fields of an `incident.amended` entry for `a`: only what changes, each checked as
    /// `runbook new` checks it (a name's length and characters; an activation neither in the
    /// future nor before 2000; discovery no later than activation, with both as amended).
    func amendmentFields(_ a: Amendment, now: Timestamp) throws -> [(String, JSONScalar)] {
        if a.isEmpty { throw RunbookError.refused(.nothingToAmend) }
        var fields: [(String, JSONScalar)] = []
        if let n = a.name {
            let name = n.trimmingCharacters(in: .whitespaces)
            try TextRules.checkName(name, what: "incident name")
            if name != self.name { fields.append(("name", .string(name))) }
        }
        let newActivated = a.activated ?? activated
        // Discovery follows the activation when it was never given apart from it.
        let newDiscovered = a.discovered ?? (discovered == activated ? newActivated : discovered)
        if let t = a.activated {
            try ActionTime.check(t, now: now, discovered: min(newDiscovered, t))
            if t != activated { fields.append(("activated", .string(t.rfc3339))) }
        }
        if let t = a.discovered {
            try ActionTime.check(t, now: now, discovered: t)
            if t != discovered { fields.append(("discovered", .string(t.rfc3339))) }
        }
        if newDiscovered > newActivated {
            throw RunbookError.refused(.discoveredAfterActivation(discovered: newDiscovered, activated: newActivated))
        }
        if let x = a.exercise, x != exercise { fields.append(("exercise", .bool(x))) }
        if fields.isEmpty { throw RunbookError.refused(.amendmentChangesNothing) }
        return fields
    }
}
