/// Why a SOFT file could not be read, inflated or parsed.
///
/// A struct over an open set of kinds so new kinds can be added without breaking callers. The
/// message names the input (when known) and says what to do about it; `line` is the 1-based line
/// of the decompressed text where the parser stopped, when the problem is tied to a line.
public struct SOFTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable lower-case name (the `kind` field of the JSON error object).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file could not be opened or read.
        public static let io = Kind("io")
        /// The gzip stream ends before its last member is complete.
        public static let truncated = Kind("truncated")
        /// The gzip data is damaged: bad header, bad deflate data, CRC or length mismatch.
        public static let corrupt = Kind("corrupt")
        /// The decompressed text would exceed the configured output limit.
        public static let tooLarge = Kind("too_large")
        /// The text does not look like SOFT (for example an HTML page, or empty input).
        public static let notSOFT = Kind("not_soft")
        /// A line that SOFT does not allow where it appears.
        public static let malformed = Kind("malformed")
        /// zlib failed for a reason other than bad data (for example out of memory).
        public static let zlib = Kind("zlib")
    }

    public let kind: Kind
    public let message: String
    /// The 1-based line of the decompressed text the error refers to, if any.
    public let line: Int?
    /// The file or buffer name the error concerns, if known.
    public let source: String?

    public init(_ kind: Kind, _ message: String, line: Int? = nil, source: String? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.source = source
    }

    /// The same error, attributed to `source`.
    public func attributed(to source: String) -> SOFTError {
        SOFTError(kind, message, line: line, source: source)
    }

    public var description: String {
        var text = ""
        if let source { text += "\(source): " }
        if let line { text += "line \(line): " }
        return text + message
    }
}
