import Foundation
import GeoloopTestSupport

/// `geoloop serve DIR`: a read-only local mirror of GEO's file tree over HTTP on 127.0.0.1.
enum ServeCommand {
    static let command = Command(
        name: "serve",
        summary: "Serves a directory in GEO's layout over HTTP on 127.0.0.1 (a local mirror).",
        help: """
            OVERVIEW: Serves a directory in GEO's layout over HTTP on 127.0.0.1 (a local mirror).

            USAGE: geoloop serve DIR [--port N] [--delay-ms N] [--rate-bytes N]

            DIR holds GEO's tree: series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz and so
            on. When DIR is a geoloop cache directory (it has a geo/ folder), its geo/ folder is
            served, so a cache can be served as a mirror. The server is read-only (GET and HEAD),
            answers Range requests and never lists directories.

            The first line on standard output is the mirror's base URL (http://127.0.0.1:PORT/),
            for scripts; give it to 'geoloop fetch --geo-url URL'. The server runs until
            interrupted (Ctrl-C) or terminated, and then exits with status 0.

            OPTIONS:
              --port N          Listens on port N (default: a free port).
              --delay-ms N      Waits N milliseconds before the first byte of every response.
              --rate-bytes N    Sends at most N bytes per second on each connection.
              -h, --help        Shows this help.

            EXIT STATUS: 0 when stopped by SIGINT or SIGTERM, 1 when the server cannot start, 64
            for bad usage.

            """,
        run: run)

    struct Options {
        var directory: String?
        var port = 0
        var delayMilliseconds = 0
        var bytesPerSecond: Int?
        var help = false
    }

    static func parseArguments(_ arguments: [String]) throws -> Options {
        var reader = ArgumentReader(arguments, commandName: "geoloop serve", helpName: "serve")
        var options = Options()
        while let argument = reader.next() {
            switch argument {
            case .option("-h"), .option("--help"): options.help = true
            case .option("--port"):
                options.port = try reader.integer(for: "--port", in: 0...65535, example: "--port 8080")
            case .option("--delay-ms"):
                options.delayMilliseconds = try reader.integer(
                    for: "--delay-ms", in: 0...600_000, example: "--delay-ms 200")
            case .option("--rate-bytes"):
                options.bytesPerSecond = try reader.integer(
                    for: "--rate-bytes", in: 1...Int(Int32.max), example: "--rate-bytes 2000000")
            case .option(let option): throw reader.unknown(option)
            case .operand(let word):
                guard options.directory == nil else { throw reader.unexpected(word) }
                options.directory = word
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
        guard let directory = options.directory else {
            throw UsageError(
                message: "'geoloop serve' needs a DIR to serve.", hint: "For example: geoloop serve ~/.cache/geoloop")
        }
        let root = try servedRoot(directory)
        let server: TestHTTPServer
        do {
            server = try TestHTTPServer(root: root, port: options.port)
        } catch {
            Output.err("Error: could not serve \(root.path) on 127.0.0.1:\(options.port): \(error)\n")
            return ExitStatus.failure
        }
        server.setRecordingRequests(false)
        server.setProfile(
            ServingProfile(
                delayBeforeFirstByte: .milliseconds(options.delayMilliseconds), bytesPerSecond: options.bytesPerSecond))
        Output.out(server.baseURL + "/\n")
        Output.err("Serving \(root.path) read-only at \(server.baseURL)/; press Ctrl-C to stop.\n")

        let signal = await SignalWatcher.waitForAny(of: [SIGINT, SIGTERM])
        server.stop()
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        Output.err("Stopped by \(name) after \(server.totalRequests) requests.\n")
        return ExitStatus.success
    }

    /// The directory to serve: DIR, or DIR/geo when DIR is a cache root.
    static func servedRoot(_ directory: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(
                message: "'\(directory)' is not a directory.",
                hint: "Give a directory in GEO's layout (with series/...) or a geoloop cache directory.")
        }
        let url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let geo = url.appendingPathComponent("geo", isDirectory: true)
        if FileManager.default.fileExists(atPath: geo.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return geo
        }
        return url
    }
}
