/// A system reported up whose go-live was not recorded: the board and the report flag it,
/// rather than one table saying "back since" and another "go-live: not reached".
public struct GoLiveNotRecorded: Sendable, Equatable {
    /// The system, as recorded.
    public var system: String
    /// When it was reported up (its current state's start).
    public var upSince: Timestamp
    /// The go-live task (`Playbook.goLiveTask`) whose instance for it is not recorded.
    public var task: String

    /// "EHR: reported up Sun 22 Nov 16:00; go-live not recorded".
    public var words: String { "\(system): \(detail)" }
    /// The same without the system's name, for a line that already names it.
    public var detail: String { "reported up \(upSince.localWeekdayDateClock); go-live not recorded" }
}

extension Engine {
    /// Every system reported up, after being down or degraded, whose instance of the go-live
    /// task is not done or skipped (nor ruled out by a decision or by the system's kind), in
    /// the order the systems were first reported. The one home of this fact.
    public func goLiveNotRecorded(now: Timestamp) -> [GoLiveNotRecorded] {
        guard let goLive = playbook.goLiveTask, let i = taskIndex[goLive.id],
              let view = taskView(goLive.id, now: now) else { return [] }
        return state.systems.compactMap { sys in
            guard sys.state == .up, state.affectedSystems.contains(sys.name), taskApplies(index: i, toSystem: sys.name) else { return nil }
            let instance = view.instances.first { $0.system.map { SystemRecord.sameSystem($0, sys.name) } == true }
            if let s = instance?.status, s.isFinished { return nil }
            return GoLiveNotRecorded(system: sys.name, upSince: sys.since, task: goLive.id)
        }
    }
}

extension Timestamp {
    /// The local weekday, date and 24-hour time, `Sun 22 Nov 16:00`: a moment named without
    /// reference to today (the report is read weeks later).
    public var localWeekdayDateClock: String {
        let p = localParts()
        let month = Timestamp.monthName(p.month)
        return "\(Timestamp.weekdayNames[localWeekday]) \(p.day) \(month) \(Timestamp.pad(p.hour, 2)):\(Timestamp.pad(p.minute, 2))"
    }
}
