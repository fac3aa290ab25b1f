import Foundation
import Testing

@testable import GeoloopTestSupport

/// A served directory with a small text file, a 300 kB binary one and one in a subdirectory.
private func makeFixture() throws -> ServedFiles {
    var served = try ServedFiles()
    try served.add("small.txt", bytes: Array("hello from the test daemon\n".utf8))
    try served.add("big.bin", bytes: ServedFiles.deterministicBytes(count: 300_000, seed: 7))
    try served.add("sub/deep.bin", bytes: ServedFiles.deterministicBytes(count: 777, seed: 8))
    return served
}

private let curl = "/usr/bin/curl"

/// Downloads `url` with the curl CLI into a temp file; returns curl's exit code, its `-w` output and the bytes.
private func curlGet(_ url: String, extra: [String] = []) throws -> (status: Int32, info: String, body: [UInt8]) {
    let out = NSTemporaryDirectory() + "/geoloop-curl-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let result = try ExternalCommand.run(curl, ["-sS", "-o", out, "-w", "%{http_version}"] + extra + [url])
    let body = FileManager.default.contents(atPath: out).map { Array($0) } ?? []
    return (result.status, result.output, body)
}

@Suite struct DaemonTests {
    @Test func nginxServesFilesByteExactOverHTTPAndHTTP2() throws {
        let served = try makeFixture()
        defer { served.remove() }
        let nginx = try NginxServer(root: served.path, https: true)
        defer { nginx.stop() }
        let httpsURL = try #require(nginx.httpsURL)
        let caFile = try #require(nginx.caFile)

        for (name, bytes) in served.files {
            let plain = try curlGet("\(nginx.httpURL)/\(name)")
            #expect(plain.status == 0 && plain.info == "1.1", "curl http: \(plain.info)")
            #expect(plain.body == bytes, "\(name) over http")

            let tls = try curlGet("\(httpsURL)/\(name)", extra: ["--cacert", caFile])
            #expect(tls.status == 0 && tls.info == "2", "curl https: \(tls.info)")
            #expect(tls.body == bytes, "\(name) over https")
        }
        let raw = try LoopbackHTTP.get(port: nginx.httpPort, path: "/big.bin")
        #expect(raw.status == 200)
        #expect(raw.body == served.files["big.bin"])
        #expect(try LoopbackHTTP.get(port: nginx.httpPort, path: "/absent.bin").status == 404)
    }

    @Test func nginxRefusesClientsThatTrustAnUnrelatedCA() throws {
        let served = try makeFixture()
        defer { served.remove() }
        let nginx = try NginxServer(root: served.path, https: true)
        defer { nginx.stop() }

        let unrelated = try nginx.makeUnrelatedCAFile()
        #expect(unrelated != nginx.caFile)
        let refused = try curlGet("\(try #require(nginx.httpsURL))/small.txt", extra: ["--cacert", unrelated])
        #expect(refused.status == 60, "curl should fail certificate verification (60): \(refused.info)")
        #expect(refused.body.isEmpty)
    }

    @Test func nginxCountsConnectionsAndRequests() throws {
        let served = try makeFixture()
        defer { served.remove() }
        let nginx = try NginxServer(root: served.path, accessLog: true)
        defer { nginx.stop() }

        let before = try nginx.status()
        // One curl run fetching three URLs reuses one keep-alive connection.
        let url = "\(nginx.httpURL)/small.txt"
        let result = try ExternalCommand.run(
            curl, ["-sS", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", url, url, url])
        #expect(result.status == 0, "\(result.output)")
        let after = try nginx.status()

        #expect(after.accepted - before.accepted == 2, "curl's one connection plus the status fetch")
        #expect(after.requests - before.requests == 4, "three files plus the status fetch")
        #expect(nginx.accessLogFile.map { FileManager.default.fileExists(atPath: $0) } == true)
    }

    @Test func nginxStopReapsTheServerAndRemovesItsFiles() throws {
        let served = try makeFixture()
        defer { served.remove() }
        let nginx = try NginxServer(root: served.path, https: true)
        let port = nginx.httpPort
        let caFile = try #require(nginx.caFile)
        #expect(LoopbackPort.acceptsConnections(port))
        #expect(FileManager.default.fileExists(atPath: caFile))

        nginx.stop()
        #expect(!LoopbackPort.acceptsConnections(port))
        #expect(!FileManager.default.fileExists(atPath: caFile))
        nginx.stop()
    }

    @Test func vsftpdServesFilesByteExactAndReportsMissingOnes() throws {
        let served = try makeFixture()
        defer { served.remove() }
        let ftp = try FTPServer(root: served.path)
        defer { ftp.stop() }

        for (name, bytes) in served.files {
            let result = try curlGet("\(ftp.url)/\(name)")
            #expect(result.status == 0, "curl ftp \(name): \(result.info)")
            #expect(result.body == bytes, "\(name) over ftp")
        }
        let missing = try curlGet("\(ftp.url)/absent.bin")
        #expect(missing.status == 78, "curl reports a missing remote file with 78: \(missing.info)")

        let port = ftp.port
        ftp.stop()
        #expect(!LoopbackPort.acceptsConnections(port))
    }

    @Test func missingDaemonErrorsSayHowToInstall() {
        let error = DaemonError.missing("/usr/sbin/nginx", package: "nginx-light")
        #expect(error.kind == .missingProgram)
        #expect(error.message.contains("./scripts/install-deps"))
        #expect(error.message.contains("/usr/sbin/nginx"))
    }

    @Test func freePortsCanBeBound() throws {
        let port = try LoopbackPort.free()
        #expect(port > 0 && port < 65_536)
        #expect(LoopbackPort.isBindable(port))
        let range = try LoopbackPort.freeRange(count: 8)
        #expect(range.count == 8 && range.allSatisfy(LoopbackPort.isBindable))
    }
}
