import GeoloopEngine
import GeoloopTestSupport
import Testing

/// The loop keeps a removed socket's poll handle and takes it back when the descriptor number
/// returns: for the same kept-alive connection, or for a new socket that got a closed one's number.
@Suite struct SocketReuseTests {
    static let oneConnection = EngineConfiguration(maxInFlight: 1, maxConnectionsPerHost: 1, maxTotalConnections: 1)

    @Test func keptAliveAndClosedConnectionsAlternate() async throws {
        try await withScriptedServer { server in
            server.setRoute("/keep", .text("kept"))
            var closing = ResponseScript.text("closed")
            closing.closeAfterBodyBytes = 6  // the whole body, then the server closes
            server.setRoute("/close", closing)
            try await withCheckedEngine(Self.oneConnection) { engine in
                for round in 0..<30 {
                    let path = round % 3 == 2 ? "/close" : "/keep"
                    let response = try await engine.perform(TransferRequest(url: server.baseURL + path))
                    #expect(String(decoding: response.body, as: UTF8.self) == (path == "/close" ? "closed" : "kept"))
                }
                // Three transfers per connection: the kept-alive sockets were reused, the closed ones not.
                #expect(server.connectionsAccepted == 10)
            }
        }
    }

    @Test func aConnectionTheServerDroppedWhileIdleIsReplaced() async throws {
        let first = try TestHTTPServer()
        first.setRoute("/a", .text("one"))
        let port = Int(first.baseURL.split(separator: ":").last!)!
        try await withCheckedEngine(Self.oneConnection) { engine in
            let before = try await engine.perform(TransferRequest(url: first.baseURL + "/a"))
            #expect(before.body == Array("one".utf8))

            // The kept-alive connection is idle in libcurl's cache when the server goes away.
            first.stop()
            let second = try TestHTTPServer(port: port)
            defer { second.stop() }
            second.setRoute("/a", .text("two"))
            for _ in 0..<3 {
                let after = try await engine.perform(TransferRequest(url: second.baseURL + "/a"))
                #expect(after.body == Array("two".utf8))
            }
            #expect(second.connectionsAccepted == 1)
        }
    }
}
