import Foundation
import RunbookKit

/// What the screen shows of the state, worked out again when the state, the time, the filter
/// or the search changes: the tasks shown, the selection and how far the list scrolls.
extension CommandPostModel {
    /// The roles the actor holds now.
    var myRoles: Set<String> {
        Set(engine.playbook.roles.filter { engine.state.roles[$0.id]?.person == actor }.map(\.id))
    }

    /// Recomputes what is derived from the state, the time, the filter and the search.
    mutating func derive(entriesChanged: Bool) {
        deriveTimeline()
        let key = DerivedKey(entries: engine.state.entryCount, now: now.millis, filter: filter, role: roleFilter, search: search)
        guard entriesChanged || key != derivedKey else { return }
        derivedKey = key
        // A per-system task's instances follow it, each a row of its own to act on.
        let views = engine.taskViews(now: now)
        taskCounts = TaskCounts(views)
        allTasks = views.flatMap { [$0] + $0.instances }
        let roles = roleFilter.map { Set([$0]) } ?? myRoles
        let q = search.lowercased()
        // In the order of the rows on the screen (grouped by phase), so that j, k, g and G move
        // where the eye expects: a playbook may list its tasks by role.
        let phaseOrder = Dictionary(engine.playbook.phases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let inScreenOrder = allTasks.enumerated().sorted {
            let (a, b) = (phaseOrder[$0.element.def.phase] ?? Int.max, phaseOrder[$1.element.def.phase] ?? Int.max)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        visibleTasks = inScreenOrder.filter { v in
            switch filter {
            case .all: break
            case .myRole: if !roles.contains(v.def.role) { return false }
            case .overdue: if !v.overdue { return false }
            case .blocked: if v.status != .blocked { return false }
            }
            return q.isEmpty || matches(v, q)
        }
        // Which tasks are shown changes with the time only under the overdue filter.
        var shown = key
        if filter != .overdue { shown.now = 0 }
        guard shown != rowsKey || entriesChanged else { return }
        rowsKey = shown
        var byPhase: [String: [Int]] = [:]
        for (i, v) in visibleTasks.enumerated() { byPhase[v.def.phase, default: []].append(i) }
        checklistRows = []
        for ph in engine.playbook.phases {
            guard let inPhase = byPhase[ph.id] else { continue }
            checklistRows.append((ph.title, nil))
            checklistRows += inPhase.map { (nil, $0) }
        }
    }

    /// Whether a task matches the search `q` (lowercased): its title, id and detail, and the
    /// notes and reasons in its history.
    func matches(_ v: TaskView, _ q: String) -> Bool {
        if v.def.title.lowercased().contains(q) || v.id.lowercased().contains(q) || v.def.detail.lowercased().contains(q) { return true }
        // Every word in the title, in any order: `downtime departmental` finds it too.
        let words = q.split(whereSeparator: \.isWhitespace)
        if words.count > 1, words.allSatisfy({ v.def.title.lowercased().contains($0) }) { return true }
        if let r = v.record.reason, r.lowercased().contains(q) { return true }
        return v.record.history.contains { engine.state.entry($0)?.note?.lowercased().contains(q) == true }
    }

    /// How well task `v` matches the search `q` (lowercased), best first: 0 its id or title
    /// is the search, 1 its title starts with it, 2 its title holds it, 3 its title holds
    /// every word of it, 4 its id holds it, 5 its detail, 6 a note or reason of its history.
    func searchRank(_ v: TaskView, _ q: String) -> Int {
        let title = v.def.title.lowercased(), id = v.id.lowercased()
        if title == q || id == q { return 0 }
        if title.hasPrefix(q) { return 1 }
        if title.contains(q) { return 2 }
        let words = q.split(whereSeparator: \.isWhitespace)
        if !words.isEmpty, words.allSatisfy({ title.contains($0) }) { return 3 }
        if id.contains(q) { return 4 }
        if v.def.detail.lowercased().contains(q) { return 5 }
        return 6
    }

    /// The shown task the search `q` (lowercased) matches best; the first in the list among
    /// equals. Nil when nothing is searched or nothing is shown.
    func bestSearchMatch(_ q: String) -> TaskView? {
        guard !q.isEmpty else { return nil }
        var best: (rank: Int, task: TaskView)?
        for v in visibleTasks {
            let r = searchRank(v, q)
            if best.map({ r < $0.rank }) ?? true { best = (r, v) }
            if r == 0 { break }
        }
        return best?.task
    }

    struct DerivedKey: Equatable {
        var entries: Int
        var now: Int64
        var filter: Filter
        var role: String?
        var search: String
    }

    /// The selected task, if it is shown.
    public var selectedTask: TaskView? {
        visibleTasks.first { $0.id == selectedTaskID } ?? visibleTasks.first
    }

    mutating func moveSelection(by delta: Int) {
        let tasks = visibleTasks
        guard !tasks.isEmpty else { selectedTaskID = nil; return }
        let current = tasks.firstIndex { $0.id == selectedTaskID } ?? 0
        let next = max(0, min(tasks.count - 1, current + delta))
        selectedTaskID = tasks[next].id
    }

    /// Keeps the selected task within the checklist rows shown.
    mutating func followSelection() {
        let rows = checklistRows
        let listRows = layout.listRows
        let selected = visibleTasks.firstIndex { $0.id == selectedTaskID } ?? 0
        let selIndex = rows.firstIndex { $0.task == selected } ?? 0
        if selIndex < scroll { scroll = max(0, selIndex - 1) }
        if selIndex >= scroll + listRows { scroll = selIndex - listRows + 1 }
        scroll = max(0, min(scroll, max(0, rows.count - listRows)))
    }

    /// Where things go on a screen of the model's size.
    var layout: Layout { Layout(width: width, height: height) }
}
