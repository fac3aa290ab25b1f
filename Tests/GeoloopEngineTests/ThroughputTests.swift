import GeoloopEngine
import GeoloopTestSupport
import Synchronization
import Testing

@Suite struct ThroughputTests {
    @Test func twoThousandTransfersAtSixtyFourInFlightKeepEveryByte() async throws {
        try await withScriptedServer { server in
            let count = 2_000
            for index in 0..<count {
                server.setRoute("/item/\(index)", .generated(count: 4_096 + index % 13, seed: UInt64(index)))
            }
            var configuration = EngineConfiguration(maxInFlight: 64, maxConnectionsPerHost: 64, maxTotalConnections: 64)
            configuration.processingWidth = 2
            try await withCheckedEngine(configuration) { engine in
                let requests = (0..<count).map { TransferRequest(url: server.baseURL + "/item/\($0)") }
                var seen = Set<Int>()
                for await (index, result) in engine.results(for: requests) {
                    let response = try result.get()
                    let expected = ResponseScript.Body.generatedBytes(count: 4_096 + index % 13, seed: UInt64(index))
                    #expect(response.status == 200)
                    #expect(response.body.count == expected.count)
                    #expect(bodyChecksum(response.body) == bodyChecksum(expected), "body of /item/\(index)")
                    #expect(seen.insert(index).inserted, "index \(index) yielded twice")
                }
                #expect(seen.count == count)

                let counters = engine.counters
                #expect(counters.completed == count)
                #expect(counters.failed == 0)
                #expect(counters.maxInFlightObserved <= 64)
                #expect(counters.maxInFlightObserved > 1)
                #expect(counters.inFlight == 0)
                #expect(counters.bufferedBodyBytes == 0)
            }
            // Keep-alive: far fewer connections than transfers.
            #expect(server.connectionsAccepted <= 64 * 2)
        }
    }

    @Test func perHostLimitCapsConcurrency() async throws {
        try await withScriptedServer { server in
            server.setDefault(.generated(count: 1_000, seed: 7))
            let configuration = EngineConfiguration(maxInFlight: 64, maxConnectionsPerHost: 3)
            try await withCheckedEngine(configuration) { engine in
                let requests = (0..<60).map { TransferRequest(url: server.baseURL + "/p/\($0)") }
                for await (_, result) in engine.results(for: requests) {
                    #expect((try? result.get())?.body.count == 1_000)
                }
                #expect(engine.counters.maxInFlightObserved <= 3)
            }
            #expect(server.connectionsAccepted <= 3)
        }
    }
}
