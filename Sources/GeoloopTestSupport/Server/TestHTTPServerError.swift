import Glibc

/// Why a `TestHTTPServer` could not start.
public struct TestHTTPServerError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The directory to serve does not exist.
        case badRoot
        /// A socket call failed (the message names it and the system's reason).
        case socket
    }

    public let kind: Kind
    public let message: String

    public var description: String { message }

    static func system(_ call: String) -> TestHTTPServerError {
        TestHTTPServerError(
            kind: .socket, message: "The test server could not \(call): \(String(cString: strerror(errno))).")
    }
}
