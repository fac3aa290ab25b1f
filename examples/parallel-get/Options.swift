/// The command line of `parallel-get`, parsed by hand (no outside packages).
struct Options {
    var outputDirectory: String
    var concurrency: Int

    static let usage = """
        Usage: parallel-get --out DIR [--concurrency N]

        Reads URLs (http, https, ftp), one a line, from standard input and downloads them all at once
        into DIR, each file named after the last part of its URL path. Blank lines and lines starting
        with # are ignored. Prints one JSON line of totals at the end; each failed URL and its reason
        go to standard error.

        Options:
          --out DIR          Directory to write the files to (created if missing).
          --concurrency N    Transfers (and connections) at once, 1 to 10000. Default: 64.
          -h, --help         Show this help.

        Exit status: 0 when every URL was downloaded, 1 when any failed, 64 for bad usage.
        """

    /// What the command line asked for.
    enum Parsed {
        case run(Options)
        case help
    }

    /// A mistake on the command line; `message` quotes the offending token.
    struct UsageError: Error {
        var message: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Parsed {
        var outputDirectory: String?
        var concurrency = 64
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                return .help
            case "--out":
                guard let value = remaining.popFirst(), !value.isEmpty else {
                    throw UsageError(message: "'--out' needs a directory.")
                }
                outputDirectory = value
            case "--concurrency":
                guard let value = remaining.popFirst() else {
                    throw UsageError(message: "'--concurrency' needs a number.")
                }
                guard let number = Int(value), (1...10_000).contains(number) else {
                    throw UsageError(message: "'--concurrency' must be a whole number from 1 to 10000, not '\(value)'.")
                }
                concurrency = number
            default:
                throw UsageError(message: "unknown argument '\(argument)'; see 'parallel-get --help'.")
            }
        }
        guard let outputDirectory else {
            throw UsageError(message: "'--out DIR' is required; see 'parallel-get --help'.")
        }
        return .run(Options(outputDirectory: outputDirectory, concurrency: concurrency))
    }
}
