import Testing
@testable import CursesUI

@Suite("key table")
struct KeyMapTests {
    struct Model { var on: Bool }

    static let table = KeyTable<Model>([
        KeyBinding([.enter], .select, hint: "record", help: "Record it", enabled: { !$0.on }),
        KeyBinding([.enter], .select, hint: "search", help: "Search", enabled: { $0.on }),
        KeyBinding([.char("x"), .char("X")], .done, hint: "done", help: "Mark done", enabled: { $0.on }),
        KeyBinding([.left, .right], .edit, hintKeys: "←→", hint: "move", help: nil),
        KeyBinding([.char("q")], .quit, hint: nil, help: "Quit"),
    ])

    /// The hint bar and the help list only what is enabled, each once, as the table writes it.
    @Test func hintsAndHelpFollowEnabled() {
        let off = Self.table.hints(Model(on: false))
        #expect(off.map(\.key) == ["Enter", "←→"])
        #expect(off.map(\.label) == ["record", "move"])
        let on = Self.table.hints(Model(on: true))
        #expect(on.map { "\($0.key) \($0.label)" } == ["Enter search", "x done", "←→ move"])
        #expect(Self.table.helpLines(Model(on: false)) == ["Enter         Record it", "q             Quit"])
        #expect(Self.table.helpLines(Model(on: true)).contains("x X           Mark done"))
    }

    /// A key finds its enabled binding first; a disabled one is still found, so the screen can
    /// say why it does nothing now; an unbound key finds none.
    @Test func lookupPrefersTheEnabledBinding() {
        #expect(Self.table.binding(for: .enter, Model(on: true))?.hint == "search")
        #expect(Self.table.binding(for: .enter, Model(on: false))?.hint == "record")
        #expect(Self.table.binding(for: .char("X"), Model(on: false))?.action == .done)
        #expect(Self.table.binding(for: .char("z"), Model(on: true)) == nil)
    }

    /// A disabled key takes no action: only an enabled binding's action is handed on.
    @Test func aDisabledKeyTakesNoAction() {
        #expect(Self.table.enabledAction(for: .char("x"), Model(on: true)) == .done)
        #expect(Self.table.enabledAction(for: .char("X"), Model(on: false)) == nil)
        #expect(Self.table.enabledAction(for: .enter, Model(on: false)) == .select)
        #expect(Self.table.enabledAction(for: .char("q"), Model(on: false)) == .quit)
        #expect(Self.table.enabledAction(for: .char("z"), Model(on: true)) == nil)
    }

    /// Every list moves by one rule: by one, by a page, to either end, never past them.
    @Test func movingKeysFollowOneRuleOnEveryList() {
        #expect(UIAction.moveDown.moved(0, count: 3) == 1)
        #expect(UIAction.moveUp.moved(0, count: 3) == 0, "never above the top")
        #expect(UIAction.moveDown.moved(2, count: 3) == 2, "never below the bottom")
        #expect(UIAction.pageDown.moved(0, count: 50, page: 10) == 9, "a page keeps one row in view")
        #expect(UIAction.pageUp.moved(5, count: 50, page: 10) == 0)
        #expect(UIAction.bottom.moved(0, count: 50) == 49)
        #expect(UIAction.top.moved(30, count: 50) == 0)
        #expect(UIAction.moveDown.moved(0, count: 0) == nil, "nothing to move in an empty list")
        #expect(UIAction.select.moved(0, count: 3) == nil, "not a moving key")
    }
}
