import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

/// Harvests of the whole corpus through a server that misbehaves at random (seeded): every transient
/// fault must be survived with the same parsed records as a clean run.
@Suite struct FaultMatrixTests {
    static let plans: [(String, FaultPlan)] = [
        ("503", FaultPlan(seed: 1, status503: 0.10)),
        ("closeMidBody", FaultPlan(seed: 2, closeMidBody: 0.10)),
        ("429", FaultPlan(seed: 3, rateLimited429: 0.02)),
        ("stall", FaultPlan(seed: 4, stall: 0.03)),
        ("truncatedBody", FaultPlan(seed: 5, truncatedBody: 0.10)),
        ("dropConnection", FaultPlan(seed: 6, dropConnection: 0.10)),
        (
            "all",
            FaultPlan(
                seed: 7, status503: 0.10, closeMidBody: 0.10, rateLimited429: 0.02, stall: 0.03, truncatedBody: 0.05,
                dropConnection: 0.05)
        ),
    ]

    @Test(arguments: 0..<plans.count)
    func everySeriesSurvivesTransientFaults(planIndex: Int) async throws {
        let (name, plan) = Self.plans[planIndex]
        let harness = try Harness()
        harness.server.setFaults(plan)
        let client = try harness.client()

        let run = client.harvest(try harness.accessions())
        let outcomes = await collect(run)

        var injected: [FaultPlan.Fault: Int] = [:]
        var requests = 0
        for entry in harness.corpus.entries {
            let path = Harness.path(entry)
            let count = harness.server.requestCount(path: path)
            requests += count
            for number in stride(from: 1, through: count, by: 1) {
                if let fault = plan.fault(path: path, requestNumber: number) { injected[fault, default: 0] += 1 }
            }
            let outcome = outcomes[entry.accession]
            #expect(
                outcome?.failure == nil, "\(name): \(entry.accession) failed: \(String(describing: outcome?.failure))")
            if let record = outcome?.record {
                #expect(record.document == (try reference(entry)), "\(name): \(entry.accession) differs")
            }
        }
        let totalInjected = injected.values.reduce(0, +)
        #expect(outcomes.count == harness.corpus.entries.count)
        #expect(totalInjected > 0, "\(name): the plan injected no fault; the test would prove nothing")
        #expect(client.cache.verifyAll().isEmpty)
        let progress = run.progress
        // A connection dropped before any response byte on a reused connection is retried inside
        // libcurl, which the client does not see; every other fault costs the client one retry.
        let dropped = injected[.dropConnection] ?? 0
        #expect(
            progress.retries <= totalInjected && progress.retries >= totalInjected - dropped,
            "\(name): \(progress.retries) retries for \(injected)")
        FigureLog.record(
            "faults \(name)",
            [
                "series": harness.corpus.entries.count, "requests": requests, "injected": totalInjected,
                "retries": progress.retries, "succeeded": progress.succeeded, "failed": progress.failed,
            ])
        await harness.finish(client)
    }
}
