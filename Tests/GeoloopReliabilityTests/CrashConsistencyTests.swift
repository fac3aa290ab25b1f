import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

/// `geoloop fetch` killed with SIGKILL at seeded moments and restarted on the same cache: the cache
/// verifies clean every time, finished entries are never fetched again, and the last run's output
/// equals a clean run's.
@Suite struct CrashConsistencyTests {
    static let kills = environmentCount("GEOLOOP_CRASH_KILLS", default: 6)

    /// The JSON lines of a run, by accession, without the `source` object (from_cache, attempts and
    /// bytes differ between a fresh and a resumed run).
    static func records(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let accession = object["accession"] as? String
            else { continue }
            var kept = object
            kept["source"] = nil
            let data = try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
            result[accession] = data.map { String(decoding: $0, as: UTF8.self) }
        }
        return result
    }

    /// Sends SIGKILL to `pid` from a thread of its own as soon as the server has seen `count`
    /// requests: no hop through the (possibly busy) cooperative pool between the trigger and the kill.
    static func killOnRequest(_ server: TestHTTPServer, count: Int, pid: Int32) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                let reached = server.waitForRequests(count: count, timeout: .seconds(120))
                if reached { kill(pid, SIGKILL) }
                continuation.resume(returning: reached)
            }
            .start()
        }
    }

    @Test func killedFetchesResumeFromAConsistentCache() async throws {
        let harness = try Harness()
        defer {
            harness.server.stop()
            harness.cache.remove()
        }
        let sandbox = try ScratchDir("crash")
        defer { sandbox.remove() }
        let entries = Array(harness.corpus.entries.prefix(40))
        try Data(entries.map(\.accession).joined(separator: "\n").utf8).write(
            to: sandbox.url.appendingPathComponent("list"))
        func arguments(cache: URL) -> [String] {
            [
                "fetch", "--input", "list", "--cache-dir", cache.path, "--geo-url", harness.server.baseURL + "/",
                "--rate", "1000", "--concurrency", "8",
            ]
        }
        let clean = try ScratchDir("clean-cache")
        defer { clean.remove() }
        let reference = try await GeoloopProcess.run(arguments(cache: clean.url), in: sandbox.url)
        #expect(reference.status == 0)
        let expected = Self.records(reference.stdout)
        #expect(expected.count == entries.count)

        // Slow enough that a kill lands in the middle of bodies and commits.
        harness.server.setProfile(ServingProfile(delayBeforeFirstByte: .milliseconds(60), bytesPerSecond: 100_000))
        let cache = GEOCache(root: harness.cache.url)
        var generator = SplitMix64Generator(seed: 0xdead_beef)
        var killed = 0
        var orphans = 0
        var trace: [String] = []
        var final = ""
        for round in 0...Self.kills {
            let before = harness.server.totalRequests
            let complete = Set(
                try entries.filter { entry in
                    let key = try GEOResource.familySOFT(Accession(parsing: entry.accession)).cacheKey
                    return cache.lookup(key, verification: .full) != nil
                }.map(\.accession))
            let counts = Dictionary(
                uniqueKeysWithValues: entries.map {
                    ($0.accession, harness.server.requestCount(path: Harness.path($0)))
                })
            if round == Self.kills { harness.server.setProfile(.lan) }
            let process = try GeoloopProcess(arguments(cache: harness.cache.url), in: sandbox.url)
            if round < Self.kills, complete.count < entries.count {
                let remaining = entries.count - complete.count
                let trigger = Int.random(in: 1...max(1, remaining / 3), using: &generator)
                // The child fetches every entry not complete, so the trigger count is always reached.
                #expect(
                    await Self.killOnRequest(
                        harness.server, count: before + trigger, pid: process.process.processIdentifier))
            }
            let status = await process.wait()
            if status == 128 + SIGKILL { killed += 1 }
            trace.append("round \(round): status \(status), requests \(before)->\(harness.server.totalRequests)")
            if round == Self.kills {
                #expect(status == 0, "\(process.stderr)")
                final = process.stdout
            }
            process.removeOutputs()
            // A body renamed into place whose sidecar was not yet written is the one state a kill
            // may leave (lookups ignore it); anything else is damage.
            let problems = cache.verifyAll()
            orphans += problems.filter { $0.kind == .missingSidecar }.count
            #expect(problems.allSatisfy { $0.kind == .missingSidecar }, "round \(round): \(problems)")
            for entry in entries where complete.contains(entry.accession) {
                #expect(
                    harness.server.requestCount(path: Harness.path(entry)) == counts[entry.accession],
                    "round \(round): \(entry.accession) was complete but fetched again")
            }
        }
        #expect(killed >= min(5, Self.kills), "\(trace)")
        #expect(Self.records(final) == expected)
        FigureLog.record(
            "crash",
            [
                "kills": killed, "orphanBodies": orphans, "series": entries.count,
                "requests": harness.server.totalRequests,
            ])
    }
}
