import GeoloopEngine

/// How one attempt at fetching a resource failed, as the client observed it. The integration maps
/// the engine's transfer errors, HTTP statuses and the cache's verdict on the body onto this.
public enum AttemptFailure: Hashable, Sendable {
    /// The transfer failed below HTTP (the engine's error kinds).
    case transport(TransportFailure, detail: String)
    /// The server answered with an error status; `retryAfter` is the parsed `Retry-After`.
    case httpStatus(Int, retryAfter: Duration?)
    /// The body arrived but the cache refused it (cut short, CRC mismatch, HTML, not SOFT).
    case body(CacheError)
    /// The accession itself is invalid; nothing was sent.
    case invalidAccession(AccessionError)
    /// The cache could not write the body (a local disk problem, not the server's).
    case localStorage(CacheError)

    /// Transfer failures below HTTP, with the raw values of the engine's `TransferError.Kind`
    /// (all but `httpStatus`, which maps to ``AttemptFailure/httpStatus(_:retryAfter:)``), so
    /// `TransportFailure(rawValue: error.kind.rawValue)` converts one.
    public enum TransportFailure: String, Hashable, Sendable, CaseIterable {
        case connect, dns, tls, timeout, stalled, tooLarge, protocolRefused, tooManyRedirects, cancelled, shutdown
        /// Reading failed part-way: connection reset, body cut short.
        case io
        /// Anything else the engine could not classify.
        case other
    }
}

extension AttemptFailure {
    /// The failure for a response whose status is not what the request wanted, with its
    /// `Retry-After` parsed.
    static func status(of response: TransferResponse) -> AttemptFailure {
        .httpStatus(
            response.status, retryAfter: response.headers.retryAfter.flatMap { RetryAfter.delay(fromHeader: $0) })
    }
}
