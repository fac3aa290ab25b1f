import Foundation
import GeoloopGEO
import GeoloopTestSupport

/// `geoloop demo`: a whole harvest from a generated local mirror, with no network.
enum DemoCommand {
    static let command = Command(
        name: "demo",
        summary: "Harvests a generated corpus from a local mirror that behaves like a distant server.",
        help: """
            OVERVIEW: Harvests a generated corpus from a local mirror that behaves like a distant server.

            USAGE: geoloop demo [--series N] [--profile distant|lan] [--out DIR] [--quiet|--verbose]

            Generates N realistic GEO series (the same bytes on every run: mostly small sequencing
            series, a third array series, a few large ones) in a temporary directory, serves them
            on a free port of 127.0.0.1, and harvests them all through the GEO client with an empty
            cache, as 'geoloop fetch' would from NCBI. No network is needed. The results are one
            JSON line per series in demo.jsonl; without --out they are removed with the other
            temporary files at the end.

            OPTIONS:
              --series N            Generates N series (default: 300).
              --profile NAME        distant: 200 ms before the first byte and 2 MB/s per
                                    connection (the default); lan: no delay, no limit.
              --out DIR             Keeps the results in DIR/demo.jsonl.
              --progress            Shows the progress line even when standard error is not a
                                    terminal.
              --verbose             Prints one line per finished series instead.
              --quiet               Prints nothing but errors.
              -h, --help            Shows this help.

            EXIT STATUS: 0 when every series was harvested, 1 otherwise, 64 for bad usage, 130 when
            interrupted.

            """,
        run: run)

    struct Options {
        var series = 300
        var profile = ServingProfile(delayBeforeFirstByte: .milliseconds(200), bytesPerSecond: 2_000_000)
        var outDirectory: String?
        var quiet = false
        var verbose = false
        var progress = false
        var help = false
    }

    static func parseArguments(_ arguments: [String]) throws -> Options {
        var reader = ArgumentReader(arguments, commandName: "geoloop demo", helpName: "demo")
        var options = Options()
        while let argument = reader.next() {
            switch argument {
            case .option("-h"), .option("--help"): options.help = true
            case .option("--series"):
                options.series = try reader.integer(for: "--series", in: 1...100_000, example: "--series 300")
            case .option("--profile"):
                let name = try reader.value(for: "--profile", example: "--profile lan")
                switch name {
                case "distant": options.profile = Options().profile
                case "lan": options.profile = .lan
                default:
                    throw UsageError(
                        message: "'\(name)' is not a valid value for '--profile'.",
                        hint: "The profiles are distant (the default) and lan.")
                }
            case .option("--out"): options.outDirectory = try reader.value(for: "--out", example: "--out results")
            case .option("--quiet"), .option("-q"): options.quiet = true
            case .option("--verbose"), .option("-v"): options.verbose = true
            case .option("--progress"): options.progress = true
            case .option(let option): throw reader.unknown(option)
            case .operand(let word): throw reader.unexpected(word)
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
        if let out = options.outDirectory {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoloop-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        ExitCleanup.shared.add(work.path, isDirectory: true)
        defer {
            try? FileManager.default.removeItem(at: work)
            ExitCleanup.shared.remove(work.path)
        }
        let say = { (text: String) in if !options.quiet { Output.err(text) } }

        say("Generating \(options.series) series in \(work.path) ...\n")
        let mirror = work.appendingPathComponent("mirror", isDirectory: true)
        let spec = CorpusSpec(seriesCount: options.series, seed: 1)
        let entries = try CorpusGenerator.write(spec, to: mirror)
        let bytes = entries.reduce(Int64(0)) { $0 + Int64($1.compressedBytes) }

        let server = try TestHTTPServer(root: mirror)
        server.setRecordingRequests(false)
        server.setProfile(options.profile)
        let delay =
            options.profile.delayBeforeFirstByte.components.seconds * 1000
            + options.profile.delayBeforeFirstByte.components.attoseconds / 1_000_000_000_000_000
        let rate = options.profile.bytesPerSecond.map { Formatting.bytes(Int64($0)) + "/s" } ?? "no limit"
        say(
            "Serving \(Formatting.bytes(bytes)) of family files at \(server.baseURL)/ "
                + "(\(delay) ms before the first byte, \(rate) per connection).\n")

        let results = options.outDirectory.map { URL(fileURLWithPath: $0) } ?? work
        let output = results.appendingPathComponent("demo.jsonl").path
        var configuration = GEOClientConfiguration(
            endpoints: GEOEndpoints(fileServer: URL(string: server.baseURL + "/")!),
            cacheDirectory: work.appendingPathComponent("cache", isDirectory: true))
        configuration.concurrency = 64
        let client = try GEOClient(configuration: configuration)
        let accessions = try entries.map { try Accession(parsing: $0.accession, as: .series) }

        let session = HarvestSession(
            format: .jsonl, outputPath: output, failedPath: nil,
            mode: ProgressMode.resolve(
                quiet: options.quiet, verbose: options.verbose, progress: options.progress,
                stderrIsTerminal: ProgressMode.stderrIsTerminal),
            quiet: options.quiet)
        let status = try await session.run(accessions, with: client)
        await client.shutdown()
        server.stop()

        if options.outDirectory != nil {
            say("Results: \(output) (one JSON object per series).\n")
        } else {
            say("Results were written to \(output) and removed with the temporary files; --out DIR keeps them.\n")
        }
        return status
    }
}
