import Foundation

/// Runs a command-line tool (curl, openssl) to completion, for checking daemons independently of
/// the code under test.
public enum ExternalCommand {
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that killed the command.
        public var status: Int32
        /// stdout and stderr, interleaved as written.
        public var output: String
    }

    /// Runs `executable` with `arguments`; throws if it is not installed (naming the install script).
    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            let name = (executable as NSString).lastPathComponent
            throw DaemonError.missing(executable, package: name)
        }
        let scratch = try ScratchDirectory(prefix: "geoloop-command")
        defer { scratch.remove() }
        let log = scratch.path + "/output"
        let status = try ChildProcess.run(executable, arguments, logFile: log)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Result(status: status, output: output)
    }
}
