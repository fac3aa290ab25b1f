import Foundation
import Glibc

/// Notices when the reader of a pipe the process writes to goes away (`geoloop fetch | head -1`),
/// without waiting for the next write to fail with EPIPE.
///
/// Linux reports `POLLERR` on a pipe's write end once no reader is left, whatever events were
/// asked for; one thread waits for that (or for ``cancel()``) in `poll`. Only pipes are watched:
/// for a terminal, a file or a socket there is no such signal and the write-time EPIPE check
/// remains the only one.
final class PipeReaderWatcher: @unchecked Sendable {  // `wake` is set once; the thread owns the rest.
    /// The self-pipe that stops the thread: `[read end, write end]`, or nil when nothing is watched.
    private let wake: (read: Int32, write: Int32)?

    /// Starts watching `descriptor` when it is a pipe; `handler` runs once, on the watcher's thread,
    /// when the pipe's reader is gone.
    init(descriptor: Int32, handler: @escaping @Sendable () -> Void) {
        var status = stat()
        var ends: [Int32] = [-1, -1]
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFIFO,
            pipe(&ends) == 0
        else {
            wake = nil
            return
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let wake = (read: ends[0], write: ends[1])
        self.wake = wake
        Thread.detachNewThread {
            var watched = [
                pollfd(fd: descriptor, events: 0, revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                let ready = poll(&watched, 2, -1)
                if ready < 0 && errno == EINTR { continue }
                if ready > 0, watched[1].revents == 0, watched[0].revents & Int16(POLLERR | POLLHUP) != 0 {
                    handler()
                }
                break
            }
            close(wake.read)
        }
    }

    /// Stops watching (the handler is not called afterwards unless it already runs).
    func cancel() {
        guard let wake else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        close(wake.write)
    }
}
