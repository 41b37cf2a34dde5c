import Foundation
import RunbookKit

/// Anything the screen loop can drive: it renders into a grid and takes keys. Its state
/// changes in `layout`, `handle` and `tick`; `render` only reads it and writes the grid.
public protocol Screen: AnyObject {
    /// Before each frame: the terminal's size and the time now, taken as messages (a screen
    /// records here what its keys need to know of the frame, such as how far it scrolls).
    func layout(width: Int, height: Int)
    /// Draws; returns where the text cursor goes, if anywhere. Changes nothing.
    func render(into grid: inout CellGrid) -> (x: Int, y: Int)?
    /// Takes one key.
    func handle(_ key: Key)
    /// Follows the journal; true if something changed.
    func tick() -> Bool
    /// Whether the screen is finished.
    var wantsToQuit: Bool { get }
}

extension Screen {
    /// A screen that needs nothing from the frame's size or time.
    public func layout(width: Int, height: Int) {}

    /// One frame `width`x`height`, as the screen loop makes it: layout, then render.
    public func frame(width: Int, height: Int) -> (grid: CellGrid, cursor: (x: Int, y: Int)?) {
        layout(width: width, height: height)
        var grid = CellGrid(width: width, height: height)
        let cursor = render(into: &grid)
        return (grid, cursor)
    }
}

extension CommandPost: Screen {}

/// The main loop: draw, wait for a key (or ¼ s), hand every pending key over (so a long paste
/// is taken in one go, not one frame per character), follow the journal at least twice a second.
public enum ScreenRunner {
    public static func run(_ screen: Screen, backend: CursesBackend) {
        var lastTick = Date()
        var dirty = true
        var drawnMinute = -1
        while true {
            // Draw only when something changed: a key, a new entry, the clock's minute (T+,
            // overdue times). An idle command post then costs next to nothing for days.
            let minute = Int(Date().timeIntervalSince1970 / 60)
            if dirty || minute != drawnMinute {
                let (w, h) = backend.size()
                let (grid, cursor) = screen.frame(width: w, height: h)
                backend.draw(grid, cursor: cursor)
                dirty = false
                drawnMinute = minute
            }
            if screen.wantsToQuit { return }
            // Ctrl-Z sets the program aside (the shell's `fg` brings it back), wherever it is.
            func take(_ key: Key) {
                if key == .ctrl("z") { backend.suspend() } else { screen.handle(key) }
            }
            let key = backend.readKey(timeoutMs: 250)
            if backend.terminalGone { return }
            if let key {
                take(key)
                dirty = true
                var taken = 0
                while taken < 100_000, !screen.wantsToQuit, let more = backend.readKey(timeoutMs: 0) {
                    take(more)
                    taken += 1
                }
            }
            if Date().timeIntervalSince(lastTick) >= 0.25 {
                if screen.tick() { dirty = true }
                lastTick = Date()
            }
        }
    }
}
