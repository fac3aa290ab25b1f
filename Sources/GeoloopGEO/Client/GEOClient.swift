import Foundation
import GeoloopEngine
import GeoloopSOFT

/// Fetches GEO records fast and politely: a verified on-disk cache first, then transfers on one
/// ``TransferEngine`` bounded per host by a ``PolitenessGate``, retried by a ``RetryPolicy``,
/// verified by the ``GEOCache`` and parsed on a ``SOFTParsePool`` (never on the engine's loop).
///
///     let client = try GEOClient(configuration: GEOClientConfiguration())
///     let record = try await client.series(try Accession(parsing: "GSE100494"))
///     for await outcome in client.harvest(accessions) { ... }
///     await client.shutdown()
///
/// Two concurrent requests for the same resource share one fetch. Errors are
/// ``HarvestFailure``s (E-utilities content problems are ``EUtilitiesError``s).
public final class GEOClient: Sendable {
    public let configuration: GEOClientConfiguration
    public let cache: GEOCache
    let engine: TransferEngine
    let gate: PolitenessGate
    let planner: FetchPlanner
    /// Parses verified bodies, one per core.
    let parsePool: SOFTParsePool
    /// Runs cache work (lookups, verifying and parsing a download, other stores), wider than the
    /// cores; never the engine's loop or Swift's cooperative threads.
    let diskPool: SOFTParsePool
    /// Runs what only waits for the disk once a download is verified (its fsync and commit), 32
    /// at a time, so a slow disk never leaves the verifying pool idle.
    let commitPool: SOFTParsePool
    let seriesFlights = SingleFlight<GEOResource, SeriesRecord>()
    let recordFlights = SingleFlight<GEOResource, AccessionRecord>()
    /// Harvests still running, so ``cancel()`` can stop them.
    let harvests = HarvestRegistry()

    /// Starts the transfer engine's loop thread. Nothing is created on disk until a body is stored.
    public init(configuration: GEOClientConfiguration) throws {
        self.configuration = configuration
        cache = GEOCache(root: configuration.cacheDirectory)
        let gate = PolitenessGate(endpoints: configuration.endpoints, overrides: configuration.politenessOverrides)
        self.gate = gate
        planner = FetchPlanner(
            endpoints: configuration.endpoints, cache: cache, maxAge: configuration.maxAge,
            offline: configuration.offline, verification: configuration.cacheVerification)
        parsePool = SOFTParsePool()
        diskPool = SOFTParsePool(width: 4 * ProcessInfo.processInfo.activeProcessorCount)
        commitPool = SOFTParsePool(width: 32)

        // Each host's policy bounds its connections; the engine only needs room for all of them.
        let hostCap =
            [configuration.endpoints.fileServer, configuration.endpoints.accessionQuery]
            .map { gate.policy(forHostKey: PolitenessGate.hostKey($0)).maxConnections }.max() ?? 16
        let inFlight = max(configuration.concurrency, hostCap, 1)
        var engineConfiguration = EngineConfiguration(
            maxInFlight: inFlight, maxConnectionsPerHost: max(hostCap, 1), maxTotalConnections: inFlight,
            caFile: configuration.caFile, userAgent: "\(GeoloopGEO.toolName)/0.1")
        engineConfiguration.streamsPerConnection = 100
        engine = try TransferEngine(configuration: engineConfiguration)
    }

    /// What the transfer engine is doing now (transfers queued, in flight, bytes).
    public var engineCounters: EngineCounters { engine.counters }

    /// Cancels every running harvest and ends the engine's transfers; waits for the loop thread.
    public func shutdown() async {
        cancel()
        await engine.shutdown()
    }

    /// Cancels every running harvest: no further accession starts, transfers in flight end, and
    /// each unfinished accession is reported as ``HarvestFailure/Kind/cancelled``.
    public func cancel() {
        harvests.cancelAll()
    }

    /// The family file of a series, from the cache or the file server, parsed.
    public func series(_ accession: Accession) async throws(HarvestFailure) -> SeriesRecord {
        let resource = try Self.resource(accession) { () throws(AccessionError) in
            guard accession.kind == .series else { throw AccessionError.wrongKind(accession, expected: [.series]) }
            return try GEOResource.familySOFT(accession)
        }
        return try await seriesRecord(resource, counters: nil)
    }

    /// A series (or platform) from its family file, or from the query CGI's brief records when
    /// ``GEOClientConfiguration/seriesSource`` says so; fetched once for every concurrent caller.
    func seriesRecord(_ resource: GEOResource, counters: HarvestCounters?) async throws(HarvestFailure)
        -> SeriesRecord
    {
        try await Self.typed {
            try await self.seriesFlights.run(resource) {
                switch self.configuration.seriesSource {
                case .familyFile:
                    let (document, source) = try await self.parsedFile(resource, counters: counters)
                    return SeriesRecord(accession: resource.accession, document: document, source: source)
                case .queryBrief:
                    return try await self.briefSeriesRecord(resource.accession, counters: counters)
                }
            }
        }
    }

    /// The record itself and, for a series, its samples' records, from the query CGI, as one
    /// document; the source names the series record and counts both.
    private func briefSeriesRecord(_ accession: Accession, counters: HarvestCounters?) async throws(HarvestFailure)
        -> SeriesRecord
    {
        var (document, source) = try await parsedFile(
            GEOResource.record(accession, target: .itself, view: .brief), counters: counters)
        if accession.kind == .series {
            let (samples, samplesSource) = try await parsedFile(
                GEOResource.record(accession, target: .samples, view: .brief), counters: counters)
            document.entities += samples.entities
            document.lineCount += samples.lineCount
            source.bytes += samplesSource.bytes
            source.attempts += samplesSource.attempts
            source.fromCache = source.fromCache && samplesSource.fromCache
        }
        return SeriesRecord(accession: accession, document: document, source: source)
    }

    /// A parsed record, fetched once for every concurrent caller.
    private func accessionRecord(_ resource: GEOResource) async throws(HarvestFailure) -> AccessionRecord {
        try await Self.typed {
            try await self.recordFlights.run(resource) {
                let (document, source) = try await self.parsedFile(resource, counters: nil)
                return AccessionRecord(accession: resource.accession, document: document, source: source)
            }
        }
    }

    /// A resource from the cache or the server, parsed, with where it came from.
    private func parsedFile(_ resource: GEOResource, counters: HarvestCounters?) async throws(HarvestFailure)
        -> (SOFTDocument, RecordSource)
    {
        let fetched = try await obtain(resource, counters: counters)
        return (try await parse(fetched, resource: resource), fetched.source)
    }

    /// A resource from its factory; an invalid accession becomes a harvest failure, before any
    /// request.
    static func resource(
        _ accession: Accession, _ make: () throws(AccessionError) -> GEOResource
    ) throws(HarvestFailure) -> GEOResource {
        do {
            return try make()
        } catch {
            throw HarvestFailureReport.invalid(error, input: accession.description)
        }
    }

    /// One series given as text (`"GSE100494"`); an invalid text fails with
    /// ``HarvestFailure/Kind/invalidAccession`` without any request.
    public func series(_ text: String) async throws(HarvestFailure) -> SeriesRecord {
        let accession: Accession
        do {
            accession = try Accession(parsing: text, as: .series)
        } catch {
            throw HarvestFailureReport.invalid(error, input: text)
        }
        return try await series(accession)
    }

    /// A sample's record from the query CGI (`targ=self`, `form=text`, `view=brief` by default).
    public func sample(_ accession: Accession, view: RecordView = .brief) async throws(HarvestFailure)
        -> AccessionRecord
    {
        try await record(accession, expected: .sample, view: view)
    }

    /// A platform's record from the query CGI (`targ=self`, `form=text`, `view=brief` by default).
    public func platform(_ accession: Accession, view: RecordView = .brief) async throws(HarvestFailure)
        -> AccessionRecord
    {
        try await record(accession, expected: .platform, view: view)
    }

    /// A DataSet (GDS) from its SOFT file on the file server
    /// (`datasets/GDS5nnn/GDS5435/soft/GDS5435.soft.gz`), cached and verified like a family file;
    /// the document holds the `^DATASET` and its `^SUBSET`s (the value table is skipped unless the
    /// configuration keeps tables). The query CGI does not serve DataSets.
    public func dataset(_ accession: Accession) async throws(HarvestFailure) -> AccessionRecord {
        try await accessionRecord(
            try Self.resource(accession) { () throws(AccessionError) in try GEOResource.datasetSOFT(accession) })
    }

    /// Any record from the query CGI, except a DataSet's (acc.cgi answers a GDS with a redirect to
    /// the GDS browser's web page): those fail with ``HarvestFailure/Kind/invalidAccession`` before
    /// any request; use ``dataset(_:)``.
    public func record(
        _ accession: Accession, target: RecordTarget = .itself, view: RecordView = .brief
    ) async throws(HarvestFailure) -> AccessionRecord {
        guard accession.kind != .dataset else {
            let error = AccessionError(
                kind: .wrongKind, input: accession.description,
                reason: "the query CGI (acc.cgi) does not serve DataSet records (it redirects to the GDS "
                    + "browser's web page); fetch the DataSet's SOFT file instead (GEOClient.dataset)")
            throw HarvestFailureReport.invalid(error, input: accession.description)
        }
        return try await accessionRecord(GEOResource.record(accession, target: target, view: view))
    }

    private func record(_ accession: Accession, expected: Accession.Kind, view: RecordView)
        async throws(HarvestFailure) -> AccessionRecord
    {
        guard accession.kind == expected else {
            let error = AccessionError(
                kind: .wrongKind, input: accession.description,
                reason: "it is a \(accession.kind.noun); this needs a \(expected.noun) (\(expected.prefix)...)")
            throw HarvestFailureReport.invalid(error, input: accession.description)
        }
        return try await record(accession, target: .itself, view: view)
    }

    /// Runs `body`, turning whatever it throws into a ``HarvestFailure``.
    static func typed<T>(_ body: () async throws -> T) async throws(HarvestFailure) -> T {
        do {
            return try await body()
        } catch let failure as HarvestFailure {
            throw failure
        } catch {
            throw HarvestFailure(
                kind: .cancelled, accession: nil, url: nil, attempts: 0, reason: "\(error)",
                message: "the request was cancelled")
        }
    }

    func emit(_ event: GEOClientEvent) {
        configuration.observer?(event)
    }
}
