import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct BodyDestinationTests {
    @Test func streamsTheBodyToAFileWithExactBytes() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withScriptedServer { server in
            server.setRoute("/big", .generated(count: 3_000_000, seed: 11))
            try await withCheckedEngine { engine in
                let path = directory.appendingPathComponent("big.bin").path
                var request = TransferRequest(url: server.baseURL + "/big")
                request.destination = .file(path: path)
                let response = try await engine.perform(request)
                #expect(response.body.isEmpty)
                #expect(response.bodyFile == path)
                #expect(response.bytesReceived == 3_000_000)
                let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(
                    bodyChecksum(written)
                        == bodyChecksum(ResponseScript.Body.generatedBytes(count: 3_000_000, seed: 11)))
                #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
                #expect(engine.counters.bufferedBodyBytes == 0)
            }
        }
    }

    @Test func failedTransferLeavesNoFileBehind() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withScriptedServer { server in
            server.setRoute(
                "/cut", ResponseScript(body: .generated(count: 500_000, seed: 12), closeAfterBodyBytes: 100_000))
            try await withCheckedEngine { engine in
                let path = directory.appendingPathComponent("cut.bin").path
                var request = TransferRequest(url: server.baseURL + "/cut")
                request.destination = .file(path: path)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .io)
                #expect(!FileManager.default.fileExists(atPath: path))
                #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
            }
        }
    }

    @Test func unwritableDestinationIsAClearIOError() async throws {
        try await withScriptedServer { server in
            server.setRoute("/x", .text("x"))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/x")
                request.destination = .file(path: "/nonexistent-dir-geoloop/x.bin")
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .io)
                #expect(error?.message.contains("/nonexistent-dir-geoloop/x.bin") == true)
                #expect(server.requestCount(path: "/x") == 0)
            }
        }
    }
}
