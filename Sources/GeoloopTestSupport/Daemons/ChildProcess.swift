import Foundation
import GeoloopLocks

#if canImport(Glibc)
    import Glibc
#endif

/// A program started with `posix_spawn` in its own process group, its stdout and stderr appended to a
/// log file; the owner reaps it with `terminate()` or `waitForExit()`.
final class ChildProcess: Sendable {
    let pid: pid_t
    let executable: String
    let logFile: String

    /// The raw wait status once reaped; the lock makes sure only one caller reaps the pid.
    private let reaped = Lock<Int32?>(nil)

    init(executable: String, arguments: [String], logFile: String) throws {
        self.executable = executable
        self.logFile = logFile
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw DaemonError(.missingProgram, "\(executable) is not an executable file")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Descriptors the test process has open without O_CLOEXEC (libcurl's sockets among them) must
        // not live on in the daemon, or a peer would never see them close. (glibc ignores closing an fd
        // that was closed meanwhile; one opened after this listing can still leak.)
        for fd in Self.openDescriptors() where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        // A new process group lets stop() reach the daemon's workers and session children too; the
        // test process may ignore SIGPIPE or block signals, which the daemon must not inherit.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard status == 0 else {
            throw DaemonError(.system, "could not start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// The process's open file descriptors, from /proc/self/fd.
    static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// Runs a command to completion and returns its exit status; its output goes to `logFile`.
    static func run(_ executable: String, _ arguments: [String], logFile: String) throws -> Int32 {
        let child = try ChildProcess(executable: executable, arguments: arguments, logFile: logFile)
        return child.waitForExit()
    }

    /// True while the process has not exited (reaping it if it has).
    var isRunning: Bool {
        reaped.withLock { status in
            if status != nil { return false }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = raw
                return false
            }
            return true
        }
    }

    /// Blocks until the process exits; returns its exit code, or 128 + the signal that killed it.
    @discardableResult
    func waitForExit() -> Int32 {
        let raw = reaped.withLock { status -> Int32 in
            if let status { return status }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            status = raw
            return raw
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Sends SIGTERM to the whole process group, waits up to `graceSeconds` for the process to exit,
    /// then SIGKILLs the group and reaps the process. The group is signalled only while its leader
    /// is unreaped (at most a zombie), so its id cannot belong to anyone else yet.
    func terminate(graceSeconds: Double = 5) {
        guard !isReaped else { return }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(graceSeconds)
        while !hasExited && Date() < deadline {
            usleep(2_000)
        }
        // Whatever is left of the group (vsftpd sessions, nginx workers) goes now.
        kill(-pid, SIGKILL)
        waitForExit()
    }

    private var isReaped: Bool {
        reaped.withLock { $0 != nil }
    }

    /// True once the process has exited, without reaping it.
    private var hasExited: Bool {
        if isReaped { return true }
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info.si_signo != 0
    }

    /// The last `limit` bytes of the log, for error messages.
    func logTail(limit: Int = 2_000) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "" }
        return String(decoding: data.suffix(limit), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
