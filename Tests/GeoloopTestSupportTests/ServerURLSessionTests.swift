import Foundation
import GeoloopTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The server through a libcurl-backed client (URLSession on Linux), as the engine will use it.
@Test func urlSessionFetchesFilesConcurrentlyOverKeptAliveConnections() async throws {
    let server = try TestHTTPServer(root: SharedData.geoDirectory)
    defer { server.stop() }
    let name = "GSE105845_family.soft"
    let expected = try Data(contentsOf: SharedData.geoDirectory.appendingPathComponent(name))
    let session = URLSession(configuration: .ephemeral)
    defer { session.invalidateAndCancel() }

    let bodies = try await withThrowingTaskGroup(of: (Data, Int).self) { group in
        for _ in 0..<16 {
            group.addTask {
                let (data, response) = try await session.data(from: server.url("/" + name))
                return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
            }
        }
        return try await group.reduce(into: []) { $0.append($1) }
    }

    #expect(bodies.allSatisfy { $0.0 == expected && $0.1 == 200 })
    #expect(server.requestCount(path: "/" + name) == 16)
    #expect(server.connectionsAccepted <= 16)
}

@Test func urlSessionInflatesGzipBodies() async throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    let text = String(repeating: "^SAMPLE = GSM1\n!Sample_title = liver\n", count: 500)
    server.setRoute("/soft", ResponseScript(body: .text(text), gzip: true))
    let session = URLSession(configuration: .ephemeral)
    defer { session.invalidateAndCancel() }

    let (data, _) = try await session.data(from: server.url("/soft"))

    #expect(String(decoding: data, as: UTF8.self) == text)
}
