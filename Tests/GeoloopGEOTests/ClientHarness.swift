import Dispatch
import Foundation
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport

/// A generated corpus in GEO's layout, written once per test process and shared (read-only).
enum ClientCorpus {
    struct Corpus: Sendable {
        let root: URL
        /// Small sequencing series first, then a few array series.
        let entries: [CorpusEntry]
        var arrays: [CorpusEntry] { entries.filter { $0.kind == .array } }
    }

    /// 300 small sequencing series plus 9 series of the realistic mix (3 mid-size arrays).
    static let shared: Corpus = {
        removeLeftovers()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        do {
            let small = try CorpusGenerator.write(CorpusSpec(seriesCount: 300, seed: 11, mix: .small), to: root)
            let mixed = try CorpusGenerator.write(
                CorpusSpec(
                    seriesCount: 9, seed: 12, firstAccession: 900_000, mix: .realistic,
                    includesShortAccessions: false), to: root)
            return Corpus(root: root, entries: small + mixed)
        } catch {
            preconditionFailure("the test corpus could not be written under \(root.path): \(error)")
        }
    }()
}

extension ClientCorpus {
    static let prefix = "geoloop-client-corpus-"

    /// Removes corpora of earlier test processes that have ended (each process writes its own).
    static func removeLeftovers() {
        let temporary = FileManager.default.temporaryDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}

/// A loopback server over the corpus, a fresh cache directory and clients configured for it.
struct ClientHarness {
    let server: TestHTTPServer
    let cacheDirectory: TemporaryDirectory
    let corpus: ClientCorpus.Corpus

    init(corpus: ClientCorpus.Corpus = ClientCorpus.shared) throws {
        self.corpus = corpus
        server = try TestHTTPServer(root: corpus.root)
        cacheDirectory = try TemporaryDirectory()
    }

    var endpoints: GEOEndpoints {
        GEOEndpoints(
            fileServer: URL(string: server.baseURL + "/")!, accessionQuery: URL(string: server.baseURL + "/acc.cgi")!,
            eutils: URL(string: server.baseURL + "/eutils/")!, email: "tests@example.org")
    }

    /// A configuration for this server: an explicit high rate (a loopback server), quick retries.
    func configuration(concurrency: Int = 64) -> GEOClientConfiguration {
        var configuration = GEOClientConfiguration(endpoints: endpoints, cacheDirectory: cacheDirectory.url)
        configuration.concurrency = concurrency
        configuration.rateOverride = 10_000
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
        return configuration
    }

    func client(_ configure: (inout GEOClientConfiguration) -> Void = { _ in }) throws -> GEOClient {
        var configuration = configuration()
        configure(&configuration)
        return try GEOClient(configuration: configuration)
    }

    /// The server path of a series' family file.
    static func path(_ entry: CorpusEntry) -> String { "/" + entry.relativePath }

    func accession(_ entry: CorpusEntry) throws -> Accession { try Accession(parsing: entry.accession) }

    /// Parses the corpus file directly, as the reference for what the client must return.
    func reference(_ entry: CorpusEntry) throws -> SOFTDocument {
        try SOFTParser.parseFile(atPath: corpus.root.appendingPathComponent(entry.relativePath).path)
    }

    /// `TestHTTPServer.waitForRequests` on a Dispatch thread: it blocks, and a blocked cooperative
    /// thread could starve the very tasks that send the requests.
    func waitForRequests(count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let server = self.server
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: server.waitForRequests(count: count, timeout: timeout))
            }
        }
    }

    /// Waits until `condition` holds, checking every millisecond; false after `timeout`.
    func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let giveUp = clock.now + timeout
        while !condition() {
            if clock.now > giveUp { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    func finish(_ client: GEOClient) async {
        await client.shutdown()
        server.stop()
        cacheDirectory.remove()
    }
}

/// Collects every outcome of a harvest.
func collect(_ run: HarvestRun) async -> [HarvestOutcome] {
    var outcomes: [HarvestOutcome] = []
    for await outcome in run { outcomes.append(outcome) }
    return outcomes
}
