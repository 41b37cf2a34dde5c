import ArgumentParser
import Foundation
import RunbookKit

// A parent may hand us a blocked signal mask (seen under tmux): a blocked SIGTERM or SIGWINCH
// would leave the screen deaf to being stopped or resized. Start from a clean mask.
var emptyMask = sigset_t()
sigemptyset(&emptyMask)
pthread_sigmask(SIG_SETMASK, &emptyMask, nil)

let status = CommandLineEntry.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
