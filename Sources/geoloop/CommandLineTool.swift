import GeoloopEngine
import GeoloopGEO
import GeoloopSOFT

/// The `geoloop` dispatcher: global options, help, and one entry per subcommand.
enum CommandLineTool {
    static let version = "0.1.0"

    /// Every subcommand, in the order the help lists them. New subcommands are added here.
    static let commands: [Command] = [
        FetchCommand.command, SearchCommand.command, ParseCommand.command, CacheCommand.command,
        ServeCommand.command, DemoCommand.command,
    ]

    static var overview: String {
        var text = """
            OVERVIEW: Harvests NCBI GEO metadata fast and politely.

            USAGE: geoloop <command> [options]

            COMMANDS:

            """
        let width = (commands.map(\.name.count).max() ?? 0) + 4
        for command in commands {
            text += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += """

            OPTIONS:
              -h, --help    Shows this help.
              --version     Shows the version of geoloop and of the libraries it uses.

            ENVIRONMENT:
              NCBI_API_KEY         An NCBI API key for E-utilities; never printed or stored.
              NCBI_EMAIL           The contact address sent to E-utilities, as NCBI asks.
              GEOLOOP_CACHE_DIR    The cache directory (default: ~/.cache/geoloop).
              https_proxy, ...     Proxies, read as curl reads them.

            EXIT STATUS: 0 on success, 1 when some work failed, 64 for bad usage, 130 when
            interrupted, 141 when standard output was closed before the end.

            Run 'geoloop help <command>' for a command's options.

            """
        return text
    }

    static var versionText: String {
        "geoloop \(version) (libcurl \(LibraryVersions.curl), libuv \(LibraryVersions.uv), zlib \(ZlibVersion.string))\n"
    }

    /// Runs the command line (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            return try await dispatch(arguments)
        } catch let error as UsageError {
            Output.err("Error: \(error.message)\n\(error.hint)\n")
            return ExitStatus.usage
        } catch is OutputClosed {
            return ExitStatus.outputClosed  // the reader of standard output left: nothing to say
        } catch {
            // Whatever failed, an API key in a URL it quotes never reaches the terminal.
            Output.err("Error: \(Redaction.redactingAPIKey(in: String(describing: error)))\n")
            return ExitStatus.failure
        }
    }

    private static func dispatch(_ arguments: [String]) async throws -> Int32 {
        guard let first = arguments.first else {
            throw UsageError(message: "no command given.", hint: "Run 'geoloop --help' to see the commands.")
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "-h", "--help":
            try expectNothing(after: first, rest)
            Output.out(overview)
            return ExitStatus.success
        case "--version":
            try expectNothing(after: first, rest)
            Output.out(versionText)
            return ExitStatus.success
        case "help":
            guard let name = rest.first else {
                Output.out(overview)
                return ExitStatus.success
            }
            try expectNothing(after: name, Array(rest.dropFirst()))
            Output.out(try command(named: name).help)
            return ExitStatus.success
        default:
            if first.hasPrefix("-") {
                throw UsageError(
                    message: "unknown option '\(first)'.", hint: "Run 'geoloop --help' to see the options.")
            }
            return try await command(named: first).run(rest)
        }
    }

    private static func command(named name: String) throws -> Command {
        guard let command = commands.first(where: { $0.name == name }) else {
            let names = commands.map { "'\($0.name)'" }.joined(separator: ", ")
            throw UsageError(
                message: "unknown command '\(name)'.", hint: "The commands are \(names); run 'geoloop --help'.")
        }
        return command
    }

    private static func expectNothing(after option: String, _ rest: [String]) throws {
        if let extra = rest.first {
            throw UsageError(
                message: "unexpected argument '\(extra)' after '\(option)'.",
                hint: "Run 'geoloop --help' to see the usage.")
        }
    }
}
