/// Why the cache refused a body or could not do its work. The message names the file and says
/// what to do.
public struct CacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for programs.
    public enum Kind: Hashable, Sendable {
        /// The body is empty.
        case empty
        /// The body is an HTML page (an error or CAPTCHA page served in place of the data).
        case html
        /// A gzip body ends before its last member does: the download was cut short.
        case truncated
        /// A gzip body fails its checks (bad header, bad data, CRC or length mismatch).
        case corrupt
        /// The body is intact but not what the format promises (a SOFT file not starting with `^`).
        case unexpectedContent
        /// GEO answered with its notice that the record does not exist or is not public yet
        /// (acc.cgi sends it with HTTP 200); fetching again gives the same answer.
        case recordNotFound
        /// GEO answered with its notice that the record was withdrawn ("deleted by the GEO staff").
        case recordWithdrawn
        /// A cache key that is not a safe relative path.
        case invalidKey
        /// A file-system call failed.
        case io
    }

    /// What went wrong.
    public let kind: Kind
    /// A message a person can act on.
    public let message: String
    /// The `errno` of a failed call, for ``Kind/io``.
    public let errno: Int32?

    public init(kind: Kind, message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    public var description: String { message }

    /// True for failures of the body itself, which a fresh download may fix.
    public var isBodyProblem: Bool {
        switch kind {
        case .empty, .html, .truncated, .corrupt, .unexpectedContent, .recordNotFound, .recordWithdrawn: true
        case .invalidKey, .io: false
        }
    }
}
