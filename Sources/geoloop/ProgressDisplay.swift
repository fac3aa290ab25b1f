import Dispatch
import GeoloopLocks
import Glibc

/// The progress line on a terminal: redrawn in place on standard error (`\r`, the line, then
/// clear-to-end-of-line) from a snapshot read on a timer, until ``stop()`` erases it.
final class ProgressDisplay: @unchecked Sendable {  // `timer` is set once; cancel() is thread-safe.
    /// Carriage return: back to the start of the line.
    static let carriageReturn = "\r"
    /// ANSI "erase to end of line".
    static let clearToEndOfLine = "\u{1B}[K"

    private let timer: any DispatchSourceTimer
    /// Whether ``stop()`` ran; shared with the timer's handler.
    private let stopped = Lock(false)
    private let write: @Sendable (String) -> Void

    /// Starts drawing `snapshot()` every `interval` on standard error (or through `write`).
    init(
        interval: DispatchTimeInterval = .milliseconds(150),
        write: @escaping @Sendable (String) -> Void = { Output.err($0) },
        snapshot: @escaping @Sendable () -> HarvestSnapshot
    ) {
        self.write = write
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "geoloop.progress"))
        self.timer = timer
        let stopped = self.stopped
        let width = Self.terminalWidth()
        timer.setEventHandler {
            // The flag is checked under the lock so no line is drawn after stop() erased it.
            stopped.withLock { isStopped in
                guard !isStopped else { return }
                let line = ProgressLine.render(snapshot(), width: width.map { $0 - 1 })
                write(Self.carriageReturn + line + Self.clearToEndOfLine)
            }
        }
        timer.schedule(deadline: .now(), repeating: interval)
        timer.resume()
    }

    /// Stops the timer and erases the line, so what follows starts on a clean line.
    func stop() {
        let wasRunning = stopped.withLock { isStopped in
            defer { isStopped = true }
            if !isStopped { write(Self.carriageReturn + Self.clearToEndOfLine) }
            return !isStopped
        }
        if wasRunning { timer.cancel() }
    }

    /// Columns of the terminal on standard error, when it is one.
    static func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// What a person sees while a harvest runs.
enum ProgressMode: Equatable {
    /// The redrawn progress line.
    case bar
    /// One line per finished series (`--verbose`).
    case lines
    /// Nothing until the summary (or nothing at all with `--quiet`).
    case none

    /// `--quiet` wins, then `--verbose`, then `--progress`; otherwise a bar only on a terminal.
    static func resolve(quiet: Bool, verbose: Bool, progress: Bool, stderrIsTerminal: Bool) -> ProgressMode {
        if quiet { return .none }
        if verbose { return .lines }
        if progress || stderrIsTerminal { return .bar }
        return .none
    }

    /// Whether standard error is a terminal.
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
