import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct AdmissionTests {
    /// Six transfers of ~0.3 s each run one at a time; each has a 1 s deadline. They all succeed
    /// because time in the engine's backlog does not count: only admitted time does.
    @Test func backlogTimeDoesNotCountAgainstTheDeadline() async throws {
        try await withScriptedServer { server in
            server.setRoute("/slow", ResponseScript(body: .generated(count: 30_000, seed: 41), bytesPerSecond: 100_000))
            try await withCheckedEngine(EngineConfiguration(maxInFlight: 1)) { engine in
                var request = TransferRequest(url: server.baseURL + "/slow")
                request.deadline = .seconds(1)
                var queuedLongest = Duration.zero
                for await (_, result) in engine.results(for: Array(repeating: request, count: 6)) {
                    let response = try result.get()
                    #expect(response.body.count == 30_000)
                    #expect(response.timings.total < .seconds(1))
                    queuedLongest = max(queuedLongest, response.timings.queued)
                }
                // The last one waited for the five before it, longer than its own deadline.
                #expect(queuedLongest > .seconds(1))
                #expect(engine.counters.maxInFlightObserved == 1)
            }
        }
    }
}
