import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientPolitenessTests {
    @Test func anExplicitRateHoldsAtTheServer() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.rateOverride = 20 }
        let entries = Array(harness.corpus.entries.prefix(40))

        let outcomes = await collect(client.harvest(try entries.map { try harness.accession($0) }))

        #expect(outcomes.allSatisfy { $0.record != nil })
        let instants = harness.server.requests.map(\.received).sorted()
        #expect(instants.count == 40)
        // 40 requests at 20/s with a burst of 1: about 39/20 s from the first to the last.
        #expect(instants.last! - instants.first! >= .milliseconds(1850))
        for (index, start) in instants.enumerated() {
            let inWindow = instants[index...].prefix { $0 - start < .seconds(1) }.count
            #expect(inWindow <= 21, "\(inWindow) requests within one second")
        }
        await harness.finish(client)
    }

    @Test func twoCallsForOneSeriesShareOneTransfer() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let entry = harness.corpus.entries[5]
        let path = ClientHarness.path(entry)
        harness.server.setRoute(path, ResponseScript(body: .fromRoot, delayBeforeFirstByte: .milliseconds(400)))

        async let first = client.series(harness.accession(entry))
        async let second = client.series(harness.accession(entry))
        let (a, b) = try await (first, second)

        #expect(harness.server.requestCount(path: path) == 1)
        #expect(a.source.fromCache == false && b.source.fromCache == false)
        #expect(a.document == b.document)
        await harness.finish(client)
    }

    @Test func cancellingAHarvestStopsAdmittingAndLeavesNoTransfer() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.concurrency = 8 }
        harness.server.setProfile(ServingProfile(delayBeforeFirstByte: .seconds(30)))
        let entries = Array(harness.corpus.entries.prefix(50))
        let run = client.harvest(try entries.map { try harness.accession($0) })

        #expect(await harness.waitForRequests(count: 8))
        run.cancel()
        let outcomes = await collect(run)

        #expect(outcomes.count == 8)
        #expect(outcomes.allSatisfy { $0.failure?.kind == .cancelled })
        #expect(client.engineCounters.inFlight == 0)
        #expect(client.engineCounters.queued == 0)
        #expect(run.progress.queued == 42)
        #expect(harness.server.totalRequests == 8)
        await harness.finish(client)
    }
}

@Suite struct UrgentPermitTests {
    /// Waits (yielding, never sleeping) until `count` requests wait for a connection.
    static func waitForWaiters(_ limiter: HostRateLimiter, count: Int) async {
        while await limiter.load.waiting < count { await Task.yield() }
    }

    @Test func anUrgentRequestGetsTheNextConnectionAheadOfEarlierOnes() async throws {
        let limiter = HostRateLimiter(
            host: "example:80", policy: HostPolicy(requestsPerSecond: nil, maxConnections: 1))
        try await limiter.acquire()
        let order = Locked<[String]>([])

        let plain = Task {
            try await limiter.acquire()
            order.withLock { $0.append("plain") }
            await limiter.release()
        }
        await Self.waitForWaiters(limiter, count: 1)
        let urgent = Task {
            try await limiter.acquire(urgent: true)
            order.withLock { $0.append("urgent") }
            await limiter.release()
        }
        await Self.waitForWaiters(limiter, count: 2)
        await limiter.release()
        try await plain.value
        try await urgent.value

        #expect(order.withLock { $0 } == ["urgent", "plain"])
    }
}

@Suite struct HarvestStopTests {
    @Test func leavingTheIterationEarlyCancelsTheRest() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.concurrency = 4 }
        let entries = Array(harness.corpus.entries.prefix(40))
        let run = client.harvest(try entries.map { try harness.accession($0) })

        var seen = 0
        for await _ in run {
            seen += 1
            if seen == 2 { break }
        }
        while client.engineCounters.inFlight > 0 || run.progress.inFlight > 0 { await Task.yield() }

        #expect(run.isCancelled)
        #expect(run.progress.done < 40)
        #expect(harness.server.totalRequests < 40)
        await harness.finish(client)
    }

    @Test func aHarvestThatEndsNormallyIsNotCancelled() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let run = client.harvest(try harness.corpus.entries.prefix(3).map { try harness.accession($0) })
        let outcomes = await collect(run)
        #expect(outcomes.count == 3)
        #expect(!run.isCancelled)
        #expect(run.progress.succeeded == 3 && run.progress.queued == 0 && run.progress.inFlight == 0)
        await harness.finish(client)
    }
}
