import Foundation
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

    /// The engine's connections are close-on-exec: a program that embeds the engine and starts
    /// other programs does not hand them its (kept-alive) connections.
    @Test func connectionsAreNotInheritedByChildProcesses() async throws {
        try await withScriptedServer { server in
            server.setRoute("/keep", .text("kept"))
            let before = Set(Self.inheritableSockets())
            try await withCheckedEngine(Self.oneConnection) { engine in
                _ = try await engine.perform(TransferRequest(url: server.baseURL + "/keep"))
                // The connection is idle in libcurl's cache now, still open.
                #expect(server.connectionsAccepted == 1)
                let leaked = Set(Self.inheritableSockets()).subtracting(before)
                #expect(leaked.isEmpty, "sockets without close-on-exec: \(leaked.sorted())")
            }
        }
    }

    /// The inode names (`socket:[N]`) of this process's TCP sockets that a child would inherit.
    /// (libcurl's own wake-up socket pair, a Unix socket, is not the engine's to open.)
    static func inheritableSockets() -> [String] {
        let tcp = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap { path in
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst().compactMap {
                line -> String? in
                let fields = line.split(separator: " ")
                return fields.count > 9 ? "socket:[\(fields[9])]" : nil
            }
        }
        let tcpInodes = Set(tcp)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { name -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name),
                target.hasPrefix("socket:"),
                let info = try? String(contentsOfFile: "/proc/self/fdinfo/" + name, encoding: .utf8),
                let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                let flags = Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
            else { return nil }
            return flags & 0o2_000_000 == 0 && tcpInodes.contains(target) ? target : nil  // O_CLOEXEC
        }
    }
}
