import Foundation

extension ActionRules {
    /// The estimate rule: only a system down or degraded has one; it lies after the moment it
    /// was given (`at`, else now) and within a year of now (more is a typing slip).
    public static func checkEstimate(_ action: Action, _ ctx: ActionContext, now: Timestamp) throws {
        guard case .system(let name, let state, let eta?, _) = action else { return }
        if state == .up {
            throw RunbookError.usage("\(name.trimmingCharacters(in: .whitespaces)) is being reported up: an estimate (--eta) is only for a system down or degraded")
        }
        let given = ctx.at ?? now
        guard ActionTime.isRecordable(eta), eta > given else {
            throw RunbookError.usage("the estimate \(eta.localDateTime) is not after \(ctx.at == nil ? "now" : "the time given with --at") (\(given.localDateTime)); give when the system is expected back")
        }
        guard eta.millis <= now.millis + Int64(ActionTime.maxBeforeDiscovery) * 1000 else {
            throw RunbookError.usage("the estimate \(eta.localDateTime) is more than a year ahead; check the date")
        }
    }
}
