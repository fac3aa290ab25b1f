/// Why an E-utilities answer could not be used.
public struct EUtilitiesError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// `{"error":"API rate limit exceeded",...}`: slow down (or set NCBI_API_KEY).
        case rateLimited
        /// E-utilities reported an error of its own (an invalid query, a lost history session).
        case serviceError
        /// The body is not the JSON E-utilities sends.
        case malformed
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = Redaction.redactingAPIKey(in: message)
    }

    public var description: String { message }
}
