import Foundation
import RunbookKit

/// Panels placed in as many columns as the width holds, and drawn there.
extension BoardRenderer {
    // MARK: - columns

    /// Panels placed in columns: which panels in each, and the rows the tallest takes.
    struct ColumnLayout {
        var width: Int
        var columnWidth: Int
        var gap: Int
        var columns: [[Panel]]
        var contentRows: Int
    }

    /// Rows a panel takes at `width`: its title, its wrapped lines, one blank row after.
    static func rows(_ p: Panel, width: Int) -> Int {
        StyledLine(p.title).wrapped(width).count + p.lines.reduce(0) { $0 + $1.wrapped(width).count } + 1
    }

    /// Side by side when wide (two columns from 120, three from 200), one column when narrow.
    /// The columns are balanced; with a fixed height no taller than the screen, so what does
    /// not fit is the lower panels, reached by scrolling (they give way first).
    static func columns(_ ps: [Panel], width: Int, bodyRows: Int?, fixedHeight: Bool) -> ColumnLayout {
        let count = width >= 200 ? 3 : width >= 120 ? 2 : 1
        let gap = 3
        let cw = (width - gap * (count - 1)) / count
        let heights = ps.map { rows($0, width: cw) }
        // Each panel, in priority order, goes into the first column with room for it whole (a
        // short lower panel may fill the space under the higher ones); else into the shortest.
        func flow(_ target: Int) -> [[Int]] {
            var cols = [[Int]](repeating: [], count: count)
            var used = [Int](repeating: 0, count: count)
            for (i, h) in heights.enumerated() {
                var c = 0
                if let room = (0..<count).first(where: { (k: Int) -> Bool in used[k] == 0 || used[k] + h <= target }) {
                    c = room
                } else {
                    for k in 0..<count where used[k] < used[c] { c = k }
                }
                cols[c].append(i)
                used[c] += h
            }
            while cols.count > 1 && cols[cols.count - 1].isEmpty { cols.removeLast() }
            return cols
        }
        func tallest(_ cols: [[Int]]) -> Int { cols.map { $0.reduce(0) { $0 + heights[$1] } }.max() ?? 0 }
        var target = heights.max() ?? 0
        let total = heights.reduce(0, +)
        while target < total && tallest(flow(target)) > target { target += 1 }
        if fixedHeight, let bodyRows, target > bodyRows { target = max(bodyRows, 1) }
        let cols = flow(target)
        return ColumnLayout(width: width, columnWidth: cw, gap: gap, columns: cols.map { $0.map { ps[$0] } }, contentRows: tallest(cols))
    }

    static func drawColumns(_ l: ColumnLayout, into g: inout CellGrid, top: Int, clip: Range<Int>) {
        for (c, panels) in l.columns.enumerated() {
            let x = c * (l.columnWidth + l.gap)
            var y = top
            for p in panels {
                y += g.draw(StyledLine(p.title), x: x, y: y, width: l.columnWidth, clip: clip)
                for line in p.lines { y += g.draw(line, x: x, y: y, width: l.columnWidth, clip: clip) }
                y += 1
            }
        }
    }
}
