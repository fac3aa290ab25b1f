import Foundation
import GeoloopEngine

/// Why a search failed: the request itself (``HarvestFailure``) or E-utilities' answer
/// (``EUtilitiesError``).
public enum SearchFailure: Error, Sendable, CustomStringConvertible {
    case request(HarvestFailure)
    case answer(EUtilitiesError)

    public var description: String {
        switch self {
        case .request(let failure): failure.message
        case .answer(let error): error.message
        }
    }
}

extension GEOClient {
    /// The series matching an Entrez query (`term=<query> AND gse[ETYP]` in `db=gds`), in NCBI's
    /// order, at most `max` (all when nil), fetched page by page within E-utilities' rate.
    public func search(_ query: String, max limit: Int? = nil, pageSize: Int = 500) async throws(SearchFailure)
        -> [Accession]
    {
        let size = Swift.min(Swift.max(1, pageSize), SearchPaging.maximumPageSize)
        let firstSize = Swift.min(size, limit ?? size)
        let first = try await esearch(query, retstart: 0, retmax: firstSize)
        var uids = first.uids
        let pages = SearchPaging.pages(total: first.count, pageSize: size, limit: limit).dropFirst()
        for page in pages where page.retstart >= uids.count {
            let result = try await esearch(query, retstart: page.retstart, retmax: page.retmax)
            if result.uids.isEmpty { break }
            uids += result.uids
        }
        if let limit { uids = Array(uids.prefix(limit)) }
        return uids.compactMap(GDSIdentifiers.series(forUID:))
    }

    /// esummary's description of these series (title, sample count, date...), in batches.
    public func summaries(_ accessions: [Accession]) async throws(SearchFailure) -> [SeriesSummary] {
        let uids = accessions.compactMap(GDSIdentifiers.uid(of:))
        var summaries: [SeriesSummary] = []
        for batch in SearchPaging.batches(uids) {
            let body = try await eutilsBody(configuration.endpoints.esummaryURL(uids: batch), what: "esummary")
            do {
                summaries += try ESummaryResult.decode(Data(body)).series
            } catch {
                throw .answer(error)
            }
        }
        return summaries
    }

    private func esearch(_ query: String, retstart: Int, retmax: Int) async throws(SearchFailure) -> ESearchResult {
        let url = configuration.endpoints.esearchURL(query: query, retstart: retstart, retmax: retmax)
        let body = try await eutilsBody(url, what: "esearch")
        do {
            return try ESearchResult.decode(Data(body))
        } catch {
            throw .answer(error)
        }
    }

    /// One E-utilities request into memory, under the host's policy, retried like a download.
    private func eutilsBody(_ url: URL, what: String) async throws(SearchFailure) -> [UInt8] {
        let shownURL = Redaction.redactingAPIKey(in: url.absoluteString)
        var generator = RetryJitter()
        var attempt = 0
        while true {
            attempt += 1
            var request = transferRequest(url)
            request.maxBodyBytes = 256 << 20
            let failure: AttemptFailure
            switch await send(request, accession: what, attempt: attempt) {
            case .success(let response) where response.status == 200:
                return response.body
            case .success(let response):
                failure = .status(of: response)
            case .failure(let transport):
                failure = transport
            }
            switch configuration.retry.decide(
                after: failure, attempt: attempt, accession: nil, url: shownURL, using: &generator)
            {
            case .giveUp(let harvestFailure):
                throw .request(harvestFailure)
            case .retry(let delay):
                emit(
                    .retryScheduled(
                        accession: what, url: shownURL, attempt: attempt, delay: delay,
                        reason: Self.describe(failure)))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .request(
                        HarvestFailureReport.make(
                            .transport(.cancelled, detail: "cancelled"), accession: nil, url: shownURL,
                            attempts: attempt, note: nil))
                }
            }
        }
    }
}
