import Foundation
import GeoloopGEO
import Testing

/// A broken limiter would leave a test waiting for an event that never comes: the limit fails it.
@Suite(.timeLimit(.minutes(1))) struct HostRateLimiterTests {
    /// Runs `count` acquire/release pairs one after the other, advancing the manual clock to each
    /// deadline the limiter sleeps for; returns the virtual time each request was let through.
    func grantTimes(policy: HostPolicy, count: Int) async throws -> [Duration] {
        let clock = ManualClock()
        let limiter = HostRateLimiter(host: "test:80", policy: policy, clock: clock)
        let driver = Task {
            defer { clock.close() }
            var times: [Duration] = []
            for _ in 0..<count {
                try await limiter.acquire()
                times.append(clock.now)
                await limiter.release()
            }
            return times
        }
        while let deadline = await clock.nextDeadline() { clock.advance(to: deadline) }
        return try await driver.value
    }

    @Test(arguments: [(3.0, 1, 10), (10.0, 1, 25), (50.0, 16, 100), (4.0, 5, 5)])
    func requestsBeyondTheBurstAreSpacedAtTheRate(rate: Double, burst: Int, count: Int) async throws {
        let policy = HostPolicy(requestsPerSecond: rate, burst: burst, maxConnections: 4)
        let times = try await grantTimes(policy: policy, count: count)

        let interval = Int64((1e9 / rate).rounded())
        #expect(times.count == count)
        #expect(times.prefix(burst).allSatisfy { $0 == .zero })
        #expect(times.last == .nanoseconds(Int64(max(0, count - burst)) * interval))
        for index in burst..<count {
            #expect(times[index] == .nanoseconds(Int64(index - burst + 1) * interval))
        }
    }

    @Test func acquireReturnsTheTimeSpentWaitingForAToken() async throws {
        let clock = ManualClock()
        let policy = HostPolicy(requestsPerSecond: 10, burst: 1, maxConnections: 4)
        let limiter = HostRateLimiter(host: "test:80", policy: policy, clock: clock)
        #expect(try await limiter.acquire() == .zero)

        let waiters = (0..<2).map { _ in Task { try await limiter.acquire() } }
        #expect(await clock.nextDeadline(whenSleeping: 2) == .milliseconds(100))
        #expect(await limiter.tokenBacklog == .milliseconds(200))
        clock.advance(to: .milliseconds(100))
        // One of them has the token; the other sleeps again until the next one.
        #expect(await clock.nextDeadline(whenSleeping: 1) == .milliseconds(200))
        clock.advance(to: .milliseconds(200))
        var waited: [Duration] = []
        for waiter in waiters { waited.append(try await waiter.value) }
        #expect(waited.sorted() == [.milliseconds(100), .milliseconds(200)])
        #expect(await limiter.tokenBacklog == .zero)

        let unlimited = HostRateLimiter(
            host: "test:81", policy: HostPolicy(requestsPerSecond: nil, maxConnections: 1), clock: clock)
        #expect(try await unlimited.acquire() == .zero)
        clock.close()
    }

    @Test func withoutARateOnlyConnectionsCount() async throws {
        let times = try await grantTimes(policy: HostPolicy(requestsPerSecond: nil, maxConnections: 2), count: 50)
        #expect(times.allSatisfy { $0 == .zero })
    }

    @Test func aRetryAfterPauseHoldsEveryWaiter() async throws {
        let clock = ManualClock()
        let granted = Locked<[Duration]>([])
        let policy = HostPolicy(requestsPerSecond: 10, burst: 4, maxConnections: 8)
        let limiter = HostRateLimiter(
            host: "eutils:443", policy: policy, clock: clock,
            observer: { event in
                // Read inside the limiter at the moment of the decision, so later clock moves don't matter.
                if case .granted(_, let at) = event { granted.withLock { $0.append(at) } }
            })
        let applied = await limiter.noteResponse(status: 429, retryAfter: "5")
        #expect(applied == .seconds(5))
        #expect(await limiter.pauseEnd == .seconds(5))

        let waiters = (0..<3).map { _ in Task { try await limiter.acquire() } }
        #expect(await clock.nextDeadline(whenSleeping: 3) == .seconds(5))
        clock.advance(to: .milliseconds(4999))
        #expect(clock.sleeperCount == 3)
        #expect(granted.withLock { $0 }.isEmpty)

        // After the pause: one request at its end, then the sustained rate, no burst.
        clock.advance(to: .seconds(5))
        var deadlines: [Duration] = []
        for _ in 0..<2 {
            let deadline = try #require(await clock.nextDeadline())
            deadlines.append(deadline)
            clock.advance(to: deadline)
        }
        for waiter in waiters { _ = try await waiter.value }
        #expect(deadlines == [.milliseconds(5100), .milliseconds(5200)])
        #expect(granted.withLock { $0 } == [.seconds(5), .milliseconds(5100), .milliseconds(5200)])
    }

    @Test func pausesOnlyFor429And503AndAreCapped() async {
        let clock = ManualClock()
        let policy = HostPolicy(requestsPerSecond: nil, maxConnections: 1, maximumPause: .seconds(60))
        let limiter = HostRateLimiter(host: "h:443", policy: policy, clock: clock)

        #expect(await limiter.noteResponse(status: 500, retryAfter: "10") == nil)
        #expect(await limiter.noteResponse(status: 404, retryAfter: nil) == nil)
        #expect(await limiter.pauseEnd == nil)
        #expect(await limiter.noteResponse(status: 503, retryAfter: nil) == .seconds(2))
        #expect(await limiter.noteResponse(status: 429, retryAfter: "86400") == .seconds(60))
        #expect(await limiter.pauseEnd == .seconds(60))
        #expect(await limiter.noteResponse(status: 429, retryAfter: "1") == .seconds(1))
        #expect(await limiter.pauseEnd == .seconds(60))
    }

    @Test func theConnectionCapQueuesInArrivalOrder() async throws {
        let events = AsyncStream<PolitenessEvent>.makeStream()
        let limiter = HostRateLimiter(
            host: "ftp:443", policy: HostPolicy(requestsPerSecond: nil, maxConnections: 2), clock: ManualClock(),
            observer: { events.continuation.yield($0) })
        var iterator = events.stream.makeAsyncIterator()
        try await limiter.acquire()
        try await limiter.acquire()

        let third = Task { try await limiter.acquire() }
        while let event = await iterator.next(), event != .waitingForConnection(host: "ftp:443") {}
        #expect(await limiter.load == (2, 1))

        await limiter.release()
        _ = try await third.value
        #expect(await limiter.load == (2, 0))
        await limiter.release()
        await limiter.release()
        #expect(await limiter.load == (0, 0))
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let events = AsyncStream<PolitenessEvent>.makeStream()
        let limiter = HostRateLimiter(
            host: "ftp:443", policy: HostPolicy(requestsPerSecond: nil, maxConnections: 1), clock: ManualClock(),
            observer: { events.continuation.yield($0) })
        var iterator = events.stream.makeAsyncIterator()
        try await limiter.acquire()

        let waiter = Task { try await limiter.acquire() }
        while let event = await iterator.next(), event != .waitingForConnection(host: "ftp:443") {}
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.load == (1, 0))
    }

    @Test func theGateAppliesNCBIsRules() throws {
        let plain = PolitenessGate(endpoints: GEOEndpoints())
        let keyed = PolitenessGate(endpoints: GEOEndpoints(apiKey: "k"))
        let eutils = URL(string: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=gds")!

        #expect(plain.limiter(for: eutils).policy.requestsPerSecond == 3)
        #expect(keyed.limiter(for: eutils).policy.requestsPerSecond == 10)
        #expect(plain.limiter(for: eutils) === plain.limiter(for: eutils))
        #expect(plain.limiter(for: GEOEndpoints.defaultAccessionQuery).policy == .accessionQuery)
        #expect(plain.limiter(for: GEOEndpoints.defaultFileServer).policy == .fileServer)
        #expect(HostPolicy.fileServer.maxConnections == 16)
        #expect(PolitenessGate.hostKey(URL(string: "http://127.0.0.1:8080/x")!) == "127.0.0.1:8080")

        let local = GEOEndpoints(
            fileServer: URL(string: "http://127.0.0.1:9/geo/")!, accessionQuery: URL(string: "http://127.0.0.1:9/acc")!,
            eutils: URL(string: "http://127.0.0.1:9/eutils/")!)
        #expect(PolitenessGate(endpoints: local).policy(forHostKey: "127.0.0.1:9").requestsPerSecond == 3)
        let fast = HostPolicy(requestsPerSecond: nil, maxConnections: 64)
        #expect(
            PolitenessGate(endpoints: local, overrides: ["127.0.0.1:9": fast]).policy(forHostKey: "127.0.0.1:9") == fast
        )
    }

    @Test(arguments: [
        ("120", Duration.seconds(120)),
        (" 0 ", .zero),
        ("Thu, 03 Dec 2026 12:00:30 GMT", .seconds(30)),
        ("Thursday, 03-Dec-26 12:01:00 GMT", .seconds(60)),
        ("Thu Dec  3 12:00:05 2026", .seconds(5)),
        ("Wed, 02 Dec 2026 12:00:00 GMT", .zero),
    ])
    func retryAfterReadsSecondsAndDates(header: String, expected: Duration) {
        let now = Date(timeIntervalSince1970: 1_796_299_200)  // Thu, 03 Dec 2026 12:00:00 GMT
        #expect(RetryAfter.delay(fromHeader: header, now: now) == expected)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Thu, 99 Foo 2026"])
    func retryAfterRejectsOtherText(header: String) {
        #expect(RetryAfter.delay(fromHeader: header) == nil)
    }
}
