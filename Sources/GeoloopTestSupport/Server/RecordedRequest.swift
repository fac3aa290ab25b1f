import Foundation

/// A request the server received, as it arrived.
public struct RecordedRequest: Sendable {
    public let method: String
    /// The path part of the request target, as sent (not percent-decoded).
    public let path: String
    /// The part after `?`, or nil when there was none.
    public let query: String?
    /// Header fields in the order received.
    public let headers: [(name: String, value: String)]
    /// Which accepted connection carried it (1 for the first connection accepted).
    public let connectionNumber: Int
    /// When the request's header block was complete.
    public let received: ContinuousClock.Instant
    /// The status sent; nil when no status line was sent (never respond, dropped connection).
    public internal(set) var status: Int?

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
