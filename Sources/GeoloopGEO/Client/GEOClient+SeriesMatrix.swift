import Foundation
import GeoloopEngine
import GeoloopSOFT

extension GEOClient {
    /// The header of a single-platform series' matrix file, read with Range requests of `chunk`
    /// bytes until `!series_matrix_table_begin` is inflated, so the table itself is never
    /// downloaded. Not cached (the cache keeps only whole, verified files). A server that ignores
    /// Range sends the whole file in the first answer. A series with several platforms has no such
    /// file (``HarvestFailure/Kind/notFound``): use ``seriesMatrixHeaders(_:chunk:)``.
    public func seriesMatrixHeader(_ accession: Accession, chunk: Int64 = 64 << 10) async throws(HarvestFailure)
        -> SeriesMatrixHeader
    {
        try await matrixHeader(
            try Self.resource(accession) { () throws(AccessionError) in
                try GEOResource.seriesMatrix(accession)
            }, chunk: chunk)
    }

    /// The headers of every series matrix of a series: the one `<GSE>_series_matrix.txt.gz` of a
    /// single-platform series, or, when that file does not exist, one header per
    /// `<GSE>-<GPL>_series_matrix.txt.gz` found by listing the series' `matrix/` folder (in platform
    /// order; each names its ``SeriesMatrixHeader/platform``). Each header is read as
    /// ``seriesMatrixHeader(_:chunk:)`` reads one. Throws ``HarvestFailure/Kind/notFound`` when the
    /// folder is missing or holds no matrix.
    public func seriesMatrixHeaders(_ accession: Accession, chunk: Int64 = 64 << 10) async throws(HarvestFailure)
        -> [SeriesMatrixHeader]
    {
        let single = try Self.resource(accession) { () throws(AccessionError) in
            try GEOResource.seriesMatrix(accession)
        }
        do {
            return [try await matrixHeader(single, chunk: chunk)]
        } catch  where error.kind == .notFound {
            let folder = try Self.resource(accession) { () throws(AccessionError) in
                try GEOResource.matrixFolder(accession)
            }
            let url = configuration.endpoints.url(for: folder)
            let (platforms, _) = try await withRetries(folder, url: url) { attempt in
                await self.readMatrixFolder(folder, url: url, attempt: attempt)
            }
            guard !platforms.isEmpty else {
                let shown = Redaction.redactingAPIKey(in: url.absoluteString)
                throw HarvestFailure(
                    kind: .notFound, accession: accession.description, url: shown, attempts: error.attempts,
                    reason: "no series matrix in the folder",
                    message: "\(accession) has no series matrix: neither \(accession)_series_matrix.txt.gz nor "
                        + "\(accession)-GPL..._series_matrix.txt.gz files are in its matrix folder (\(shown))")
            }
            var headers: [SeriesMatrixHeader] = []
            for platform in platforms {
                let part = try Self.resource(accession) { () throws(AccessionError) in
                    try GEOResource.seriesMatrix(accession, platform: platform)
                }
                headers.append(try await matrixHeader(part, chunk: chunk))
            }
            return headers
        }
    }

    /// Reads one matrix file's header, retrying as the policy says.
    private func matrixHeader(_ resource: GEOResource, chunk: Int64) async throws(HarvestFailure)
        -> SeriesMatrixHeader
    {
        let url = configuration.endpoints.url(for: resource)
        let ((reader, bytes), attempts) = try await withRetries(resource, url: url) { attempt in
            await self.readMatrixHeader(resource, url: url, chunk: max(1024, chunk), attempt: attempt)
        }
        var platform: Accession? = nil
        if case .seriesMatrixPart(let part) = resource.content { platform = part }
        return SeriesMatrixHeader(
            accession: resource.accession, platform: platform, series: reader.series, sampleRows: reader.sampleRows,
            otherLines: reader.otherLines, tableFound: reader.tableFound,
            source: RecordSource(
                url: Redaction.redactingAPIKey(in: url.absoluteString), bytes: bytes, fromCache: false,
                attempts: attempts, cachePath: ""))
    }

    /// Runs `attempt` (1-based) until it succeeds or the retry policy gives up; returns the value
    /// and the number of attempts made.
    private func withRetries<Value>(
        _ resource: GEOResource, url: URL, _ attempt: (Int) async -> Result<Value, AttemptFailure>
    ) async throws(HarvestFailure) -> (Value, Int) {
        let accession = resource.accession.description
        let shownURL = Redaction.redactingAPIKey(in: url.absoluteString)
        var generator = RetryJitter()
        var number = 0
        while true {
            number += 1
            let failure: AttemptFailure
            switch await attempt(number) {
            case .success(let value): return (value, number)
            case .failure(let attemptFailure): failure = attemptFailure
            }
            switch configuration.retry.decide(
                after: failure, attempt: number, accession: accession, url: shownURL, using: &generator)
            {
            case .giveUp(let harvestFailure):
                throw harvestFailure
            case .retry(let delay):
                emit(
                    .retryScheduled(
                        accession: accession, url: shownURL, attempt: number, delay: delay,
                        reason: Self.describe(failure)))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw HarvestFailureReport.make(
                        .transport(.cancelled, detail: "cancelled"), accession: accession, url: shownURL,
                        attempts: number, note: nil)
                }
            }
        }
    }

    /// One attempt at the folder listing: the platforms of its `<GSE>-<GPL>_series_matrix.txt.gz` links.
    private func readMatrixFolder(_ resource: GEOResource, url: URL, attempt: Int) async
        -> Result<[Accession], AttemptFailure>
    {
        var request = transferRequest(url)
        request.maxBodyBytes = 4 << 20
        switch await send(request, accession: resource.accession.description, attempt: attempt) {
        case .success(let response):
            guard response.status == 200 else {
                return .failure(.status(of: response))
            }
            return .success(MatrixFolderListing.platforms(of: resource.accession, in: response.body))
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// One attempt: ranged reads from the start of the file, inflated as they arrive.
    private func readMatrixHeader(
        _ resource: GEOResource, url: URL, chunk: Int64, attempt: Int
    ) async -> Result<(SeriesMatrixHeaderReader, Int64), AttemptFailure> {
        var reader = SeriesMatrixHeaderReader()
        let inflater = GzipInflater(outputLimit: 256 << 20)
        var offset: Int64 = 0
        while true {
            var request = transferRequest(url)
            request.range = ByteRange(start: offset, end: offset + chunk - 1)
            request.maxBodyBytes = 1 << 30
            let response: TransferResponse
            switch await send(request, accession: resource.accession.description, attempt: attempt) {
            case .success(let value): response = value
            case .failure(let failure): return .failure(failure)
            }
            let whole = response.status == 200
            guard whole || response.status == 206 else {
                return .failure(.status(of: response))
            }
            if offset == 0 {
                do {
                    let head = Array(response.body.prefix(BodyVerifier.headSize))
                    try BodyVerifier.checkHead(head, format: .gzip, name: resource.description, isRaw: true)
                } catch {
                    return .failure(.body(error))
                }
            }
            let range = ContentRange(response.headers.contentRange)
            if !whole, range?.first != offset {
                return .failure(
                    .body(CacheError(kind: .corrupt, message: "\(resource): the server sent another range")))
            }
            var done = false
            do {
                try response.body.withUnsafeBytes { bytes in
                    try inflater.feed(bytes) { text in
                        if !done { done = reader.consume(text) }
                    }
                }
                offset += Int64(response.body.count)
                let atEnd = whole || range.map { $0.last + 1 >= $0.total } ?? true || response.body.isEmpty
                if !done, atEnd {
                    try inflater.finish { text in
                        if !done { done = reader.consume(text) }
                    }
                    reader.finish()
                    done = true
                }
            } catch let error as SOFTError {
                // The table's start may lie beyond a damaged stretch only when the file is damaged.
                let kind: CacheError.Kind = error.kind == .truncated ? .truncated : .corrupt
                return .failure(.body(CacheError(kind: kind, message: "\(resource): \(error.message)")))
            } catch {
                return .failure(.body(CacheError(kind: .corrupt, message: "\(resource): \(error)")))
            }
            if done || reader.tableFound { return .success((reader, offset)) }
        }
    }
}
