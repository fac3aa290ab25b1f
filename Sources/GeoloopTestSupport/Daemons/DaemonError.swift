/// Why a test daemon (nginx, vsftpd) or one of its helpers could not be set up.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    /// The broad class of failure, for tests that want to tell them apart.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// A program the daemon needs (nginx, vsftpd, openssl, curl) is not installed.
        public static let missingProgram = Kind(name: "missingProgram")
        /// A system call (socket, spawn, file creation) failed.
        public static let system = Kind(name: "system")
        /// The daemon exited before it accepted connections, or never accepted them.
        public static let startFailed = Kind(name: "startFailed")
        /// A helper command (openssl) ran but reported failure.
        public static let commandFailed = Kind(name: "commandFailed")

        public var description: String { name }
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The error for a program that is not installed, naming the script that installs it.
    static func missing(_ program: String, package: String) -> DaemonError {
        DaemonError(
            .missingProgram,
            "\(program) is not installed (Debian package \(package)); run ./scripts/install-deps and retry")
    }
}
