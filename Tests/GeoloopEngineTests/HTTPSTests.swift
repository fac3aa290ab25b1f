import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// HTTPS against nginx on loopback with a throwaway CA: HTTP/2 multiplexing and certificate checks.
@Suite struct HTTPSTests {
    @Test func http2TransfersShareAFewConnections() async throws {
        var served = try ServedFiles()
        defer { served.remove() }
        let names = try served.addFiles(count: 50, size: 20_000, prefix: "h2")
        let nginx = try NginxServer(root: served.path, https: true)
        defer { nginx.stop() }
        let base = try #require(nginx.httpsURL)
        let configuration = EngineConfiguration(caFile: nginx.caFile)

        let before = try nginx.status()
        let finished = try await withCheckedEngine(configuration) { engine in
            var finished = 0
            for await (index, result) in engine.results(for: names.map { TransferRequest(url: "\(base)/\($0)") }) {
                let response = try result.get()
                #expect(response.httpVersion == "2", "\(names[index]) came over HTTP/\(response.httpVersion)")
                #expect(response.body == served.files[names[index]], "\(names[index]) bytes differ")
                finished += 1
            }
            return finished
        }
        let after = try nginx.status()

        #expect(finished == 50)
        // nginx counts a connection when it accepts it; the second status fetch is one of them.
        let connections = after.accepted - before.accepted - 1
        #expect(connections >= 1 && connections < 50, "50 transfers took \(connections) connections")
        #expect(connections <= configuration.maxConnectionsPerHost, "\(connections) connections to one host")
        #expect(after.requests - before.requests - 1 == 50, "each transfer is one HTTP/2 stream")
    }

    @Test func aServerSignedByAnotherCAFailsAsTLS() async throws {
        var served = try ServedFiles()
        defer { served.remove() }
        try served.addFiles(count: 1, size: 1_000, prefix: "ca")
        let nginx = try NginxServer(root: served.path, https: true)
        defer { nginx.stop() }
        var request = TransferRequest(url: "\(try #require(nginx.httpsURL))/ca-0.bin")
        request.caFile = try nginx.makeUnrelatedCAFile()

        try await withCheckedEngine { engine in
            let error = await expectTransferError { try await engine.perform(request) }
            #expect(error?.kind == .tls)
            #expect(error?.url == request.url)
            #expect(error?.message.contains(request.url) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("certificate") == true, "\(error?.message ?? "")")

            // The same engine and URL succeed with the CA that did sign the server: the CA was the problem.
            request.caFile = nginx.caFile
            let response = try await engine.perform(request)
            #expect(response.body == served.files["ca-0.bin"])
        }
    }
}
