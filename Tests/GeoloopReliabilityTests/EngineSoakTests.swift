import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// Many transfers with mixed faults, 128 in flight, through one engine: every transfer ends, the
/// loop closes cleanly, and descriptors and memory return to where they started.
@Suite(.serialized) struct EngineSoakTests {
    /// Transfers per soak: `GEOLOOP_SOAK_TRANSFERS` for the long run (docs/RELIABILITY.md).
    static let transfers = environmentCount("GEOLOOP_SOAK_TRANSFERS", default: 1_500)
    static let bodyBytes = 32 * 1024
    static let paths = 64

    /// Whether a sanitizer runtime is loaded: its shadow memory makes RSS meaningless as a leak measure.
    static var underSanitizer: Bool {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil
            || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
    }

    /// Runs `count` transfers against `server`, at most `inFlight` at once; returns (ok, failed, intact).
    static func soak(_ server: TestHTTPServer, count: Int, inFlight: Int) async throws -> (Int, Int, Int) {
        var configuration = EngineConfiguration()
        configuration.maxInFlight = inFlight
        configuration.maxConnectionsPerHost = inFlight
        configuration.maxTotalConnections = inFlight
        let engine = try TransferEngine(configuration: configuration)
        var results = (ok: 0, failed: 0, intact: 0)
        await withTaskGroup(of: (Bool, Bool).self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    var request = TransferRequest(url: server.baseURL + "/soak/\(index % paths)")
                    request.stall = StallWindow(minimumBytesPerSecond: 1, window: .seconds(1))
                    request.connectTimeout = .seconds(5)
                    guard let response = try? await engine.perform(request) else { return (false, false) }
                    let expected = ResponseScript.Body.generatedBytes(count: bodyBytes, seed: UInt64(index % paths))
                    return (true, response.status == 200 && response.body == expected)
                }
            }
            for _ in 0..<min(inFlight, count) { add() }
            for await (ok, intact) in group {
                if ok { results.ok += 1 } else { results.failed += 1 }
                if intact { results.intact += 1 }
                if next < count { add() }
            }
        }
        await engine.shutdown()
        #expect(engine.lastLoopCloseResult == 0)
        #expect(engine.counters.inFlight == 0 && engine.counters.queued == 0)
        return (results.ok, results.failed, results.intact)
    }

    /// The soak runs in a child process of this test binary (filtered to `measuredSoak`), so the
    /// other suites running at the same time don't move its memory and descriptor figures.
    @Test func aLongRunWithMixedFaultsEndsEveryTransferAndLeaksNothing() async throws {
        let scratch = try ScratchDir("soak")
        defer { scratch.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "EngineSoakTests/measuredSoak"]
        process.environment = ProcessInfo.processInfo.environment.merging(["GEOLOOP_SOAK_CHILD": "1"]) { $1 }
        let log = scratch.url.appendingPathComponent("child.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        let ended = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { ended.continuation.yield($0.terminationStatus) }
        try process.run()
        var status: Int32 = -1
        for await code in ended.stream {
            status = code
            break
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "the measured soak failed:\n\(output.suffix(4000))")
        #expect(
            output.contains("measuredSoak()") && output.contains("passed"),
            "the soak did not run:\n\(output.suffix(2000))")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["GEOLOOP_SOAK_CHILD"] != nil))
    func measuredSoak() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.setRecordingRequests(false)
        for path in 0..<Self.paths {
            server.setRoute("/soak/\(path)", .generated(count: Self.bodyBytes, seed: UInt64(path)))
        }
        // A warm-up run brings the allocator, libcurl and the Dispatch pools to their working size.
        _ = try await Self.soak(server, count: 256, inFlight: 128)
        // The server runs in this process: its ends of the warm-up's connections count until it closes them.
        #expect(server.waitForOpenConnections(atMost: 0, timeout: .seconds(10)))
        let descriptorsBefore = openDescriptorCount()
        let residentBefore = residentKiB()
        server.setFaults(
            FaultPlan(
                seed: 99, status503: 0.04, closeMidBody: 0.04, rateLimited429: 0.02, stall: 0.01, truncatedBody: 0.02,
                dropConnection: 0.03))

        let (ok, failed, intact) = try await Self.soak(server, count: Self.transfers, inFlight: 128)

        #expect(ok + failed == Self.transfers)
        #expect(failed > 0 && intact > Self.transfers / 2, "the faults should hit some transfers, not most")
        #expect(server.waitForOpenConnections(atMost: 0, timeout: .seconds(10)))
        let descriptorsAfter = openDescriptorCount()
        let residentAfter = residentKiB()
        #expect(
            descriptorsAfter <= descriptorsBefore + 2,
            "\(descriptorsBefore) descriptors before, \(descriptorsAfter) after")
        if !Self.underSanitizer {
            #expect(
                residentAfter <= residentBefore + 32 * 1024, "RSS \(residentBefore) KiB before, \(residentAfter) after")
        }
        FigureLog.record(
            "engine soak",
            [
                "transfers": Self.transfers, "ok": ok, "failed": failed, "intact": intact,
                "requests": server.totalRequests,
                "fdBefore": descriptorsBefore, "fdAfter": descriptorsAfter, "rssKiBBefore": residentBefore,
                "rssKiBAfter": residentAfter,
            ])
    }

    /// A refused redirect used to leave the reused easy handle unable to take its receive-buffer
    /// option (libcurl 7.88.1 answers CURLE_BAD_FUNCTION_ARGUMENT), failing the next transfers on it.
    @Test func transfersAfterARefusedRedirectStillSucceed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.setRoute("/to-file", .redirect("file:///etc/passwd"))
        server.setRoute("/loop", .redirect("/loop"))
        server.setRoute("/fine", .text("fine\n"))
        var configuration = EngineConfiguration()
        configuration.maxInFlight = 2
        let engine = try TransferEngine(configuration: configuration)

        for round in 0..<20 {
            var refused = TransferRequest(url: server.baseURL + (round % 2 == 0 ? "/to-file" : "/loop"))
            refused.protocols = [.http]
            await #expect(throws: TransferError.self) { _ = try await engine.perform(refused) }
            let response = try await engine.perform(TransferRequest(url: server.baseURL + "/fine"))
            #expect(response.body == Array("fine\n".utf8), "round \(round)")
        }
        await engine.shutdown()
        #expect(engine.lastLoopCloseResult == 0)
    }
}
