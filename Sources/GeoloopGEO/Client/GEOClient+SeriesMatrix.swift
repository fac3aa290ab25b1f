import Foundation
import GeoloopEngine
import GeoloopSOFT

extension GEOClient {
    /// The header of a single-platform series' matrix file, read with Range requests of `chunk`
    /// bytes until `!series_matrix_table_begin` is inflated, so the table itself is never
    /// downloaded. Not cached (the cache keeps only whole, verified files). A server that ignores
    /// Range sends the whole file in the first answer.
    public func seriesMatrixHeader(_ accession: Accession, chunk: Int64 = 64 << 10) async throws(HarvestFailure)
        -> SeriesMatrixHeader
    {
        let resource: GEOResource
        do {
            resource = try GEOResource.seriesMatrix(accession)
        } catch {
            throw HarvestFailureReport.make(
                .invalidAccession(error), accession: accession.description, url: nil, attempts: 0, note: nil)
        }
        let url = configuration.endpoints.url(for: resource)
        let shownURL = Redaction.redactingAPIKey(in: url.absoluteString)
        var generator = RetryJitter()
        var attempt = 0
        while true {
            attempt += 1
            let failure: AttemptFailure
            switch await readMatrixHeader(resource, url: url, chunk: max(1024, chunk), attempt: attempt) {
            case .success(let (reader, bytes)):
                return SeriesMatrixHeader(
                    accession: accession, series: reader.series, sampleRows: reader.sampleRows,
                    otherLines: reader.otherLines, tableFound: reader.tableFound,
                    source: RecordSource(
                        url: shownURL, bytes: bytes, fromCache: false, attempts: attempt, cachePath: ""))
            case .failure(let attemptFailure):
                failure = attemptFailure
            }
            switch configuration.retry.decide(
                after: failure, attempt: attempt, accession: accession.description, url: shownURL, using: &generator)
            {
            case .giveUp(let harvestFailure):
                throw harvestFailure
            case .retry(let delay):
                emit(
                    .retryScheduled(
                        accession: accession.description, url: shownURL, attempt: attempt, delay: delay,
                        reason: Self.describe(failure)))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw HarvestFailureReport.make(
                        .transport(.cancelled, detail: "cancelled"), accession: accession.description, url: shownURL,
                        attempts: attempt, note: nil)
                }
            }
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
                let retryAfter = response.headers.retryAfter.flatMap { RetryAfter.delay(fromHeader: $0) }
                return .failure(.httpStatus(response.status, retryAfter: retryAfter))
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
