import GeoloopGEO
import Testing

/// A seeded generator (SplitMix64), so back-off draws are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Always the same word: all zeros draws the smallest value, all ones the largest.
struct ConstantGenerator: RandomNumberGenerator {
    let word: UInt64
    mutating func next() -> UInt64 { word }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(60))
    let url = "https://ftp.ncbi.nlm.nih.gov/geo/series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz"

    @Test func backoffStaysWithinTheDoublingCeilingAndTheCap() {
        var generator = SeededGenerator(state: 42)
        #expect(policy.backoffCeiling(afterAttempt: 1) == .seconds(1))
        #expect(policy.backoffCeiling(afterAttempt: 4) == .seconds(8))
        #expect(policy.backoffCeiling(afterAttempt: 7) == .seconds(60))
        #expect(policy.backoffCeiling(afterAttempt: 200) == .seconds(60))
        for attempt in 1...12 {
            let ceiling = policy.backoffCeiling(afterAttempt: attempt)
            let draws = (0..<200).map { _ in policy.backoff(afterAttempt: attempt, using: &generator) }
            #expect(draws.allSatisfy { $0 >= .zero && $0 <= ceiling })
            // Full jitter spreads over the whole range, not just near the ceiling.
            #expect(draws.contains { $0 < ceiling / 4 } && draws.contains { $0 > ceiling * 3 / 4 })
        }
    }

    @Test func backoffIsDeterministicForASeed() {
        var first = SeededGenerator(state: 7)
        var second = SeededGenerator(state: 7)
        let a = (1...5).map { policy.backoff(afterAttempt: $0, using: &first) }
        let b = (1...5).map { policy.backoff(afterAttempt: $0, using: &second) }
        #expect(a == b)
        var low = ConstantGenerator(word: 0)
        var high = ConstantGenerator(word: .max)
        #expect(policy.backoff(afterAttempt: 3, using: &low) == .zero)
        #expect(policy.backoff(afterAttempt: 3, using: &high) == .seconds(4))
    }

    static let retried: [AttemptFailure] = [
        .transport(.connect, detail: "Connection refused"), .transport(.dns, detail: "no such host"),
        .transport(.timeout, detail: "30 s"), .transport(.stalled, detail: "0 B/s for 60 s"),
        .transport(.io, detail: "Connection reset by peer"),
        .httpStatus(500, retryAfter: nil), .httpStatus(502, retryAfter: nil), .httpStatus(503, retryAfter: nil),
        .httpStatus(429, retryAfter: nil), .body(CacheError(kind: .truncated, message: "cut short")),
        .body(CacheError(kind: .corrupt, message: "incorrect data check")),
        .body(CacheError(kind: .html, message: "HTML page")), .body(CacheError(kind: .empty, message: "empty")),
    ]

    static let notRetried: [(AttemptFailure, HarvestFailure.Kind)] = [
        (.httpStatus(404, retryAfter: nil), .notFound), (.httpStatus(403, retryAfter: nil), .refused),
        (.httpStatus(400, retryAfter: nil), .refused), (.httpStatus(410, retryAfter: nil), .refused),
        (.transport(.tls, detail: "certificate verify failed"), .tls),
        (.transport(.tooLarge, detail: "over 2 GB"), .tooLarge),
        (.transport(.protocolRefused, detail: "file://"), .refused),
        (.transport(.tooManyRedirects, detail: "over 5"), .refused),
        (.transport(.cancelled, detail: "cancelled"), .cancelled),
        (.transport(.other, detail: "curl 43"), .network),
        (.transport(.shutdown, detail: "engine"), .cancelled),
        (.body(CacheError(kind: .unexpectedContent, message: "no ^")), .unexpectedContent),
        (.body(CacheError(kind: .recordNotFound, message: "Could not find")), .notFound),
        (.body(CacheError(kind: .recordWithdrawn, message: "deleted by the GEO staff")), .withdrawn),
        (.localStorage(CacheError(kind: .io, message: "No space left on device")), .localStorage),
        (.invalidAccession(AccessionError(kind: .empty, input: "", reason: "it is empty")), .invalidAccession),
    ]

    @Test(arguments: retried)
    func retriesTransientFailures(failure: AttemptFailure) {
        var generator = SeededGenerator(state: 1)
        #expect(RetryPolicy.isRetryable(failure))
        guard
            case .retry(let delay) = policy.decide(
                after: failure, attempt: 2, accession: "GSE100494", url: url, using: &generator)
        else {
            Issue.record("expected a retry for \(failure)")
            return
        }
        #expect(delay <= .seconds(2))
    }

    @Test(arguments: notRetried)
    func neverRetriesPermanentFailures(failure: AttemptFailure, kind: HarvestFailure.Kind) {
        var generator = SeededGenerator(state: 1)
        #expect(!RetryPolicy.isRetryable(failure))
        let decision = policy.decide(after: failure, attempt: 1, accession: "GSE100494", url: url, using: &generator)
        guard case .giveUp(let report) = decision else {
            Issue.record("expected to give up on \(failure)")
            return
        }
        #expect(report.kind == kind)
        #expect(report.attempts == 1)
    }

    @Test func givesUpAfterTheLastAttempt() {
        var generator = SeededGenerator(state: 1)
        let decision = policy.decide(
            after: .httpStatus(503, retryAfter: nil), attempt: 5, accession: "GSE7", url: url, using: &generator)
        guard case .giveUp(let report) = decision else {
            Issue.record("expected to give up")
            return
        }
        #expect(report.kind == .server)
        #expect(report.attempts == 5)
        #expect(report.message.contains("HTTP 503 for GSE7"))
        #expect(report.message.contains("after 5 attempts"))
    }

    @Test func retryAfterWinsWhenLongerAndEndsTheRequestWhenTooLong() {
        var generator = ConstantGenerator(word: .max)
        let longer = policy.decide(
            after: .httpStatus(429, retryAfter: .seconds(30)), attempt: 1, accession: nil, url: url, using: &generator)
        #expect(longer == .retry(after: .seconds(30)))
        let shorter = policy.decide(
            after: .httpStatus(503, retryAfter: .milliseconds(10)), attempt: 3, accession: nil, url: url,
            using: &generator)
        #expect(shorter == .retry(after: .seconds(4)))

        let tooLong = policy.decide(
            after: .httpStatus(429, retryAfter: .seconds(3600)), attempt: 1, accession: "GSE7", url: url,
            using: &generator)
        guard case .giveUp(let report) = tooLong else {
            Issue.record("expected to give up")
            return
        }
        #expect(report.kind == .rateLimited)
        #expect(report.message.contains("asked to wait 3600 s"))
    }

    @Test func notFoundSaysWhatItMeans() {
        var generator = SeededGenerator(state: 1)
        let decision = policy.decide(
            after: .httpStatus(404, retryAfter: nil), attempt: 1, accession: "GSE99999999",
            url: url + "?api_key=SECRET", using: &generator)
        guard case .giveUp(let report) = decision else {
            Issue.record("expected to give up")
            return
        }
        #expect(
            report.message.hasPrefix(
                "GSE99999999 was not found on the server (HTTP 404): it may not exist or not be public yet"))
        #expect(report.url == url + "?api_key=***")
        #expect(!report.message.contains("SECRET"))
        #expect(report.description == report.message)
    }
}
