import Foundation
import GeoloopEngine
import Testing

@Suite struct ConnectionErrorTests {
    @Test func refusedConnectionIsAConnectError() async throws {
        let port = try closedLoopbackPort()
        try await withCheckedEngine { engine in
            let url = "http://127.0.0.1:\(port)/x"
            let error = await expectTransferError { try await engine.perform(TransferRequest(url: url)) }
            #expect(error?.kind == .connect)
            #expect(error?.curlCode == 7)
            #expect(error?.message.contains(url) == true)
            #expect(error?.message.contains("\(port)") == true)
        }
    }

    /// `.invalid` never resolves (RFC 6761); the resolver fails locally without network.
    @Test func unknownHostIsADNSError() async throws {
        try await withCheckedEngine { engine in
            let error = await expectTransferError {
                try await engine.perform(TransferRequest(url: "http://nonexistent.invalid/"))
            }
            #expect(error?.kind == .dns)
            #expect(error?.message.contains("nonexistent.invalid") == true)
        }
    }

    @Test(arguments: ["gopher://127.0.0.1/", "file:///etc/hostname", "dict://127.0.0.1/"])
    func disallowedSchemeIsRefused(url: String) async throws {
        try await withCheckedEngine { engine in
            let error = await expectTransferError { try await engine.perform(TransferRequest(url: url)) }
            #expect(error?.kind == .protocolRefused)
            #expect(error?.message.contains(url) == true)
        }
    }

    @Test func fileSchemeWorksWhenAskedFor() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("local.txt")
        try Data("local bytes".utf8).write(to: file)
        try await withCheckedEngine { engine in
            var request = TransferRequest(url: file.absoluteString)
            request.protocols = [.file]
            let response = try await engine.perform(request)
            #expect(String(decoding: response.body, as: UTF8.self) == "local bytes")
        }
    }

    @Test func malformedURLIsAClearError() async throws {
        try await withCheckedEngine { engine in
            let error = await expectTransferError { try await engine.perform(TransferRequest(url: "http://[::1")) }
            #expect(error?.kind == .other)
            #expect(error?.message.contains("http://[::1") == true)
        }
    }
}

@Suite struct ConnectTimeoutTests {
    @Test func unansweredConnectHitsTheConnectTimeout() async throws {
        let (port, descriptors) = try unansweredListener()
        defer { for descriptor in descriptors { close(descriptor) } }
        try await withCheckedEngine { engine in
            var request = TransferRequest(url: "http://127.0.0.1:\(port)/")
            request.connectTimeout = .milliseconds(300)
            request.stall = nil
            let error = await expectTransferError { try await engine.perform(request) }
            #expect(error?.kind == .connect, "\(error?.message ?? "")")
            #expect(error?.curlCode == 28)
        }
    }
}
