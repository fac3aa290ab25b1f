import Foundation
import GeoloopLocks

/// Debian's nginx (package nginx-light) run in the foreground on 127.0.0.1 for tests and benchmarks:
/// HTTP/1.1 with keep-alive, optionally HTTPS with HTTP/2 behind a throwaway CA. Everything it writes
/// (config, certificates, pid, logs, temp files) lives in a private temp dir removed by `stop()`.
public final class NginxServer: Sendable {
    public static let executable = "/usr/sbin/nginx"

    /// `http://127.0.0.1:<port>` (no trailing slash).
    public let httpURL: String
    /// `https://127.0.0.1:<port>` when started with `https`, else nil.
    public let httpsURL: String?
    /// PEM of the CA that signed the server certificate, when started with `https`.
    public let caFile: String?
    /// The access log, when started with `accessLog` (format in `NginxOptions.accessLog`).
    public let accessLogFile: String?
    public let httpPort: Int
    public let httpsPort: Int?

    private let scratch: ScratchDirectory
    /// The running master process; nil once stopped. The lock makes stop() safe to call twice.
    private let process: Lock<ChildProcess?>

    /// Starts nginx serving `options.root` and returns once its ports accept connections.
    public init(_ options: NginxOptions) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw DaemonError.missing(Self.executable, package: "nginx-light")
        }
        let scratch = try ScratchDirectory(prefix: "geoloop-nginx")
        do {
            _ = try scratch.child("logs", directory: true)
            _ = try scratch.child("tmp", directory: true)
            var certificate: (certificate: String, key: String)?
            var caFile: String?
            if options.https {
                let authority = try TestCertificateAuthority(name: "nginx", in: scratch.path)
                certificate = try authority.issueServerCertificate(name: "server")
                caFile = authority.certificateFile
            }

            var started: (ChildProcess, Int, Int?)?
            for _ in 0..<3 where started == nil {
                let httpPort = try LoopbackPort.free()
                let httpsPort = options.https ? try LoopbackPort.free() : nil
                let configuration = NginxConfiguration(
                    options: options, prefix: scratch.path, httpPort: httpPort, httpsPort: httpsPort,
                    certificate: certificate)
                let configFile = try scratch.write(configuration.text, to: "nginx.conf")
                let attempt = try DaemonStart.launch(
                    name: "nginx", executable: Self.executable,
                    arguments: ["-p", scratch.path, "-c", configFile, "-e", scratch.path + "/logs/error.log"],
                    logFile: scratch.path + "/logs/stderr.log", ports: [httpPort] + (httpsPort.map { [$0] } ?? []))
                if case .running(let child) = attempt { started = (child, httpPort, httpsPort) }
            }
            guard let (child, httpPort, httpsPort) = started else {
                throw DaemonError(.startFailed, "nginx could not bind a free loopback port in 3 attempts")
            }

            self.scratch = scratch
            process = Lock(child)
            self.httpPort = httpPort
            self.httpsPort = httpsPort
            httpURL = "http://127.0.0.1:\(httpPort)"
            httpsURL = httpsPort.map { "https://127.0.0.1:\($0)" }
            self.caFile = caFile
            accessLogFile = options.accessLog ? scratch.path + "/logs/access.log" : nil
        } catch {
            scratch.remove()
            throw error
        }
    }

    /// Convenience for `init(NginxOptions(root:https:accessLog:))`.
    public convenience init(root: String, https: Bool = false, accessLog: Bool = false) throws {
        try self.init(NginxOptions(root: root, https: https, accessLog: accessLog))
    }

    deinit { stop() }

    /// Makes a new CA that did not sign this server's certificate and returns its PEM path: a client
    /// trusting only it must refuse the server.
    public func makeUnrelatedCAFile() throws -> String {
        let name = "unrelated-\(UInt32.random(in: 0...UInt32.max))"
        return try TestCertificateAuthority(name: name, in: scratch.path).certificateFile
    }

    /// nginx's counters, fetched over plain HTTP (this fetch is itself one connection and one request).
    public func status() throws -> NginxStatus {
        let response = try LoopbackHTTP.get(port: httpPort, path: NginxConfiguration.statusPath)
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200, let status = NginxStatus(parsing: text) else {
            throw DaemonError(.commandFailed, "nginx status page answered \(response.status): \(text.prefix(200))")
        }
        return status
    }

    /// nginx's error log so far, for diagnosing a failed test.
    public var errorLog: String {
        (try? String(contentsOfFile: scratch.path + "/logs/error.log", encoding: .utf8)) ?? ""
    }

    /// Terminates nginx (master and worker), reaps it and removes its temp dir. Safe to call twice.
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
