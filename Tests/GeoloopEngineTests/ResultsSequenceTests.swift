import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct ResultsSequenceTests {
    @Test func yieldsEachIndexExactlyOnceWithItsOwnResult() async throws {
        try await withScriptedServer { server in
            server.setRoute("/ok", .text("fine"))
            server.setRoute("/cut", ResponseScript(body: .generated(count: 10_000, seed: 9), closeAfterBodyBytes: 10))
            try await withCheckedEngine { engine in
                let paths = (0..<90).map { $0 % 3 == 0 ? "/cut" : "/ok" }
                let requests = paths.map { TransferRequest(url: server.baseURL + $0) }
                var seen: [Int: Int] = [:]
                for await (index, result) in engine.results(for: requests) {
                    seen[index, default: 0] += 1
                    switch result {
                    case .success(let response):
                        #expect(paths[index] == "/ok")
                        #expect(String(decoding: response.body, as: UTF8.self) == "fine")
                    case .failure(let error):
                        #expect(paths[index] == "/cut")
                        #expect(error.kind == .io)
                    }
                }
                #expect(seen.count == 90)
                #expect(seen.values.allSatisfy { $0 == 1 })
            }
        }
    }

    @Test func emptyListFinishesAtOnce() async throws {
        try await withCheckedEngine { engine in
            var count = 0
            for await _ in engine.results(for: []) { count += 1 }
            #expect(count == 0)
        }
    }

    /// One request answered at once, then 20 the server never answers, on an engine of 8 in flight.
    private func withOneFastAndTwentySilent(
        _ body: (TransferEngine, [TransferRequest]) async throws -> Void
    ) async throws {
        try await withScriptedServer { server in
            server.setRoute("/fast", .text("first"))
            server.setRoute("/silent", .silence)
            try await withCheckedEngine(EngineConfiguration(maxInFlight: 8, maxConnectionsPerHost: 8)) { engine in
                let requests =
                    [TransferRequest(url: server.baseURL + "/fast")]
                    + (0..<20).map { _ in TransferRequest(url: server.baseURL + "/silent") }
                try await body(engine, requests)
            }
        }
    }

    @Test func stoppingEarlyCancelsTheRest() async throws {
        try await withOneFastAndTwentySilent { engine, requests in
            for await (index, _) in engine.results(for: requests) {
                #expect(index == 0)
                break
            }
            #expect(await eventually { engine.counters.cancelled == 20 })
            #expect(engine.counters.inFlight == 0)
        }
    }

    @Test func cancellingTheConsumingTaskEndsIterationAndCancelsTheRest() async throws {
        try await withOneFastAndTwentySilent { engine, requests in
            let results = engine.results(for: requests)
            let (firstSeen, firstSeenSignal) = AsyncStream.makeStream(of: Void.self)
            let consumer = Task {
                var indices: [Int] = []
                for await (index, _) in results {
                    indices.append(index)
                    firstSeenSignal.yield()
                }
                return indices
            }
            for await _ in firstSeen { break }
            consumer.cancel()
            #expect(await consumer.value == [0])
            #expect(await eventually { engine.counters.cancelled == 20 })
            #expect(engine.counters.inFlight == 0)
        }
    }

    @Test func resultsArriveInBatchesYetEachIndexOnce() async throws {
        try await withScriptedServer { server in
            server.setDefault(.text("same"))
            try await withCheckedEngine(EngineConfiguration(maxInFlight: 32, maxConnectionsPerHost: 32)) { engine in
                let requests = (0..<500).map { TransferRequest(url: server.baseURL + "/f\($0)") }
                var seen = Set<Int>()
                for await (index, result) in engine.results(for: requests) {
                    #expect(seen.insert(index).inserted)
                    #expect((try? result.get().body) == Array("same".utf8))
                }
                #expect(seen.count == 500)
            }
        }
    }
}
