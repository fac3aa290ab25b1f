import Foundation
import GeoloopEngine
import GeoloopSOFT

extension GEOClient {
    /// The verified cache entry for `resource`: the cached copy when current (no request), else a
    /// download (or a revalidation) retried by the retry policy.
    func obtain(_ resource: GEOResource, counters: HarvestCounters?) async throws(HarvestFailure) -> FetchedFile {
        let planner = self.planner
        let plan: FetchPlan = try await Self.typed {
            try await self.diskPool.submit { () throws -> FetchPlan in try planner.plan(for: resource) }
        }
        let accession = resource.accession.description
        switch plan {
        case .useCached(let entry):
            emit(.cacheHit(accession: accession, path: entry.fileURL.path))
            counters?.fromCache.add(1, ordering: .relaxed)
            return FetchedFile(entry: entry, source: source(entry, fromCache: true, attempts: 0))
        case .revalidate(let entry, let url, let headers):
            return try await download(resource, url: url, conditional: headers, existing: entry, counters: counters)
        case .download(let url, _, _):
            return try await download(resource, url: url, conditional: [], existing: nil, counters: counters)
        }
    }

    /// Attempts until one stores a verified body or the retry policy gives up.
    private func download(
        _ resource: GEOResource, url: URL, conditional: [HTTPHeader], existing: CacheEntry?,
        counters: HarvestCounters?
    ) async throws(HarvestFailure) -> FetchedFile {
        let accession = resource.accession.description
        let shownURL = Redaction.redactingAPIKey(in: url.absoluteString)
        var generator = RetryJitter()
        var attempt = 0
        while true {
            attempt += 1
            let result = await self.attempt(
                resource, url: url, conditional: conditional, existing: existing, attempt: attempt, counters: counters)
            let failure: AttemptFailure
            switch result {
            case .stored(let entry, let bytes, let fromCache, let document):
                counters?.bytes.add(bytes, ordering: .relaxed)
                if fromCache { counters?.fromCache.add(1, ordering: .relaxed) }
                return FetchedFile(
                    entry: entry, source: source(entry, fromCache: fromCache, attempts: attempt), document: document)
            case .failed(let attemptFailure):
                failure = attemptFailure
            }
            if Task.isCancelled {
                throw HarvestFailureReport.make(
                    .transport(.cancelled, detail: "cancelled"), accession: accession, url: shownURL,
                    attempts: attempt, note: nil)
            }
            switch configuration.retry.decide(
                after: failure, attempt: attempt, accession: accession, url: shownURL, using: &generator)
            {
            case .giveUp(let harvestFailure):
                throw harvestFailure
            case .retry(let delay):
                counters?.retries.add(1, ordering: .relaxed)
                emit(
                    .retryScheduled(
                        accession: accession, url: shownURL, attempt: attempt, delay: delay,
                        reason: Self.describe(failure)))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw HarvestFailureReport.make(
                        .transport(.cancelled, detail: "cancelled while waiting to retry"), accession: accession,
                        url: shownURL, attempts: attempt, note: nil)
                }
            }
        }
    }

    /// One request (plus its Range segments): politeness permit, transfer into a temporary file in
    /// the entry's directory, the response noted for politeness, then verification and commit.
    private func attempt(
        _ resource: GEOResource, url: URL, conditional: [HTTPHeader], existing: CacheEntry?, attempt: Int,
        counters: HarvestCounters?
    ) async -> AttemptResult {
        let key = resource.cacheKey
        let segmentable = resource.isGzip && existing == nil && configuration.segmentSize > 0
        // A download that may come in segments goes into the entry's `.part` file, kept between
        // attempts and runs so that only missing ranges are asked for again; when another attempt
        // owns that file, or for other downloads, into a private temporary file.
        let part: SegmentedPart?
        let temporary: URL
        do throws(CacheError) {
            part = segmentable ? try cache.openSegmentedPart(for: key, url: url.absoluteString) : nil
            if let part {
                temporary = URL(fileURLWithPath: part.path, isDirectory: false)
            } else {
                temporary = try cache.makeTemporaryFile(for: key)
            }
        } catch {
            return .failed(.localStorage(error))
        }
        let result: AttemptResult
        if let resumable = part?.resumable, let part {
            result = await resume(
                resource, url: url, part: part, record: resumable, into: temporary, attempt: attempt)
        } else {
            result = await download(
                resource, url: url, conditional: conditional, existing: existing, into: temporary, part: part,
                segmentable: segmentable, attempt: attempt)
        }
        guard let part else {
            unlink(temporary.path)  // gone already when the cache took it
            return result
        }
        // Kept only when the transfer itself broke off (connection, timeout, stall, cancelled):
        // bytes that failed a check, a server that answered with an error status (a file that
        // shrank answers 416 for ever) or with more than a segment (a changed file sent whole)
        // start afresh next time.
        switch result {
        case .stored: part.installed()
        case .failed(.transport(let kind, _)) where Self.keepsPart.contains(kind): part.release()
        case .failed: part.discard()
        }
        return result
    }

    /// The transport failures after which a part is worth resuming.
    static let keepsPart: Set<AttemptFailure.TransportFailure> = [
        .connect, .dns, .timeout, .stalled, .io, .cancelled, .shutdown,
    ]

    /// A fresh download into `temporary` (the part file when `part` is set): the first request,
    /// then the remaining Range segments, then verification and commit.
    private func download(
        _ resource: GEOResource, url: URL, conditional: [HTTPHeader], existing: CacheEntry?, into temporary: URL,
        part: SegmentedPart?, segmentable: Bool, attempt: Int
    ) async -> AttemptResult {
        let key = resource.cacheKey
        // Straight into the file: no `.partial` file and rename per download.
        var request = transferRequest(url)
        request.destination = .fileRegion(path: temporary.path, offset: 0)
        request.headers = conditional.map { ($0.name, $0.value) }
        let firstRange = segmentable ? ByteRange(start: 0, end: configuration.segmentSize - 1) : nil

        let response: TransferResponse
        let sent = await send(
            request, accession: resource.accession.description, attempt: attempt, rangeUnlessRateBound: firstRange)
        let segmenting = sent.rangeSent
        switch sent.outcome {
        case .success(let value): response = value
        case .failure(let failure):
            // The bytes that arrived, from the file's first byte on, are kept for a resume when the
            // answer said the file's size and version.
            if let part, let partial = sent.partial, partial.bytesReceived > 0 {
                let total =
                    partial.status == 206 && segmenting
                    ? ContentRange(partial.headers.contentRange).flatMap { $0.first == 0 ? $0.total : nil }
                    : partial.status == 200 ? partial.headers.contentLength : nil
                if let total, partial.bytesReceived < total {
                    part.start(
                        url: url.absoluteString, total: total,
                        validators: CacheValidators(
                            etag: partial.headers.etag, lastModified: partial.headers.lastModified),
                        first: 0...(partial.bytesReceived - 1))
                }
            }
            return .failed(failure)
        }

        let validators = CacheValidators(etag: response.headers.etag, lastModified: response.headers.lastModified)
        var received = response.bytesReceived
        switch response.status {
        case 304 where existing != nil:
            do {
                guard let entry = try cache.markRevalidated(key, validators: validators) else {
                    return .failed(.body(CacheError(kind: .empty, message: "the cached copy of \(key) vanished")))
                }
                return .stored(entry, bytes: 0, fromCache: true, document: nil)
            } catch {
                return .failed(.localStorage(error))
            }
        case 200:
            break
        case 206 where segmenting:
            let range = ContentRange(response.headers.contentRange)
            guard let range, range.first == 0, range.last + 1 == response.bytesReceived else {
                return .failed(
                    .body(
                        CacheError(
                            kind: .corrupt,
                            message: "the server's partial answer (Content-Range "
                                + "\(response.headers.contentRange ?? "missing")) does not match the request")))
            }
            if range.total > range.last + 1 {
                part?.start(url: url.absoluteString, total: range.total, validators: validators, first: 0...range.last)
                let rest = await fetchRemainder(
                    resource, url: url, into: temporary, from: range.last + 1, total: range.total,
                    validators: validators, attempt: attempt, completed: { part?.completed($0) })
                switch rest {
                case .success(let bytes): received += bytes
                case .failure(let failure): return .failed(failure)
                }
            }
        default:
            return .failed(.status(of: response))
        }

        return await verifyAndCommit(
            resource, url: url, body: temporary, validators: validators, received: received)
    }

    /// The rest of a download kept in `part` from an earlier attempt or run: only the missing
    /// ranges, each with `If-Range` for the recorded version, then verification and commit.
    private func resume(
        _ resource: GEOResource, url: URL, part: SegmentedPart, record: SegmentRecord, into file: URL, attempt: Int
    ) async -> AttemptResult {
        let missing = part.missing()
        var received: Int64 = 0
        if !missing.isEmpty {
            emit(
                .resumed(
                    accession: resource.accession.description, url: Redaction.redactingAPIKey(in: url.absoluteString),
                    bytesKept: record.total - missing.reduce(0) { $0 + Int64($1.count) }, totalBytes: record.total))
            // Under a binding request rate every piece would cost a request: one per gap then.
            let rateBound = await gate.limiter(for: url).tokenBacklog >= configuration.rateBoundWait
            let pieces =
                rateBound
                ? missing
                : Self.pieces(of: missing, size: configuration.segmentSize, count: configuration.maxSegmentsPerFile)
            let rest = await fetchSegments(
                pieces,
                resource: resource, url: url, into: file, total: record.total, validators: record.validators,
                attempt: attempt, completed: { part.completed($0) })
            switch rest {
            case .success(let bytes): received = bytes
            case .failure(let failure): return .failed(failure)
            }
        }
        return await verifyAndCommit(
            resource, url: url, body: file, validators: record.validators, received: received)
    }

    /// Verifies the downloaded body at `body` (parsing the text it inflates), then commits it.
    private func verifyAndCommit(
        _ resource: GEOResource, url: URL, body temporary: URL, validators: CacheValidators, received: Int64
    ) async -> AttemptResult {
        let key = resource.cacheKey
        let cache = self.cache
        let tables: SOFTParser.TableMode = configuration.tables ? .keep : .skip
        let fetchedAt = Date()
        let verified: (Result<VerifiedBody, CacheError>, SOFTDocument?)
        do {
            verified = try await diskPool.submit {
                // The parser reads the text the cache inflates to verify the body: one inflate.
                let parser = SOFTParser(tables: tables)
                var parsing = true
                let result = Result { () throws(CacheError) -> VerifiedBody in
                    try cache.verifyInPlace(
                        key, url: url.absoluteString, bodyAt: temporary.path, validators: validators,
                        fetchedAt: fetchedAt
                    ) {
                        guard parsing else { return }
                        do { try parser.consume($0) } catch { parsing = false }
                    }
                }
                guard case .success = result, parsing, resource.isGzip else { return (result, nil) }
                return (result, try? parser.finish())
            }
        } catch {
            return .failed(.transport(.cancelled, detail: "cancelled while verifying"))
        }
        let body: VerifiedBody
        switch verified.0 {
        case .success(let value): body = value
        case .failure(let error): return .failed(error.isBodyProblem ? .body(error) : .localStorage(error))
        }
        // The fsync and the commit wait for the disk: on their own, wider pool, so the verifying
        // and parsing pool never idles behind a slow disk.
        let installed: Result<CacheEntry, CacheError>
        do {
            installed = try await commitPool.submit { Result { () throws(CacheError) in try cache.install(body) } }
        } catch {
            return .failed(.transport(.cancelled, detail: "cancelled while storing"))
        }
        switch installed {
        case .success(let entry): return .stored(entry, bytes: received, fromCache: false, document: verified.1)
        case .failure(let error): return .failed(error.isBodyProblem ? .body(error) : .localStorage(error))
        }
    }

    /// A transfer request with the client's limits.
    func transferRequest(_ url: URL) -> TransferRequest {
        var request = TransferRequest(url: url.absoluteString)
        request.connectTimeout = configuration.connectTimeout
        request.stall = StallWindow(minimumBytesPerSecond: 1, window: configuration.stallWindow)
        request.maxRedirects = 5
        request.maxBodyBytes = configuration.maxFileBytes
        return request
    }

    /// Sends one request under its host's permit, reporting it to the observer and the host's
    /// limiter (a 429 or 503 pauses the host for everyone).
    func send(_ request: TransferRequest, accession: String, attempt: Int, urgent: Bool = false) async
        -> Result<TransferResponse, AttemptFailure>
    {
        await send(request, accession: accession, attempt: attempt, urgent: urgent, rangeUnlessRateBound: nil).outcome
    }

    /// ``send(_:accession:attempt:urgent:)`` that asks for `range` only when the host's request
    /// rate is not what holds requests back: this request waited less than
    /// ``GEOClientConfiguration/rateBoundWait`` for its token, and the requests still waiting need
    /// less than that of the rate. Under a binding rate limit a file's Range segments would each
    /// spend a request, so the whole file comes in one. `rangeSent` says which happened.
    func send(
        _ request: TransferRequest, accession: String, attempt: Int, urgent: Bool = false,
        rangeUnlessRateBound range: ByteRange?
    ) async -> (
        outcome: Result<TransferResponse, AttemptFailure>, rangeSent: Bool, partial: TransferError.PartialResponse?
    ) {
        var request = request
        guard let url = URL(string: request.url) else {
            return (.failure(.transport(.other, detail: "not a URL: \(request.url)")), false, nil)
        }
        let shownURL = Redaction.redactingAPIKey(in: request.url)
        let limiter = gate.limiter(for: url)
        let waited: Duration
        do {
            waited = try await limiter.acquire(urgent: urgent)
        } catch {
            return (.failure(.transport(.cancelled, detail: "cancelled while waiting for the host")), false, nil)
        }
        if let range, waited < configuration.rateBoundWait, await limiter.tokenBacklog < configuration.rateBoundWait {
            request.range = range
        }
        emit(.attemptStarted(accession: accession, url: shownURL, attempt: attempt))
        let outcome: Result<TransferResponse, AttemptFailure>
        var partial: TransferError.PartialResponse?
        do {
            // A cancelled task still learns what had arrived, so an interrupted download keeps it.
            outcome = .success(try await engine.perform(request, cancellation: .transferError))
        } catch let error as TransferError {
            let kind = AttemptFailure.TransportFailure(rawValue: error.kind.rawValue) ?? .other
            outcome = .failure(.transport(kind, detail: Redaction.redactingAPIKey(in: error.message)))
            partial = error.partial
        } catch {
            outcome = .failure(.transport(.cancelled, detail: "cancelled"))
        }
        if case .success(let response) = outcome,
            let pause = await limiter.noteResponse(status: response.status, retryAfter: response.headers.retryAfter)
        {
            emit(.hostPaused(host: limiter.host, duration: pause))
        }
        await limiter.release()
        switch outcome {
        case .success(let response):
            emit(
                .attemptFinished(
                    accession: accession, url: shownURL, attempt: attempt, status: response.status,
                    bytes: response.bytesReceived, failure: nil))
        case .failure(let failure):
            emit(
                .attemptFinished(
                    accession: accession, url: shownURL, attempt: attempt, status: nil, bytes: 0,
                    failure: Self.describe(failure)))
        }
        return (outcome, request.range != nil && range != nil, partial)
    }

    /// Parses a verified body on the parse pool.
    func parse(_ fetched: FetchedFile, resource: GEOResource) async throws(HarvestFailure) -> SOFTDocument {
        if let document = fetched.document { return document }
        let tables: SOFTParser.TableMode = configuration.tables ? .keep : .skip
        do {
            return try await parsePool.parseFile(atPath: fetched.entry.fileURL.path, tables: tables)
        } catch let error as SOFTError {
            throw HarvestFailure(
                kind: .unexpectedContent, accession: resource.accession.description, url: fetched.source.url,
                attempts: fetched.source.attempts, reason: "\(error.kind.name): \(error.message)",
                message: "\(resource) could not be parsed: \(error.message) (cached at \(fetched.entry.fileURL.path))")
        } catch {
            throw HarvestFailure(
                kind: .cancelled, accession: resource.accession.description, url: fetched.source.url,
                attempts: fetched.source.attempts, reason: "cancelled", message: "parsing \(resource) was cancelled")
        }
    }

    func source(_ entry: CacheEntry, fromCache: Bool, attempts: Int) -> RecordSource {
        RecordSource(
            url: entry.metadata.url, bytes: entry.metadata.size, fromCache: fromCache, attempts: attempts,
            cachePath: entry.fileURL.path)
    }

    /// An attempt failure in a few words, for events.
    static func describe(_ failure: AttemptFailure) -> String {
        switch failure {
        case .transport(let kind, let detail): "\(kind.rawValue): \(detail)"
        case .httpStatus(let status, _): "HTTP \(status)"
        case .body(let error): error.message
        case .invalidAccession(let error): error.description
        case .localStorage(let error): error.message
        }
    }
}
