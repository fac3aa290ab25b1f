import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// Each scripted server misbehaviour ends in the right error kind, with a message naming the URL.
@Suite struct FaultTests {
    @Test func closeMidBodyIsAnIOError() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/cut", ResponseScript(body: .generated(count: 100_000, seed: 1), closeAfterBodyBytes: 30_000))
            try await withCheckedEngine { engine in
                let url = server.baseURL + "/cut"
                let error = await expectTransferError { try await engine.perform(TransferRequest(url: url)) }
                #expect(error?.kind == .io)
                #expect(error?.curlCode == 18)  // CURLE_PARTIAL_FILE
                #expect(error?.url == url)
                #expect(error?.message.contains(url) == true)
                // What had arrived, for resuming: the status, the headers and 30,000 bytes.
                #expect(error?.partial?.status == 200)
                #expect(error?.partial?.headers.contentLength == 100_000)
                #expect(error?.partial?.bytesReceived == 30_000)
            }
        }
    }

    @Test func aCutBodyInAFileSaysHowManyBytesItsRegionHolds() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/cut", ResponseScript(body: .generated(count: 100_000, seed: 2), closeAfterBodyBytes: 40_000))
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("region").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 10)))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/cut")
                request.destination = .fileRegion(path: path, offset: 10)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.partial?.bytesReceived == 40_000)
                let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(written.count == 40_010)
                #expect(
                    Array(written[10...])
                        == Array(ResponseScript.Body.generatedBytes(count: 100_000, seed: 2).prefix(40_000)))
            }
        }
    }

    @Test func aFailureBeforeAnyResponseCarriesNoPartial() async throws {
        try await withScriptedServer { server in
            server.setRoute("/silent", .silence)
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/silent")
                request.deadline = .milliseconds(200)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .timeout)
                #expect(error?.partial == nil)
            }
        }
    }

    @Test func contentLengthLongerThanTheBodyIsAnIOError() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/lie", ResponseScript(body: .generated(count: 1_000, seed: 2), contentLengthOverride: 5_000))
            try await withCheckedEngine { engine in
                let error = await expectTransferError {
                    try await engine.perform(TransferRequest(url: server.baseURL + "/lie"))
                }
                #expect(error?.kind == .io)
            }
        }
    }

    @Test func silentServerIsCaughtByTheStallWindowNotADeadline() async throws {
        try await withScriptedServer { server in
            server.setRoute("/silent", .silence)
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/silent")
                request.stall = StallWindow(minimumBytesPerSecond: 1, window: .seconds(1))
                #expect(request.deadline == nil)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .stalled)
                #expect(error?.curlCode == 28)
                #expect(error?.message.contains("too slow") == true)
            }
        }
    }

    @Test func bodyThatStopsHalfWayIsStalled() async throws {
        try await withScriptedServer { server in
            server.setFaults(FaultPlan(seed: 1, stall: 1))
            server.setRoute("/half", .generated(count: 2_000, seed: 4))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/half")
                request.stall = StallWindow(minimumBytesPerSecond: 5_000, window: .seconds(1))
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .stalled)
            }
        }
    }

    @Test func deadlineEndsASlowButMovingTransfer() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/slow", ResponseScript(body: .generated(count: 1_000_000, seed: 5), bytesPerSecond: 50_000))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/slow")
                request.deadline = .milliseconds(500)
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .timeout)
            }
        }
    }

    @Test func droppedConnectionIsAnIOError() async throws {
        try await withScriptedServer { server in
            server.setFaults(FaultPlan(seed: 1, dropConnection: 1))
            server.setRoute("/drop", .text("never sent"))
            try await withCheckedEngine { engine in
                let error = await expectTransferError {
                    try await engine.perform(TransferRequest(url: server.baseURL + "/drop"))
                }
                #expect(error?.kind == .io)
                #expect(error?.curlCode == 52)  // CURLE_GOT_NOTHING
            }
        }
    }

    @Test func sizeCapStopsAnEndlessBody() async throws {
        try await withScriptedServer { server in
            server.setRoute("/endless", ResponseScript(body: .endless))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/endless")
                request.maxBodyBytes = 200_000
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .tooLarge)
                #expect(error?.message.contains("200000") == true)
                #expect(engine.counters.bufferedBodyBytes == 0)
            }
        }
    }

    @Test func sizeCapRejectsAnAnnouncedLargeBody() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/big", ResponseScript(body: .generated(count: 1_000, seed: 6), contentLengthOverride: 10_000_000))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/big")
                request.maxBodyBytes = 5_000
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .tooLarge)
                #expect(error?.curlCode == 63)  // CURLE_FILESIZE_EXCEEDED
            }
        }
    }

    @Test func redirectLoopHitsTheLimit() async throws {
        try await withScriptedServer { server in
            server.setRoute("/loop", .redirect("/loop"))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/loop")
                request.maxRedirects = 3
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .tooManyRedirects)
                #expect(server.requestCount(path: "/loop") == 4)
            }
        }
    }

    @Test func redirectToADisallowedSchemeIsRefused() async throws {
        try await withScriptedServer { server in
            server.setRoute("/to-file", .redirect("file:///etc/hostname"))
            try await withCheckedEngine { engine in
                let error = await expectTransferError {
                    try await engine.perform(TransferRequest(url: server.baseURL + "/to-file"))
                }
                #expect(error?.kind == .protocolRefused)
            }
        }
    }
}
