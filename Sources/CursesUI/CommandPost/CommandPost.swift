import Foundation
import RunbookKit

/// The command post as the screen loop runs it: it owns the incident session and the model,
/// turns keys, the clock, the terminal's size (in `layout`) and the journal into messages for
/// `CommandPostModel.update`, and carries out the effects it returns (recording an action).
public final class CommandPost {
    public typealias ViewMode = CommandPostModel.ViewMode
    public typealias Filter = CommandPostModel.Filter

    public let session: IncidentSession
    /// Everything the screen shows.
    public private(set) var model: CommandPostModel
    let clock: () -> Timestamp
    /// Warnings from the journal (a torn tail set aside), for the status line.
    var pendingWarnings: [String] = []

    /// A command post on an open incident (the read-only executive board is `BoardScreen`).
    public init(session: IncidentSession, actor: String, damage: String? = nil,
                clock: @escaping () -> Timestamp = Timestamp.now) {
        self.session = session
        self.clock = clock
        model = CommandPostModel(engine: session.engine, actor: actor, damage: damage, now: clock())
        session.onWarning = { [weak self] w in self?.pendingWarnings.append(w) }
        // The screen never blocks on another process's lock: the action waits, shown as
        // waiting, and is tried again on every tick.
        session.lockWait = .tryOnce
    }

    /// Sends one message, then carries out what it asks for, feeding the outcomes back.
    func send(_ msg: CommandPostModel.Message) {
        var effects = model.update(msg)
        while !effects.isEmpty {
            switch effects.removeFirst() {
            case .record(let action, let ctx):
                let outcome: CommandPostModel.Message
                do {
                    let entries = try session.performAll(action, ctx, now: clock)
                    // A new period or the close is sealed (read back on the next tick, as any entry).
                    StationSeal.afterRecording(entries, journalPath: session.store.journalPath(session.id), home: session.store.home, actor: ctx.actor,
                                               files: session.store.files, now: clock, lockWait: .tryOnce, warn: { [weak self] in self?.pendingWarnings.append($0) })
                    outcome = .recorded(entries, session.engine)
                } catch RunbookError.busy {
                    outcome = .busy(action, ctx)
                } catch {
                    outcome = .notRecorded(error)
                }
                effects += model.update(outcome)
            }
        }
    }

    /// Handles one key press.
    public func handle(_ key: Key) {
        send(.clock(clock()))
        // An answer is given on the journal as it is now: another terminal may have changed the
        // task while the question was open, and the model must see that before it records.
        if model.answerLooksAtATask, key == .enter || key == .char("y") || key == .char("Y") { refreshQuietly() }
        send(.key(key))
    }

    /// Reads what other terminals recorded, without retrying a waiting action.
    func refreshQuietly() {
        guard model.damage == nil, let n = try? session.refresh(), n > 0 else { return }
        send(.journal(session.engine, newEntries: n, warning: nil))
    }

    /// Picks up what other terminals recorded. Returns whether anything changed.
    @discardableResult
    public func tick() -> Bool {
        guard model.damage == nil else { return false }
        // A waiting action is tried again; whatever became of it must be drawn.
        let retried = model.waiting != nil
        if retried { send(.retryWaiting) }
        do {
            let n = try session.refresh()
            let warning = pendingWarnings.last
            pendingWarnings.removeAll()
            send(.journal(session.engine, newEntries: n, warning: warning))
            return n > 0 || warning != nil || retried
        } catch RunbookError.busy {
            // A damage re-check waits for a writer: look again on the next tick.
            return retried
        } catch {
            if let why = session.replaced {
                send(.becameReadOnly(why.words))
            } else {
                send(.readFailed("\(error)"))
            }
            return true
        }
    }

    /// Before each frame: the time now and the terminal's size, as messages to the model.
    public func layout(width: Int, height: Int) {
        send(.clock(clock()))
        if width != model.width || height != model.height { send(.resize(width: width, height: height)) }
    }

    /// Draws the model as it is; where the text cursor goes, if anywhere. Changes nothing.
    public func render(into g: inout CellGrid) -> (x: Int, y: Int)? {
        CommandPostView.render(model, into: &g)
    }

    public var wantsToQuit: Bool { model.quit }

    // What tests and the bench look at, read from the model.
    public var engine: Engine { model.engine }
    public var view: ViewMode { model.view }
    public var filter: Filter { model.filter }
    public var modal: Modal { model.modal }
    public var message: (text: String, isError: Bool)? { model.message }
    public var selectedTaskID: String? { model.selectedTaskID }
    public var timelineScroll: Int? { model.timelineScroll }
    public var keyMode: KeyMode { model.keyMode }

    /// The tasks the checklist shows at `now`.
    public func visibleTasks(now: Timestamp) -> [TaskView] {
        send(.clock(now))
        return model.visibleTasks
    }
}
