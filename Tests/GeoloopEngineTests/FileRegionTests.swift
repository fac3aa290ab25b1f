import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// `.fileRegion`: Range segments of one download written straight into their place in one file.
@Suite struct FileRegionTests {
    @Test func segmentsLandAtTheirOffsetsInOneFile() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let total = 3_000_000
        let expected = ResponseScript.Body.generatedBytes(count: total, seed: 21)
        try await withScriptedServer { server in
            server.setRoute("/whole", .generated(count: total, seed: 21))
            try await withCheckedEngine { engine in
                let path = directory.appendingPathComponent("whole.bin").path
                #expect(FileManager.default.createFile(atPath: path, contents: nil))
                // Out of order and concurrently, as the GEO client's segments arrive.
                let cuts: [(Int64, Int64)] = [(2_000_000, 2_999_999), (0, 999_999), (1_000_000, 1_999_999)]
                try await withThrowingTaskGroup(of: TransferResponse.self) { group in
                    for (start, end) in cuts {
                        var request = TransferRequest(url: server.baseURL + "/whole")
                        request.range = ByteRange(start: start, end: end)
                        request.destination = .fileRegion(path: path, offset: start)
                        group.addTask { try await engine.perform(request) }
                    }
                    for try await response in group {
                        #expect(response.status == 206)
                        #expect(response.bytesReceived == 1_000_000)
                        #expect(response.bodyFile == path)
                    }
                }
                let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(written.count == total)
                #expect(bodyChecksum(written) == bodyChecksum(expected))
                #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
            }
        }
    }

    @Test func aFailedRegionKeepsTheFileAndTheBytesBeforeIt() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withScriptedServer { server in
            server.setRoute(
                "/cut", ResponseScript(body: .generated(count: 500_000, seed: 22), closeAfterBodyBytes: 100_000))
            try await withCheckedEngine { engine in
                let path = directory.appendingPathComponent("kept.bin").path
                let prefix = [UInt8](repeating: 0x5A, count: 1000)
                #expect(FileManager.default.createFile(atPath: path, contents: Data(prefix)))
                var request = TransferRequest(url: server.baseURL + "/cut")
                request.destination = .fileRegion(path: path, offset: 1000)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .io)
                // The caller owns the file: not removed, its earlier bytes untouched.
                let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(Array(written.prefix(1000)) == prefix)
                #expect(written.count <= 1000 + 100_000)
            }
        }
    }

    @Test func aMissingRegionFileIsAClearIOErrorAndNothingIsCreated() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withScriptedServer { server in
            server.setRoute("/x", .text("x"))
            try await withCheckedEngine { engine in
                let path = directory.appendingPathComponent("absent.bin").path
                var request = TransferRequest(url: server.baseURL + "/x")
                request.destination = .fileRegion(path: path, offset: 0)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .io)
                #expect(error?.message.contains("absent.bin") == true)
                #expect(!FileManager.default.fileExists(atPath: path))
                #expect(server.requestCount(path: "/x") == 0)
            }
        }
    }
}
