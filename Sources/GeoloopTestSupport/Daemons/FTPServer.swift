import Foundation
import GeoloopLocks

/// Debian's vsftpd run in the foreground on 127.0.0.1: anonymous, read-only, passive mode on a free
/// port range, serving one directory. Its config and logs live in a private temp dir removed by `stop()`.
public final class FTPServer: Sendable {
    public static let executable = "/usr/sbin/vsftpd"

    /// `ftp://127.0.0.1:<port>` (no trailing slash); paths below it are relative to the served root.
    public let url: String
    public let port: Int

    private let scratch: ScratchDirectory
    /// The running vsftpd listener; nil once stopped. The lock makes stop() safe to call twice.
    private let process: Lock<ChildProcess?>

    /// Starts vsftpd serving `root` and returns once it accepts connections.
    public init(root: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw DaemonError.missing(Self.executable, package: "vsftpd")
        }
        let scratch = try ScratchDirectory(prefix: "geoloop-vsftpd")
        do {
            let emptyDir = try scratch.child("empty", directory: true)
            var started: (ChildProcess, Int)?
            for _ in 0..<3 where started == nil {
                let port = try LoopbackPort.free()
                let passive = try LoopbackPort.freeRange(count: 16)
                let configFile = try scratch.write(
                    Self.configuration(root: root, port: port, passive: passive, emptyDir: emptyDir),
                    to: "vsftpd.conf")
                let attempt = try DaemonStart.launch(
                    name: "vsftpd", executable: Self.executable, arguments: [configFile],
                    logFile: scratch.path + "/vsftpd.out", ports: [port])
                if case .running(let child) = attempt { started = (child, port) }
            }
            guard let (child, port) = started else {
                throw DaemonError(.startFailed, "vsftpd could not bind a free loopback port in 3 attempts")
            }
            self.scratch = scratch
            process = Lock(child)
            self.port = port
            url = "ftp://127.0.0.1:\(port)"
        } catch {
            scratch.remove()
            throw error
        }
    }

    deinit { stop() }

    /// vsftpd.conf for one anonymous read-only server. `run_as_launching_user` keeps vsftpd from
    /// switching to the `ftp` user (who cannot read our 0700 temp dirs) and from chrooting.
    static func configuration(root: String, port: Int, passive: ClosedRange<Int>, emptyDir: String) -> String {
        """
        listen=YES
        listen_ipv6=NO
        listen_address=127.0.0.1
        listen_port=\(port)
        background=NO
        run_as_launching_user=YES
        anonymous_enable=YES
        no_anon_password=YES
        anon_root=\(root)
        local_enable=NO
        write_enable=NO
        pasv_enable=YES
        pasv_address=127.0.0.1
        pasv_min_port=\(passive.lowerBound)
        pasv_max_port=\(passive.upperBound)
        connect_from_port_20=NO
        seccomp_sandbox=NO
        secure_chroot_dir=\(emptyDir)
        xferlog_enable=NO
        max_per_ip=0
        max_clients=0

        """
    }

    /// Terminates vsftpd and its session processes, reaps it and removes its temp dir. Safe to call twice.
    public func stop() {
        let child = process.withLock { current -> ChildProcess? in
            defer { current = nil }
            return current
        }
        guard let child else { return }
        child.terminate()
        scratch.remove()
    }
}
