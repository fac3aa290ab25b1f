/// Why a transfer (or the engine itself) failed.
///
/// Switch on ``kind``; show ``message`` to a person: it names the URL, says what happened in
/// libcurl's own words, and what to try.
public struct TransferError: Error, Sendable, CustomStringConvertible {
    /// The broad cause, for deciding what to do (retry, skip, give up).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The TCP connection could not be made (refused, unreachable, connect timeout).
        case connect
        /// The host name did not resolve.
        case dns
        /// The TLS handshake or certificate check failed.
        case tls
        /// The transfer's total ``TransferRequest/deadline`` passed.
        case timeout
        /// Bytes arrived slower than the ``TransferRequest/stall`` window allows.
        case stalled
        /// The body is larger than ``TransferRequest/maxBodyBytes``.
        case tooLarge
        /// The URL (or a redirect) uses a scheme the request does not allow.
        case protocolRefused
        /// More redirects than ``TransferRequest/maxRedirects``.
        case tooManyRedirects
        /// The server answered with a status outside 200...299 and the request asked for failure.
        case httpStatus
        /// The caller cancelled the transfer.
        case cancelled
        /// The engine shut down before the transfer finished.
        case shutdown
        /// Reading from the server or writing the body failed part-way (connection reset, body cut
        /// short, disk full).
        case io
        /// Anything else; the message says what.
        case other
    }

    public var kind: Kind
    public var message: String
    /// The URL the transfer was asked for (empty for engine-wide failures).
    public var url: String
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public var curlCode: Int?
    /// The HTTP status, for ``Kind/httpStatus``.
    public var status: Int?
    /// What had arrived when a transfer failed after its response began, so a caller can resume
    /// from there: nil when no response status had been received. (`perform(_:)` reports a
    /// cancellation as `CancellationError`, without it; `perform(_:cancellation: .transferError)`
    /// keeps it.)
    public var partial: PartialResponse?

    /// The beginning of a response that did not finish.
    public struct PartialResponse: Sendable, Hashable {
        /// The final response's status (after any redirects).
        public var status: Int
        /// The headers that matter, as far as they had arrived.
        public var headers: ResponseHeaders
        /// Body bytes taken: held in memory, or written to the destination file (from its start,
        /// or from the region's offset), in order and without gaps.
        public var bytesReceived: Int64

        public init(status: Int, headers: ResponseHeaders, bytesReceived: Int64) {
            self.status = status
            self.headers = headers
            self.bytesReceived = bytesReceived
        }
    }

    public init(kind: Kind, message: String, url: String, curlCode: Int? = nil, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.url = url
        self.curlCode = curlCode
        self.status = status
    }

    public var description: String { message }
}
