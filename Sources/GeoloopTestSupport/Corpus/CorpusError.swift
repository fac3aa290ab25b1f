/// A corpus could not be written; the message names the path and what to do.
public struct CorpusError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case invalidSpec
        case fileSystem
        case compression
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
