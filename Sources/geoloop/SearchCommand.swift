import Foundation
import GeoloopGEO
import GeoloopSOFT

/// `geoloop search QUERY`: the GEO series matching an Entrez query, one accession per line.
enum SearchCommand {
    static let command = Command(
        name: "search",
        summary: "Finds GEO series with an E-utilities query and prints their accessions.",
        help: """
            OVERVIEW: Finds GEO series with an E-utilities query and prints their accessions.

            USAGE: geoloop search QUERY [--max N] [--json] [--api-key KEY] [--email ADDRESS]

            Searches GEO DataSets (db=gds) for series (QUERY AND gse[ETYP]) and prints one GSE
            accession per line in NCBI's order, ready for 'geoloop fetch --input -':

              geoloop search "diabetes RNA-seq" --max 50 | geoloop fetch --input - > series.jsonl

            With --json each line is an object with the accession, title, sample count and public
            release date from esummary. Requests stay within E-utilities' limit: 3 per second, or
            10 per second with an API key.

            OPTIONS:
              --max N               Prints at most N series (default: all matches).
              --json                Prints one JSON object per series instead of the accession.
              --api-key KEY         An NCBI API key (default: $NCBI_API_KEY, which other users
                                    cannot see in the process list). Never printed.
              --email ADDRESS       A contact address sent to NCBI (default: $NCBI_EMAIL).
              --eutils-url URL      The E-utilities base URL (default:
                                    https://eutils.ncbi.nlm.nih.gov/entrez/eutils/).
              -h, --help            Shows this help.

            EXIT STATUS: 0 on success (also when nothing matches), 1 when the search failed, 64
            for bad usage.

            """,
        run: run)

    struct Options {
        var query: String?
        var max: Int?
        var json = false
        var apiKey: String?
        var email: String?
        var eutilsURL: URL?
        var help = false
    }

    static func parseArguments(_ arguments: [String]) throws -> Options {
        var reader = ArgumentReader(arguments, commandName: "geoloop search", helpName: "search")
        var options = Options()
        while let argument = reader.next() {
            switch argument {
            case .option("-h"), .option("--help"): options.help = true
            case .option("--max"):
                options.max = try reader.integer(for: "--max", in: 1...10_000_000, example: "--max 50")
            case .option("--json"): options.json = true
            case .option("--api-key"): options.apiKey = try reader.value(for: "--api-key", example: "--api-key KEY")
            case .option("--email"):
                options.email = try reader.value(for: "--email", example: "--email you@example.org")
            case .option("--eutils-url"):
                options.eutilsURL = try EndpointOptions.url(
                    try reader.value(for: "--eutils-url", example: "--eutils-url http://127.0.0.1:8080/"),
                    option: "--eutils-url")
            case .option(let option): throw reader.unknown(option)
            case .operand(let word):
                guard options.query == nil else {
                    throw UsageError(
                        message: "unexpected argument '\(word)' for 'geoloop search'.",
                        hint: "Quote a query of several words: geoloop search \"diabetes RNA-seq\"")
                }
                options.query = word
            }
        }
        return options
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try parseArguments(arguments)
        if options.help {
            Output.out(command.help)
            return ExitStatus.success
        }
        guard let query = options.query, !query.allSatisfy(\.isWhitespace) else {
            throw UsageError(
                message: "'geoloop search' needs a QUERY.", hint: "For example: geoloop search \"diabetes RNA-seq\"")
        }
        var endpoints = EndpointOptions.endpoints(apiKey: options.apiKey, email: options.email)
        if let url = options.eutilsURL { endpoints.eutils = url }
        let client = try GEOClient(configuration: GEOClientConfiguration(endpoints: endpoints))

        do {
            let accessions = try await client.search(query, max: options.max)
            if accessions.isEmpty { Output.err("No series match \(AccessionError.quote(query)).\n") }
            if options.json {
                let summaries = Dictionary(
                    try await client.summaries(accessions).map { ($0.accession, $0) }, uniquingKeysWith: { a, _ in a })
                Output.out(accessions.map { line($0, summaries[$0]) + "\n" }.joined())
            } else {
                Output.out(accessions.map { $0.description + "\n" }.joined())
            }
            await client.shutdown()
            return ExitStatus.success
        } catch {
            await client.shutdown()
            Output.err("Error: the search failed: \(Redaction.redactingAPIKey(in: error.description))\n")
            return ExitStatus.failure
        }
    }

    /// `{"accession", "title", "sample_count", "date"}` (null where esummary had nothing).
    static func line(_ accession: Accession, _ summary: SeriesSummary?) -> String {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("accession")
        json.string(accession.description)
        json.key("title")
        json.string(summary?.title)
        json.key("sample_count")
        json.int(summary?.sampleCount)
        json.key("date")
        json.string(summary?.publicationDate)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
