import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct BudgetTests {
    /// A body waiting in processing keeps the in-memory budget spent, so no further in-memory
    /// transfer starts until the processing closure returns.
    @Test func spentBudgetHoldsAdmissionUntilProcessingReleasesIt() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withScriptedServer { server in
            server.setRoute("/mem", .generated(count: 10_000, seed: 31))
            server.setRoute("/probe", .text("probe"))
            var configuration = EngineConfiguration(maxInFlight: 1, maxConnectionsPerHost: 1)
            configuration.maxBufferedBodyBytes = 5_000
            try await withCheckedEngine(configuration) { engine in
                let gate = DispatchSemaphore(value: 0)
                let (started, startedContinuation) = AsyncStream<Void>.makeStream()
                let work = Task {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<3 {
                            group.addTask {
                                let request = TransferRequest(url: server.baseURL + "/mem?\(index)")
                                return try await engine.perform(request) { response in
                                    startedContinuation.yield()
                                    gate.wait()
                                    return response.body.count
                                }
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                }
                var iterator = started.makeAsyncIterator()
                await iterator.next()
                // One 10 000-byte body sits in processing: the 5 000-byte budget is spent.
                #expect(engine.counters.bufferedBodyBytes == 10_000)

                // A file transfer to another host key passes the budget; by the time it is done the
                // loop has considered the in-memory backlog and left it waiting.
                var probe = TransferRequest(url: "http://localhost:\(server.port)/probe")
                probe.destination = .file(path: directory.appendingPathComponent("probe").path)
                let probeResponse = try await engine.perform(probe)
                #expect(probeResponse.status == 200)
                #expect(server.requestCount(path: "/mem") == 1)
                #expect(engine.counters.queued == 2)

                for _ in 0..<3 { gate.signal() }
                let total = try await work.value
                #expect(total == 30_000)
                #expect(server.requestCount(path: "/mem") == 3)
                #expect(engine.counters.bufferedBodyBytes == 0)
            }
        }
    }
}

@Suite struct ProcessingBackpressureTests {
    /// With one processing slot busy and the pool's queue full, the engine admits nothing more
    /// until a processing job finishes.
    @Test func fullProcessingQueueHoldsAdmission() async throws {
        try await withScriptedServer { server in
            server.setRoute("/p", .generated(count: 1_000, seed: 51))
            var configuration = EngineConfiguration(maxInFlight: 1, maxConnectionsPerHost: 1)
            configuration.processingWidth = 1
            configuration.processingQueueLimit = 1
            try await withCheckedEngine(configuration) { engine in
                let gate = DispatchSemaphore(value: 0)
                let work = Task {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<3 {
                            group.addTask {
                                try await engine.perform(TransferRequest(url: server.baseURL + "/p?\(index)")) {
                                    gate.wait()
                                    return $0.body.count
                                }
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                }
                // Two transfers done: one body in the (blocked) processing slot, one waiting for it.
                #expect(await eventually { engine.counters.completed == 2 && engine.counters.processingQueued == 1 })

                // A round trip through the loop: a probe joins the backlog and is cancelled there.
                // Its answer comes after the admission pass that followed the second hand-off.
                let probe = Task { try await engine.perform(TransferRequest(url: server.baseURL + "/probe")) }
                #expect(await eventually { engine.counters.queued == 2 })
                probe.cancel()
                await #expect(throws: CancellationError.self) { try await probe.value }
                #expect(engine.counters.queued == 1)
                #expect(server.requestCount(path: "/p") == 2)
                #expect(server.requestCount(path: "/probe") == 0)

                for _ in 0..<3 { gate.signal() }
                let total = try await work.value
                #expect(total == 3_000)
                #expect(server.requestCount(path: "/p") == 3)
            }
        }
    }
}
