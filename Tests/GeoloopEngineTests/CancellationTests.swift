import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct CancellationTests {
    /// How one perform() call ended.
    enum Ending: Equatable, Sendable {
        case response, cancelled, shutdown
        case other(String)
    }

    static func ending(_ operation: () async throws -> TransferResponse) async -> Ending {
        do {
            _ = try await operation()
            return .response
        } catch is CancellationError {
            return .cancelled
        } catch let error as TransferError where error.kind == .shutdown {
            return .shutdown
        } catch {
            return .other("\(error)")
        }
    }

    @Test func cancellingAHundredInFlightTransfersLeavesNothingOpen() async throws {
        try await withScriptedServer { server in
            server.setRoute("/silent", .silence)
            let configuration = EngineConfiguration(
                maxInFlight: 100, maxConnectionsPerHost: 100, maxTotalConnections: 100)
            try await withCheckedEngine(configuration) { engine in
                let request = TransferRequest(url: server.baseURL + "/silent")
                let work = Task {
                    await withTaskGroup(of: Ending.self) { group in
                        for _ in 0..<100 {
                            group.addTask { await Self.ending { try await engine.perform(request) } }
                        }
                        return await group.reduce(into: [Ending]()) { $0.append($1) }
                    }
                }
                #expect(await serverSawRequests(server, count: 100, path: "/silent"))
                #expect(engine.counters.inFlight == 100)

                work.cancel()
                let endings = await work.value
                #expect(endings.count == 100)
                #expect(endings.allSatisfy { $0 == .cancelled })
                let counters = engine.counters
                #expect(counters.inFlight == 0)
                #expect(counters.cancelled == 100)
                #expect(counters.failed == 0)
                // A transfer removed mid-response cannot leave its connection for reuse: all close.
                #expect(await serverConnectionsDropped(server, downTo: 0))
            }
        }
    }

    @Test func cancellingAQueuedTransferNeverReachesTheServer() async throws {
        try await withScriptedServer { server in
            server.setRoute("/silent", .silence)
            server.setRoute("/queued", .text("should not be asked for"))
            try await withCheckedEngine(EngineConfiguration(maxInFlight: 1)) { engine in
                let blocker = Task {
                    await Self.ending { try await engine.perform(TransferRequest(url: server.baseURL + "/silent")) }
                }
                #expect(await serverSawRequests(server, count: 1, path: "/silent"))
                let queued = Task {
                    await Self.ending { try await engine.perform(TransferRequest(url: server.baseURL + "/queued")) }
                }
                queued.cancel()
                #expect(await queued.value == .cancelled)
                blocker.cancel()
                #expect(await blocker.value == .cancelled)
                #expect(server.requestCount(path: "/queued") == 0)
            }
        }
    }

    @Test func cancelledBeforeStartingThrowsWithoutSubmitting() async throws {
        try await withScriptedServer { server in
            server.setRoute("/never", .text("no"))
            try await withCheckedEngine { engine in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return await Self.ending {
                        try await engine.perform(TransferRequest(url: server.baseURL + "/never"))
                    }
                }
                #expect(await task.value == .cancelled)
                #expect(engine.counters.completed + engine.counters.failed == 0)
            }
        }
    }

    @Test func shutdownWithTransfersInFlightResumesEveryWaiter() async throws {
        try await withScriptedServer { server in
            server.setRoute("/silent", .silence)
            let configuration = EngineConfiguration(maxInFlight: 10, maxConnectionsPerHost: 10)
            let engine = try TransferEngine(configuration: configuration)
            let request = TransferRequest(url: server.baseURL + "/silent")
            let work = Task {
                await withTaskGroup(of: Ending.self) { group in
                    for _ in 0..<30 {
                        group.addTask { await Self.ending { try await engine.perform(request) } }
                    }
                    return await group.reduce(into: [Ending]()) { $0.append($1) }
                }
            }
            #expect(await serverSawRequests(server, count: 10, path: "/silent"))

            await engine.shutdown()
            let endings = await work.value
            #expect(endings.count == 30)
            #expect(endings.allSatisfy { $0 == .shutdown })
            #expect(engine.lastLoopCloseResult == 0)
            #expect(engine.counters.inFlight == 0)

            let late = await expectTransferError { try await engine.perform(request) }
            #expect(late?.kind == .shutdown)
        }
    }

    /// A transfer stopped by shutdown part-way through its body says what had arrived.
    @Test func shutdownMidBodyCarriesWhatArrived() async throws {
        try await withScriptedServer { server in
            server.setRoute("/slow", ResponseScript(body: .generated(count: 100_000, seed: 3), bytesPerSecond: 5_000))
            let engine = try TransferEngine(configuration: EngineConfiguration())
            let transfer = Task {
                await expectTransferError { try await engine.perform(TransferRequest(url: server.baseURL + "/slow")) }
            }
            #expect(await eventually { engine.counters.bytesReceived > 0 })

            await engine.shutdown()
            let error = await transfer.value
            #expect(error?.kind == .shutdown)
            #expect(error?.partial?.status == 200)
            #expect(error?.partial?.headers.contentLength == 100_000)
            let kept = error?.partial?.bytesReceived ?? 0
            #expect(kept > 0 && kept < 100_000)
            #expect(engine.lastLoopCloseResult == 0)
        }
    }

    /// Asked to, a task cancelled part-way through a body learns what had arrived.
    @Test func cancellationCanReportWhatArrived() async throws {
        try await withScriptedServer { server in
            server.setRoute("/slow", ResponseScript(body: .generated(count: 100_000, seed: 4), bytesPerSecond: 5_000))
            let engine = try TransferEngine(configuration: EngineConfiguration())
            let request = TransferRequest(url: server.baseURL + "/slow")
            let keeping = Task {
                await expectTransferError { try await engine.perform(request, cancellation: .transferError) }
            }
            #expect(await eventually { engine.counters.bytesReceived > 0 })
            keeping.cancel()
            let error = await keeping.value
            #expect(error?.kind == .cancelled)
            #expect(error?.partial?.status == 200)
            let kept = error?.partial?.bytesReceived ?? 0
            #expect(kept > 0 && kept < 100_000)

            // The plain form still throws CancellationError.
            let plain = Task { try await engine.perform(request) }
            #expect(await eventually { engine.counters.bytesReceived > kept })
            plain.cancel()
            await #expect(throws: CancellationError.self) { try await plain.value }
            await engine.shutdown()
            #expect(engine.lastLoopCloseResult == 0)
        }
    }
}
