import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientBackpressureTests {
    /// A consumer that reads nothing holds the harvest back: with 2 in flight and room for 2 unread
    /// outcomes, 2 or 3 series are fetched (3 when the first ends before the second) and then
    /// nothing is in flight; without the limit all 20 would be fetched. Reading releases the rest.
    @Test func unreadOutcomesStopTheHarvestFromStartingMore() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.concurrency = 2 }
        let entries = Array(harness.corpus.entries.prefix(20))
        let run = client.harvest(try entries.map { try harness.accession($0) })

        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(30)
        while !(run.progress.succeeded >= 2 && run.progress.inFlight == 0), clock.now < giveUp {
            try await Task.sleep(for: .milliseconds(5))
        }
        let held = run.progress.succeeded
        #expect((2...3).contains(held))
        #expect(run.progress.inFlight == 0)
        #expect(harness.server.totalRequests == held)

        let outcomes = await collect(run)
        #expect(outcomes.count == 20)
        #expect(outcomes.allSatisfy { $0.record != nil })
        await harness.finish(client)
    }
}
