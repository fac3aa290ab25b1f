import Foundation
import GeoloopSOFT

/// `geoloop parse FILE...`: parses SOFT files on the parser pool and prints one JSON line per file.
enum ParseCommand {
    static let command = Command(
        name: "parse",
        summary: "Parses SOFT files (gzip or plain) and prints one JSON object per file.",
        help: """
            OVERVIEW: Parses SOFT files (gzip or plain) and prints one JSON object per file.

            USAGE: geoloop parse [--tables] [--jobs N] FILE...

            Several files are parsed at once; their JSON lines are written to standard output in the
            order the files were given. A file that cannot be read or parsed gives a line
            {"source": FILE, "error": {"kind": ..., "message": ..., "line": ...}} and exit status 1.
            A FILE of '-' is standard input. The JSON schema is described in docs/SOFT-JSON.md.

            OPTIONS:
              --tables      Includes every table row ("data"); by default only columns and row count.
              --jobs N      Parses at most N files at once (default: the number of cores).
              -h, --help    Shows this help.

            EXIT STATUS: 0 when every file parsed, 1 when some file failed, 64 for bad usage.

            """,
        run: run)

    struct Options {
        var files: [String] = []
        var tables = false
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        var help = false
    }

    static func parseArguments(_ arguments: [String]) throws -> Options {
        var options = Options()
        var index = 0
        var onlyFiles = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyFiles || !argument.hasPrefix("-") || argument == "-" {
                options.files.append(argument)
                continue
            }
            switch argument {
            case "--": onlyFiles = true
            case "-h", "--help": options.help = true
            case "--tables": options.tables = true
            case "--jobs":
                guard index < arguments.count else {
                    throw UsageError(
                        message: "'--jobs' needs a number.", hint: "For example: geoloop parse --jobs 4 FILE...")
                }
                let value = arguments[index]
                index += 1
                guard let jobs = Int(value), jobs > 0 else {
                    throw UsageError(
                        message: "'\(value)' is not a valid value for '--jobs'.",
                        hint: "Give a whole number of 1 or more, for example '--jobs 4'.")
                }
                options.jobs = jobs
            default:
                throw UsageError(
                    message: "unknown option '\(argument)' for 'geoloop parse'.",
                    hint: "Run 'geoloop help parse' to see its options.")
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
        guard !options.files.isEmpty else {
            throw UsageError(
                message: "'geoloop parse' needs at least one FILE.",
                hint: "For example: geoloop parse GSE100494_family.soft.gz")
        }
        return await parse(options)
    }

    /// Parses every file on a pool of `jobs` parsers, writing the results in input order.
    static func parse(_ options: Options) async -> Int32 {
        let pool = SOFTParsePool(width: options.jobs)
        let tables: SOFTParser.TableMode = options.tables ? .keep : .skip
        var failed = false

        await withTaskGroup(of: (Int, [UInt8], Bool).self) { group in
            var nextToStart = 0
            var nextToWrite = 0
            var done: [Int: [UInt8]] = [:]

            func startNext() {
                guard nextToStart < options.files.count else { return }
                let index = nextToStart
                let path = options.files[index]
                nextToStart += 1
                group.addTask {
                    do {
                        let document = try await pool.parseFile(atPath: path, tables: tables)
                        return (
                            index, SOFTJSON.document(document, source: path, includeTableRows: options.tables), true
                        )
                    } catch let error as SOFTError {
                        return (index, SOFTJSON.error(error, source: path), false)
                    } catch {
                        return (index, SOFTJSON.error(SOFTError(.io, "\(error)"), source: path), false)
                    }
                }
            }

            // Keep the pool busy, but bound how many finished results wait for an earlier file.
            for _ in 0..<min(options.files.count, pool.capacity) { startNext() }
            for await (index, line, ok) in group {
                if !ok { failed = true }
                done[index] = line + [0x0A]
                while let ready = done.removeValue(forKey: nextToWrite) {
                    Output.out(ready)
                    nextToWrite += 1
                }
                startNext()
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
