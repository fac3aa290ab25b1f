import Foundation
import GeoloopGEO

/// `geoloop fetch`: fetches series family files (cache first), parses them and writes their
/// metadata in completion order, in the format asked for.
///
/// The parts are separable for the other subcommands: ``Options`` and ``parseArguments(_:)``,
/// ``readAccessions(_:)`` and ``makeClient(_:)``; the harvest itself (output, progress, summary,
/// interrupts) is a ``HarvestSession``.
enum FetchCommand {
    static let command = Command(
        name: "fetch",
        summary: "Fetches and parses series family files and writes their metadata.",
        help: """
            OVERVIEW: Fetches and parses series family files and writes their metadata.

            USAGE: geoloop fetch [options] [ACCESSION...] [--input FILE|-]

            Each series' family SOFT file is read from the cache when present, otherwise fetched from
            the GEO file server (politely: bounded connections and rate per host, Retry-After
            honoured, failures retried), verified, cached and parsed. One JSON line per accession is
            written as each finishes:
              {"accession": ..., "status": "ok", "series": E, "platforms": [E...], "samples": [E...],
               "source": {"url": ..., "bytes": N, "from_cache": BOOL, "attempts": N}}
              {"accession": ..., "status": "failed", "error": {"kind": ..., "message": ..., ...}}
            E is the entity object described in docs/SOFT-JSON.md. Input lines that are blank or start
            with '#' are ignored; duplicates are fetched once; invalid lines are reported and skipped.

            --format json writes the same objects as one array. --format tsv writes a sample sheet:
            one row per sample with series, sample, title, organism, source, one column per
            characteristic tag found across the harvest, library_strategy, instrument,
            sra_experiment and supplementary_files; its rows are held in memory until the end,
            because the columns are known only then.

            On a terminal a progress line on standard error is redrawn in place; a summary ends
            every run. The first Ctrl-C stops starting series, cancels the transfers in flight,
            writes every result already parsed and exits with 130; a second one exits at once.
            The cache stays consistent either way.

            OPTIONS:
              --input FILE          Reads accessions from FILE, one per line ('-' for standard input).
              --output FILE         Writes the results to FILE (replaced only when complete).
              --format FORMAT       jsonl (default), json or tsv.
              --failed FILE         Writes the accessions that failed to FILE, one per line, ready
                                    for --input.
              --progress            Shows the progress line even when standard error is not a
                                    terminal.
              -v, --verbose         Prints one line per finished series instead of the progress line.
              -q, --quiet           Prints no progress and no summary, only errors.
              --concurrency N       Fetches at most N series at once (default 64).
              --cache-dir DIR       The cache directory (default $GEOLOOP_CACHE_DIR, else
                                    $XDG_CACHE_HOME/geoloop, else ~/.cache/geoloop).
              --offline             Sends no request: answers from the cache only.
              --geo-url URL         The GEO file server (default https://ftp.ncbi.nlm.nih.gov/geo/).
              --acc-url URL         The query CGI (default https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi).
              --eutils-url URL      E-utilities (default https://eutils.ncbi.nlm.nih.gov/entrez/eutils/).
              --rate R              Allows R requests per second to each host (your explicit choice;
                                    by default geoloop keeps below NCBI's published limits).
              --retries N           Retries a failed download up to N times (default 4).
              --tables              Includes every table row in the output.
              --brief               Reads each series from the query CGI's brief records (the series,
                                    then all its samples; attributes only) instead of its family
                                    file: no tables and no platform blocks, kilobytes where an
                                    array series' family file has megabytes of sample tables; two
                                    requests per series to a host allowed 10 per second.
              --email ADDRESS       Sent to E-utilities as NCBI asks (default $NCBI_EMAIL).
              --api-key KEY         An NCBI API key (default $NCBI_API_KEY, which other users cannot
                                    see in the process list); never printed.
              -h, --help            Shows this help.

            EXIT STATUS: 0 when every accession succeeded, 1 when some failed or an input line was
            invalid, 64 for bad usage, 130 when interrupted, 141 when standard output was closed
            (a pipe at once, else at the next result).

            """,
        run: run)

    /// Everything `geoloop fetch` was asked to do.
    struct Options: Sendable {
        var accessions: [String] = []
        var input: String?
        var output: String?
        var concurrency = 64
        var cacheDirectory: String?
        var offline = false
        var geoURL: String?
        var accURL: String?
        var eutilsURL: String?
        var rate: Double?
        var retries = 4
        var tables = false
        var brief = false
        var email: String?
        var apiKey: String?
        var format: OutputFormat = .jsonl
        var failed: String?
        var quiet = false
        var verbose = false
        var progress = false
        var help = false
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try parseArguments(arguments)
        if options.help {
            Output.out(command.help)
            return ExitStatus.success
        }
        guard !options.accessions.isEmpty || options.input != nil else {
            throw UsageError(
                message: "'geoloop fetch' needs at least one ACCESSION or '--input FILE'.",
                hint: "For example: geoloop fetch GSE100494, or geoloop fetch --input accessions.txt")
        }
        let client = try makeClient(options)  // checks the URLs before any input is read
        let list = try readAccessions(options)
        for problem in list.problems { Output.err("Error: \(problem)\n") }

        let session = HarvestSession(
            format: options.format, tables: options.tables, outputPath: options.output, failedPath: options.failed,
            mode: ProgressMode.resolve(
                quiet: options.quiet, verbose: options.verbose, progress: options.progress,
                stderrIsTerminal: ProgressMode.stderrIsTerminal),
            quiet: options.quiet)
        let status: Int32
        do {
            status = try await session.run(list.accessions, with: client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        if status == ExitStatus.success, !list.problems.isEmpty { return ExitStatus.failure }
        return status
    }

    /// The accessions from the arguments, then from `--input`; invalid ones become problems.
    static func readAccessions(_ options: Options) throws -> AccessionList {
        var list = AccessionList()
        for (index, argument) in options.accessions.enumerated() {
            list.add(argument, line: index + 1, label: "argument")
        }
        guard let input = options.input else { return list }
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: input) else {
                throw FetchError(
                    message: "cannot read the input file '\(input)'; check that it exists and is readable.")
            }
            data = contents
        }
        list.merge(AccessionList(text: String(decoding: data, as: UTF8.self)))
        return list
    }

    /// A client configured from the options (and `NCBI_API_KEY`).
    static func makeClient(_ options: Options) throws -> GEOClient {
        var endpoints = GEOEndpoints()
        if let url = options.geoURL { endpoints.fileServer = try parseURL(url, option: "--geo-url") }
        if let url = options.accURL { endpoints.accessionQuery = try parseURL(url, option: "--acc-url") }
        if let url = options.eutilsURL { endpoints.eutils = try parseURL(url, option: "--eutils-url") }
        let environmentEmail = ProcessInfo.processInfo.environment["NCBI_EMAIL"]
        endpoints.email = options.email ?? (environmentEmail?.isEmpty == false ? environmentEmail : nil)
        let environmentKey = ProcessInfo.processInfo.environment["NCBI_API_KEY"]
        endpoints.apiKey = options.apiKey ?? (environmentKey?.isEmpty == false ? environmentKey : nil)

        var configuration = GEOClientConfiguration(endpoints: endpoints)
        if let directory = options.cacheDirectory {
            configuration.cacheDirectory = URL(fileURLWithPath: directory, isDirectory: true)
        }
        configuration.offline = options.offline
        configuration.concurrency = options.concurrency
        configuration.rateOverride = options.rate
        configuration.retry.maxAttempts = options.retries + 1
        configuration.tables = options.tables
        configuration.seriesSource = options.brief ? .queryBrief : .familyFile
        return try GEOClient(configuration: configuration)
    }

    private static func parseURL(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            ["http", "https", "ftp"].contains(scheme), url.host != nil
        else {
            throw UsageError(
                message: "'\(text)' is not a valid URL for '\(option)'.",
                hint: "Give an http, https or ftp URL, for example 'https://ftp.ncbi.nlm.nih.gov/geo/'.")
        }
        return url
    }
}

/// A failure of `geoloop fetch` itself (not of one accession).
struct FetchError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension FetchCommand {
    static func parseArguments(_ arguments: [String]) throws -> Options {
        var options = Options()
        var index = 0
        var onlyAccessions = false
        func value(for option: String, inline: String?) throws -> String {
            if let inline { return inline }
            guard index < arguments.count else {
                throw UsageError(
                    message: "'\(option)' needs a value.", hint: "Run 'geoloop help fetch' to see its options.")
            }
            index += 1
            return arguments[index - 1]
        }
        func number(_ text: String, for option: String, minimum: Int) throws -> Int {
            guard let number = Int(text), number >= minimum else {
                throw UsageError(
                    message: "'\(text)' is not a valid value for '\(option)'.",
                    hint: "Give a whole number of \(minimum) or more, for example '\(option) 8'.")
            }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyAccessions || !argument.hasPrefix("-") {
                options.accessions.append(argument)
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let inline = parts.count == 2 ? parts[1] : nil
            switch name {
            case "--": onlyAccessions = true
            case "-h", "--help": options.help = true
            case "--offline": options.offline = true
            case "--tables": options.tables = true
            case "--brief": options.brief = true
            case "-q", "--quiet": options.quiet = true
            case "-v", "--verbose": options.verbose = true
            case "--progress": options.progress = true
            case "--format": options.format = try OutputFormat.parse(value(for: name, inline: inline))
            case "--failed": options.failed = try value(for: name, inline: inline)
            case "--input": options.input = try value(for: name, inline: inline)
            case "--output": options.output = try value(for: name, inline: inline)
            case "--cache-dir": options.cacheDirectory = try value(for: name, inline: inline)
            case "--geo-url": options.geoURL = try value(for: name, inline: inline)
            case "--acc-url": options.accURL = try value(for: name, inline: inline)
            case "--eutils-url": options.eutilsURL = try value(for: name, inline: inline)
            case "--email": options.email = try value(for: name, inline: inline)
            case "--api-key": options.apiKey = try value(for: name, inline: inline)
            case "--concurrency":
                options.concurrency = try number(value(for: name, inline: inline), for: name, minimum: 1)
            case "--retries":
                options.retries = try number(value(for: name, inline: inline), for: name, minimum: 0)
            case "--rate":
                let text = try value(for: name, inline: inline)
                guard let rate = Double(text), rate > 0, rate.isFinite else {
                    throw UsageError(
                        message: "'\(text)' is not a valid value for '--rate'.",
                        hint: "Give requests per second above 0, for example '--rate 10'.")
                }
                options.rate = rate
            default:
                throw UsageError(
                    message: "unknown option '\(argument)' for 'geoloop fetch'.",
                    hint: "Run 'geoloop help fetch' to see its options.")
            }
        }
        if options.brief, options.tables {
            throw UsageError(
                message: "'--tables' cannot be used with '--brief': brief records carry no tables.",
                hint: "Drop '--brief' to read the family files, which hold every table.")
        }
        return options
    }
}
