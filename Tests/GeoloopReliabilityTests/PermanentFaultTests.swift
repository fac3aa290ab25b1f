import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

/// Faults a retry cannot cure end as failures of the right kind; the same faults served once are
/// survived. Nothing bad reaches the cache.
@Suite struct PermanentFaultTests {
    /// A fault applied to one series, and the kind its accession must fail with when it persists.
    struct Case: Sendable {
        var name: String
        var kind: HarvestFailure.Kind
        /// Whether the client retries it (a refused protocol and a 404 are final at once).
        var retried = true
        var script: @Sendable (_ path: String, _ gzipBytes: [UInt8]) -> ResponseScript
    }

    static let cases: [Case] = [
        Case(name: "html with 200", kind: .html) { _, _ in
            ResponseScript(
                headers: [("Content-Type", "text/html")],
                body: .text("<!DOCTYPE html><html><body>Please verify you are a human</body></html>\n"))
        },
        Case(name: "redirect loop", kind: .refused) { path, _ in .redirect(path) },
        Case(name: "redirect to file://", kind: .refused, retried: false) { _, _ in .redirect("file:///etc/passwd") },
        Case(name: "truncated gzip, honest length", kind: .corrupt) { _, bytes in
            ResponseScript(body: .bytes(Array(bytes.prefix(bytes.count * 2 / 3))), honourRange: false)
        },
        Case(name: "content-length longer than body", kind: .network) { _, bytes in
            ResponseScript(body: .bytes(bytes), contentLengthOverride: bytes.count + 500, honourRange: false)
        },
        Case(name: "not found", kind: .notFound, retried: false) { _, _ in .status(404) },
    ]

    @Test func permanentFaultsFailWithTheRightKindAndOnceOnlyFaultsAreSurvived() async throws {
        let harness = try Harness()
        let client = try harness.client { $0.retry.maxAttempts = 3 }
        let entries = harness.corpus.entries
        var permanent: [String: Case] = [:]
        var finalAtOnce: [String: Case] = [:]
        for (index, fault) in Self.cases.enumerated() {
            let lasting = entries[2 * index]
            let once = entries[2 * index + 1]
            let bytes = try [UInt8](Data(contentsOf: harness.corpus.root.appendingPathComponent(lasting.relativePath)))
            let onceBytes = try [UInt8](Data(contentsOf: harness.corpus.root.appendingPathComponent(once.relativePath)))
            harness.server.setRoute(Harness.path(lasting), fault.script(Harness.path(lasting), bytes))
            harness.server.setRoute(
                Harness.path(once), sequence: [fault.script(Harness.path(once), onceBytes), .fromRoot])
            permanent[lasting.accession] = fault
            if !fault.retried { finalAtOnce[once.accession] = fault }
        }

        let outcomes = await collect(client.harvest(try harness.accessions()))

        for entry in entries {
            let outcome = outcomes[entry.accession]
            if let fault = permanent[entry.accession] {
                #expect(outcome?.failure?.kind == fault.kind, "\(fault.name): \(String(describing: outcome?.failure))")
                let key = try GEOResource.familySOFT(Accession(parsing: entry.accession)).cacheKey
                #expect(client.cache.lookup(key) == nil, "\(fault.name) left a cache entry")
            } else if let fault = finalAtOnce[entry.accession] {
                #expect(outcome?.failure?.kind == fault.kind && outcome?.failure?.attempts == 1, "\(fault.name)")
            } else {
                #expect(
                    outcome?.record?.document == (try reference(entry)),
                    "\(entry.accession) differs: \(String(describing: outcome?.failure))")
            }
        }
        #expect(client.cache.verifyAll().isEmpty)
        let failed = outcomes.values.filter { $0.failure != nil }.count
        #expect(failed == Self.cases.count + finalAtOnce.count)
        FigureLog.record("permanent faults", ["series": entries.count, "failed": failed])
        await harness.finish(client)
    }
}
