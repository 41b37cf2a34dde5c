import Foundation
import Testing
@testable import CursesUI

/// The screen puts back the signal handlers it found (htop's CRT.c does the same).
@Suite("saved signals", .serialized)
struct SavedSignalsTests {
    /// The handler a signal has now.
    static func handler(_ s: Int32) -> sighandler_t? {
        var a = sigaction()
        sigaction(s, nil, &a)
        return a.__sigaction_handler.sa_handler
    }

    /// Whatever is installed after saving — ignored, default, a function — is undone by restore.
    @Test func restorePutsBackEveryHandlerFound() {
        let mine: @convention(c) (Int32) -> Void = { _ in }
        let before1 = signal(SIGUSR1, mine)
        let before2 = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR1, before1); signal(SIGUSR2, before2) }
        let saved = SavedSignals([SIGUSR1, SIGUSR2])
        signal(SIGUSR1, SIG_IGN)
        signal(SIGUSR2, SIG_DFL)
        saved.restore()
        #expect(Self.handler(SIGUSR1).map { unsafeBitCast($0, to: Int.self) } == unsafeBitCast(mine, to: Int.self))
        #expect(Self.handler(SIGUSR2).map { unsafeBitCast($0, to: Int.self) } == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    /// The signal mask is put back too: the screen unblocks what it must hear.
    @Test func restorePutsBackTheSignalMask() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let saved = SavedSignals([SIGUSR1])
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
        saved.restore()
        var now = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &now)
        #expect(sigismember(&now, SIGUSR1) == 1)
    }

    /// Every signal the screen or ncurses installs a handler for is among those saved.
    @Test func theScreenSavesEverySignalItTakesOver() {
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP] {
            #expect(SavedSignals.screenSignals.contains(s), "signal \(s)")
        }
    }
}
