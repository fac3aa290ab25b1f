import Dispatch
import Foundation
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport

/// A scratch directory under the system's temporary directory, removed by `remove()`.
struct ScratchDir {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoloop-reliab-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A corpus of small sequencing series in GEO's layout, written once per test process.
enum ReliabilityCorpus {
    struct Corpus: Sendable {
        let root: URL
        let entries: [CorpusEntry]
    }

    static let prefix = "geoloop-reliab-corpus-"

    /// Removes the corpora of earlier test processes that have ended (each process writes its own).
    static func removeLeftovers() {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    static let shared: Corpus = {
        removeLeftovers()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoloop-reliab-corpus-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)",
            isDirectory: true)
        do {
            let entries = try CorpusGenerator.write(
                CorpusSpec(
                    seriesCount: 150, seed: 71, firstAccession: 300_000, mix: .small,
                    includesShortAccessions: false), to: root)
            return Corpus(root: root, entries: entries)
        } catch {
            preconditionFailure("the reliability corpus could not be written under \(root.path): \(error)")
        }
    }()
}

/// A loopback server over the shared corpus, a fresh cache and clients configured for both.
struct Harness {
    let server: TestHTTPServer
    let cache: ScratchDir
    let corpus = ReliabilityCorpus.shared

    init() throws {
        server = try TestHTTPServer(root: ReliabilityCorpus.shared.root)
        cache = try ScratchDir("cache")
    }

    var endpoints: GEOEndpoints {
        GEOEndpoints(
            fileServer: URL(string: server.baseURL + "/")!, accessionQuery: URL(string: server.baseURL + "/acc.cgi")!,
            eutils: URL(string: server.baseURL + "/eutils/")!, email: "tests@example.org")
    }

    /// Quick retries, a short stall window, many attempts: transient faults must all be survived.
    func client(_ configure: (inout GEOClientConfiguration) -> Void = { _ in }) throws -> GEOClient {
        var configuration = GEOClientConfiguration(endpoints: endpoints, cacheDirectory: cache.url)
        configuration.concurrency = 32
        configuration.rateOverride = 10_000
        configuration.stallWindow = .seconds(1)
        configuration.retry = RetryPolicy(
            maxAttempts: 10, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40), maxRetryAfter: .seconds(2))
        configure(&configuration)
        return try GEOClient(configuration: configuration)
    }

    static func path(_ entry: CorpusEntry) -> String { "/" + entry.relativePath }

    func accessions() throws -> [Accession] { try corpus.entries.map { try Accession(parsing: $0.accession) } }

    /// `waitForRequests` on a Dispatch thread, so a blocked cooperative thread starves nothing.
    func waitForRequests(count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        let server = self.server
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: server.waitForRequests(count: count, timeout: timeout))
            }
        }
    }

    func finish(_ client: GEOClient) async {
        await client.shutdown()
        server.stop()
        cache.remove()
    }
}

/// Every outcome of a harvest, by accession.
func collect(_ run: HarvestRun) async -> [String: HarvestOutcome] {
    var outcomes: [String: HarvestOutcome] = [:]
    for await outcome in run { outcomes[outcome.accession.description] = outcome }
    return outcomes
}

/// What a clean harvest must produce for a series: its family file parsed straight from disk.
func reference(_ entry: CorpusEntry) throws -> SOFTDocument {
    try SOFTParser.parseFile(atPath: ReliabilityCorpus.shared.root.appendingPathComponent(entry.relativePath).path)
}

/// The number of open file descriptors of this process, from `/proc/self/fd`.
func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// This process's resident set size in KiB, from `VmRSS` in `/proc/self/status`.
func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

/// A positive integer from the environment, else `fallback` (for the long runs of docs/RELIABILITY.md).
func environmentCount(_ name: String, default fallback: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap { Int($0) }.map { max(1, $0) } ?? fallback
}
