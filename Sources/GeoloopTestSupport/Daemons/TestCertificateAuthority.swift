import Foundation

/// A throwaway certificate authority made with the `openssl` CLI, for TLS tests on loopback.
/// Its key never leaves the directory it was made in; nothing is installed system-wide.
public struct TestCertificateAuthority: Sendable {
    /// PEM file of the CA certificate: what a client passes as its CA bundle.
    public let certificateFile: String
    let keyFile: String
    let directory: String

    static let openssl = "/usr/bin/openssl"

    /// Makes a new CA (P-256 key, valid two days) in `directory`, its files named after `name`.
    public init(name: String, in directory: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.openssl) else {
            throw DaemonError.missing(Self.openssl, package: "openssl")
        }
        self.directory = directory
        certificateFile = directory + "/\(name)-ca.pem"
        keyFile = directory + "/\(name)-ca.key"
        let subject = "/CN=geoloop test CA \(name) \(UInt32.random(in: 0...UInt32.max))"
        try Self.runOpenSSL(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", keyFile, "-out", certificateFile, "-days", "2", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ], in: directory)
    }

    /// Issues a server certificate for 127.0.0.1 and localhost; returns the certificate and key paths.
    public func issueServerCertificate(name: String) throws -> (certificate: String, key: String) {
        let key = directory + "/\(name).key"
        let request = directory + "/\(name).csr"
        let certificate = directory + "/\(name).pem"
        let extensions = directory + "/\(name).ext"
        try Data(
            """
            basicConstraints=CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=IP:127.0.0.1,DNS:localhost

            """.utf8
        ).write(to: URL(fileURLWithPath: extensions))

        try Self.runOpenSSL(
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1",
            ], in: directory)
        try Self.runOpenSSL(
            [
                "x509", "-req", "-in", request, "-CA", certificateFile, "-CAkey", keyFile,
                "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2",
                "-extfile", extensions, "-out", certificate,
            ], in: directory)
        return (certificate, key)
    }

    private static func runOpenSSL(_ arguments: [String], in directory: String) throws {
        let log = directory + "/openssl.log"
        let status = try ChildProcess.run(openssl, arguments, logFile: log)
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DaemonError(
                .commandFailed,
                "openssl \(arguments.prefix(2).joined(separator: " ")) exited with \(status): "
                    + output.suffix(1_000))
        }
    }
}
