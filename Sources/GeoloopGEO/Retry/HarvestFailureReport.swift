/// Writes the ``HarvestFailure`` for an attempt failure that ended a request.
enum HarvestFailureReport {
    /// The failure for an accession refused before any request: `input` as the user gave it.
    static func invalid(_ error: AccessionError, input: String) -> HarvestFailure {
        make(.invalidAccession(error), accession: input, url: nil, attempts: 0, note: nil)
    }

    static func make(
        _ failure: AttemptFailure, accession: String?, url: String?, attempts: Int, note: String?
    ) -> HarvestFailure {
        let subject = accession ?? "the resource"
        let place = url.map { " (\($0))" } ?? ""
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        let (kind, reason, advice): (HarvestFailure.Kind, String, String) =
            switch failure {
            case .invalidAccession(let error):
                (.invalidAccession, error.description, "")
            case .transport(let transport, let detail):
                transportReport(transport, detail: detail, subject: subject, place: place, tries: tries)
            case .httpStatus(let status, _):
                statusReport(status, subject: subject, place: place, tries: tries)
            case .body(let error):
                bodyReport(error, subject: subject, place: place, tries: tries)
            case .localStorage(let error):
                (
                    .localStorage, error.message,
                    "could not store \(subject) in the cache: \(error.message); free disk space or check the "
                        + "cache directory's permissions (GEOLOOP_CACHE_DIR)"
                )
            }
        let message =
            switch kind {
            case .invalidAccession: reason
            default: note.map { "\(advice) (\($0))" } ?? advice
            }
        return HarvestFailure(
            kind: kind, accession: accession, url: url, attempts: attempts, reason: note ?? reason, message: message)
    }

    private static func transportReport(
        _ transport: AttemptFailure.TransportFailure, detail: String, subject: String, place: String, tries: String
    ) -> (HarvestFailure.Kind, String, String) {
        let reason = "\(transport.rawValue): \(detail)"
        switch transport {
        case .connect, .dns, .timeout, .stalled, .io, .other:
            return (
                .network, reason,
                "could not fetch \(subject)\(place) after \(tries): \(reason); check the network connection "
                    + "or proxy settings, then run again (the cache keeps what was fetched)"
            )
        case .tls:
            return (
                .tls, reason,
                "TLS verification failed for \(subject)\(place): \(detail); check the system's CA certificates "
                    + "or a proxy intercepting HTTPS (not retried)"
            )
        case .tooLarge:
            return (.tooLarge, reason, "\(subject)\(place) is larger than the configured size limit: \(detail)")
        case .protocolRefused, .tooManyRedirects:
            return (
                .refused, reason,
                "fetching \(subject)\(place) was refused: \(reason); check the endpoint settings or the mirror"
            )
        case .cancelled, .shutdown:
            return (.cancelled, reason, "fetching \(subject)\(place) was cancelled")
        }
    }

    private static func statusReport(
        _ status: Int, subject: String, place: String, tries: String
    ) -> (HarvestFailure.Kind, String, String) {
        let reason = "HTTP \(status)"
        switch status {
        case 404:
            return (
                .notFound, reason,
                "\(subject) was not found on the server (HTTP 404): it may not exist or not be public yet\(place)"
            )
        case 429:
            return (
                .rateLimited, reason,
                "the server kept answering HTTP 429 (too many requests) for \(subject)\(place) after \(tries); "
                    + "wait a while, lower the request rate, or set NCBI_API_KEY for E-utilities"
            )
        case 500...599:
            return (
                .server, reason,
                "the server answered HTTP \(status) for \(subject)\(place) after \(tries); NCBI may be down or "
                    + "overloaded: try again later"
            )
        case 400...499:
            return (
                .refused, reason,
                "the server refused \(subject)\(place) with HTTP \(status) (not retried); check the URL, "
                    + "the mirror or the API key"
            )
        default:
            return (.server, reason, "the server answered an unexpected HTTP \(status) for \(subject)\(place)")
        }
    }

    private static func bodyReport(
        _ error: CacheError, subject: String, place: String, tries: String
    ) -> (HarvestFailure.Kind, String, String) {
        switch error.kind {
        case .html:
            return (
                .html, error.message,
                "the server sent an HTML page instead of \(subject)'s data\(place) after \(tries) (an error or "
                    + "CAPTCHA page); try again later"
            )
        case .unexpectedContent:
            return (
                .unexpectedContent, error.message,
                "\(subject)\(place) is not the data asked for: \(error.message)"
            )
        case .recordNotFound:
            return (.notFound, error.message, "\(subject) was not found\(place): \(error.message)")
        case .recordWithdrawn:
            return (.withdrawn, error.message, "\(subject) was withdrawn\(place): \(error.message)")
        case .io, .invalidKey:
            return (.localStorage, error.message, "could not store \(subject): \(error.message)")
        case .truncated, .corrupt, .empty:
            return (
                .corrupt, error.message,
                "\(subject)\(place) arrived damaged after \(tries): \(error.message)"
            )
        }
    }
}
