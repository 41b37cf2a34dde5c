import Foundation

/// The signal handlers and signal mask a screen found when it started, put back when it ends,
/// as htop's CRT.c does: whatever runbook (and ncurses, at `initscr`) installs for the screen's
/// sake is undone on every way out, so the shell, a parent program or a test gets its own back.
struct SavedSignals {
    /// Every signal the screen or ncurses may take over: quitting and hang-up, job control,
    /// resize, and the crashes whose handler puts the terminal back first.
    static let screenSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH,
                                         SIGABRT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE]

    private var actions: [(signal: Int32, action: sigaction)] = []
    private var mask = sigset_t()

    /// Remembers the handlers of `signals` and this thread's signal mask as they are now.
    init(_ signals: [Int32] = SavedSignals.screenSignals) {
        for s in signals {
            var old = sigaction()
            if sigaction(s, nil, &old) == 0 { actions.append((s, old)) }
        }
        pthread_sigmask(SIG_SETMASK, nil, &mask)
    }

    /// Puts every remembered handler back, then the signal mask.
    func restore() {
        for (s, a) in actions {
            var a = a
            sigaction(s, &a, nil)
        }
        var m = mask
        pthread_sigmask(SIG_SETMASK, &m, nil)
    }
}
